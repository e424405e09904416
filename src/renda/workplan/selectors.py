"""All reads of the work plan, visibility-aware. A number of queries that does not grow with the data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from renda.core.filters import QueryFilters, choice, flag, number, text
from renda.core.roles import Role
from renda.core.selectors import narrow, one_or_404, visible, visible_one
from renda.workplan import permissions as perms
from renda.workplan.models import (
    OPEN_ITEM_STATES,
    Category,
    ItemStatus,
    WorkPlan,
    WorkPlanItem,
    WorkPlanVersion,
)
from renda.workplan.workflow import PLAN_WORKFLOW


def plans_for(user) -> QuerySet[WorkPlan]:
    return visible(WorkPlan, perms.plan_filter(user)).annotate(
        item_count=Count("items", filter=~Q(items__status=ItemStatus.CANCELLED)),
        done_count=Count("items", filter=Q(items__status=ItemStatus.COMPLETED)),
    ).order_by("-year")


def plan_for(user, pk: int) -> WorkPlan:
    """The plan, or 404 when it does not exist or the user may not see it (existence does not leak)."""
    return visible_one(WorkPlan.objects.select_related("congress"), perms.plan_filter(user), pk, "没有找到该工作要点。")


def current_plan_for(user, year: int | None = None) -> WorkPlan | None:
    qs = plans_for(user)
    if year:
        return qs.filter(year=year).first()
    return qs.first()


def items_for(user, plan: WorkPlan | None = None) -> QuerySet[WorkPlanItem]:
    qs = visible(WorkPlanItem, perms.item_filter(user))
    if plan is not None:
        qs = qs.filter(plan=plan)
    return qs.select_related("plan", "vice_chair", "lead_body", "counterpart").prefetch_related("priorities")


def item_for(user, pk: int) -> WorkPlanItem:
    return one_or_404(visible(WorkPlanItem, perms.item_filter(user))
                      .select_related("plan", "vice_chair", "lead_body", "counterpart", "counterpart__parent")
                      .prefetch_related("priorities"), pk, "没有找到该事项。")


@dataclass
class ItemFilters(QueryFilters):
    category: str = choice(Category.values, label="类别")
    status: str = choice(ItemStatus.values, label="状态")
    lead_body: int | None = number(label="牵头机构")
    vice_chair: int | None = number(label="分管副主任")
    month: int | None = number(1, 12, label="月份")
    overdue: bool = flag()
    due_soon: bool = flag()
    q: str = text()

    @property
    def active(self) -> bool:
        """Whether the list is narrowed at all (the count then reads 符合条件的事项, not 全部事项)."""
        return bool(self.category or self.status or self.lead_body or self.vice_chair or self.month or self.overdue
                    or self.due_soon or self.q)

    def apply(self, qs: QuerySet[WorkPlanItem], today: dt.date) -> QuerySet[WorkPlanItem]:
        qs = narrow(qs, category=self.category, status=self.status, lead_body_id=self.lead_body,
                    vice_chair_id=self.vice_chair, planned_month=self.month)
        if self.overdue:
            qs = qs.filter(overdue_q(today))
        if self.due_soon:
            qs = qs.filter(due_soon_q(today))
        if self.q:
            qs = qs.filter(Q(title__icontains=self.q) | Q(description__icontains=self.q))
        return qs


def overdue_q(today: dt.date) -> Q:
    return Q(status__in=OPEN_ITEM_STATES, due_date__lt=today)


DUE_SOON_DAYS = 30


def due_soon_q(today: dt.date) -> Q:
    """Open items whose deadline falls within the next 30 days (today included): the home page's 30日内到期."""
    return Q(status__in=OPEN_ITEM_STATES, due_date__gte=today, due_date__lte=today + dt.timedelta(days=DUE_SOON_DAYS))


def filtered_items(user, plan: WorkPlan, filters: ItemFilters) -> QuerySet[WorkPlanItem]:
    """The plan's items a user sees, narrowed by the list's filters: the list and its export read the same rows."""
    return filters.apply(items_for(user, plan), timezone.localdate()).order_by("number")


def item_page(user, plan: WorkPlan, filters: ItemFilters, page: int = 1, per_page: int = 50):
    qs = filtered_items(user, plan, filters)
    paginator = Paginator(qs, per_page)
    return paginator.get_page(page)


def _rate(done: int, total: int) -> float:
    return round(100.0 * done / total, 1) if total else 0.0


def dashboard(user, plan: WorkPlan) -> dict[str, Any]:
    """Completion by category, vice-chair, committee and month, and the overdue items: six queries."""
    today = timezone.localdate()
    base = items_for(user, plan).exclude(status=ItemStatus.CANCELLED).order_by()
    counts = dict(
        total=Count("id"),
        done=Count("id", filter=Q(status=ItemStatus.COMPLETED)),
        in_progress=Count("id", filter=Q(status=ItemStatus.IN_PROGRESS)),
        overdue=Count("id", filter=overdue_q(today)),
    )

    def grouped(*fields: str) -> list[dict[str, Any]]:
        rows = list(base.values(*fields).annotate(**counts).order_by(*fields))
        for r in rows:
            r["rate"] = _rate(r["done"], r["total"])
        return rows

    category_labels = dict(Category.choices)
    order = {value: i for i, value in enumerate(Category.values)}
    by_category = sorted(grouped("category"), key=lambda r: order.get(r["category"], 99))
    for r in by_category:
        r["label"] = category_labels.get(r["category"], r["category"])
    by_vice_chair = grouped("vice_chair_id", "vice_chair__name")
    for r in by_vice_chair:
        r["label"] = r["vice_chair__name"] or "未明确"
    by_body = grouped("lead_body_id", "lead_body__name")
    for r in by_body:
        r["label"] = r["lead_body__name"] or "未明确"
    by_month = grouped("planned_month")
    for r in by_month:
        r["label"] = f"{r['planned_month']}月" if r["planned_month"] else "全年"
    totals = base.aggregate(**counts)
    totals["rate"] = _rate(totals["done"] or 0, totals["total"] or 0)
    overdue = list(
        base.filter(overdue_q(today)).select_related("vice_chair", "lead_body").order_by("due_date", "number")[:50]
    )
    return {
        "today": today,
        "totals": totals,
        "by_category": by_category,
        "by_vice_chair": by_vice_chair,
        "by_body": by_body,
        "by_month": by_month,
        "overdue": overdue,
    }


