"""A bill put to the vote at a Standing Committee meeting: the meeting's announced vote moves the bill."""

import datetime as dt

import pytest

from renda.core.errors import RuleViolation
from renda.meetings import services as msvc

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 6, 24)


def _members(c):
    city = c.city
    return [city.director, *city.vice_chairs, city.secretary_general, *city.members]


def _meeting_with(c, bill):
    chairs = msvc.meeting_create(actor=c.clerk, kind="chairs", date=dt.date(2026, 6, 10), place="第一会议室")
    msvc.item_add(actor=c.clerk, meeting=chairs, title="研究常委会会议议程草案")
    msvc.meeting_transition(actor=c.clerk, meeting=chairs, action="submit_agenda")
    msvc.meeting_transition(actor=c.leader, meeting=chairs, action="decide_agenda", decided_on=dt.date(2026, 6, 9))
    meeting = msvc.meeting_create(actor=c.clerk, kind="standing", date=DAY, place="常委会会议厅")
    item = msvc.item_add(actor=c.clerk, meeting=meeting, object_type="legislation.bill", object_id=bill.pk)
    msvc.meeting_transition(actor=c.clerk, meeting=meeting, action="submit_agenda")
    meeting = msvc.meeting_transition(actor=c.leader, meeting=meeting, action="decide_agenda", chairs_meeting=chairs,
                                      decided_on=dt.date(2026, 6, 10))
    people = _members(c)
    for p in people[:9]:
        msvc.attendance_sign_in(actor=c.clerk, meeting=meeting, person=p)
    msvc.meeting_transition(actor=c.clerk, meeting=meeting, action="open")
    item.refresh_from_db()
    return item, people


def test_an_announced_meeting_vote_passes_the_bill(leg_world):
    c = leg_world
    bill = c.advance(c.bill, "vote_pending")
    item, people = _meeting_with(c, bill)
    assert item.kind == "regulation"
    vote = msvc.vote_open(actor=c.clerk, item=item)
    msvc.ballots_record(actor=c.clerk, vote=vote, choices={p.pk: "yes" for p in people[:7]} | {people[7].pk: "no"})
    msvc.vote_transition(actor=c.clerk, vote=vote, action="announce")
    bill.refresh_from_db()
    assert bill.status == "passed"
    recorded = bill.votes.get()
    assert (recorded.yes, recorded.no) == (7, 1)


def test_a_bill_not_yet_read_three_times_cannot_be_put_to_the_vote(leg_world):
    c = leg_world
    bill = c.advance(c.bill, "reading1")
    item, _ = _meeting_with(c, bill)
    with pytest.raises(RuleViolation) as exc:
        msvc.vote_open(actor=c.clerk, item=item)
    assert exc.value.rule.id == "LEG-READINGS"
