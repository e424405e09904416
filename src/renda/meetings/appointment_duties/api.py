"""Deadlines and filings after appointments (/api/v1/meetings/appointment-duties); 登记办结 through
POST /api/v1/workflow/meetings.appointmentduty/{id}/done."""

from __future__ import annotations

import datetime as dt

from ninja import Router, Schema, Status

from renda.core.api import WorkflowActionOut, state_out
from renda.core.schemas import Id
from renda.meetings.appointment_duties import selectors, services
from renda.meetings.appointment_duties.workflow import DUTY_WORKFLOW

router = Router(tags=["任免时限和备案"])


class AppointmentDutyOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    nomination_id: int | None
    occurred_on: dt.date
    due_on: dt.date | None
    done_on: dt.date | None
    late: bool
    status: str
    status_label: str
    actions: list[WorkflowActionOut] = []


class NewGovernmentIn(Schema):
    elected_on: dt.date


def _out(user, d) -> dict:
    return {**state_out(user, d, DUTY_WORKFLOW), "kind": d.kind, "kind_label": d.get_kind_display(),
            "title": d.title, "nomination_id": d.nomination_id, "occurred_on": d.occurred_on,
            "due_on": d.due_on, "done_on": d.done_on, "late": d.late}


@router.get("", response=list[AppointmentDutyOut], summary="任免时限和备案事项")
def list_duties(request):
    return [_out(request.user, d) for d in selectors.duties_for(request.user).order_by("status", "due_on")[:300]]


@router.post("/new-government", response={201: AppointmentDutyOut}, summary="登记新一届政府选举产生")
def new_government(request, payload: NewGovernmentIn):
    return Status(201, _out(request.user, services.open_new_government(actor=request.user,
                                                                        elected_on=payload.elected_on)))


@router.get("/{duty_id}", response=AppointmentDutyOut, summary="任免时限或者备案事项")
def get_duty(request, duty_id: Id):
    return _out(request.user, selectors.duty_for(request.user, duty_id))
