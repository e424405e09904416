"""Who may see and do what in deputies' work, liaison, training, exchanges and the calendar.

Visibility (what the selectors return), always inside the user's own congress:
- the registry (basic information, which the law makes public): every role except handling units;
- personal data (ID number, phone): only the deputies' working committee's staff — committee users whose
  body is named in rule DEP-PRIVATE's `bodies` — and the deputy themself; never in exports;
- changes during the term: internal roles all; members and deputies once announced;
- liaison stations and activities, training, study materials: every role except handling units;
- issues raised: the office, leadership, admin and the deputies' working committee all; another committee
  the issues routed to it; a handling unit only the issues routed to it; a member the issues of their own
  contacts; a deputy the issues they raised;
- members' contacts: internal roles all; a member their own; a deputy those they took part in;
- exchanges: internal roles and members all; a deputy the delegations they belong to; units nothing;
- the performance record: the deputy themself and internal roles.
"""

from __future__ import annotations

from django.db.models import Q

from renda.core import rules
from renda.core.access import (
    INTERNAL_ROLES,
    LEADERSHIP_ROLES,
    congress_filter,
    in_congress,
    is_leader,
    is_office,
    person,
    rows_by_role,
    staged_filter,
    unit,
)
from renda.core.access import signed_in as _signed_in
from renda.core.roles import Role

READ_ALL = LEADERSHIP_ROLES  # the office, leadership, admin
NOT_UNITS = frozenset(set(Role.values) - {Role.UNIT})


def is_deputy_affairs(user) -> bool:
    """Staff of the deputies' working committee (代表人事选举工作委员会 / 代表工作委员会): rule DEP-PRIVATE."""
    if not _signed_in(user) or user.role != Role.COMMITTEE or not user.organization_id:
        return False
    cached = getattr(user, "_dbw_cache", None)
    if cached is None:
        names = rules.param(user.congress_id, "DEP-PRIVATE", "bodies") or []
        org = user.organization
        cached = org.congress_id == user.congress_id and (org.name in names or org.short_name in names)
        user._dbw_cache = cached
    return cached


def is_manager(user, obj=None) -> bool:
    """The office or the deputies' working committee: they keep the registry and liaison work."""
    if obj is not None and not in_congress(user, obj):
        return False
    return _signed_in(user) and (user.role == Role.OFFICE or is_deputy_affairs(user))


def is_deputy_affairs_for(user, obj) -> bool:
    return in_congress(user, obj) and is_deputy_affairs(user)


def is_manager_or_leader(user, obj=None) -> bool:
    return is_manager(user, obj) or is_leader(user, obj)


def may_organize(user) -> bool:
    """Managers and committee staff: they organize liaison activities and training courses."""
    return is_manager(user) or (_signed_in(user) and user.role == Role.COMMITTEE)


def manages_as_organizer(user, obj) -> bool:
    """A manager of `obj`'s congress, or staff of the committee that organizes `obj` (its `organizer_id`)."""
    if not in_congress(user, obj):
        return False
    if is_manager(user):
        return True
    return user.role == Role.COMMITTEE and obj.organizer_id is not None \
        and obj.organizer_id == user.organization_id


# ---- the registry --------------------------------------------------------------------------------------
def registry_filter(user) -> Q | None:
    return congress_filter(user, NOT_UNITS)


def can_view_registry(user) -> bool:
    return registry_filter(user) is not None


def can_view_private(user, deputy) -> bool:
    if not in_congress(user, deputy):
        return False
    if is_deputy_affairs(user):
        return True
    return user.role == Role.DEPUTY and user.person_id is not None and user.person_id == deputy.person_id


def can_edit_deputy(user, deputy=None) -> bool:
    return (deputy is None or in_congress(user, deputy)) and is_deputy_affairs(user)


def change_filter(user) -> Q | None:
    return staged_filter(user, Q(status="announced"))


def can_register_change(user) -> bool:
    return is_deputy_affairs(user)


# ---- liaison -------------------------------------------------------------------------------------------
def station_filter(user) -> Q | None:
    return registry_filter(user)


