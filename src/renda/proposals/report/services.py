from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from renda.core import audit, rules
from renda.core.locking import UNCHECKED, check_version
from renda.core.writes import save_new, save_update
from renda.proposals.report import figures
from renda.proposals.report import permissions as perms
from renda.proposals.report.models import HandlingReport, ReportStatus
from renda.proposals.report.workflow import REPORT_WORKFLOW

FIELDS = ["year", "title", "text"]
REFUSED = "代表建议办理情况报告由办公厅起草。"


@transaction.atomic
def report_create(*, actor, year: int, title: str, text: str) -> HandlingReport:
    if not perms.can_manage(actor):
        raise PermissionDenied(REFUSED)
    if HandlingReport.objects.filter(congress_id=actor.congress_id, year=year).exists():
        raise ValidationError({"year": f"{year}年度代表建议办理情况报告已经登记。"})
    today = timezone.localdate()
    report = HandlingReport(congress_id=actor.congress_id, year=year, title=(title or "").strip(),
                            text=(text or "").strip(), figures=figures.count(actor.congress_id, year, today),
                            figures_on=today)
    return save_new(report, actor=actor, snap=lambda row: audit.snapshot(row, FIELDS))


@transaction.atomic
def report_update(*, actor, report: HandlingReport, lock_version=UNCHECKED, title: str, text: str) -> HandlingReport:
    locked = HandlingReport.objects.select_for_update().get(pk=report.pk)
    if not perms.can_manage(actor, locked):
        raise PermissionDenied(REFUSED)
    check_version(locked, lock_version)
    if locked.status != ReportStatus.DRAFT:
        raise rules.violation("PR-HANDLING-REPORT", "报告已向常委会报告，不能修改")
    today = timezone.localdate()
    data = {"title": (title or "").strip(), "text": (text or "").strip(),
            "figures": figures.count(locked.congress_id, locked.year, today), "figures_on": today}
    return save_update(locked, data, actor=actor, snap=lambda row: audit.snapshot(row, FIELDS))


def report_transition(*, actor, report: HandlingReport, action: str, note: str = "", **data) -> HandlingReport:
    return REPORT_WORKFLOW.apply(report, action, actor=actor, note=note, **data)
