"""Visibility of the annual deputy-work plan: staff of the congress see every plan (drafts included); members and
deputies once it has been notified to the deputies; anyone (the public page) once published. Units: published only.
The office drafts it and records the steps."""

from __future__ import annotations

from django.db.models import Q

from renda.core.access import is_office, staged_filter

SHOWN = ("notified", "published")


def plan_filter(user) -> Q | None:
    return staged_filter(user, Q(status__in=SHOWN), others=Q(status="published"))


def can_manage(user, obj=None) -> bool:
    return is_office(user, obj)
