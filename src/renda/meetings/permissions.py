"""Who may see and do what in meetings, appointments and decisions. Every view and API handler asks here.

Visibility (what the selectors return), always inside the user's own congress:
- 办公厅, leadership, admin: every meeting, agenda, attendance record, vote and ballot; every nomination and
  decision;
- committee staff: standing-committee meetings (all states: they propose items) and their own committee's
  meetings; nominations and decisions once on an agenda;
- members: standing-committee meetings once convened, and the meetings they are expected at or attend;
  their own ballots (not other members' ballots);
- deputies: only the meetings they attend (列席);
- handling units: only the agenda items that concern them, in convened meetings, with their results;
  the nominations for posts in their organ and the decisions they proposed;
- another congress: nothing. Chairs' council (主任会议) and party-group meetings: office, leadership, admin.
Per-member ballots and leave reasons are for the office, leadership and admin.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from renda.core import history
from renda.core.access import INTERNAL_ROLES, has_role, rows_by_role, staged_filter, unit
from renda.core.access import in_congress as _in_congress
from renda.core.access import is_leader as is_leader
from renda.core.access import is_office as is_office
from renda.core.access import is_office_or_leader as is_office_or_leader
from renda.core.access import signed_in as _signed_in
from renda.core.roles import Role
from renda.meetings.models import (
    AgendaItem,
    AgendaStatus,
    Attendance,
    DecisionStatus,
    Meeting,
    MeetingKind,
    MeetingStatus,
    NominationStatus,
)

ALL_ROLES = frozenset({Role.OFFICE, Role.LEADER, Role.ADMIN})
PUBLIC_STATES = (MeetingStatus.CONVENED, MeetingStatus.IN_SESSION, MeetingStatus.CLOSED)
# The attendance list is internal work — and the members of the standing committee see it too: it is their own
# meeting (who is present decides the quorum they vote in).
ROSTER_ROLES = INTERNAL_ROLES | {Role.MEMBER}
# A change history is for the office, leadership and admin (core.history's rule, narrowed: committee staff see the
# meetings they propose to, not their internal trail).
HISTORY_ROLES = frozenset({Role.OFFICE, Role.LEADER, Role.ADMIN})
HIDDEN_ITEM_STATES = (AgendaStatus.WITHDRAWN,)


def _attends(user) -> Exists:
    return Exists(Attendance.objects.filter(meeting_id=OuterRef("pk"), person_id=user.person_id))


def _concerns_unit(user) -> Exists:
    return Exists(
        AgendaItem.objects.filter(meeting_id=OuterRef("pk"), concerned_org_id=user.organization_id)
        .exclude(status__in=(AgendaStatus.PROPOSED, AgendaStatus.WITHDRAWN))
    )


def meeting_filter(user) -> Q | None:
    """Q over Meeting for the meetings `user` may see; None means nothing.

    The office, leadership and admin see all; committee staff the standing committee's meetings and their own
    committee's. Once a meeting is convened, a member sees the standing committee's meetings and those they attend, a
    deputy those they attend, a handling unit the standing committee's meetings with an item concerning it.
    """
    published = Q(status__in=PUBLIC_STATES)
    standing = Q(kind=MeetingKind.STANDING)
    return rows_by_role(user, full=ALL_ROLES, scopes={
        Role.COMMITTEE: lambda u: standing | Q(kind=MeetingKind.COMMITTEE, body_id=u.organization_id),
        Role.MEMBER: lambda u: published & (standing | _attends(u)) if u.person_id else published & standing,
        Role.DEPUTY: lambda u: published & _attends(u) if u.person_id else None,
        Role.UNIT: lambda u: published & standing & _concerns_unit(u) if u.organization_id else None,
    })


def item_filter(user) -> Q | None:
    """Q over AgendaItem (inside meetings the user sees) for the items the user may see."""
    if not _signed_in(user):
        return None
    if user.role == Role.UNIT:
        if not user.organization_id:
            return None
        return Q(concerned_org_id=user.organization_id) & ~Q(status__in=(AgendaStatus.PROPOSED,
                                                                        AgendaStatus.WITHDRAWN))
    if user.role in ALL_ROLES or user.role == Role.COMMITTEE:
        return Q()
    return ~Q(status__in=(AgendaStatus.PROPOSED, AgendaStatus.WITHDRAWN))


def can_see_roster(user, meeting: Meeting) -> bool:
    """The attendance list (who signed in, who is on leave)."""
    return _in_congress(user, meeting) and user.role in ROSTER_ROLES


def can_see_history(user, obj) -> bool:
    """Whose history box shows on a meeting, item, nomination or decision page."""
    return history.visible_to(user, obj) and user.role in HISTORY_ROLES


def can_see_ballots(user) -> bool:
    """Per-member ballots and leave reasons."""
    return _signed_in(user) and user.role in ALL_ROLES


def can_create_meeting(user) -> bool:
    return is_office(user)


def can_edit_meeting(user, meeting: Meeting) -> bool:
    return is_office(user, meeting) and meeting.status in (
        MeetingStatus.DRAFTING, MeetingStatus.AGENDA_PROPOSED, MeetingStatus.CONVENED
    )


def can_propose_item(user, meeting: Meeting) -> bool:
    """Staff propose items while the agenda is being prepared (the office; committees on standing meetings)."""
    if not _in_congress(user, meeting) or meeting.status != MeetingStatus.DRAFTING:
        return False
    if user.role == Role.OFFICE:
        return True
    return user.role == Role.COMMITTEE and meeting.kind == MeetingKind.STANDING


def can_adjust_agenda(user, meeting: Meeting) -> bool:
    """After the agenda is decided, changes come from the 主任会议 (leadership)."""
    return is_leader(user, meeting) and meeting.status in (MeetingStatus.CONVENED, MeetingStatus.IN_SESSION)


def can_arrange_item(user, item: AgendaItem) -> bool:
    """Order, time slot, documents list: the office until the meeting closes."""
    return is_office(user, item) and item.meeting.status not in (MeetingStatus.CLOSED, MeetingStatus.CANCELLED)


def can_manage_attendance(user, meeting: Meeting) -> bool:
    return is_office(user, meeting)


def can_sign_in(user, meeting: Meeting, person_id: int) -> bool:
    """The office signs members in at the desk; a member may sign themself in."""
    if is_office(user, meeting):
        return True
    return _in_congress(user, meeting) and user.role in (Role.MEMBER, Role.LEADER) and user.person_id == person_id


def can_request_leave(user, meeting: Meeting, person_id: int) -> bool:
    """A written leave request, lodged by the office on the member's behalf or by the member."""
    return can_sign_in(user, meeting, person_id)


