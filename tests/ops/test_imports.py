"""Imports in apps this suite does not own, killed while writing: nothing half-applied.

The deputies' and meetings' imports have their own tests (tests/deputies/test_import_killed.py,
tests/meetings/test_import_killed.py). The proposals import is row by row with a report (bad rows are
reported, good rows stored) and writes in one transaction: a death after the proposals were inserted
and before their co-signers leaves no proposal, and the re-run stores everything once.
"""

import io
from unittest import mock

import pytest
from openpyxl import Workbook

from renda.core.models import AuditEvent
from renda.proposals import services
from renda.proposals.models import CoSigner, Proposal

pytestmark = pytest.mark.django_db


class Killed(BaseException):
    pass


def _workbook(cast, n=20):
    deps = cast.city.deputies
    wb = Workbook()
    ws = wb.active
    ws.append(services.IMPORT_HEADER)
    for i in range(1, n + 1):
        ws.append([f"K{i:03d}", f"关于第{i}项工作的建议", deps[i % len(deps)].person.name,
                   deps[(i + 1) % len(deps)].person.name, deps[0].delegation.name, "城乡建设", f"建议改进第{i}项工作。"])
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    return buf


def test_a_proposals_import_killed_after_the_proposals_leaves_nothing(cast):
    data = _workbook(cast)
    imports = AuditEvent.objects.filter(action="import").count()
    with mock.patch.object(CoSigner.objects, "bulk_create", side_effect=Killed), pytest.raises(Killed):
        services.import_xlsx(actor=cast.clerk, fileobj=data, year=2026)
    assert Proposal.objects.filter(congress=cast.congress).count() == 0
    assert AuditEvent.objects.filter(action="import").count() == imports
    data.seek(0)
    report = services.import_xlsx(actor=cast.clerk, fileobj=data, year=2026)
    assert report.created == 20 and not report.problems
    assert CoSigner.objects.filter(congress=cast.congress).count() == 20
