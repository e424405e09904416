"""States and transitions of meetings, agenda items, attendance, votes, nominations and decisions.

One mechanism (renda.core.workflow); the rules they cite are in core/rules/meetings.toml.
"""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils import timezone

from renda.core import rules
from renda.core.audit import object_type
from renda.core.rules import periods
from renda.core.workflow import Transition, Workflow, dated, step_date
from renda.meetings import agenda
from renda.meetings import permissions as perms
from renda.meetings.guards import notice_days, require_quorum
from renda.meetings.models import (
    AgendaItem,
    AgendaStatus,
    Attendance,
    AttendanceStatus,
    Capacity,
    Decision,
    DecisionStatus,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Nomination,
    NominationKind,
    NominationStatus,
    Vote,
    VoteStatus,
)
from renda.meetings.roster import apply_nomination_to_roster
from renda.meetings.tally import tally_and_fill


# ---- shared checks ----------------------------------------------------------------------------------
def _has_vote(obj, passed: bool) -> bool:
    return Vote.objects.filter(
        congress_id=obj.congress_id, status=VoteStatus.ANNOUNCED, part="", passed=passed,
        agenda_item__object_type=object_type(obj), agenda_item__object_id=str(obj.pk),
    ).exists()


def _vote_guard(kind: str, rule: str, passed: bool):
    """A guard: the whole vote on the object was announced with this result, else a refusal under `rule`."""

    def guard(obj, **_) -> None:
        if not _has_vote(obj, passed):
            raise rules.violation(rule, "须经常委会会议表决" + ("通过" if passed else "（未通过）"))

    guard.__name__ = f"{kind}_vote_{'passed' if passed else 'failed'}"
    return guard


# ---- meeting --------------------------------------------------------------------------------------------
def has_proposed_items(meeting: Meeting, **_) -> None:
    if meeting.kind == MeetingKind.STANDING and not meeting.agenda_items.filter(
        status__in=(AgendaStatus.PROPOSED, AgendaStatus.LISTED)
    ).exists():
        raise rules.violation("MTG-AGENDA", "会议还没有拟列入议程的议题")


def decided_by_chairs_council(meeting: Meeting, *, chairs_meeting=None, decided_on=None, **_) -> None:
    """A standing meeting's agenda is decided by a 主任会议 held on or before the decision day."""
    if meeting.kind != MeetingKind.STANDING:
        return
    if chairs_meeting is None:
        raise rules.violation("MTG-AGENDA", "须注明决定本次会议议程的主任会议")
    if (
        chairs_meeting.congress_id != meeting.congress_id
        or chairs_meeting.kind != MeetingKind.CHAIRS
        or chairs_meeting.status not in (MeetingStatus.CONVENED, MeetingStatus.IN_SESSION, MeetingStatus.CLOSED)
    ):
        raise rules.violation("MTG-AGENDA", "所选会议不是本人大已召开的主任会议")
    day = decided_on or timezone.localdate()
    if chairs_meeting.date > meeting.date or chairs_meeting.date > day:
        raise rules.violation("MTG-AGENDA", "决定议程的主任会议须在常委会会议之前举行")
    if not meeting.is_ad_hoc:
        days = notice_days(meeting)
        latest = periods.latest_before(meeting.congress_id, meeting.date, days)  # rule CAL-BEFORE
        if day > latest:
            raise rules.violation(
                "MTG-NOTICE",
                f"距会议举行不足 {days} 日（最迟应于 {latest:%Y-%m-%d} 决定议程并通知），"
                "请调整会议日期，或经主任决定作为临时召集的会议",
            )


def quorum_to_open(meeting: Meeting, **_) -> None:
    require_quorum(meeting, "开会")


def no_open_votes(meeting: Meeting, **_) -> None:
    if meeting.votes.filter(status=VoteStatus.OPEN).exists():
        raise rules.violation("MTG-VOTE-FLOW", "还有未宣布结果的表决，不能闭会")


