"""A live vote asks for one voter's standing (`tally.standing_of`) instead of reading every member: it must agree with
`tally.eligibility` for every person and every kind of meeting, including a party-group meeting without a recorded
composition (attended by the leadership), a member whose post ended, and one on leave."""

import datetime as dt

import pytest

from renda.core.models import Person, Position
from renda.meetings import membership, services
from renda.meetings.models import Attendance, AttendanceStatus, Capacity, MeetingKind
from renda.meetings.tally import eligibility, standing_of

from .conftest import end_post, sc_members

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 6, 15)


@pytest.mark.parametrize("kind", [MeetingKind.STANDING, MeetingKind.CHAIRS, MeetingKind.PARTY_GROUP])
def test_one_voter_s_standing_agrees_with_the_whole_committee_s(cast, kind):
    c = cast
    people = sc_members(c)
    end_post(people[-1], DAY)  # left the committee the day before
    meeting = services.meeting_create(actor=c.clerk, kind=kind, date=DAY, place="会议室")
    for i, p in enumerate(people):  # six signed in, one on leave, the rest absent; a 列席 attendee present
        status = (AttendanceStatus.PRESENT if i < 6 else AttendanceStatus.ON_LEAVE if i == 7 else AttendanceStatus.ABSENT)
        Attendance.objects.create(congress=c.congress, meeting=meeting, person=p, status=status)
    guest = Person.objects.create(congress=c.congress, name="列席人员")
    Attendance.objects.create(congress=c.congress, meeting=meeting, person=guest, capacity=Capacity.NONVOTING,
                              status=AttendanceStatus.PRESENT)
    members, here = eligibility(meeting)
    assert members, "the meeting has members"
    everyone = list(Person.objects.filter(congress=c.congress).values_list("pk", flat=True))
    for pid in everyone:
        assert standing_of(meeting, pid) == (pid in members, pid in here), pid
        assert membership.is_member(meeting, pid) == (pid in members)
    # a person of another body is neither
    stranger = Person.objects.create(congress=c.congress, name="局外人")
    assert standing_of(meeting, stranger.pk) == (False, False)


def test_a_party_group_with_a_composition_does_not_fall_back_to_the_leadership(cast):
    c = cast
    people = sc_members(c)
    meeting = services.meeting_create(actor=c.clerk, kind=MeetingKind.PARTY_GROUP, date=DAY, place="会议室")
    body = meeting.body
    Position.objects.create(congress=c.congress, person=people[-1], organization=body, role=Position.Role.MEMBER,
                            start_date=dt.date(2026, 1, 1))
    members, _ = eligibility(meeting)
    assert members == {people[-1].pk}
    for p in people:
        assert membership.is_member(meeting, p.pk) == (p.pk in members)
