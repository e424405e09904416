"""Who may see and do what with the public's opinions (社情民意).

Visibility (always inside the user's own congress):
- the office (办公厅, role office), leadership and the administrator: every opinion;
- committee staff: the opinions routed to their committee; handling-unit users: those routed to their unit;
- a deputy: the opinions routed to them, or to a liaison station they belong to;
- members and everybody else: none (404). The public sees only its own opinion, by tracking code.
- the hot-issues page (words and examples drawn from all opinions): the office, leadership and the administrator.

Contact data (name, phone, email; rule PO-CONTACT) is shown to the office, which triages and answers the citizen,
and to the assignee only when the office ticked "承办方可见联系方式" because the assignee must reply directly.
Leadership reads the opinions without the contact data. It never appears in exports, the API or the audit trail.
"""

from __future__ import annotations

from django.db.models import Q

# is_office: the office's rule, as the workflow and the views name it
from renda.core.access import LEADERSHIP_ROLES, in_congress, is_office, rows_by_role, signed_in
from renda.core.roles import Role
from renda.deputies.models import Station

READ_ALL = LEADERSHIP_ROLES
# The hot-issues page shows words and examples drawn from every opinion of the congress: only for those who may
# read every opinion (committees and members would otherwise learn the content of opinions not routed to them).
HOT_ROLES = READ_ALL
ASSIGNEE_VISIBLE = ("routed", "handling", "replied", "closed")


def assignee_q(user) -> Q | None:
    """Q over Opinion for what is routed to `user` (None: nothing can be routed to this user)."""
    if user.role == Role.COMMITTEE and user.organization_id:
        return Q(route_kind="committee", handler_id=user.organization_id)
    if user.role == Role.UNIT and user.organization_id:
        return Q(route_kind="unit", handler_id=user.organization_id)
    if user.role == Role.DEPUTY and user.person_id:
        stations = Station.objects.filter(congress_id=user.congress_id, deputies__person_id=user.person_id)
        return (Q(route_kind="deputy", deputy__person_id=user.person_id)
                | Q(route_kind="station", station_id__in=stations.values("pk")))
    return None


def opinion_filter(user) -> Q | None:
    """Q over Opinion for the opinions `user` may see; None means nothing: the leadership all, an assignee what is
    routed to it once routed."""
    return rows_by_role(user, full=READ_ALL, others=_routed_to)


def _routed_to(user) -> Q | None:
    mine = assignee_q(user)
    return None if mine is None else mine & Q(status__in=ASSIGNEE_VISIBLE)


def is_assignee(user, opinion) -> bool:
    if not in_congress(user, opinion) or opinion.status not in ASSIGNEE_VISIBLE:
        return False
    if user.role == Role.COMMITTEE:
        return opinion.route_kind == "committee" and opinion.handler_id == user.organization_id
    if user.role == Role.UNIT:
        return opinion.route_kind == "unit" and opinion.handler_id == user.organization_id
    if user.role == Role.DEPUTY and user.person_id:
        if opinion.route_kind == "deputy":
            return opinion.deputy is not None and opinion.deputy.person_id == user.person_id
        if opinion.route_kind == "station" and opinion.station_id:
            return opinion.station.deputies.filter(person_id=user.person_id).exists()
    return False


def can_route(user, opinion) -> bool:
    return is_office(user, opinion)


def can_handle(user, opinion) -> bool:
    """The assignee takes the opinion in hand and drafts the reply."""
    return is_assignee(user, opinion)


def can_see_contact(user, opinion) -> bool:
    if is_office(user, opinion):
        return True
    return opinion.share_contact and is_assignee(user, opinion)


def can_manage_categories(user) -> bool:
    return is_office(user)


def can_view_inbox(user) -> bool:
    return signed_in(user) and (user.role in READ_ALL or assignee_q(user) is not None)


def can_view_hot(user) -> bool:
    return signed_in(user) and user.role in HOT_ROLES


def can_suggest_topic(user) -> bool:
    return signed_in(user) and user.role in (Role.OFFICE, Role.LEADER)