# ---- what each step asks for, and what it does inside its transaction -----------------------------------------
class DecideAgendaForm(forms.Form):
    chairs_meeting = forms.IntegerField(
        label="决定议程的主任会议", required=False, min_value=1, max_value=2**31 - 1,
        widget=forms.NumberInput(attrs={"list": "chairs-meetings"}),
        help_text="常委会会议须选择决定本次会议议程的主任会议（已召开，且在本次会议之前）")


def _decide_agenda(meeting: Meeting, *, actor, note: str = "", **ctx) -> None:
    meeting.agenda_decided_by = ctx.get("chairs_meeting")
    meeting.agenda_decided_on = step_date(ctx, "decided_on")
    for item in meeting.agenda_items.filter(status=AgendaStatus.PROPOSED).order_by("position"):
        AGENDA_WORKFLOW.apply(item, "list", actor=actor, note=note or "主任会议决定列入议程")


def _stamped(field: str):
    """An effect: the moment of the step (`at`, now when not given) into the object's `field`."""

    def effect(obj, **ctx) -> None:
        setattr(obj, field, ctx.get("at") or timezone.now())

    effect.__name__ = f"stamped_{field}"
    return effect


MEETING_WORKFLOW = Workflow(
    name="meetings.meeting",
    states=MeetingStatus,
    transitions=[
        Transition("submit_agenda", "提请主任会议决定议程", (MeetingStatus.DRAFTING,), MeetingStatus.AGENDA_PROPOSED,
                   rule="MTG-AGENDA", allowed=perms.is_office, guards=(has_proposed_items,)),
        Transition("return_agenda", "退回修改议程", (MeetingStatus.AGENDA_PROPOSED,), MeetingStatus.DRAFTING,
                   rule="MTG-AGENDA", allowed=perms.is_office_or_leader, needs_note=True, style="secondary"),
        Transition("decide_agenda", "主任会议决定议程", (MeetingStatus.AGENDA_PROPOSED,), MeetingStatus.CONVENED,
                   rule="MTG-AGENDA", allowed=perms.is_leader, guards=(has_proposed_items, decided_by_chairs_council),
                   form=DecideAgendaForm, effect=_decide_agenda,
                   next_hint="议题列入议程；办公厅在规定日期前发出会议通知。"),
        Transition("open", "宣布开会", (MeetingStatus.CONVENED,), MeetingStatus.IN_SESSION,
                   rule="MTG-QUORUM", allowed=perms.is_office, guards=(quorum_to_open,),
                   effect=_stamped("opened_at")),
        Transition("close", "闭会", (MeetingStatus.IN_SESSION,), MeetingStatus.CLOSED,
                   rule="MTG-FLOW", allowed=perms.is_office, guards=(no_open_votes,),
                   effect=_stamped("closed_at")),
        Transition("cancel", "取消会议", (MeetingStatus.DRAFTING, MeetingStatus.AGENDA_PROPOSED, MeetingStatus.CONVENED),
                   MeetingStatus.CANCELLED, rule="MTG-FLOW", allowed=perms.is_leader, needs_note=True, style="danger"),
    ],
)


# ---- agenda items ---------------------------------------------------------------------------------------
def meeting_in_session(item: AgendaItem, **_) -> None:
    if item.meeting.status != MeetingStatus.IN_SESSION:
        raise rules.violation("MTG-FLOW", "会议尚未开始或已闭会")


def whole_vote(passed: bool):
    def guard(item: AgendaItem, **_) -> None:
        if not item.votes.filter(status=VoteStatus.ANNOUNCED, part="", passed=passed).exists():
            raise rules.violation("MTG-MAJORITY", "该议题没有相应的整体表决结果")

    guard.__name__ = f"whole_vote_{'passed' if passed else 'failed'}"
    return guard


def no_announced_vote(item: AgendaItem, **_) -> None:
    if item.votes.filter(status=VoteStatus.ANNOUNCED, part="").exists():
        raise rules.violation("MTG-VOTE-FLOW", "该议题已经表决，结果已宣布")


