"""Reads of permission requests and detention reports (visibility: permissions.immunity_filter)."""

from __future__ import annotations

from django.db.models import QuerySet

from renda.core.selectors import one_or_404, visible
from renda.deputies.immunity import permissions as perms
from renda.deputies.immunity.models import ImmunityCase


def cases_for(user) -> QuerySet[ImmunityCase]:
    return visible(ImmunityCase, perms.immunity_filter(user)).select_related(
        "deputy__person", "deputy__delegation")


def case_for(user, pk: int) -> ImmunityCase:
    return one_or_404(cases_for(user), pk, "没有找到该记录。")
