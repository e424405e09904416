"""Reads of enforcement inspections and rectification items, visibility-aware, a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from renda.core.selectors import one_or_404, visible
from renda.supervision import permissions as perms
from renda.supervision.listing import ListFilters, filtered_page, with_files
from renda.supervision.models import OPEN_RECT_STATES, FieldVisit, Inspection, RectificationItem


def inspections_for(user) -> QuerySet[Inspection]:
    return visible(Inspection, perms.inspection_filter(user)).select_related("lead_body", "organ", "parent")


def inspection_for(user, pk: int) -> Inspection:
    qs = visible(Inspection, perms.inspection_filter(user)).select_related(
        "lead_body", "organ", "parent", "workplan_item", "congress")
    return one_or_404(qs, pk, "没有找到该执法检查。")


def inspection_page(user, f: ListFilters, page=1):
    qs = inspections_for(user).annotate(
        open_items=Count("rectifications", filter=Q(rectifications__status__in=OPEN_RECT_STATES)),
        item_count=Count("rectifications"),
    )
    return filtered_page(qs, f, page, order=("-year", "-id"), search=("title", "law_title"))


def inspection_detail(insp: Inspection, user) -> dict[str, Any]:
    visits = with_files(insp.congress_id, "supervision.fieldvisit",
                        list(FieldVisit.objects.filter(inspection=insp).order_by("date", "id")))
    return {
        "team": list(insp.team.select_related("person").order_by("role", "id")),
        "visits": visits,
        "questionnaires": list(insp.questionnaires.order_by("id")),
        "problems": list(insp.problems.order_by("number")),
        "remarks": list(insp.remarks.select_related("person").order_by("date", "id")),
        "rectifications": list(insp.rectifications.select_related("owner_unit", "problem").order_by("number")),
        "follow_ups": list(inspections_for(user).filter(parent=insp).order_by("id")),  # only those `user` may see
    }


def rect_for_user(user) -> QuerySet[RectificationItem]:
    return visible(RectificationItem, perms.rect_filter(user)).select_related(
        "owner_unit", "organ", "inspection", "report")


def rectification_for(user, pk: int) -> RectificationItem:
    qs = rect_for_user(user).select_related("inspection__lead_body", "report__lead_body", "problem")
    return one_or_404(qs, pk, "没有找到该整改事项。")


def overdue_rect_q(today: dt.date) -> Q:
    return Q(status__in=OPEN_RECT_STATES, deadline__lt=today)


def rect_page(user, f: ListFilters, page=1, *, inspection: int | None = None, unit: int | None = None):
    qs = rect_for_user(user)
    if inspection:
        qs = qs.filter(inspection_id=inspection)
    if unit:
        qs = qs.filter(owner_unit_id=unit)
    return filtered_page(qs, f, page, order=("deadline", "id"),
                         year=lambda year: Q(inspection__year=year) | Q(report__year=year),
                         stages={"open": Q(status__in=OPEN_RECT_STATES),
                                 "overdue": overdue_rect_q(timezone.localdate())})