def chart_data(stats: dict[str, Any]) -> dict[str, Any]:
    """The dashboard figures in the shape the ECharts script reads."""

    def series(rows):
        return {
            "labels": [r["label"] for r in rows],
            "done": [r["done"] for r in rows],
            "open": [r["total"] - r["done"] for r in rows],
            "overdue": [r["overdue"] for r in rows],
        }

    return {
        "category": series(stats["by_category"]),
        "vice_chair": series(stats["by_vice_chair"]),
        "body": series(stats["by_body"]),
        "month": series(stats["by_month"]),
    }


def versions(plan: WorkPlan) -> QuerySet[WorkPlanVersion]:
    return plan.versions.order_by("-number")


COMPARED_FIELDS = [
    ("category", "类别"),
    ("title", "事项"),
    ("description", "内容"),
    ("vice_chair", "分管副主任"),
    ("lead_body", "牵头工委（办）"),
    ("counterpart", "对口机关"),
    ("planned_month", "计划月份"),
    ("planned_meeting", "计划会次"),
    ("due_date", "完成时限"),
    ("priorities", "服务中心工作"),
    ("status", "状态"),
]


def compare_versions(old: WorkPlanVersion, new: WorkPlanVersion) -> dict[str, Any]:
    """What changed between two versions: items added, removed and changed (field by field)."""
    old_items = {row["id"]: row for row in old.snapshot}
    new_items = {row["id"]: row for row in new.snapshot}
    added = [new_items[k] for k in new_items if k not in old_items]
    removed = [old_items[k] for k in old_items if k not in new_items]
    changed = []
    for k in new_items:
        if k not in old_items:
            continue
        a, b = old_items[k], new_items[k]
        fields = [
            {"field": label, "old": a.get(name), "new": b.get(name)}
            for name, label in COMPARED_FIELDS
            if a.get(name) != b.get(name)
        ]
        if fields:
            changed.append({"item": b, "fields": fields})
    return {
        "old": old,
        "new": new,
        "added": sorted(added, key=lambda r: r["number"]),
        "removed": sorted(removed, key=lambda r: r["number"]),
        "changed": sorted(changed, key=lambda r: r["item"]["number"]),
    }


def home_scope(user, plan) -> tuple[QuerySet[WorkPlanItem], dict[str, int]]:
    """The items a user's home page speaks of, and the list filters that show exactly those: a committee's own,
    a vice-chair's own (分管), everything for the director, the office and the rest."""
    items = items_for(user, plan).exclude(status=ItemStatus.CANCELLED)
    if user.role == Role.COMMITTEE and user.organization_id:
        return items.filter(lead_body_id=user.organization_id), {"lead_body": user.organization_id}
    if user.role == Role.UNIT:
        return items, {}  # a unit sees only the items it is the counterpart of (items_for)
    if user.role == Role.LEADER and user.person_id and items.filter(vice_chair_id=user.person_id).exists():
        return items.filter(vice_chair_id=user.person_id), {"vice_chair": user.person_id}
    return items, {}


def home_panel(user) -> dict[str, Any] | None:
    """What waits on this user in the work plan, and what is overdue or due soon — each number links to a list of
    exactly that many rows."""
    if not getattr(user, "is_authenticated", False) or not user.congress_id:
        return None
    if user.role in (Role.DEPUTY, Role.MEMBER):
        return None  # the plan's backlog is the staff's, not theirs: their home shows their own work first
    plan = current_plan_for(user)
    if plan is None:
        return None
    today = timezone.localdate()
    mine, scope = home_scope(user, plan)
    overdue_qs = mine.filter(overdue_q(today)).order_by("due_date", "number")
    soon_qs = mine.filter(due_soon_q(today)).order_by("due_date", "number")
    base = reverse("workplan:plan", args=[plan.pk])
    return {
        "title": "工作要点",
        "plan": plan,
        "scope_label": "您牵头的" if "lead_body" in scope else ("您分管的" if "vice_chair" in scope else ""),
        "overdue": list(overdue_qs[:10]),
        "overdue_count": overdue_qs.count(),
        "overdue_url": f"{base}?{urlencode({**scope, 'overdue': 1})}",
        "due_soon": list(soon_qs[:10]),
        "due_soon_count": soon_qs.count(),
        "due_soon_url": f"{base}?{urlencode({**scope, 'due_soon': 1})}",
        # only what the process waits for (never merely allowed steps such as 启动修订)
        "plan_actions": [{"label": t.label, "plan": plan} for t in PLAN_WORKFLOW.awaited_actions(user, plan)],
        "template": "workplan/_home_panel.html",
    }
