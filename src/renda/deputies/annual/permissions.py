"""Visibility of the annual deputy-work plan: staff of the congress see every plan (drafts included); members and
deputies once it has been notified to the deputies; anyone (the public page) once published. Units: published only.
The office drafts it and records the steps."""

from __future__ import annotations

from django.db.models import Q

from renda.core.access import INTERNAL_ROLES, is_office, signed_in
from renda.core.roles import Role

SHOWN = ("notified", "published")


def plan_filter(user) -> Q | None:
    if not signed_in(user):
        return None
    base = Q(congress_id=user.congress_id)
    if user.role in INTERNAL_ROLES:
        return base
    if user.role in (Role.MEMBER, Role.DEPUTY):
        return base & Q(status__in=SHOWN)
    return base & Q(status="published")


def can_manage(user, obj=None) -> bool:
    return is_office(user, obj)
