"""Who counts: the composition of a body on a day, and the quorum and majority arithmetic.

"全体组成人员" is the number of members in post on the meeting's date (core `Position` rows of the
standing committee with a standing-committee role, active that day). A vacancy is simply nobody in
post, so it lowers the number; members on leave stay in it. Both thresholds are "过半数": strictly
more than half (组织法 第五十一条第三款、第四款; 民法典 第一千二百五十九条 on counting words).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from renda.core import thresholds
from renda.core.models import Organization, Person, Position, PositionQuerySet
from renda.meetings.models import Meeting, MeetingKind


def standing_committee_of(congress_id: int) -> Organization | None:
    return Organization.objects.filter(
        congress_id=congress_id, kind=Organization.Kind.STANDING_COMMITTEE
    ).order_by("id").first()


def position_filter(meeting: Meeting) -> Q:
    """Q over Position for the members of the meeting's body on its date."""
    in_post = PositionQuerySet.in_post_on_q(meeting.date)
    if meeting.kind == MeetingKind.STANDING:
        return Q(organization_id=meeting.body_id, role__in=Position.STANDING_COMMITTEE_ROLES) & in_post
    if meeting.kind == MeetingKind.CHAIRS:
        # 主任会议 = 主任、副主任、秘书长 of the standing committee (组织法 第五十四条第一款)
        return (
            Q(organization__congress_id=meeting.congress_id)
            & PositionQuerySet.standing_committee_q(Position.LEADERSHIP_ROLES)
            & in_post
        )
    return Q(organization_id=meeting.body_id) & ~Q(role__in=(Position.Role.STAFF, Position.Role.CONTACT)) & in_post


def member_ids(meeting: Meeting) -> set[int]:
    """Person ids of the members of the meeting's body on the meeting's date (one query)."""
    ids = set(
        Position.objects.filter(position_filter(meeting), congress_id=meeting.congress_id)
        .values_list("person_id", flat=True)
    )
    if not ids and meeting.kind == MeetingKind.PARTY_GROUP:
        # No party-group composition recorded: its meetings are attended by the leadership.
        ids = Position.standing_committee_ids_on(meeting.congress_id, meeting.date, roles=Position.LEADERSHIP_ROLES)
    return ids


def is_member(meeting: Meeting, person_id: int) -> bool:
    """Whether one person is among `member_ids(meeting)`, without reading the others (one or two indexed queries:
    a live vote asks it once per vote)."""
    posts = Position.objects.filter(position_filter(meeting), congress_id=meeting.congress_id)
    if posts.filter(person_id=person_id).exists():
        return True
    if meeting.kind != MeetingKind.PARTY_GROUP or posts.exists():
        return False
    return (Position.objects.filter(congress_id=meeting.congress_id, person_id=person_id)
            .on_standing_committee(Position.LEADERSHIP_ROLES).in_post_on(meeting.date).exists())


def _posts_in_order(meeting: Meeting, ids: set[int]):
    return (Position.objects.filter(congress_id=meeting.congress_id, person_id__in=ids)
            .in_post_on(meeting.date).order_by("order", "id"))


def members(meeting: Meeting) -> list[Person]:
    """The members, in the order of their posts (director, vice-chairs, secretary-general, members)."""
    seen: dict[int, Person] = {}
    for p in _posts_in_order(meeting, member_ids(meeting)).select_related("person"):
        seen.setdefault(p.person_id, p.person)
    return list(seen.values())


def member_names(meeting: Meeting) -> dict[int, str]:
    """{person id: name} of the members in the order of `members`, without building the people (a live screen
    reads it every second)."""
    seen: dict[int, str] = {}
    for pid, name in _posts_in_order(meeting, member_ids(meeting)).values_list("person_id", "person__name"):
        seen.setdefault(pid, name)
    return seen


def director_on(congress_id: int, day: dt.date) -> Person | None:
    pos = (
        Position.objects.filter(congress_id=congress_id).on_standing_committee((Position.Role.DIRECTOR,))
        .in_post_on(day).select_related("person").order_by("id").first()
    )
    return pos.person if pos else None


def chair_on(body: Organization, day: dt.date) -> Person | None:
    """The chair (主任委员) of a special committee on a day."""
    pos = (
        Position.objects.filter(organization=body, role=Position.Role.CHAIR).in_post_on(day)
        .select_related("person").order_by("id").first()
    )
    return pos.person if pos else None


def leadership_ids_on(congress_id: int, day: dt.date) -> set[int]:
    return Position.standing_committee_ids_on(congress_id, day, roles=(Position.Role.DIRECTOR, Position.Role.VICE_CHAIR))


# ---- the arithmetic (pure) ----------------------------------------------------------------------------
# 过半数 and the smallest majority: one implementation for the platform, in integers (renda.core.thresholds).
more_than_half = thresholds.more_than_half
needed_for_majority = thresholds.smallest_majority


def quorum_met(present: int, total: int) -> bool:
    return more_than_half(present, total)


def majority_met(yes: int, total: int) -> bool:
    return more_than_half(yes, total)
