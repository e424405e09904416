"""Confidential: a request for permission or a detention report is seen by the office, the leadership and the
administrator of the congress only — not by members, committees, deputies (the deputy concerned included) or units.
The office records the steps (the standing committee's review and decision)."""

from __future__ import annotations

from django.db.models import Q

from renda.core.access import LEADERSHIP_ROLES, congress_filter, is_office


def immunity_filter(user) -> Q | None:
    return congress_filter(user, LEADERSHIP_ROLES)


def can_view(user) -> bool:
    return immunity_filter(user) is not None


def can_manage(user, obj=None) -> bool:
    return is_office(user, obj)
