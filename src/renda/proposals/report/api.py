"""Yearly handling reports (/api/v1/proposals/handling-reports); steps: /api/v1/workflow/proposals.handlingreport/…"""

from __future__ import annotations

import datetime as dt

from ninja import Field, Router, Schema, Status

from renda.core.api import WorkflowActionOut, state_out
from renda.core.schemas import Id
from renda.proposals.report import selectors, services
from renda.proposals.report.workflow import REPORT_WORKFLOW

router = Router(tags=["代表建议办理情况报告"])


class HandlingReportOut(Schema):
    id: int
    year: int
    title: str
    text: str
    figures: dict[str, int]
    figures_on: dt.date | None
    reported_on: dt.date | None
    distributed_on: dt.date | None
    published_on: dt.date | None
    status: str
    status_label: str
    actions: list[WorkflowActionOut] = []


class HandlingReportIn(Schema):
    year: int = Field(..., ge=2000, le=2100)
    title: str = Field(..., min_length=1, max_length=200)
    text: str = Field(..., min_length=1, max_length=50000)


def _out(user, r) -> dict:
    return {**state_out(user, r, REPORT_WORKFLOW), "year": r.year, "title": r.title, "text": r.text,
            "figures": r.figures or {}, "figures_on": r.figures_on, "reported_on": r.reported_on,
            "distributed_on": r.distributed_on, "published_on": r.published_on}


@router.get("", response=list[HandlingReportOut], summary="代表建议办理情况报告")
def list_reports(request):
    return [_out(request.user, r) for r in selectors.reports_for(request.user).order_by("-year")[:50]]


@router.get("/{report_id}", response=HandlingReportOut, summary="代表建议办理情况报告")
def get_report(request, report_id: Id):
    return _out(request.user, selectors.report_for(request.user, report_id))


@router.post("", response={201: HandlingReportOut}, summary="起草代表建议办理情况报告")
def create_report(request, payload: HandlingReportIn):
    return Status(201, _out(request.user, services.report_create(actor=request.user, **payload.dict())))