def activity_filter(user) -> Q | None:
    return registry_filter(user)


def can_manage_stations(user) -> bool:
    return is_manager(user)


def can_create_activity(user) -> bool:
    return may_organize(user)


def can_manage_activity(user, activity) -> bool:
    return manages_as_organizer(user, activity)


def issue_filter(user) -> Q | None:
    """Q over Issue (群众意见和代表意见): leadership and the deputies' working committee all; another committee what is
    routed to it, a handling unit too once it is sent on; a member the issues from their own contacts; a deputy
    their own."""
    return rows_by_role(user, full=READ_ALL, scopes={
        Role.COMMITTEE: lambda u: Q() if is_deputy_affairs(u) else unit("routed_to_id")(u),
        Role.UNIT: unit("routed_to_id", where=~Q(status="received")),
        Role.MEMBER: person("contact__member_id"),
        Role.DEPUTY: person("deputy__person_id"),
    })


def can_route_issue(user, issue) -> bool:
    return is_manager(user, issue)


def can_answer_issue(user, issue) -> bool:
    """The body the issue was routed to answers it (the office may record an answer it received)."""
    if not in_congress(user, issue):
        return False
    if is_manager(user):
        return True
    return user.role in (Role.UNIT, Role.COMMITTEE) and issue.routed_to_id == user.organization_id


def can_return_issue(user, issue) -> bool:
    return in_congress(user, issue) and user.role in (Role.UNIT, Role.COMMITTEE) \
        and issue.routed_to_id == user.organization_id


def can_add_issue(user, *, activity=None, contact=None) -> bool:
    if activity is not None:
        return can_manage_activity(user, activity)
    if contact is not None:
        return can_record_contact_for(user, contact)
    return is_manager(user)


def contact_filter(user) -> Q | None:
    """Q over MemberContact: staff all; a member their own contacts; a deputy the contacts they are in."""
    return rows_by_role(user, scopes={Role.MEMBER: person("member_id"), Role.DEPUTY: person("deputies__person_id")})


def can_create_contact(user) -> bool:
    return is_manager(user) or (_signed_in(user) and user.role in (Role.MEMBER, Role.LEADER) and user.person_id)


def can_record_contact_for(user, contact) -> bool:
    if not in_congress(user, contact):
        return False
    if is_manager(user):
        return True
    return user.role in (Role.MEMBER, Role.LEADER) and user.person_id == contact.member_id


# ---- training ------------------------------------------------------------------------------------------
def course_filter(user) -> Q | None:
    return registry_filter(user)


def material_filter(user) -> Q | None:
    return registry_filter(user)


def can_create_course(user) -> bool:
    return may_organize(user)


def can_manage_course(user, course) -> bool:
    return manages_as_organizer(user, course)


def can_enroll_self(user, course) -> bool:
    return in_congress(user, course) and user.role in (Role.DEPUTY, Role.MEMBER, Role.LEADER, Role.OFFICE,
                                                       Role.COMMITTEE) and user.person_id is not None


# ---- exchanges -----------------------------------------------------------------------------------------
def partner_filter(user) -> Q | None:
    return registry_filter(user)


def visit_filter(user) -> Q | None:
    """Q over Visit (出访和来访): staff and members all; a deputy the delegations they lead or join."""
    return rows_by_role(user, full=INTERNAL_ROLES | {Role.MEMBER},
                         scopes={Role.DEPUTY: person("members__id", "leader_id")})


def can_manage_exchanges(user, obj=None) -> bool:
    return is_office(user, obj)


def can_approve_visit(user, visit) -> bool:
    return is_leader(user, visit)


# ---- the platform and the performance record ------------------------------------------------------------
def can_view_record(user, deputy) -> bool:
    if not in_congress(user, deputy):
        return False
    if user.role in INTERNAL_ROLES:
        return True
    return user.role == Role.DEPUTY and user.person_id == deputy.person_id


def can_view_calendar(user) -> bool:
    return registry_filter(user) is not None
