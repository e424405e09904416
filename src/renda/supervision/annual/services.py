"""Writes of the year's statutory reports: the year's list, a report heard."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from renda.core import audit, rules
from renda.supervision import checks
from renda.supervision import permissions as perms
from renda.supervision.annual.models import AnnualDuty, AnnualKind, AnnualStatus
from renda.supervision.annual.workflow import ANNUAL_WORKFLOW, REPORT_KINDS, heard_report


def kinds_for(congress_id: int, year: int) -> list[str]:
    kinds = [AnnualKind.FINAL_ACCOUNTS, AnnualKind.AUDIT_WORK, AnnualKind.STATE_ASSETS, AnnualKind.GOVERNMENT_DEBT,
             AnnualKind.FILING_REVIEW]
    if int(rules.param(congress_id, "SUP-MIDTERM-REVIEW", "year")) == year:
        kinds.append(AnnualKind.MIDTERM_REVIEW)
    return kinds


def due_for(kind: str, year: int) -> dt.date:
    """The final accounts (and the audit report heard with them) between June and September (第十九条第二款、第二十七条
    第一款); the others within the year."""
    if kind in (AnnualKind.FINAL_ACCOUNTS, AnnualKind.AUDIT_WORK):
        return dt.date(year, 9, 30)
    return dt.date(year, 12, 31)


@transaction.atomic
def annual_ensure(*, congress_id: int, year: int, actor=None) -> list[AnnualDuty]:
    """The year's list of statutory reports (idempotent); a report of the year already heard is marked at once."""
    if actor is not None:
        checks.require(perms.is_internal(actor) and actor.congress_id == congress_id, "只有常委会工作人员可以建立清单。")
    out = []
    for kind in kinds_for(congress_id, year):
        duty, created = AnnualDuty.objects.get_or_create(
            congress_id=congress_id, year=year, kind=kind,
            defaults={"due": due_for(kind, year), "created_by": actor if getattr(actor, "pk", None) else None})
        if created:
            audit.record(actor=actor, action="create", obj=duty, rule=rules.get("SUP-ANNUAL-REPORTS"),
                         after={"year": year, "kind": duty.get_kind_display()})
        out.append(duty)
    for duty in out:
        if duty.status == AnnualStatus.MISSING and duty.kind in REPORT_KINDS:
            report = heard_report(duty)
            if report is not None:
                _mark(duty, report, actor)
    return out


def _mark(duty: AnnualDuty, report, actor) -> None:
    before = duty.status
    duty.status = AnnualStatus.HEARD
    duty.report = report
    duty.heard_on = report.deliberated_on
    duty.meeting_title = report.meeting_title
    duty.lock_version += 1
    duty.save()
    audit.record(actor=actor, action="transition", obj=duty, from_state=before, to_state=duty.status,
                 rule=rules.get("SUP-ANNUAL-REPORTS"), note=f"已听取审议：{report.title}")


def report_heard(report, *, actor=None) -> None:
    """Called when the standing committee deliberates a report (inside that step's transaction)."""
    if report.kind not in REPORT_KINDS:
        return
    annual_ensure(congress_id=report.congress_id, year=report.year)
    duty = AnnualDuty.objects.select_for_update().filter(
        congress_id=report.congress_id, year=report.year, kind=report.kind, status=AnnualStatus.MISSING).first()
    if duty is not None:
        _mark(duty, report, actor)


def annual_transition(*, actor, duty: AnnualDuty, action: str, note: str = "", **ctx) -> AnnualDuty:
    on = ctx.get("on") or checks.today()
    return ANNUAL_WORKFLOW.apply(duty, action, actor=actor, note=note, **{**ctx, "on": on})
