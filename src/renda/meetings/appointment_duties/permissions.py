"""The office, the leadership and the administrator see and record these (as they do nominations)."""

from __future__ import annotations

from django.db.models import Q

from renda.core.access import LEADERSHIP_ROLES, congress_filter, is_office


def duty_filter(user) -> Q | None:
    return congress_filter(user, LEADERSHIP_ROLES)


def can_manage(user, obj=None) -> bool:
    return is_office(user, obj)
