"""Reads of the reports on carrying out a resolution, visibility-aware."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from renda.core.selectors import one_or_404, visible
from renda.supervision import permissions as perms
from renda.supervision.resolutions.models import ResolutionExecution, ResolutionStatus


def resolutions_for(user) -> QuerySet[ResolutionExecution]:
    return visible(ResolutionExecution, perms.resolution_filter(user)).select_related("report", "organ")


def resolution_for(user, pk: int) -> ResolutionExecution:
    return one_or_404(resolutions_for(user), pk, "没有找到该执行决议情况报告。")


def overdue(user, today: dt.date) -> QuerySet[ResolutionExecution]:
    """Resolutions whose period has run out without the organ's report (shown red on the pages and the inbox)."""
    return resolutions_for(user).filter(status=ResolutionStatus.AWAITING, due__lt=today).order_by("due", "id")
