"""Reads of special-question investigations."""

from __future__ import annotations

from django.db.models import QuerySet

from renda.core.selectors import one_or_404, visible
from renda.supervision import permissions as perms
from renda.supervision.models import Investigation


def investigations_for(user) -> QuerySet[Investigation]:
    return visible(Investigation, perms.investigation_filter(user))


def investigation_for(user, pk: int) -> Investigation:
    return one_or_404(investigations_for(user), pk, "没有找到该特定问题调查。")

