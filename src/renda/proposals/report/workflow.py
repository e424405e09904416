"""draft ─向常委会报告→ reported ─印发下一次人民代表大会会议→ distributed ─公开→ published
(the order of 代表法 第五十一条第三款: 报告, 并印发下一次人民代表大会会议; 报告应当予以公开)."""

from __future__ import annotations

from django import forms

from renda.core import rules
from renda.core.models import CongressSession
from renda.core.workflow import Transition, Workflow, dated, or_today, step_date_field
from renda.meetings.models import Meeting, MeetingKind
from renda.proposals.report import figures
from renda.proposals.report import permissions as perms
from renda.proposals.report.models import HandlingReport, ReportStatus


class ReportForm(forms.Form):
    reported_at = forms.ModelChoiceField(label="听取报告的常委会会议", queryset=Meeting.objects.none())

    def __init__(self, *args, obj=None, **kwargs):
        super().__init__(*args, **kwargs)
        if obj is not None:
            self.fields["reported_at"].queryset = Meeting.to_choose(obj.congress_id, MeetingKind.STANDING)


class DistributeForm(forms.Form):
    distributed_to = forms.ModelChoiceField(label="印发的人民代表大会会议", queryset=CongressSession.objects.none())
    distributed_on = step_date_field("印发日期")

    def __init__(self, *args, obj=None, **kwargs):
        super().__init__(*args, **kwargs)
        if obj is not None:
            self.fields["distributed_to"].queryset = CongressSession.objects.filter(
                congress_id=obj.congress_id).select_related("term").order_by("-start_date")


class PublishForm(forms.Form):
    published_on = step_date_field("公开日期")


def reported_at_a_standing_meeting(report: HandlingReport, *, reported_at=None, **_) -> None:
    if reported_at is None or reported_at.congress_id != report.congress_id or reported_at.kind != MeetingKind.STANDING:
        raise rules.violation("PR-HANDLING-REPORT", "须选择本级常委会会议（办理情况向常务委员会报告）")
    if not reported_at.has_been_held:
        raise rules.violation("PR-HANDLING-REPORT", "所选常委会会议尚未举行")
    if reported_at.date.year < report.year:
        raise rules.violation("PR-HANDLING-REPORT", f"所选会议早于{report.year}年，不能听取该年度建议的办理情况")


def the_next_session(report: HandlingReport, *, distributed_to=None, **_) -> None:
    """印发下一次人民代表大会会议: a session of this congress held after the committee heard the report."""
    session = distributed_to
    if session is None or session.congress_id != report.congress_id:
        raise rules.violation("PR-HANDLING-REPORT", "须选择本级人民代表大会会议")
    if report.reported_on and session.start_date <= report.reported_on:
        raise rules.violation(
            "PR-HANDLING-REPORT",
            f"所选会议（{session.start_date.year}年{session.start_date.month}月{session.start_date.day}日开幕）"
            f"不是向常委会报告之后的下一次人民代表大会会议")
    earlier = CongressSession.objects.filter(congress_id=report.congress_id, start_date__lt=session.start_date)
    if report.reported_on and earlier.filter(start_date__gt=report.reported_on).exists():
        raise rules.violation("PR-HANDLING-REPORT", "报告后已有更早举行的人民代表大会会议，应当印发该次会议")


def _reported(report: HandlingReport, *, reported_at=None, **_) -> None:
    report.reported_at = reported_at
    report.reported_on = reported_at.date
    report.figures = figures.count(report.congress_id, report.year, reported_at.date)
    report.figures_on = reported_at.date


def _distributed(report: HandlingReport, *, distributed_to=None, distributed_on=None, **_) -> None:
    report.distributed_to = distributed_to
    report.distributed_on = or_today(distributed_on)


REPORT_WORKFLOW = Workflow(
    name="proposals.handlingreport",
    states=ReportStatus,
    transitions=[
        Transition("report", "向常委会报告", (ReportStatus.DRAFT,), ReportStatus.REPORTED, rule="PR-HANDLING-REPORT",
                   allowed=perms.can_manage, guards=(reported_at_a_standing_meeting,), form=ReportForm,
                   effect=_reported, next_hint="办理情况统计截至会议当日；报告印发下一次人民代表大会会议，并予以公开。"),
        Transition("distribute", "印发人民代表大会会议", (ReportStatus.REPORTED,),
                   ReportStatus.DISTRIBUTED, rule="PR-HANDLING-REPORT", allowed=perms.can_manage,
                   guards=(the_next_session,), form=DistributeForm, effect=_distributed,
                   next_hint="报告应当予以公开。"),
        Transition("publish", "公开", (ReportStatus.DISTRIBUTED,), ReportStatus.PUBLISHED,
                   rule="PR-HANDLING-REPORT", allowed=perms.can_manage, form=PublishForm,
                   effect=dated("published_on", "published_on"),
                   next_hint="报告在公开页面上公布。"),
    ],
)
