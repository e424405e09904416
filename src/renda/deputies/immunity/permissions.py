"""Confidential: a request for permission or a detention report is seen by the office, the leadership and the
administrator of the congress only — not by members, committees, deputies (the deputy concerned included) or units.
The office records the steps (the standing committee's review and decision)."""

from __future__ import annotations

from django.db.models import Q

from renda.core.access import LEADERSHIP_ROLES, has_role, is_office


def immunity_filter(user) -> Q | None:
    if not has_role(user, *LEADERSHIP_ROLES):
        return None
    return Q(congress_id=user.congress_id)


def can_view(user) -> bool:
    return immunity_filter(user) is not None


def can_manage(user, obj=None) -> bool:
    return is_office(user, obj)
