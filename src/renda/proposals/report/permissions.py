"""Staff see every report; members and deputies once reported to the committee; units and everyone else (the public
page) once published. The office drafts it and records the steps."""

from __future__ import annotations

from django.db.models import Q

from renda.core.access import is_office, staged_filter


def report_filter(user) -> Q | None:
    return staged_filter(user, Q(status__in=("reported", "distributed", "published")), others=Q(status="published"))


def can_manage(user, obj=None) -> bool:
    return is_office(user, obj)
