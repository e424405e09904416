"""Checks both the services and the workflow's guards need: the quorum and the notice period."""

from __future__ import annotations

from renda.core import rules
from renda.meetings import membership
from renda.meetings.models import Attendance, AttendanceStatus, Meeting, MeetingKind


def quorum_counts(meeting: Meeting) -> tuple[int, int]:
    """(present members, all members in post on the meeting's date)."""
    ids = membership.member_ids(meeting)
    present = Attendance.objects.filter(
        meeting=meeting, person_id__in=ids, status=AttendanceStatus.PRESENT
    ).count()
    return present, len(ids)


def require_quorum(meeting: Meeting, doing: str) -> None:
    """组织法 第五十一条第三款: more than half of ALL members present, or the meeting may not proceed."""
    if meeting.kind != MeetingKind.STANDING:
        return
    present, total = quorum_counts(meeting)
    if not membership.quorum_met(present, total):
        raise rules.violation(
            "MTG-QUORUM",
            f"常委会全体组成人员 {total} 人，出席 {present} 人，未过半数（至少须 "
            f"{membership.needed_for_majority(total)} 人出席），不能{doing}",
        )


def notice_days(meeting: Meeting) -> int:
    return int(rules.param(meeting.congress_id, "MTG-NOTICE", "days_before"))