def can_decide_leave(user, obj) -> bool:
    """Leave is approved by the director (主任) — leadership accounts (全国人大常委会议事规则 第十五条)."""
    return is_leader(user, obj)


def can_manage_votes(user, meeting: Meeting) -> bool:
    return is_office(user, meeting) and meeting.kind == MeetingKind.STANDING


# ---- nominations ----------------------------------------------------------------------------------------
LISTED_NOMINATION_STATES = (
    NominationStatus.READY, NominationStatus.APPROVED, NominationStatus.REJECTED, NominationStatus.SWORN,
)


def nomination_filter(user) -> Q | None:
    if has_role(user, Role.UNIT) and user.organization_id:
        own = Q(organ_id=user.organization_id) | Q(nominator_organ_id=user.organization_id)
        return Q(congress_id=user.congress_id) & own
    return staged_filter(user, Q(status__in=LISTED_NOMINATION_STATES), full=ALL_ROLES,
                         readers=(Role.MEMBER, Role.COMMITTEE))


def can_manage_nominations(user, obj=None) -> bool:
    return is_office(user, obj)


# ---- decisions --------------------------------------------------------------------------------------------
def decision_filter(user) -> Q | None:
    """Q over Decision: the office, leadership and admin all; committee staff their own drafts and every decision past
    drafting; a member every decision past drafting; a deputy the published ones; a handling unit the ones it
    proposed, past drafting."""
    past_drafting = ~Q(status=DecisionStatus.DRAFTING)
    return rows_by_role(user, full=ALL_ROLES, scopes={
        Role.COMMITTEE: lambda u: Q(drafting_body_id=u.organization_id) | past_drafting,
        Role.MEMBER: past_drafting,
        Role.DEPUTY: Q(status=DecisionStatus.PUBLISHED),
        Role.UNIT: unit("proposer_id", where=past_drafting),
    })


def can_create_decision(user) -> bool:
    return _signed_in(user) and user.role in (Role.OFFICE, Role.COMMITTEE)


def can_edit_decision(user, decision) -> bool:
    if not _in_congress(user, decision) or decision.status != DecisionStatus.DRAFTING:
        return False
    if user.role == Role.OFFICE:
        return True
    return user.role == Role.COMMITTEE and decision.drafting_body_id == user.organization_id


def can_submit_decision(user, decision) -> bool:
    return can_edit_decision(user, decision)


def can_see_statistics(user) -> bool:
    return _signed_in(user) and user.role in (Role.OFFICE, Role.LEADER, Role.ADMIN, Role.MEMBER)
