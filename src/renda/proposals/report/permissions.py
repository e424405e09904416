"""Staff see every report; members and deputies once reported to the committee; units and everyone else (the public
page) once published. The office drafts it and records the steps."""

from __future__ import annotations

from django.db.models import Q

from renda.core.access import INTERNAL_ROLES, is_office, signed_in
from renda.core.roles import Role


def report_filter(user) -> Q | None:
    if not signed_in(user):
        return None
    base = Q(congress_id=user.congress_id)
    if user.role in INTERNAL_ROLES:
        return base
    if user.role in (Role.MEMBER, Role.DEPUTY):
        return base & Q(status__in=("reported", "distributed", "published"))
    return base & Q(status="published")


def can_manage(user, obj=None) -> bool:
    return is_office(user, obj)