def _withdraw_allowed(user, item: AgendaItem) -> bool:
    if item.status == AgendaStatus.PROPOSED:
        return perms.is_office(user, item)
    return perms.is_leader(user, item)


AGENDA_WORKFLOW = Workflow(
    name="meetings.agendaitem",
    states=AgendaStatus,
    transitions=[
        Transition("list", "列入议程", (AgendaStatus.PROPOSED,), AgendaStatus.LISTED,
                   rule="MTG-AGENDA", allowed=perms.is_leader),
        Transition("deliberate", "审议完毕", (AgendaStatus.LISTED,), AgendaStatus.DELIBERATED,
                   rule="MTG-FLOW", allowed=perms.is_office, guards=(meeting_in_session,)),
        Transition("defer", "暂不付表决", (AgendaStatus.LISTED, AgendaStatus.DELIBERATED), AgendaStatus.DEFERRED,
                   rule="MTG-AGENDA", allowed=perms.is_leader, guards=(no_announced_vote,), needs_note=True,
                   style="secondary"),
        Transition("withdraw", "撤回议题", (AgendaStatus.PROPOSED, AgendaStatus.LISTED), AgendaStatus.WITHDRAWN,
                   rule="MTG-AGENDA", allowed=_withdraw_allowed, guards=(no_announced_vote,), needs_note=True,
                   style="danger"),
        Transition("pass", "表决通过", (AgendaStatus.LISTED, AgendaStatus.DELIBERATED), AgendaStatus.PASSED,
                   rule="MTG-MAJORITY", allowed=perms.is_office, guards=(whole_vote(True),)),
        Transition("fail", "表决未通过", (AgendaStatus.LISTED, AgendaStatus.DELIBERATED), AgendaStatus.FAILED,
                   rule="MTG-MAJORITY", allowed=perms.is_office, guards=(whole_vote(False),)),
    ],
)


# ---- attendance -----------------------------------------------------------------------------------------
def attendance_open(att: Attendance, **_) -> None:
    if att.meeting.status not in (MeetingStatus.CONVENED, MeetingStatus.IN_SESSION):
        raise rules.violation(
            "MTG-ATTENDANCE", f"会议处于「{att.meeting.get_status_display()}」状态，不能签到"
        )


def leave_open(att: Attendance, **_) -> None:
    if att.meeting.status in (MeetingStatus.CLOSED, MeetingStatus.CANCELLED):
        raise rules.violation("MTG-LEAVE", "会议已闭会或已取消，不能请假")
    if att.capacity != Capacity.MEMBER:
        raise rules.violation("MTG-LEAVE", "列席人员不需要请假")


def _may_sign_in(user, att: Attendance) -> bool:
    return perms.can_sign_in(user, att.meeting, att.person_id)


def _may_request_leave(user, att: Attendance) -> bool:
    return perms.can_request_leave(user, att.meeting, att.person_id)


def _cancel_sign_in(att: Attendance, **_) -> None:
    att.signed_in_at = None


def _request_leave(att: Attendance, *, note: str = "", **_) -> None:
    att.leave_reason = note.strip()[:300]
    att.leave_decided_by = None
    att.leave_decided_at = None


def _decide_leave(att: Attendance, *, actor, **ctx) -> None:
    att.leave_decided_by = actor if getattr(actor, "pk", None) else None
    att.leave_decided_at = ctx.get("at") or timezone.now()


