"""One statutory report of the year: still missing, or heard (监督法 第十九条第二款、第二十三条、第二十四条第二款、
第二十五条第二款、第二十七条第一款、第四十五条). A report of the matching kind and year is marked heard by the
platform when the committee deliberates it (reports/workflow.py); the office or the leadership record the others
(the filing-review report, made by the committee's own working body)."""

from __future__ import annotations

from django import forms

from renda.core import rules
from renda.core.workflow import Transition, Workflow, step_date
from renda.supervision import permissions as perms
from renda.supervision.annual.models import AnnualDuty, AnnualKind, AnnualStatus
from renda.supervision.deadlines import text
from renda.supervision.models import HEARD_REPORT_STATES, Report
from renda.supervision.steps import on_field

RULE_OF = {
    AnnualKind.FINAL_ACCOUNTS: "SUP-ANNUAL-REPORTS",
    AnnualKind.AUDIT_WORK: "SUP-ANNUAL-REPORTS",
    AnnualKind.STATE_ASSETS: "SUP-ANNUAL-REPORTS",
    AnnualKind.GOVERNMENT_DEBT: "SUP-ANNUAL-REPORTS",
    AnnualKind.FILING_REVIEW: "SUP-REVIEW-ANNUAL",
    AnnualKind.MIDTERM_REVIEW: "SUP-MIDTERM-REVIEW",
}
# The kinds a supervision Report stands for (the same value in ReportKind).
REPORT_KINDS = frozenset({AnnualKind.FINAL_ACCOUNTS, AnnualKind.AUDIT_WORK, AnnualKind.STATE_ASSETS,
                          AnnualKind.GOVERNMENT_DEBT, AnnualKind.MIDTERM_REVIEW})


def heard_report(duty: AnnualDuty):
    return Report.objects.filter(congress_id=duty.congress_id, year=duty.year, kind=duty.kind,
                                 status__in=HEARD_REPORT_STATES).order_by("deliberated_on", "id").first()


def evidence(duty: AnnualDuty, *, meeting_title: str = "", **_) -> None:
    rule = RULE_OF[duty.kind]
    if duty.kind in REPORT_KINDS:
        if heard_report(duty) is None:
            raise rules.violation(rule, f"{duty.year}年尚无经常委会审议的「{duty.get_kind_display()}」")
    elif not (meeting_title or "").strip():
        raise rules.violation(rule, "须载明听取和审议该报告的常委会会议")


def _heard(duty: AnnualDuty, **ctx) -> None:
    report = heard_report(duty) if duty.kind in REPORT_KINDS else None
    duty.report = report
    duty.heard_on = (report.deliberated_on if report else None) or step_date(ctx)
    duty.meeting_title = (report.meeting_title if report else "") or text(ctx, "meeting_title")


class HearForm(forms.Form):
    meeting_title = forms.CharField(label="听取和审议的常委会会议（非政府报告的）", max_length=120, required=False)
    on = on_field()


ANNUAL_WORKFLOW = Workflow(
    name="supervision.annual",
    states=AnnualStatus,
    transitions=[
        Transition("hear", "登记已听取审议", (AnnualStatus.MISSING,), AnnualStatus.HEARD, rule="SUP-ANNUAL-REPORTS",
                   allowed=perms.is_office_or_leader, guards=(evidence,), form=HearForm, effect=_heard,
                   next_hint="该报告已列为本年度已听取。"),
    ],
)
