"""Who may see and do what with motions and suggestions.

Visibility:
- office (代表工作机构/办公厅), leadership, admin, committee staff, members: every item of their congress;
- deputies: the items they lead or co-sign;
- handling units: only the items with an assignment to their unit (404 for any other);
- the public: nothing here.
"""

from __future__ import annotations

from django.db.models import Q

from renda.core.roles import Role

INTERNAL_ROLES = frozenset({Role.OFFICE, Role.LEADER, Role.ADMIN, Role.COMMITTEE, Role.MEMBER})


def _auth(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and bool(getattr(user, "congress_id", None))


def _in_congress(user, obj) -> bool:
    return _auth(user) and user.congress_id == obj.congress_id


def proposal_filter(user) -> Q | None:
    """Q over Proposal for the items `user` may see; None means nothing."""
    if not _auth(user):
        return None
    base = Q(congress_id=user.congress_id)
    if user.role in INTERNAL_ROLES:
        return base
    if user.role == Role.DEPUTY and user.person_id:
        return base & (Q(lead_deputy__person_id=user.person_id) | Q(cosigners__deputy__person_id=user.person_id))
    if user.role == Role.UNIT and user.organization_id:
        return base & Q(assignments__unit_id=user.organization_id)
    return None


def assignment_filter(user) -> Q | None:
    """Q over Assignment: internal roles see all, a unit only its own."""
    if not _auth(user):
        return None
    base = Q(congress_id=user.congress_id)
    if user.role in INTERNAL_ROLES:
        return base
    if user.role == Role.UNIT and user.organization_id:
        return base & Q(unit_id=user.organization_id)
    if user.role == Role.DEPUTY and user.person_id:
        return base & Q(proposal__lead_deputy__person_id=user.person_id)
    return None


def is_office(user, obj=None) -> bool:
    if obj is not None and not _in_congress(user, obj):
        return False
    return _auth(user) and user.role == Role.OFFICE


def is_leader(user, obj=None) -> bool:
    if obj is not None and not _in_congress(user, obj):
        return False
    return _auth(user) and user.role in (Role.LEADER, Role.OFFICE)


def is_lead_deputy(user, proposal) -> bool:
    return (
        _in_congress(user, proposal)
        and user.role == Role.DEPUTY
        and proposal.lead_deputy_id is not None
        and proposal.lead_deputy.person_id == user.person_id
    )


def can_submit(user) -> bool:
    return _auth(user) and user.role in (Role.OFFICE, Role.DEPUTY)


def can_withdraw(user, proposal) -> bool:
    return is_lead_deputy(user, proposal) or is_office(user, proposal)


def can_rate(user, proposal) -> bool:
    """The lead deputy rates; the office records a rating handed in on paper."""
    return is_lead_deputy(user, proposal) or is_office(user, proposal)


def is_own_unit(user, assignment) -> bool:
    return _in_congress(user, assignment) and user.role == Role.UNIT and user.organization_id == assignment.unit_id


def can_request_return(user, assignment) -> bool:
    return is_own_unit(user, assignment)


def can_send_opinion(user, assignment) -> bool:
    return is_own_unit(user, assignment) and assignment.role == "assist"


def can_reply(user, assignment) -> bool:
    return is_own_unit(user, assignment) and assignment.role in ("lead", "separate")


def can_import(user) -> bool:
    return is_office(user)


def can_view_dashboard(user) -> bool:
    return _auth(user) and user.role in INTERNAL_ROLES