ATTENDANCE_WORKFLOW = Workflow(
    name="meetings.attendance",
    states=AttendanceStatus,
    transitions=[
        Transition("sign_in", "签到",
                   (AttendanceStatus.ABSENT, AttendanceStatus.LEAVE_REQUESTED, AttendanceStatus.ON_LEAVE),
                   AttendanceStatus.PRESENT, rule="MTG-ATTENDANCE", allowed=_may_sign_in, guards=(attendance_open,),
                   effect=_stamped("signed_in_at")),
        Transition("cancel_sign_in", "取消签到（离会）", (AttendanceStatus.PRESENT,), AttendanceStatus.ABSENT,
                   rule="MTG-ATTENDANCE", allowed=perms.is_office, guards=(attendance_open,), needs_note=True,
                   style="secondary", effect=_cancel_sign_in),
        Transition("request_leave", "请假", (AttendanceStatus.ABSENT,), AttendanceStatus.LEAVE_REQUESTED,
                   rule="MTG-LEAVE", allowed=_may_request_leave, guards=(leave_open,), needs_note=True,
                   style="secondary", effect=_request_leave),
        Transition("approve_leave", "准假", (AttendanceStatus.LEAVE_REQUESTED,), AttendanceStatus.ON_LEAVE,
                   rule="MTG-LEAVE", allowed=perms.can_decide_leave, guards=(leave_open,), effect=_decide_leave),
        Transition("refuse_leave", "不准假", (AttendanceStatus.LEAVE_REQUESTED,), AttendanceStatus.ABSENT,
                   rule="MTG-LEAVE", allowed=perms.can_decide_leave, guards=(leave_open,), needs_note=True,
                   style="danger", effect=_decide_leave),
    ],
)


# ---- votes ----------------------------------------------------------------------------------------------
def vote_in_session(vote: Vote, **_) -> None:
    if vote.meeting.status != MeetingStatus.IN_SESSION:
        raise rules.violation("MTG-VOTE-FLOW", "会议不在举行中，不能宣布表决结果")


def vote_quorum(vote: Vote, **_) -> None:
    require_quorum(vote.meeting, "表决")


def run_vote_hooks(vote: Vote, *, actor) -> None:
    """A whole vote moves the item, then the linked object's workflow through its registered hook; a part
    vote only tells the object (on_part_voted)."""
    item = AgendaItem.objects.get(pk=vote.agenda_item_id)
    if not vote.is_whole:
        t = agenda.agenda_type(item.object_type)
        obj = agenda.linked_object(item) if t is not None and t.on_part_voted is not None else None
        if obj is not None:
            t.on_part_voted(obj, vote, actor)
        return
    AGENDA_WORKFLOW.apply(item, "pass" if vote.passed else "fail", actor=actor,
                          note=f"赞成{vote.yes}票，反对{vote.no}票，弃权{vote.abstain}票，未按表决器{vote.not_voted}人"
                               f"（全体组成人员{vote.total_members}人）")
    t = agenda.agenda_type(item.object_type)
    obj = agenda.linked_object(item)
    if t is None or obj is None:
        return
    hook = t.on_vote_passed if vote.passed else t.on_vote_failed
    if hook is not None:
        hook(obj, vote, actor)


def _announce(vote: Vote, *, actor, **ctx) -> None:
    (ctx["tally"] if callable(ctx.get("tally")) else tally_and_fill)(vote)  # renda.voting passes its own count
    vote.announced_at = ctx.get("at") or timezone.now()
    vote.save()  # the item's and the linked object's steps below read the announced result
    run_vote_hooks(vote, actor=actor)


VOTE_WORKFLOW = Workflow(
    name="meetings.vote",
    states=VoteStatus,
    transitions=[
        Transition("announce", "宣布表决结果", (VoteStatus.OPEN,), VoteStatus.ANNOUNCED,
                   rule="MTG-MAJORITY", allowed=perms.is_office, guards=(vote_in_session, vote_quorum),
                   effect=_announce, next_hint="赞成票超过全体组成人员的半数的，议题表决通过。"),
        Transition("void", "作废（重新表决）", (VoteStatus.OPEN,), VoteStatus.VOID,
                   rule="MTG-VOTE-FLOW", allowed=perms.is_office, needs_note=True, style="danger"),
    ],
)


