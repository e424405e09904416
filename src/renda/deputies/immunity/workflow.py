"""The steps of a request for permission (许可) and of a detention report.

request:   received ─审查→ reviewed ─常委会许可→ permitted
                                    └不予许可→ refused
report:    received ─听取报告→ noted   (a later arrest or trial is a request of its own)
either:    received/reviewed ─提请机关撤回→ withdrawn
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.db.models import Q

from renda.core import rules, thresholds
from renda.core.models import CongressSession, Position
from renda.core.workflow import Transition, Workflow, dated, or_today, step_date_field
from renda.deputies.immunity import permissions as perms
from renda.deputies.immunity.models import ImmunityCase, ImmunityStatus

Kind = ImmunityCase.Kind


def in_session(congress_id: int, day: dt.date) -> bool:
    """The people's congress is holding a session on `day` (then its presidium, not the committee, decides)."""
    return CongressSession.objects.filter(congress_id=congress_id, start_date__lte=day).filter(
        Q(end_date__gte=day) | Q(end_date__isnull=True, start_date=day)).exists()


# ---- step forms ----------------------------------------------------------------------------------------
class ReviewForm(forms.Form):
    retaliation_found = forms.TypedChoiceField(
        label="是否存在对代表的发言、表决进行法律追究或者对代表执行职务行为打击报复的情形",
        choices=[("", "请选择"), ("no", "不存在"), ("yes", "存在")], coerce=lambda v: v == "yes", empty_value=None)
    materials = forms.CharField(label="审查依据的材料", widget=forms.Textarea(attrs={"rows": 3}), max_length=4000,
                                help_text="如：提请许可的函、案件事实和证据材料、代表履职档案、代表发言和表决记录。")
    review_opinion = forms.CharField(label="审查意见", widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)
    reviewed_on = step_date_field("审查日期")


class DecisionForm(forms.Form):
    votes_for = forms.IntegerField(label="常委会会议表决赞成票", min_value=0, max_value=1000)
    decided_on = step_date_field("决定日期")
    decision_ref = forms.CharField(label="决定文件", required=False, max_length=120)


class RefuseForm(forms.Form):
    votes_for = forms.IntegerField(label="常委会会议表决许可的赞成票（未表决的不填）", required=False, min_value=0,
                                   max_value=1000)
    decided_on = step_date_field("决定日期")
    decision_ref = forms.CharField(label="决定文件", required=False, max_length=120)


class NotedForm(forms.Form):
    decided_on = step_date_field("听取报告日期")


# ---- guards --------------------------------------------------------------------------------------------
def is_request(case: ImmunityCase, **_) -> None:
    if case.kind == Kind.DETENTION:
        raise rules.violation("DEP-DETENTION-REPORT", "这是现行犯被拘留的报告，由常委会听取；逮捕或者刑事审判须另行提请许可")


def is_report(case: ImmunityCase, **_) -> None:
    if case.kind != Kind.DETENTION:
        raise rules.violation("DEP-IMMUNITY", "提请许可的申请须经审查后由常委会决定是否许可")


def review_complete(case: ImmunityCase, *, retaliation_found=None, materials: str = "", review_opinion: str = "",
                    **_) -> None:
    if retaliation_found is None:
        raise rules.violation("DEP-IMMUNITY-REVIEW", "须写明是否存在法律追究或者打击报复的情形")
    if not (materials or "").strip():
        raise rules.violation("DEP-IMMUNITY-REVIEW", "须写明审查依据的材料")
    if not (review_opinion or "").strip():
        raise rules.violation("DEP-IMMUNITY-REVIEW", "须填写审查意见")


def between_sessions(case: ImmunityCase, *, decided_on=None, **_) -> None:
    day = or_today(decided_on)
    if in_session(case.congress_id, day):
        raise rules.violation("DEP-IMMUNITY", f"{day.year}年{day.month}月{day.day}日人民代表大会正在举行会议，由大会主席团决定是否许可")


def no_retaliation(case: ImmunityCase, **_) -> None:
    if case.retaliation_found:
        raise rules.violation("DEP-IMMUNITY-REVIEW", "审查认为存在法律追究或者打击报复的情形，不能许可")


