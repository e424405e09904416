"""Reads of permission requests and detention reports (visibility: permissions.immunity_filter)."""

from __future__ import annotations

from django.db.models import QuerySet

from renda.deputies.immunity import permissions as perms
from renda.deputies.immunity.models import ImmunityCase
from renda.deputies.reads import none_or, one_or_404


def cases_for(user) -> QuerySet[ImmunityCase]:
    return none_or(ImmunityCase.objects.all(), perms.immunity_filter(user)).select_related(
        "deputy__person", "deputy__delegation")


def case_for(user, pk: int) -> ImmunityCase:
    return one_or_404(cases_for(user), pk, "没有找到该记录。")
