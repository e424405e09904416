"""Reads of enforcement inspections and rectification items, visibility-aware, a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from renda.supervision import permissions as perms
from renda.supervision.listing import ListFilters, get_or_404, none_or, page_of, with_files
from renda.supervision.models import OPEN_RECT_STATES, FieldVisit, Inspection, RectificationItem


def inspections_for(user) -> QuerySet[Inspection]:
    return none_or(Inspection, perms.inspection_filter(user)).select_related("lead_body", "organ", "parent")


def inspection_for(user, pk: int) -> Inspection:
    qs = none_or(Inspection, perms.inspection_filter(user)).select_related(
        "lead_body", "organ", "parent", "workplan_item", "congress")
    return get_or_404(qs, pk, "没有找到该执法检查。")


def inspection_page(user, f: ListFilters, page=1):
    qs = inspections_for(user).annotate(
        open_items=Count("rectifications", filter=Q(rectifications__status__in=OPEN_RECT_STATES)),
        item_count=Count("rectifications"),
    )
    if f.year:
        qs = qs.filter(year=f.year)
    if f.organ:
        qs = qs.filter(organ_id=f.organ)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.q:
        qs = qs.filter(Q(title__icontains=f.q) | Q(law_title__icontains=f.q))
    return page_of(qs.order_by("-year", "-id"), page)


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
    return none_or(RectificationItem, perms.rect_filter(user)).select_related(
        "owner_unit", "organ", "inspection", "report")


def rectification_for(user, pk: int) -> RectificationItem:
    qs = rect_for_user(user).select_related("inspection__lead_body", "report__lead_body", "problem")
    return get_or_404(qs, pk, "没有找到该整改事项。")


def overdue_rect_q(today: dt.date) -> Q:
    return Q(status__in=OPEN_RECT_STATES, deadline__lt=today)


def rect_page(user, f: ListFilters, page=1, *, inspection: int | None = None, unit: int | None = None):
    qs = rect_for_user(user)
    today = timezone.localdate()
    if f.year:
        qs = qs.filter(Q(inspection__year=f.year) | Q(report__year=f.year))
    if f.organ:
        qs = qs.filter(organ_id=f.organ)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.stage == "open":
        qs = qs.filter(status__in=OPEN_RECT_STATES)
    elif f.stage == "overdue":
        qs = qs.filter(overdue_rect_q(today))
    if inspection:
        qs = qs.filter(inspection_id=inspection)
    if unit:
        qs = qs.filter(owner_unit_id=unit)
    if f.q:
        qs = qs.filter(title__icontains=f.q)
    return page_of(qs.order_by("deadline", "id"), page)