def majority_of_all_members(case: ImmunityCase, *, votes_for=None, decided_on=None, **_) -> None:
    total = len(Position.standing_committee_ids_on(case.congress_id, or_today(decided_on)))
    if votes_for is None:
        raise rules.violation("DEP-IMMUNITY", "须登记常委会会议表决的赞成票数")
    if votes_for > total:
        raise rules.violation("DEP-IMMUNITY", f"赞成 {votes_for} 票多于常委会组成人员 {total} 名")
    if not thresholds.more_than_half(votes_for, total):
        raise rules.violation("DEP-IMMUNITY", f"赞成 {votes_for} 票，未超过常委会全体组成人员 {total} 名的半数，未获许可")


def refusal_consistent(case: ImmunityCase, *, votes_for=None, decided_on=None, **_) -> None:
    """Not permitted: the review found retaliation, or the motion to permit did not win a majority of all members."""
    if case.retaliation_found:
        return
    if votes_for is None:
        raise rules.violation("DEP-IMMUNITY", "审查未发现打击报复情形的，须登记常委会会议表决的结果")
    total = len(Position.standing_committee_ids_on(case.congress_id, or_today(decided_on)))
    if thresholds.more_than_half(votes_for, total):
        raise rules.violation("DEP-IMMUNITY", f"赞成 {votes_for} 票已超过全体组成人员 {total} 名的半数，应当登记为许可")


# ---- effects -------------------------------------------------------------------------------------------
def _reviewed(case: ImmunityCase, *, retaliation_found=None, materials="", review_opinion="", reviewed_on=None,
              **_) -> None:
    case.retaliation_found = retaliation_found
    case.materials = materials.strip()
    case.review_opinion = review_opinion.strip()
    case.reviewed_on = or_today(reviewed_on)


def _decided(case: ImmunityCase, *, votes_for=None, decided_on=None, decision_ref="", **_) -> None:
    case.decided_on = or_today(decided_on)
    case.votes_for = votes_for
    case.members_total = (len(Position.standing_committee_ids_on(case.congress_id, case.decided_on))
                          if votes_for is not None else None)
    if decision_ref:
        case.decision_ref = decision_ref.strip()[:120]


def _office(user, obj) -> bool:
    return perms.can_manage(user, obj)


IMMUNITY_WORKFLOW = Workflow(
    name="deputies.immunity",
    states=ImmunityStatus,
    transitions=[
        Transition("review", "审查是否存在打击报复", (ImmunityStatus.RECEIVED,), ImmunityStatus.REVIEWED,
                   rule="DEP-IMMUNITY-REVIEW", allowed=_office, guards=(is_request, review_complete),
                   form=ReviewForm, effect=_reviewed,
                   next_hint="审查意见提请常委会会议，由常委会决定是否许可。"),
        Transition("permit", "常委会决定许可", (ImmunityStatus.REVIEWED,), ImmunityStatus.PERMITTED,
                   rule="DEP-IMMUNITY", allowed=_office, guards=(between_sessions, no_retaliation,
                                                                   majority_of_all_members),
                   form=DecisionForm, effect=_decided,
                   next_hint="书面答复提请机关。代表被羁押的，依代表法第六十一条暂停执行代表职务，请在代表变动中登记。"),
        Transition("refuse", "常委会决定不予许可", (ImmunityStatus.REVIEWED,), ImmunityStatus.REFUSED,
                   rule="DEP-IMMUNITY", allowed=_office, guards=(between_sessions, refusal_consistent),
                   needs_note=True, style="danger", form=RefuseForm, effect=_decided,
                   next_hint="书面答复提请机关，说明不予许可的理由。"),
        Transition("note", "常委会听取拘留报告", (ImmunityStatus.RECEIVED,), ImmunityStatus.NOTED,
                   rule="DEP-DETENTION-REPORT", allowed=_office, guards=(is_report,), form=NotedForm,
                   effect=dated("decided_on", "decided_on"),
                   next_hint="对该代表逮捕或者提起刑事审判的，须由有关机关另行提请常委会许可。"),
        Transition("withdraw", "提请机关撤回", (ImmunityStatus.RECEIVED, ImmunityStatus.REVIEWED),
                   ImmunityStatus.WITHDRAWN, rule="DEP-IMMUNITY", allowed=_office, needs_note=True,
                   style="secondary", awaited=False),
    ],
)
