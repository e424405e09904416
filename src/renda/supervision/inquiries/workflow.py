"""The processes of a special inquiry (监督法 第六章) and of an interpellation (第七章); the inquiry's cycle after
the meeting is shared (supervision.cycle)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from renda.core import rules
from renda.core.models import Congress, Organization, Person, Position
from renda.core.workflow import Transition, Workflow, dated, step_date
from renda.supervision import counting
from renda.supervision import permissions as perms
from renda.supervision.checks import late
from renda.supervision.cycle import workflow as cycle
from renda.supervision.deadlines import text
from renda.supervision.models import (
    AnswerMode,
    Inquiry,
    InquiryStatus,
    Interpellation,
    InterpellationRating,
    InterpStatus,
)
from renda.supervision.steps import DateForm, ScopedChoiceField, on_field, requires_text, text_field


# ---- inquiries ------------------------------------------------------------------------------------------
def inquiry_ready(inq: Inquiry, *, opinions: str | None = None, **_) -> None:
    if not inq.questions.exists():
        raise rules.violation("SUP-INQUIRY-FLOW", "尚未记录询问和回答")
    text = opinions if opinions is not None else inq.opinions
    if not (text or "").strip():
        raise rules.violation("SUP-INQUIRY-FLOW", "须汇总专题询问中提出的意见")


inquiry_has_handling = requires_text("SUP-INQUIRY-HANDLING", "须填写研究处理情况报告")


def _held(inq: Inquiry, **ctx) -> None:
    inq.held_on = step_date(ctx)  # the step's date, today when none is given (as its form says)


INQUIRY_WORKFLOW = Workflow(
    name="supervision.inquiry",
    states=InquiryStatus,
    transitions=[
        Transition("hold", "登记举行专题询问", (InquiryStatus.PLANNED,), InquiryStatus.HELD,
                   rule="SUP-INQUIRY-FLOW", allowed=perms.can_manage_inquiry, form=DateForm, effect=_held,
                   next_hint="记录询问和回答，汇总询问意见。"),
        Transition("send_opinions", "询问意见交办", (InquiryStatus.HELD,), InquiryStatus.OPINIONS_SENT,
                   rule="SUP-INQUIRY-FLOW", allowed=perms.is_office, guards=(inquiry_ready,), form=DateForm,
                   effect=cycle.opinions_sent("SUP-INQUIRY-HANDLING"),
                   next_hint="应询机关在规定期限内报告研究处理情况。"),
        Transition("submit_handling", "提交研究处理情况报告", (InquiryStatus.OPINIONS_SENT,), InquiryStatus.HANDLED,
                   rule="SUP-INQUIRY-HANDLING", allowed=perms.is_inquiry_answerer, guards=(inquiry_has_handling,),
                   form=cycle.HandlingForm, effect=cycle.handling_reported,
                   default_note=late(lambda i: i.handling_due, "SUP-INQUIRY-HANDLING")),
        Transition("close", "办结", (InquiryStatus.HANDLED,), InquiryStatus.CLOSED,
                   rule="SUP-INQUIRY-FLOW", allowed=perms.is_office),
    ],
)


# ---- interpellations ------------------------------------------------------------------------------------
def signer_threshold(congress_id: int) -> int:
    level = Congress.objects.filter(pk=congress_id).values_list("level", flat=True).first() or "city"
    return int(rules.param(congress_id, "SUP-INTERP-SIGNERS", level))


def interp_content(interp: Interpellation, **_) -> None:
    missing = []
    if not interp.target_id:
        missing.append("质询对象")
    if not (interp.questions or "").strip():
        missing.append("质询的问题")
    if not (interp.content or "").strip():
        missing.append("质询的内容")
    if missing:
        raise rules.violation("SUP-INTERP-CONTENT", f"质询案未写明{'、'.join(missing)}")
    target = interp.target
    if target.kind not in (*target.ORGAN_KINDS, target.Kind.GOV_DEPARTMENT) or target.organ() is None:
        raise rules.violation("SUP-INTERP-CONTENT", f"「{target}」不是可以质询的机关")


def interp_in_session(interp: Interpellation, *, on: dt.date | None = None, **_) -> None:
    day = on or timezone.localdate()
    if interp.meeting_date is None:
        raise rules.violation("SUP-INTERP-SESSION", "未载明提出质询案时的常委会会议")
    last = interp.meeting_end_date or interp.meeting_date
    if not (interp.meeting_date <= day <= last):
        raise rules.violation(
            "SUP-INTERP-SESSION",
            f"提出日期 {day:%Y-%m-%d} 不在常委会会议期间（{interp.meeting_date:%Y-%m-%d} 至 {last:%Y-%m-%d}）",
        )


def interp_signers(interp: Interpellation, *, on: dt.date | None = None, **_) -> None:
    day = on or timezone.localdate()
    signer_ids = set(interp.signers.values_list("person_id", flat=True))
    members = Position.standing_committee_ids_on(interp.congress_id, day)
    outsiders = signer_ids - members
    if outsiders:
        names = "、".join(Person.objects.filter(pk__in=outsiders).order_by("id").values_list("name", flat=True))
        raise rules.violation("SUP-INTERP-SIGNERS", f"{names}在 {day:%Y-%m-%d} 不是常务委员会组成人员")
    needed = signer_threshold(interp.congress_id)
    if not counting.at_least(len(signer_ids), needed):
        raise rules.violation("SUP-INTERP-SIGNERS", f"联名人数为 {len(signer_ids)} 人，须 {needed} 人以上")


def interp_mode(interp: Interpellation, *, answer_mode: str = "", committee=None, **_) -> None:
    if answer_mode not in AnswerMode.values:
        raise rules.violation("SUP-INTERP-DECIDE", "须决定答复方式（口头答复或者书面答复）")
    wrong_committee = committee is None or committee.kind != committee.Kind.SPECIAL_COMMITTEE \
        or committee.congress_id != interp.congress_id
    if answer_mode == AnswerMode.ORAL_COMMITTEE and wrong_committee:
        raise rules.violation("SUP-INTERP-DECIDE", "在专门委员会会议上答复的，须指定本级人大的专门委员会")


def interp_answer(interp: Interpellation, *, text: str = "", answerer_name: str = "", answerer_title: str = "",
                  is_head: bool = False, **_) -> None:
    if not (text or "").strip():
        raise rules.violation("SUP-INTERP-ANSWER", "须填写答复内容")
    who = "签署人" if interp.answer_mode == AnswerMode.WRITTEN else "到会答复的人"
    if not (answerer_name or "").strip() or not (answerer_title or "").strip():
        raise rules.violation("SUP-INTERP-ANSWER", f"须填写{who}的姓名和职务")
    if not is_head:
        raise rules.violation("SUP-INTERP-ANSWER", f"{who}须为受质询机关的负责人")


def unsatisfied_majority(interp: Interpellation, **_) -> None:
    proposers = interp.signers.count()
    unsatisfied = InterpellationRating.objects.filter(
        interpellation=interp, round=interp.round, satisfied=False,
        person_id__in=interp.signers.values("person_id"),
    ).count()
    if not counting.more_than_half(unsatisfied, proposers):
        raise rules.violation(
            "SUP-INTERP-REANSWER",
            f"提质询案的 {proposers} 名组成人员中有 {unsatisfied} 名对答复不满意，未过半数",
        )


def _special_committees(interp: Interpellation):
    return [(o.pk, str(o)) for o in Organization.objects.filter(
        congress_id=interp.congress_id, kind=Organization.Kind.SPECIAL_COMMITTEE).order_by("order", "id")]


class DecideForm(forms.Form):
    answer_mode = forms.ChoiceField(label="答复方式", choices=[("", "—"), *AnswerMode.choices])
    committee = ScopedChoiceField(label="答复的专门委员会（在专门委员会会议上答复的）", required=False,
                                  choices_for=_special_committees)
    on = on_field()


class AnswerForm(forms.Form):
    text = text_field("答复内容", max_length=100000, rows=4)
    answerer_name = forms.CharField(label="签署人或到会答复人姓名", max_length=40)
    answerer_title = forms.CharField(label="职务", max_length=120)
    is_head = forms.BooleanField(label="答复人为受质询机关的负责人", required=False)
    on = on_field()


_submitted = dated("submitted_on")


def _decided(interp: Interpellation, **ctx) -> None:
    interp.answer_mode = ctx["answer_mode"]
    interp.committee = ctx.get("committee") if ctx["answer_mode"] == AnswerMode.ORAL_COMMITTEE else None
    interp.decided_on = step_date(ctx)
    interp.round += 1


def _answered(interp: Interpellation, **ctx) -> None:
    interp.answered_on = step_date(ctx)
    interp.answer_text = text(ctx, "text")
    interp.answerer_name = text(ctx, "answerer_name")
    interp.answerer_title = text(ctx, "answerer_title")
    interp.answerer_is_head = bool(ctx.get("is_head"))


_closed = dated("closed_on")


INTERP_WORKFLOW = Workflow(
    name="supervision.interpellation",
    states=InterpStatus,
    transitions=[
        Transition("submit", "书面提出质询案", (InterpStatus.DRAFTING,), InterpStatus.SUBMITTED,
                   rule="SUP-INTERP-SIGNERS", allowed=perms.can_submit_interpellation,
                   guards=(interp_content, interp_in_session, interp_signers), form=DateForm, effect=_submitted,
                   next_hint="由主任会议决定答复方式。"),
        Transition("decide", "主任会议决定答复方式", (InterpStatus.SUBMITTED, InterpStatus.REANSWER),
                   InterpStatus.DECIDED, rule="SUP-INTERP-DECIDE", allowed=perms.is_office_or_leader,
                   guards=(interp_mode,), form=DecideForm, effect=_decided,
                   next_hint="受质询机关按决定的方式答复。"),
        Transition("answer", "登记受质询机关的答复", (InterpStatus.DECIDED,), InterpStatus.ANSWERED,
                   rule="SUP-INTERP-ANSWER", allowed=perms.is_interp_answerer, guards=(interp_answer,),
                   form=AnswerForm, effect=_answered, next_hint="提质询案的组成人员可以表示是否满意。"),
        Transition("demand_reanswer", "要求再作答复", (InterpStatus.ANSWERED,), InterpStatus.REANSWER,
                   rule="SUP-INTERP-REANSWER", allowed=perms.can_submit_interpellation,
                   guards=(unsatisfied_majority,), style="secondary"),
        Transition("close", "办结", (InterpStatus.ANSWERED,), InterpStatus.CLOSED,
                   rule="SUP-INTERP-DECIDE", allowed=perms.is_office_or_leader, effect=_closed),
    ],
)
