"""The annual deputy-work plan (/api/v1/deputies/work-plans); steps: POST /api/v1/workflow/deputies.workplan/…"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from ninja import Field, Router, Schema, Status

from renda.core.api import WorkflowActionOut, state_out
from renda.core.schemas import Id
from renda.deputies.annual import selectors, services
from renda.deputies.annual.workflow import PLAN_WORKFLOW

router = Router(tags=["年度代表工作计划"])


class DeputyWorkPlanOut(Schema):
    id: int
    year: int
    title: str
    content: str
    adopted_on: dt.date | None
    notified_on: dt.date | None
    published_on: dt.date | None
    status: str
    status_label: str
    actions: list[WorkflowActionOut] = []


class DeputyWorkPlanIn(Schema):
    year: int = Field(..., ge=2000, le=2100)
    title: str = Field(..., min_length=1, max_length=200)
    content: str = Field(..., min_length=1, max_length=50000)


def _out(user, p) -> dict:
    return {**state_out(user, p, PLAN_WORKFLOW), "year": p.year, "title": p.title, "content": p.content,
            "adopted_on": p.adopted_on, "notified_on": p.notified_on, "published_on": p.published_on}


@router.get("", response=list[DeputyWorkPlanOut], summary="年度代表工作计划")
def list_plans(request):
    return [_out(request.user, p) for p in selectors.plans_for(request.user).order_by("-year")[:50]]


@router.get("/{plan_id}", response=DeputyWorkPlanOut, summary="年度代表工作计划")
def get_plan(request, plan_id: Id):
    return _out(request.user, selectors.plan_for(request.user, plan_id))


@router.post("", response={201: DeputyWorkPlanOut}, summary="起草年度代表工作计划")
def create_plan(request, payload: DeputyWorkPlanIn):
    if "\x00" in payload.title + payload.content:
        raise ValidationError({"title": "含有不允许的字符。"})
    plan = services.plan_create(actor=request.user, **payload.dict())
    return Status(201, _out(request.user, plan))
