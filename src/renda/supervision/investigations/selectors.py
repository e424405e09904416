"""Reads of special-question investigations."""

from __future__ import annotations

from django.db.models import QuerySet

from renda.supervision import permissions as perms
from renda.supervision.listing import get_or_404, none_or
from renda.supervision.models import Investigation


def investigations_for(user) -> QuerySet[Investigation]:
    return none_or(Investigation, perms.investigation_filter(user))


def investigation_for(user, pk: int) -> Investigation:
    return get_or_404(investigations_for(user), pk, "没有找到该特定问题调查。")

