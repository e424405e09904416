"""The quorum (组织法 第五十一条第三款) and the majority (第五十一条第四款) at their edges."""

import pytest

from renda.core.errors import RuleViolation
from renda.meetings import membership
from renda.meetings import services as svc
from renda.meetings.models import Choice, Person

from .conftest import MEETING_DAY, decide, end_post, sc_members, sign_in, standing_meeting

pytestmark = pytest.mark.django_db


def test_the_arithmetic_is_strictly_more_than_half():
    assert [membership.quorum_met(p, 10) for p in (4, 5, 6)] == [False, False, True]
    assert [membership.majority_met(y, 11) for y in (5, 6)] == [False, True]
    assert membership.needed_for_majority(10) == 6 and membership.needed_for_majority(11) == 6
    assert not membership.quorum_met(0, 0)


def test_five_of_eleven_cannot_open_six_can(convened):
    c = convened
    sign_in(c, c.meeting, c.people[:5])
    with pytest.raises(RuleViolation) as exc:
        svc.meeting_transition(actor=c.clerk, meeting=c.meeting, action="open")
    assert exc.value.rule.id == "MTG-QUORUM"
    assert "全体组成人员 11 人，出席 5 人" in exc.value.message and "《组织法》第五十一条第三款" in exc.value.message
    sign_in(c, c.meeting, c.people[5:6])
    assert svc.meeting_transition(actor=c.clerk, meeting=c.meeting, action="open").status == "in_session"


def test_exactly_half_present_after_a_vacancy_is_no_quorum(cast):
    """A member left the committee: 10 in post. Five present is exactly half, not more than half."""
    people = sc_members(cast)
    end_post(people[-1], MEETING_DAY)
    meeting = decide(cast, standing_meeting(cast))
    assert len(membership.member_ids(meeting)) == 10
    sign_in(cast, meeting, people[:5])
    with pytest.raises(RuleViolation) as exc:
        svc.meeting_transition(actor=cast.clerk, meeting=meeting, action="open")
    assert "全体组成人员 10 人，出席 5 人" in exc.value.message and "至少须 6 人" in exc.value.message
    # the former member cannot sign in: no longer a member on the meeting's date
    with pytest.raises(RuleViolation) as exc:
        svc.attendance_sign_in(actor=cast.clerk, meeting=meeting, person=people[-1])
    assert exc.value.rule.id == "MTG-ATTENDANCE"
    sign_in(cast, meeting, people[5:6])
    assert svc.meeting_transition(actor=cast.clerk, meeting=meeting, action="open").status == "in_session"


def test_members_on_leave_count_among_all_members(convened):
    c = convened
    for p in c.people[6:]:  # five on leave
        att = svc.attendance_request_leave(actor=c.clerk, meeting=c.meeting, person=p, reason="因病住院")
        svc.attendance_decide_leave(actor=c.leader, attendance=att, approve=True)
    sign_in(c, c.meeting, c.people[:5])
    with pytest.raises(RuleViolation):
        svc.meeting_transition(actor=c.clerk, meeting=c.meeting, action="open")
    q = __import__("renda.meetings.selectors", fromlist=["quorum"]).quorum(c.meeting)
    assert (q["total"], q["present"], q["on_leave"], q["met"]) == (11, 5, 5, False)
    sign_in(c, c.meeting, c.people[5:6])
    assert svc.meeting_transition(actor=c.clerk, meeting=c.meeting, action="open").status == "in_session"


