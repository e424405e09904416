"""Every (state, action) pair of the six workflows: allowed steps reach their target (with the audit record
naming the rule), repeats are harmless, everything else is refused by the step's rule."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from tests.workflow_table import check_step, each_case

from renda.core.errors import RuleViolation
from renda.meetings import services as svc
from renda.meetings.models import (
    AgendaItem,
    AgendaStatus,
    Attendance,
    AttendanceStatus,
    Decision,
    DecisionStatus,
    Meeting,
    MeetingStatus,
    Nomination,
    NominationStatus,
    OathCeremony,
    Vote,
    VoteStatus,
)
from renda.meetings.workflow import (
    AGENDA_WORKFLOW,
    ATTENDANCE_WORKFLOW,
    DECISION_WORKFLOW,
    MEETING_WORKFLOW,
    NOMINATION_WORKFLOW,
    VOTE_WORKFLOW,
)

from .conftest import CHAIRS_DAY, MEETING_DAY, sc_members

pytestmark = pytest.mark.django_db


# ---- meetings -------------------------------------------------------------------------------------------
MEETING_ACTOR = {"submit_agenda": "clerk", "return_agenda": "clerk", "decide_agenda": "leader", "open": "clerk",
                 "close": "clerk", "cancel": "leader"}


def test_meeting_table(world):
    c = world

    def run(state, action):
        # the quorum is there (rows written directly: this is the state, not the step under test)
        Attendance.objects.bulk_create([Attendance(congress=c.congress, meeting=c.meeting, person=p, status="present")
                                        for p in c.people[:6]])
        AgendaItem.objects.filter(meeting=c.meeting).update(status=AgendaStatus.PROPOSED)

        def apply(obj, action, actor, ctx):
            return svc.meeting_transition(actor=actor, meeting=obj, action=action, note="依程序", **ctx)

        check_step(MEETING_WORKFLOW, c.meeting, state, action, getattr(c, MEETING_ACTOR[action]), apply,
                    chairs_meeting=c.chairs, decided_on=CHAIRS_DAY)

    each_case(MEETING_WORKFLOW, MeetingStatus.values, run)


# ---- agenda items ---------------------------------------------------------------------------------------
AGENDA_ACTOR = {"list": "leader", "deliberate": "clerk", "defer": "leader", "pass": "clerk", "fail": "clerk"}


def test_agenda_item_table(world):
    c = world

    def run(state, action):
        Meeting.objects.filter(pk=c.meeting.pk).update(status=MeetingStatus.IN_SESSION)
        item = c.report_item
        if action in ("pass", "fail"):
            Vote.objects.create(congress=c.congress, meeting=c.meeting, agenda_item=item, opened_at=timezone.now(),
                                status=VoteStatus.ANNOUNCED, passed=action == "pass", total_members=11, present=9,
                                yes=9 if action == "pass" else 2)
        actor = AGENDA_ACTOR.get(action) or ("clerk" if state == AgendaStatus.PROPOSED else "leader")

        def apply(obj, action, actor, ctx):
            return svc.item_transition(actor=actor, item=obj, action=action, note="依程序")

        check_step(AGENDA_WORKFLOW, item, state, action, getattr(c, actor), apply)

    each_case(AGENDA_WORKFLOW, AgendaStatus.values, run)


# ---- attendance -----------------------------------------------------------------------------------------
ATTENDANCE_ACTOR = {"sign_in": "clerk", "cancel_sign_in": "clerk", "request_leave": "clerk",
                    "approve_leave": "leader", "refuse_leave": "leader"}


def test_attendance_table(world):
    c = world

    def run(state, action):
        att = Attendance.objects.create(congress=c.congress, meeting=c.meeting, person=c.people[5])

        def apply(obj, action, actor, ctx):
            return ATTENDANCE_WORKFLOW.apply(obj, action, actor=actor, note="因公出差")

        check_step(ATTENDANCE_WORKFLOW, att, state, action, getattr(c, ATTENDANCE_ACTOR[action]), apply)

    each_case(ATTENDANCE_WORKFLOW, AttendanceStatus.values, run)


# ---- votes ----------------------------------------------------------------------------------------------
def test_vote_table(world):
    c = world
    for p in c.people[:9]:
        svc.attendance_sign_in(actor=c.clerk, meeting=c.meeting, person=p)
    c.meeting = svc.meeting_transition(actor=c.clerk, meeting=c.meeting, action="open")
    vote = svc.vote_open(actor=c.clerk, item=c.dec_item)
    svc.ballots_record(actor=c.clerk, vote=vote, choices={p.pk: "yes" for p in c.people[:9]})

    def run(state, action):
        def apply(obj, action, actor, ctx):
            return svc.vote_transition(actor=actor, vote=obj, action=action, note="表决器故障")

        check_step(VOTE_WORKFLOW, vote, state, action, c.clerk, apply)

    each_case(VOTE_WORKFLOW, VoteStatus.values, run)


# ---- nominations ----------------------------------------------------------------------------------------
def test_nomination_table(world):
    c = world

    def run(state, action):
        nom = c.nomination
        oath = None
        if action in ("approve", "reject"):
            Meeting.objects.filter(pk=c.meeting.pk).update(status=MeetingStatus.IN_SESSION)
            Vote.objects.create(congress=c.congress, meeting=c.meeting, agenda_item=c.nom_item, opened_at=timezone.now(),
                                status=VoteStatus.ANNOUNCED, passed=action == "approve", total_members=11, present=9)
        if action == "swear":
            Nomination.objects.filter(pk=nom.pk).update(decided_on=MEETING_DAY)
            oath = OathCeremony.objects.create(congress=c.congress, date=MEETING_DAY, administered_by=c.city.director)

        def apply(obj, action, actor, ctx):
            return svc.nomination_transition(actor=actor, nomination=obj, action=action, note="依程序", **ctx)

        check_step(NOMINATION_WORKFLOW, nom, state, action, c.clerk, apply, oath=oath, decided_on=MEETING_DAY)

    each_case(NOMINATION_WORKFLOW, NominationStatus.values, run)


# ---- decisions ------------------------------------------------------------------------------------------
def test_decision_table(cast):
    c = cast

    def run(state, action):
        dec = svc.decision_create(actor=c.clerk, title="关于某事项的决定", text="一、……")
        if action in ("adopt", "reject"):
            from .conftest import decide, standing_meeting

            meeting = decide(c, standing_meeting(c))
            item = svc.item_add(actor=c.leader, meeting=meeting, object_type="meetings.decision", object_id=dec.pk,
                                note="调整议程")
            Vote.objects.create(congress=c.congress, meeting=meeting, agenda_item=item, opened_at=timezone.now(),
                                status=VoteStatus.ANNOUNCED, passed=action == "adopt", total_members=11, present=9)

        def apply(obj, action, actor, ctx):
            return svc.decision_transition(actor=actor, decision=obj, action=action, note="依程序", doc_number="")

        check_step(DECISION_WORKFLOW, dec, state, action, c.clerk, apply)

    each_case(DECISION_WORKFLOW, DecisionStatus.values, run)


# ---- guards and permissions beyond the state table --------------------------------------------------------
def test_agenda_needs_a_chairs_council_meeting_held_before(cast):
    from .conftest import chairs_meeting, standing_meeting

    meeting = standing_meeting(cast)
    svc.meeting_transition(actor=cast.clerk, meeting=meeting, action="submit_agenda")
    with pytest.raises(RuleViolation) as exc:
        svc.meeting_transition(actor=cast.leader, meeting=meeting, action="decide_agenda")
    assert exc.value.rule.id == "MTG-AGENDA" and "主任会议" in exc.value.message
    late = chairs_meeting(cast, day=dt.date(2026, 3, 16))
    with pytest.raises(RuleViolation) as exc:  # four days before: too late for the seven-day notice
        svc.meeting_transition(actor=cast.leader, meeting=meeting, action="decide_agenda", chairs_meeting=late,
                               decided_on=dt.date(2026, 3, 16))
    assert exc.value.rule.id == "MTG-NOTICE" and "不足 7 日" in exc.value.message
    with pytest.raises(PermissionDenied):  # the office proposes, the 主任会议 (leadership) decides
        svc.meeting_transition(actor=cast.clerk, meeting=meeting, action="decide_agenda", chairs_meeting=late)


def test_an_ad_hoc_meeting_may_be_notified_at_short_notice(cast):
    from .conftest import chairs_meeting, standing_meeting

    meeting = standing_meeting(cast, is_ad_hoc=True)
    svc.meeting_transition(actor=cast.clerk, meeting=meeting, action="submit_agenda")
    late = chairs_meeting(cast, day=dt.date(2026, 3, 18))
    meeting = svc.meeting_transition(actor=cast.leader, meeting=meeting, action="decide_agenda", chairs_meeting=late,
                                     decided_on=dt.date(2026, 3, 18))
    assert meeting.status == "convened"


def test_the_director_convenes_and_a_vice_chair_may_preside(cast):
    meeting = svc.meeting_create(actor=cast.clerk, kind="standing", date=MEETING_DAY, place="会议厅",
                                 presider=cast.city.vice_chairs[1])
    assert meeting.convenor == cast.city.director and meeting.presider == cast.city.vice_chairs[1]
    with pytest.raises(RuleViolation) as exc:
        svc.meeting_create(actor=cast.clerk, kind="standing", date=MEETING_DAY, place="会议厅",
                           presider=cast.city.members[0])
    assert exc.value.rule.id == "MTG-CONVENE" and "《组织法》第五十一条第一款" in exc.value.message


def test_items_are_added_after_the_decision_only_by_the_chairs_council(world):
    c = world
    with pytest.raises(RuleViolation) as exc:
        svc.item_add(actor=c.clerk, meeting=c.meeting, title="临时增加的议题")
    assert exc.value.rule.id == "MTG-AGENDA"
    with pytest.raises(RuleViolation):  # an adjustment states its reason
        svc.item_add(actor=c.leader, meeting=c.meeting, title="临时增加的议题")
    item = svc.item_add(actor=c.leader, meeting=c.meeting, title="临时增加的议题", note="主任会议建议调整议程")
    assert item.status == "listed" and item.position == 4


def test_separate_votes_come_before_the_whole(world):
    c = world
    for p in sc_members(c)[:9]:
        svc.attendance_sign_in(actor=c.clerk, meeting=c.meeting, person=p)
    svc.meeting_transition(actor=c.clerk, meeting=c.meeting, action="open")
    part = svc.vote_open(actor=c.clerk, item=c.dec_item, part="第三条")
    with pytest.raises(RuleViolation):  # one open vote at a time
        svc.vote_open(actor=c.clerk, item=c.dec_item)
    svc.ballots_record(actor=c.clerk, vote=part, choices={p.pk: "no" for p in sc_members(c)[:9]})
    part = svc.vote_transition(actor=c.clerk, vote=part, action="announce")
    assert part.passed is False
    c.dec_item.refresh_from_db()
    assert c.dec_item.status == "listed"  # the 主任会议 may still put the whole to a vote, or defer it
    with pytest.raises(RuleViolation) as exc:
        svc.vote_open(actor=c.clerk, item=c.dec_item, part="第三条")
    assert exc.value.rule.id == "MTG-SEPARATE-VOTE"
    whole = svc.vote_open(actor=c.clerk, item=c.dec_item)
    svc.vote_transition(actor=c.clerk, vote=whole, action="announce")  # nobody pressed: 0 yes of 11
    c.decision.refresh_from_db()
    assert c.decision.status == "rejected"
    with pytest.raises(RuleViolation):
        svc.vote_open(actor=c.clerk, item=c.dec_item, part="第四条")
    with pytest.raises(RuleViolation) as exc:  # an announced result is final
        svc.vote_transition(actor=c.clerk, vote=whole, action="void", note="重来")
    assert exc.value.rule.id == "MTG-VOTE-FLOW"
    assert Decision.objects.get(pk=c.decision.pk).status == "rejected"


def test_registered_hooks_move_another_modules_object(world):
    """A stand-in for a bill: a registered type whose hooks record what the votes did."""
    from renda.meetings import agenda
    from renda.meetings.agenda import AgendaType, register_agenda_type

    calls = []
    c = world
    register_agenda_type(AgendaType(
        object_type="tests.bill", label="法规案", kind="regulation",
        lookup=lambda congress_id, pk: c.decision if pk == 7 else None,
        title=lambda obj: "《某条例》（表决稿）",
        before_vote=lambda obj: calls.append("before"),
        on_vote_passed=lambda obj, vote, actor: calls.append(("passed", vote.yes, vote.total_members)),
        on_vote_failed=lambda obj, vote, actor: calls.append("failed"),
        on_part_voted=lambda obj, vote, actor: calls.append(("part", vote.part, vote.passed)),
    ))
    try:
        item = svc.item_add(actor=c.leader, meeting=c.meeting, object_type="tests.bill", object_id=7,
                            note="调整议程")
        assert item.kind == "regulation" and item.title == "《某条例》（表决稿）" and item.requires_vote
        for p in c.people[:9]:
            svc.attendance_sign_in(actor=c.clerk, meeting=c.meeting, person=p)
        svc.meeting_transition(actor=c.clerk, meeting=c.meeting, action="open")
        part = svc.vote_open(actor=c.clerk, item=item, part="第十条")
        svc.vote_transition(actor=c.clerk, vote=part, action="announce")
        whole = svc.vote_open(actor=c.clerk, item=item)
        svc.ballots_record(actor=c.clerk, vote=whole, choices={p.pk: "yes" for p in c.people[:6]})
        svc.vote_transition(actor=c.clerk, vote=whole, action="announce")
        assert calls == [("part", "第十条", False), "before", ("passed", 6, 11)]
    finally:
        agenda.AGENDA_TYPES.pop("tests.bill", None)
