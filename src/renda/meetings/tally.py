"""Counting a vote at its announcement (the announce step's effect and the services use it)."""

from __future__ import annotations

from renda.meetings import membership
from renda.meetings.models import Attendance, AttendanceStatus, Ballot, Choice, Meeting, Vote


def eligibility(meeting: Meeting, ids: set[int] | None = None) -> tuple[set[int], set[int]]:
    """(member ids on the meeting's date, the present ones); `ids`: the member ids when the caller has them."""
    ids = membership.member_ids(meeting) if ids is None else ids
    present = set(
        Attendance.objects.filter(meeting=meeting, person_id__in=ids, status=AttendanceStatus.PRESENT)
        .values_list("person_id", flat=True)
    )
    return ids, present


def standing_of(meeting: Meeting, person_id: int) -> tuple[bool, bool]:
    """(is a member on the meeting's date, is present) for one person: `eligibility` for a single voter."""
    if not membership.is_member(meeting, person_id):
        return False, False
    return True, Attendance.objects.filter(meeting=meeting, person_id=person_id,
                                           status=AttendanceStatus.PRESENT).exists()


def tally_and_fill(vote: Vote) -> None:
    """At the announcement: present members without a ballot did not press (未按表决器); count; decide."""
    members, present = eligibility(vote.meeting)
    have = set(Ballot.objects.filter(vote=vote).values_list("person_id", flat=True))
    Ballot.objects.bulk_create(
        [Ballot(congress_id=vote.congress_id, vote=vote, person_id=pid, choice=Choice.NOT_VOTED)
         for pid in sorted(present - have)]
    )
    counts = {c: 0 for c in Choice.values}
    for c in Ballot.objects.filter(vote=vote, person_id__in=members).values_list("choice", flat=True):
        counts[c] += 1
    vote.total_members = len(members)
    vote.present = len(present)
    vote.yes, vote.no, vote.abstain, vote.not_voted = (counts[Choice.YES], counts[Choice.NO], counts[Choice.ABSTAIN],
                                                      counts[Choice.NOT_VOTED])
    vote.passed = membership.majority_met(vote.yes, vote.total_members)
