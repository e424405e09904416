"""All writes of the work plan. Views, the API and commands call these, never the ORM directly."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from renda.core import audit, locking, rules
from renda.core.models import Organization, Person
from renda.core.roles import Role
from renda.core.writes import known_fields, save_new, save_update
from renda.workplan import permissions as perms
from renda.workplan.models import (
    ItemProgress,
    PriorityTag,
    WorkPlan,
    WorkPlanItem,
)
from renda.workplan.workflow import ITEM_WORKFLOW, PLAN_WORKFLOW

ITEM_FIELDS = [
    "category",
    "title",
    "description",
    "vice_chair",
    "lead_body",
    "counterpart",
    "planned_month",
    "planned_meeting",
    "due_date",
]


def default_due_date(year: int, month: int | None) -> dt.date | None:
    """An item planned for a month is due by the month's end."""
    if not month:
        return None
    if month == 12:
        return dt.date(year, 12, 31)
    return dt.date(year, month + 1, 1) - dt.timedelta(days=1)


@transaction.atomic
def plan_create(*, actor, year: int, title: str | None = None) -> WorkPlan:
    if not perms.can_create_plan(actor):
        raise PermissionDenied("只有办公厅工作人员可以起草工作要点。")
    congress = actor.congress
    if WorkPlan.objects.filter(congress=congress, year=year).exists():
        raise rules.violation("WP-PLAN-UNIQUE", f"{year} 年的工作要点已经存在")
    plan = WorkPlan(
        congress=congress,
        year=year,
        title=title or f"{congress.standing_committee_name}{year}年工作要点",
    )
    return save_new(plan, actor=actor, note=f"创建《{plan.title}》",
                    duplicate=lambda: rules.violation("WP-PLAN-UNIQUE", f"{year} 年的工作要点已经存在"))


def _check_refs(congress_id: int, data: dict[str, Any]) -> None:
    """Foreign keys must point into the same congress: no record crosses tenants."""
    checks = {"vice_chair": Person, "lead_body": Organization, "counterpart": Organization}
    for name, model in checks.items():
        value = data.get(name)
        if value is None:
            continue
        if value.congress_id != congress_id:
            raise ValidationError({name: f"{model._meta.verbose_name}不属于本人大。"})
    if data.get("lead_body") is not None and data["lead_body"].kind not in Organization.CONGRESS_BODY_KINDS:
        raise ValidationError({"lead_body": "牵头单位须为常委会的专门委员会或工作机构。"})


@transaction.atomic
def item_create(*, actor, plan: WorkPlan, priorities: list[PriorityTag] | None = None, **data) -> WorkPlanItem:
    plan = WorkPlan.objects.select_for_update().get(pk=plan.pk)
    if not perms.can_edit_plan(actor, plan):
        if plan.congress_id == actor.congress_id and actor.role == Role.OFFICE:
            raise rules.violation("WP-ITEM-CHANGE", f"工作要点处于「{plan.get_status_display()}」状态，不能增加事项")
        raise PermissionDenied("您没有为该工作要点增加事项的权限。")
    known_fields(data, ITEM_FIELDS, "item")
    _check_refs(plan.congress_id, data)
    number = (plan.items.aggregate(m=Max("number"))["m"] or 0) + 1
    item = WorkPlanItem(congress_id=plan.congress_id, plan=plan, number=number, **data)
    if item.due_date is None:
        item.due_date = default_due_date(plan.year, item.planned_month)
    return save_new(item, actor=actor, snap=_item_snapshot,
                    after_save=(lambda row: _set_priorities(row, priorities)) if priorities else None,
                    note=f"增加第{item.number}项（{item.get_category_display()}）")


def _set_priorities(item: WorkPlanItem, priorities: list[PriorityTag]) -> None:
    for tag in priorities:
        if tag.congress_id != item.congress_id:
            raise ValidationError({"priorities": "中心工作不属于本人大。"})
    item.priorities.set(priorities)


def _item_snapshot(item: WorkPlanItem) -> dict[str, Any]:
    snap = audit.snapshot(item, [*ITEM_FIELDS, "status", "number"])
    snap["priorities"] = sorted(item.priorities.values_list("pk", flat=True))
    return snap


@transaction.atomic
def item_update(
    *,
    actor,
    item: WorkPlanItem,
    lock_version: int,
    priorities: list[PriorityTag] | None = None,
    **data,
) -> WorkPlanItem:
    """Change an item's content. `lock_version` is the version the editor read (optimistic locking)."""
    locked = WorkPlanItem.objects.select_for_update().select_related("plan").get(pk=item.pk)
    if not perms.can_edit_item(actor, locked):
        if locked.congress_id == actor.congress_id and not locked.plan.is_open_for_editing:
            raise rules.violation(
                "WP-ITEM-CHANGE", f"工作要点处于「{locked.plan.get_status_display()}」状态，事项内容不能修改"
            )
        raise PermissionDenied("您没有修改该事项的权限。")
    locking.check_version(locked, lock_version)
    known_fields(data, ITEM_FIELDS, "item")
    _check_refs(locked.congress_id, data)
    if "planned_month" in data and "due_date" not in data:
        data["due_date"] = default_due_date(locked.plan.year, data["planned_month"])
    return save_update(locked, data, actor=actor, snap=_item_snapshot,
                       after_save=(lambda row: _set_priorities(row, priorities)) if priorities is not None else None)


@transaction.atomic
def item_add_progress(*, actor, item: WorkPlanItem, text: str, date: dt.date | None = None) -> ItemProgress:
    item = WorkPlanItem.objects.select_related("plan").get(pk=item.pk)
    if not perms.can_report_progress(actor, item):
        raise PermissionDenied("您没有填报该事项进展的权限。")
    if not item.plan.is_in_force:
        raise rules.violation("WP-ITEM-EXECUTE", "工作要点尚未印发，不能填报进展")
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "进展情况不能为空。"})
    note = ItemProgress(congress_id=item.congress_id, item=item, text=text, date=date or timezone.localdate(),
                        author=actor)
    note.full_clean()
    note.save()
    # The history row reads the note: the progress itself, dated, in words (never the stored keys).
    said = text if len(text) <= 200 else text[:200] + "…"
    audit.record(actor=actor, action="progress", obj=item, after={"progress": text, "date": note.date},
                 note=f"{note.date.year}年{note.date.month}月{note.date.day}日：{said}")
    return note


def plan_transition(*, actor, plan: WorkPlan, action: str, note: str = "", **ctx) -> WorkPlan:
    return PLAN_WORKFLOW.apply(plan, action, actor=actor, note=note, **ctx)


def item_transition(*, actor, item: WorkPlanItem, action: str, note: str = "", **ctx) -> WorkPlanItem:
    return ITEM_WORKFLOW.apply(item, action, actor=actor, note=note, **ctx)


