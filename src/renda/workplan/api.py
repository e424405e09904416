"""Work-plan endpoints of /api/v1. Thin: selectors to read, services to write."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from renda.core.api import WorkflowActionOut, actions_out
from renda.core.api_kit import congress_ref, congress_rows, page_out, ref_out
from renda.core.models import Organization, Person
from renda.core.schemas import Id, Page
from renda.core.selectors import patch_fields
from renda.workplan import permissions as perms
from renda.workplan import selectors, services
from renda.workplan.models import Category, ItemStatus, PlanStatus, PriorityTag
from renda.workplan.workflow import ITEM_WORKFLOW, PLAN_WORKFLOW

router = Router(tags=["工作要点"])


class WorkPlanOut(Schema):
    id: int
    year: int
    title: str
    status: PlanStatus
    status_label: str
    doc_number: str
    issued_on: dt.date | None
    current_version: int
    actions: list[WorkflowActionOut] = []


class NamedRef(Schema):
    id: int
    name: str


class WorkItemOut(Schema):
    id: int
    plan_id: int
    number: int
    category: Category
    category_label: str
    title: str
    description: str
    vice_chair: NamedRef | None
    lead_body: NamedRef | None
    counterpart: NamedRef | None
    planned_month: int | None
    planned_meeting: str
    due_date: dt.date | None
    priorities: list[str]
    status: ItemStatus
    status_label: str
    overdue: bool
    result: str
    completed_on: dt.date | None
    lock_version: int
    actions: list[WorkflowActionOut] = []


class ItemPage(Page):
    items: list[WorkItemOut]


class WorkItemIn(Schema):
    category: Category
    title: str = Field(..., min_length=1, max_length=200)
    description: str = Field("", max_length=10000)
    vice_chair_id: int
    lead_body_id: int
    counterpart_id: int | None = None
    planned_month: int | None = Field(None, ge=1, le=12)
    planned_meeting: str = Field("", max_length=60)
    due_date: dt.date | None = None
    priority_ids: list[Id] = []


class WorkItemPatch(Schema):
    lock_version: int = Field(..., ge=0, le=2_147_483_647)
    category: Category | None = None
    title: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = Field(None, max_length=10000)
    vice_chair_id: int | None = None
    lead_body_id: int | None = None
    counterpart_id: int | None = None
    planned_month: int | None = Field(None, ge=1, le=12)
    planned_meeting: str | None = Field(None, max_length=60)
    due_date: dt.date | None = None
    priority_ids: list[Id] | None = None


class WorkplanTransitionIn(Schema):
    action: str = Field(..., max_length=40)
    note: str = Field("", max_length=1000)
    result: str = Field("", max_length=4000)
    doc_number: str = Field("", max_length=40)


class ProgressIn(Schema):
    text: str = Field(..., min_length=1, max_length=2000)
    date: dt.date | None = None


class ItemQuery(Schema):
    category: Category | None = None
    status: ItemStatus | None = None
    lead_body: int | None = Field(None, ge=1, le=2**53)
    vice_chair: int | None = Field(None, ge=1, le=2**53)
    month: int | None = Field(None, ge=1, le=12)
    overdue: bool = False
    q: str = Field("", max_length=50)
    page: int = Field(1, ge=1, le=100000)


class BreakdownRow(Schema):
    label: str
    total: int
    done: int
    in_progress: int
    overdue: int
    rate: float


class DashboardOut(Schema):
    total: int
    done: int
    overdue: int
    rate: float
    by_category: list[BreakdownRow]
    by_vice_chair: list[BreakdownRow]
    by_body: list[BreakdownRow]
    by_month: list[BreakdownRow]


def _plan_out(user, plan) -> dict:
    return {
        "id": plan.pk,
        "year": plan.year,
        "title": plan.title,
        "status": plan.status,
        "status_label": plan.get_status_display(),
        "doc_number": plan.doc_number,
        "issued_on": plan.issued_on,
        "current_version": plan.current_version,
        "actions": actions_out(user, plan, PLAN_WORKFLOW),
    }


def _item_out(user, item, today: dt.date, with_actions: bool = False) -> dict:
    return {
        "id": item.pk,
        "plan_id": item.plan_id,
        "number": item.number,
        "category": item.category,
        "category_label": item.get_category_display(),
        "title": item.title,
        "description": item.description,
        "vice_chair": ref_out(item.vice_chair),
        "lead_body": ref_out(item.lead_body),
        "counterpart": ref_out(item.counterpart),
        "planned_month": item.planned_month,
        "planned_meeting": item.planned_meeting,
        "due_date": item.due_date,
        "priorities": [t.name for t in item.priorities.all()],
        "status": item.status,
        "status_label": item.get_status_display(),
        "overdue": item.is_overdue(today),
        "result": item.result,
        "completed_on": item.completed_on,
        "lock_version": item.lock_version,
        "actions": actions_out(user, item, ITEM_WORKFLOW) if with_actions else [],
    }


def _resolve(congress_id: int, data: dict) -> dict:
    """Turn *_id fields into objects of the same congress (422 otherwise)."""
    out = {}
    refs = {"vice_chair_id": ("vice_chair", Person), "lead_body_id": ("lead_body", Organization),
            "counterpart_id": ("counterpart", Organization)}
    for key, value in data.items():
        if key in refs:
            name, model = refs[key]
            out[name] = congress_ref(model, congress_id, value, name)
        elif key != "priority_ids":
            out[key] = value
    return out


def _priorities(congress_id: int, ids: list[int] | None) -> list[PriorityTag] | None:
    return None if ids is None else congress_rows(PriorityTag, congress_id, ids, "priorities")


@router.get("/plans", response=list[WorkPlanOut], summary="工作要点列表")
def list_plans(request):
    return [_plan_out(request.user, p) for p in selectors.plans_for(request.user)]


@router.get("/plans/{plan_id}", response=WorkPlanOut, summary="工作要点")
def get_plan(request, plan_id: int):
    return _plan_out(request.user, selectors.plan_for(request.user, plan_id))


@router.post("/plans/{plan_id}/transitions", response=WorkPlanOut, summary="工作要点流转")
def transition_plan(request, plan_id: int, payload: WorkplanTransitionIn):
    plan = selectors.plan_for(request.user, plan_id)
    plan = services.plan_transition(
        actor=request.user, plan=plan, action=payload.action, note=payload.note, doc_number=payload.doc_number
    )
    return _plan_out(request.user, plan)


@router.get("/plans/{plan_id}/items", response=ItemPage, summary="事项列表")
def list_items(request, plan_id: int, filters: Query[ItemQuery]):
    plan = selectors.plan_for(request.user, plan_id)
    f = selectors.ItemFilters(
        category=filters.category or "",
        status=filters.status or "",
        lead_body=filters.lead_body,
        vice_chair=filters.vice_chair,
        month=filters.month,
        overdue=filters.overdue,
        q=filters.q,
    )
    page = selectors.item_page(request.user, plan, f, page=filters.page)
    today = timezone.localdate()
    return page_out(page, [_item_out(request.user, i, today) for i in page.object_list])


@router.post("/plans/{plan_id}/items", response={201: WorkItemOut}, summary="增加事项")
def create_item(request, plan_id: int, payload: WorkItemIn):
    plan = selectors.plan_for(request.user, plan_id)
    data = payload.dict()
    priorities = _priorities(plan.congress_id, data.pop("priority_ids"))
    item = services.item_create(
        actor=request.user, plan=plan, priorities=priorities, **_resolve(plan.congress_id, data)
    )
    item = selectors.item_for(request.user, item.pk)
    return Status(201, _item_out(request.user, item, timezone.localdate(), with_actions=True))


@router.get("/plans/{plan_id}/dashboard", response=DashboardOut, summary="完成情况统计")
def plan_dashboard(request, plan_id: int):
    plan = selectors.plan_for(request.user, plan_id)
    if not perms.can_view_dashboard(request.user):
        raise PermissionDenied("您没有查看统计的权限。")
    stats = selectors.dashboard(request.user, plan)
    totals = stats["totals"]
    return {
        "total": totals["total"] or 0,
        "done": totals["done"] or 0,
        "overdue": totals["overdue"] or 0,
        "rate": totals["rate"],
        "by_category": stats["by_category"],
        "by_vice_chair": stats["by_vice_chair"],
        "by_body": stats["by_body"],
        "by_month": stats["by_month"],
    }


@router.get("/items/{item_id}", response=WorkItemOut, summary="事项")
def get_item(request, item_id: int):
    item = selectors.item_for(request.user, item_id)
    return _item_out(request.user, item, timezone.localdate(), with_actions=True)


@router.patch("/items/{item_id}", response=WorkItemOut, summary="修改事项")
def update_item(request, item_id: int, payload: WorkItemPatch):
    item = selectors.item_for(request.user, item_id)
    data, lock_version = patch_fields(payload, not_null=("category", "title", "vice_chair_id", "lead_body_id"))
    priorities = _priorities(item.congress_id, data.pop("priority_ids", None))
    services.item_update(
        actor=request.user, item=item, lock_version=lock_version, priorities=priorities,
        **_resolve(item.congress_id, data),
    )
    item = selectors.item_for(request.user, item_id)
    return _item_out(request.user, item, timezone.localdate(), with_actions=True)


@router.post("/items/{item_id}/transitions", response=WorkItemOut, summary="事项流转")
def transition_item(request, item_id: int, payload: WorkplanTransitionIn):
    item = selectors.item_for(request.user, item_id)
    services.item_transition(
        actor=request.user, item=item, action=payload.action, note=payload.note, result=payload.result
    )
    item = selectors.item_for(request.user, item_id)
    return _item_out(request.user, item, timezone.localdate(), with_actions=True)


@router.post("/items/{item_id}/progress", response={201: dict}, summary="填报进展")
def add_progress(request, item_id: int, payload: ProgressIn):
    item = selectors.item_for(request.user, item_id)
    note = services.item_add_progress(actor=request.user, item=item, text=payload.text, date=payload.date)
    return Status(201, {"id": note.pk, "date": note.date.isoformat(), "text": note.text})

