"""Reads of 撤职案, visibility-aware."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from renda.core.selectors import one_or_404, visible
from renda.supervision import permissions as perms
from renda.supervision.listing import page_of
from renda.supervision.removal.models import RemovalCase


def removals_for(user) -> QuerySet[RemovalCase]:
    return visible(RemovalCase, perms.removal_filter(user)).select_related("target_organ", "proposer_organ")


def removal_for(user, pk: int) -> RemovalCase:
    return one_or_404(removals_for(user), pk, "没有找到该撤职案。")


def removal_page(user, page=1):
    qs = removals_for(user).annotate(signer_count=Count("signers")).order_by("-created_at", "-id")
    return page_of(qs, page)
