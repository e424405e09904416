"""Who is signed in, and to which congress: the checks every module's permissions.py starts from.

Module permissions combine these with their own rules (`can_<verb>_<entity>`); none re-implements them.
"""

from __future__ import annotations

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
    if not has_role(user, *roles):
        return None
    return Q(congress_id=user.congress_id)


def staged_filter(user, released: Q, *, full=INTERNAL_ROLES, readers=(Role.MEMBER, Role.DEPUTY),
                  others: Q | None = None) -> Q | None:
    """Staged visibility in the user's congress: `full` roles all, `readers` `released`, the rest `others`."""
    if not signed_in(user):
        return None
    base = Q(congress_id=user.congress_id)
    if user.role in full:
        return base
    if user.role in readers:
        return base & released
    return None if others is None else base & others
