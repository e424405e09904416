"""Who is signed in, and to which congress: the checks every module's permissions.py starts from.

Module permissions combine these with their own rules (`can_<verb>_<entity>`); none re-implements them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import reduce
from operator import or_

from django.db.models import Q

from renda.core.roles import READ_ALL_ROLES, STAFF_ROLES, Role

# The staff of a congress: they see its internal work (drafts, histories, queues). Members of the standing committee
# are not staff — they see what is distributed to them (a meeting's materials, a report once distributed), by each
# module's own rule; deputies, handling units and citizens see only what is theirs or published.
INTERNAL_ROLES = STAFF_ROLES
LEADERSHIP_ROLES = READ_ALL_ROLES


def signed_in(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and getattr(user, "congress_id", None))


def in_congress(user, obj) -> bool:
    """The user is signed in and `obj` belongs to the user's congress."""
    return signed_in(user) and getattr(obj, "congress_id", None) == user.congress_id


def has_role(user, *roles, obj=None) -> bool:
    """The user holds one of `roles` (in `obj`'s congress when given)."""
    if not signed_in(user) or user.role not in roles:
        return False
    return obj is None or in_congress(user, obj)


def is_office(user, obj=None) -> bool:
    return has_role(user, Role.OFFICE, obj=obj)


def is_leader(user, obj=None) -> bool:
    """The director or a vice-chair (主任、副主任)."""
    return has_role(user, Role.LEADER, obj=obj)


def is_office_or_leader(user, obj=None) -> bool:
    """The office, or the leadership (steps the 主任会议 decides and the office records)."""
    return has_role(user, Role.OFFICE, Role.LEADER, obj=obj)


def is_staff(user, obj=None) -> bool:
    return has_role(user, *INTERNAL_ROLES, obj=obj)


def congress_filter(user, roles) -> Q | None:
    """Q over the rows of the user's congress when the user holds one of `roles`; None (nothing) otherwise."""
    return rows_by_role(user, full=roles)


# What one role sees of a congress's rows: a Q, or a function of the user that returns one (None: nothing).
Scope = Q | Callable[..., Q | None]


def rows_by_role(user, *, full=INTERNAL_ROLES, scopes: Mapping[str, Scope] | None = None,
                  others: Scope | None = None) -> Q | None:
    """Q over a congress-scoped model for `user`; None means nothing.

    The anonymous see nothing, and nobody sees another congress's rows. `full` roles see all of their congress; any
    other role sees the rows its entry in `scopes` selects, a role without one what `others` selects (by default
    nothing). A scope is a Q, or a function of the user returning a Q or None — e.g. `person(...)` and `unit(...)`,
    which return None for an account not linked to a person or an organisation.
    """
    if not signed_in(user):
        return None
    base = Q(congress_id=user.congress_id)
    if user.role in full:
        return base
    scope = (scopes or {}).get(user.role, others)
    own = scope if scope is None or isinstance(scope, Q) else scope(user)
    return None if own is None else base & own


def _linked(lookups, value, where: Q | None) -> Q | None:
    if not value:
        return None
    own = reduce(or_, (Q(**{lookup: value}) for lookup in lookups))
    return own if where is None else own & where


def person(*lookups: str, where: Q | None = None) -> Callable[..., Q | None]:
    """The scope of the rows that name the user's own person under any of `lookups` (a deputy's, a member's own),
    narrowed by `where`; nothing for an account not linked to a person."""
    return lambda user: _linked(lookups, user.person_id, where)


def unit(*lookups: str, where: Q | None = None) -> Callable[..., Q | None]:
    """The scope of the rows that name the user's own organisation under any of `lookups` (a handling unit's, a
    committee's own), narrowed by `where`; nothing for an account not linked to an organisation."""
    return lambda user: _linked(lookups, user.organization_id, where)


def staged_filter(user, released: Q, *, full=INTERNAL_ROLES, readers=(Role.MEMBER, Role.DEPUTY),
                  others: Q | None = None) -> Q | None:
    """Staged visibility in the user's congress: `full` roles all, `readers` `released`, the rest `others`."""
    return rows_by_role(user, full=full, scopes=dict.fromkeys(readers, released), others=others)