# ---- nominations ----------------------------------------------------------------------------------------
def materials_complete(nom: Nomination, **_) -> None:
    missing = [label for flag, label in ((nom.has_letter, "提请任免的函"), (nom.has_resume, "基本情况和简历"),
                                         (nom.has_assessment, "考察材料")) if not flag]
    if missing:
        raise rules.violation("APPT-MATERIALS", f"材料不齐全：缺少{'、'.join(missing)}")


def review_done(nom: Nomination, **_) -> None:
    if not nom.review_opinion.strip():
        raise rules.violation("APPT-MATERIALS", "尚未填写任前审查意见")


def exam_passed(nom: Nomination, **_) -> None:
    if nom.kind != NominationKind.APPOINT or not rules.param(nom.congress_id, "APPT-EXAM", "required"):
        return
    pass_score = rules.param(nom.congress_id, "APPT-EXAM", "pass_score")
    if nom.exam_score is None:
        raise rules.violation("APPT-EXAM", "尚未录入任前法律知识考试成绩")
    if nom.exam_score < pass_score:
        raise rules.violation("APPT-EXAM", f"任前法律知识考试成绩 {nom.exam_score} 分，未达到 {pass_score} 分")


def nomination_vote(passed: bool):
    return _vote_guard("nomination", "APPT-VOTE", passed)


def is_appointment(nom: Nomination, **_) -> None:
    if nom.kind != NominationKind.APPOINT:
        raise rules.violation("APPT-OATH", "免职、辞职不进行宪法宣誓")


def oath_given(nom: Nomination, *, oath=None, **_) -> None:
    if oath is None:
        raise rules.violation("APPT-OATH", "须登记宪法宣誓的日期和监誓人")
    if nom.decided_on and oath.date < nom.decided_on:
        raise rules.violation("APPT-OATH", "宪法宣誓须在依法任命之后进行")


def _complete_review(nom: Nomination, **ctx) -> None:
    nom.reviewed_on = ctx.get("reviewed_on") or nom.reviewed_on or timezone.localdate()


def _approve(nom: Nomination, *, actor, **ctx) -> None:
    nom.decided_on = step_date(ctx, "decided_on")
    apply_nomination_to_roster(nom, actor=actor)


def _swear(nom: Nomination, **ctx) -> None:
    nom.oath = ctx["oath"]


NOMINATION_WORKFLOW = Workflow(
    name="meetings.nomination",
    states=NominationStatus,
    transitions=[
        Transition("start_review", "开始任前审查", (NominationStatus.RECEIVED,), NominationStatus.REVIEWING,
                   rule="APPT-MATERIALS", allowed=perms.is_office, guards=(materials_complete,)),
        Transition("complete_review", "审查完毕，提请会议", (NominationStatus.REVIEWING,), NominationStatus.READY,
                   rule="APPT-EXAM", allowed=perms.is_office, guards=(materials_complete, review_done, exam_passed),
                   effect=_complete_review, next_hint="任免案可以列入常委会会议议程。"),
        Transition("return", "退回补充材料", (NominationStatus.REVIEWING, NominationStatus.READY),
                   NominationStatus.RECEIVED, rule="APPT-MATERIALS", allowed=perms.is_office, needs_note=True,
                   style="secondary"),
        Transition("withdraw", "撤回", (NominationStatus.RECEIVED, NominationStatus.REVIEWING, NominationStatus.READY),
                   NominationStatus.WITHDRAWN, rule="APPT-NOMINATOR", allowed=perms.is_office, needs_note=True,
                   style="danger"),
        Transition("approve", "表决通过", (NominationStatus.READY,), NominationStatus.APPROVED,
                   rule="APPT-VOTE", allowed=perms.is_office, guards=(nomination_vote(True),), effect=_approve),
        Transition("reject", "表决未通过", (NominationStatus.READY,), NominationStatus.REJECTED,
                   rule="APPT-VOTE", allowed=perms.is_office, guards=(nomination_vote(False),),
                   effect=dated("decided_on", "decided_on")),
        Transition("swear", "宪法宣誓", (NominationStatus.APPROVED,), NominationStatus.SWORN,
                   rule="APPT-OATH", allowed=perms.is_office, guards=(is_appointment, oath_given), effect=_swear),
    ],
)


