"""The list of provincial deputies elected by this congress is public information inside the congress (every signed-in
role); the cases (recall, resignation, by-election) are seen by staff and members of the standing committee (who vote
on them). The office records them."""

from __future__ import annotations

from django.db.models import Q

from renda.core.access import INTERNAL_ROLES, congress_filter, is_office, signed_in
from renda.core.roles import Role


def upper_filter(user) -> Q | None:
    return Q(congress_id=user.congress_id) if signed_in(user) else None


def case_filter(user) -> Q | None:
    return congress_filter(user, (*INTERNAL_ROLES, Role.MEMBER))


def can_manage(user, obj=None) -> bool:
    return is_office(user, obj)
