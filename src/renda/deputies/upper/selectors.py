from __future__ import annotations

from django.db.models import QuerySet

from renda.core.selectors import one_or_404, visible
from renda.deputies.upper import permissions as perms
from renda.deputies.upper.models import UpperDeputy, UpperDeputyCase


def uppers_for(user) -> QuerySet[UpperDeputy]:
    return visible(UpperDeputy, perms.upper_filter(user)).select_related("person")


def cases_for(user) -> QuerySet[UpperDeputyCase]:
    return visible(UpperDeputyCase, perms.case_filter(user)).select_related(
        "deputy__person", "candidate")


def case_for(user, pk: int) -> UpperDeputyCase:
    return one_or_404(cases_for(user), pk, "没有找到该记录。")
