"""The office, the leadership and the administrator see and record these (as they do nominations)."""

from __future__ import annotations

from django.db.models import Q

from renda.core.access import LEADERSHIP_ROLES, has_role, is_office


def duty_filter(user) -> Q | None:
    if not has_role(user, *LEADERSHIP_ROLES):
        return None
    return Q(congress_id=user.congress_id)


def can_manage(user, obj=None) -> bool:
    return is_office(user, obj)