def test_a_person_attending_without_vote_does_not_count_and_cannot_vote(convened):
    c = convened
    vice_mayor = Person.objects.create(congress=c.congress, name="王副市长", title="市人民政府副市长")
    svc.attendance_add_nonvoting(actor=c.clerk, meeting=c.meeting, person=vice_mayor, role_note="市人民政府副市长")
    svc.attendance_sign_in(actor=c.clerk, meeting=c.meeting, person=vice_mayor)
    sign_in(c, c.meeting, c.people[:5])
    with pytest.raises(RuleViolation) as exc:  # 5 members + 1 列席 is still 5 of 11
        svc.meeting_transition(actor=c.clerk, meeting=c.meeting, action="open")
    assert "出席 5 人" in exc.value.message
    sign_in(c, c.meeting, c.people[5:6])
    svc.meeting_transition(actor=c.clerk, meeting=c.meeting, action="open")
    vote = svc.vote_open(actor=c.clerk, item=c.item)
    with pytest.raises(RuleViolation) as exc:
        svc.ballots_record(actor=c.clerk, vote=vote, choices={vice_mayor.pk: Choice.YES})
    assert exc.value.rule.id == "MTG-VOTE-MEMBER" and "列席人员没有表决权" in exc.value.message
    # a member of the committee is never registered as 列席
    with pytest.raises(RuleViolation):
        svc.attendance_add_nonvoting(actor=c.clerk, meeting=c.meeting, person=c.people[7])


def _vote(c, yes, no=(), abstain=()):
    vote = svc.vote_open(actor=c.clerk, item=c.item)
    choices = {p.pk: Choice.YES for p in yes} | {p.pk: Choice.NO for p in no} | {p.pk: Choice.ABSTAIN for p in abstain}
    svc.ballots_record(actor=c.clerk, vote=vote, choices=choices)
    return svc.vote_transition(actor=c.clerk, vote=vote, action="announce")


def test_exactly_half_voting_yes_after_a_vacancy_fails(cast):
    people = sc_members(cast)
    end_post(people[-1], MEETING_DAY)
    cast.meeting = decide(cast, standing_meeting(cast))
    cast.item = cast.meeting.agenda_items.get()
    sign_in(cast, cast.meeting, people[:10])
    svc.meeting_transition(actor=cast.clerk, meeting=cast.meeting, action="open")
    vote = _vote(cast, yes=people[:5], no=people[5:10])
    assert (vote.total_members, vote.present, vote.yes, vote.no, vote.passed) == (10, 10, 5, 5, False)
    cast.item.refresh_from_db()
    assert cast.item.status == "failed"


def test_six_of_eleven_yes_passes(in_session):
    c = in_session
    vote = _vote(c, yes=c.people[:6], no=c.people[6:7], abstain=c.people[7:8])
    assert (vote.total_members, vote.present, vote.yes, vote.passed) == (11, 8, 6, True)


def test_a_majority_of_those_present_is_not_enough(in_session):
    """Five yes of eight present is a majority of those present but not of all eleven members."""
    c = in_session
    vote = _vote(c, yes=c.people[:5], no=c.people[5:6])
    assert (vote.yes, vote.no, vote.abstain, vote.not_voted, vote.passed) == (5, 1, 0, 2, False)
    assert vote.ballots.filter(choice="not_voted").count() == 2  # present, did not press


def test_members_on_leave_cannot_vote(in_session):
    c = in_session
    absent = c.people[9]
    att = svc.attendance_request_leave(actor=c.clerk, meeting=c.meeting, person=absent, reason="出差")
    svc.attendance_decide_leave(actor=c.leader, attendance=att, approve=True)
    vote = svc.vote_open(actor=c.clerk, item=c.item)
    with pytest.raises(RuleViolation) as exc:
        svc.ballots_record(actor=c.clerk, vote=vote, choices={absent.pk: Choice.YES})
    assert exc.value.rule.id == "MTG-VOTE-MEMBER" and "未签到出席" in exc.value.message


def test_no_vote_without_a_quorum(in_session):
    c = in_session
    vote = svc.vote_open(actor=c.clerk, item=c.item)
    for p in c.people[5:8]:  # three leave the hall: five of eleven remain
        svc.attendance_cancel_sign_in(actor=c.clerk, meeting=c.meeting, person=p, note="离会")
    with pytest.raises(RuleViolation) as exc:
        svc.vote_transition(actor=c.clerk, vote=vote, action="announce")
    assert exc.value.rule.id == "MTG-QUORUM" and "不能表决" in exc.value.message
    svc.vote_transition(actor=c.clerk, vote=vote, action="void", note="出席人数不足，重新表决")
    with pytest.raises(RuleViolation) as exc:
        svc.vote_open(actor=c.clerk, item=c.item)
    assert exc.value.rule.id == "MTG-QUORUM" and "第五十一条第三款" in exc.value.message
