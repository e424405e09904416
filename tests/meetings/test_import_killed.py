"""The voting system's CSV import is all or nothing, also when it dies while writing the ballots.

The CSV is checked row by row first (a bad row: nothing recorded, a report with line numbers — see
test_vote_import.py). Here the write of a good file fails after the old ballots were deleted: the
transaction rolls back, so the ballots entered before are all still there and no import is recorded.
"""

from unittest import mock

import pytest

from renda.core.models import AuditEvent
from renda.meetings import services as svc
from renda.meetings.models import Ballot

pytestmark = pytest.mark.django_db


class Killed(BaseException):
    pass


def test_a_ballot_import_killed_midway_leaves_the_earlier_ballots(in_session):
    c = in_session
    vote = svc.vote_open(actor=c.clerk, item=c.item)
    present = c.people[:8]
    svc.ballots_record(actor=c.clerk, vote=vote, choices={p.pk: "yes" for p in present})
    vote.refresh_from_db()
    version = vote.lock_version
    csv = "姓名,人员编号,表决结果\n" + "".join(f"{p.name},{p.pk},反对\n" for p in present)
    imports = AuditEvent.objects.filter(action="import")
    n_imports = imports.count()

    real = Ballot.objects.bulk_create

    def dies(objs, *args, **kwargs):
        real(list(objs)[:3], *args, **kwargs)  # part of the new ballots are written ...
        raise Killed  # ... then the process dies

    with mock.patch.object(Ballot.objects, "bulk_create", side_effect=dies), pytest.raises(Killed):
        svc.ballots_import(actor=c.clerk, vote=vote, data=csv.encode(), filename="表决器.csv")
    assert sorted(Ballot.objects.filter(vote=vote).values_list("choice", flat=True)) == ["yes"] * 8
    assert imports.count() == n_imports
    vote.refresh_from_db()
    assert vote.lock_version == version and vote.source == ""

    report = svc.ballots_import(actor=c.clerk, vote=vote, data=csv.encode(), filename="表决器.csv")
    assert report.ok
    assert sorted(Ballot.objects.filter(vote=vote).values_list("choice", flat=True)) == ["no"] * 8