# ---- decisions ------------------------------------------------------------------------------------------
def decision_vote(passed: bool):
    return _vote_guard("decision", "MTG-MAJORITY", passed)


def has_text(dec: Decision, **_) -> None:
    if not dec.text.strip():
        raise rules.violation("DEC-FLOW", "决定、决议草案正文不能为空")


def not_on_open_agenda(dec: Decision, **_) -> None:
    listed = AgendaItem.objects.filter(
        congress_id=dec.congress_id, object_type=object_type(dec), object_id=str(dec.pk),
        status__in=(AgendaStatus.LISTED, AgendaStatus.DELIBERATED),
    ).filter(~Q(meeting__status__in=(MeetingStatus.CLOSED, MeetingStatus.CANCELLED)))
    if listed.exists():
        raise rules.violation("DEC-FLOW", "草案已列入会议议程，须先由主任会议撤回议题")


class PublishForm(forms.Form):
    doc_number = forms.CharField(label="公告编号", required=False, max_length=40, help_text="如：第5号")


def _publish(dec: Decision, **ctx) -> None:
    dec.published_on = step_date(ctx, "published_on")
    if ctx.get("doc_number"):
        dec.doc_number = ctx["doc_number"]


def _can_submit(user, dec: Decision) -> bool:
    return perms.can_submit_decision(user, dec)


DECISION_WORKFLOW = Workflow(
    name="meetings.decision",
    states=DecisionStatus,
    transitions=[
        Transition("submit", "提请常委会审议", (DecisionStatus.DRAFTING,), DecisionStatus.SUBMITTED,
                   rule="DEC-FLOW", allowed=_can_submit, guards=(has_text,)),
        Transition("return", "退回修改", (DecisionStatus.SUBMITTED,), DecisionStatus.DRAFTING,
                   rule="DEC-FLOW", allowed=perms.is_office_or_leader, guards=(not_on_open_agenda,),
                   needs_note=True, style="secondary"),
        Transition("adopt", "表决通过", (DecisionStatus.SUBMITTED,), DecisionStatus.ADOPTED,
                   rule="MTG-MAJORITY", allowed=perms.is_office, guards=(decision_vote(True),),
                   effect=dated("adopted_on", "decided_on")),
        Transition("reject", "表决未通过", (DecisionStatus.SUBMITTED,), DecisionStatus.REJECTED,
                   rule="MTG-MAJORITY", allowed=perms.is_office, guards=(decision_vote(False),)),
        Transition("redraft", "重新起草", (DecisionStatus.REJECTED,), DecisionStatus.DRAFTING,
                   rule="DEC-FLOW", allowed=perms.is_office, needs_note=True, style="secondary"),
        Transition("publish", "公布", (DecisionStatus.ADOPTED,), DecisionStatus.PUBLISHED,
                   rule="DEC-FLOW", allowed=perms.is_office, form=PublishForm, effect=_publish),
    ],
)


# ---- the steps people take on the pages and through /api/v1/workflow ------------------------------------------
def _steps(workflow: Workflow, *taken_elsewhere: str) -> Workflow:
    """`workflow` without the steps the vote's hooks or their own forms take (表决通过/未通过 follow the vote;
    宪法宣誓 is registered on the appointments page): their buttons are not shown and the endpoint refuses them."""
    return Workflow(name=workflow.name, states=workflow.states, field=workflow.field,
                    transitions=[t for t in workflow.transitions if t.action not in taken_elsewhere])


NOMINATION_STEPS = _steps(NOMINATION_WORKFLOW, "approve", "reject", "swear")
DECISION_STEPS = _steps(DECISION_WORKFLOW, "adopt", "reject")

