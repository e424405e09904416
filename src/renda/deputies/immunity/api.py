"""Requests for permission and detention reports (/api/v1/deputies/immunity): office and leadership only.
Steps through the kit: POST /api/v1/workflow/deputies.immunity/{id}/{action}."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from ninja import Router, Schema, Status

from renda.core.api import WorkflowActionOut, state_out
from renda.core.schemas import Id
from renda.deputies.immunity import selectors, services
from renda.deputies.immunity.forms import CaseForm
from renda.deputies.immunity.workflow import IMMUNITY_WORKFLOW

router = Router(tags=["代表许可"])


class ImmunityCaseOut(Schema):
    id: int
    kind: str
    kind_label: str
    deputy_id: int
    deputy_name: str
    organ_kind_label: str
    organ: str
    received_on: dt.date
    detained_on: dt.date | None
    report_delay_days: int | None
    retaliation_found: bool | None
    votes_for: int | None
    members_total: int | None
    decided_on: dt.date | None
    status: str
    status_label: str
    actions: list[WorkflowActionOut] = []


class ImmunityCaseIn(Schema):
    kind: str
    deputy_id: Id
    organ_kind: str
    organ: str
    received_on: dt.date | None = None
    detained_on: dt.date | None = None
    facts: str


def _out(user, c) -> dict:
    return {
        **state_out(user, c, IMMUNITY_WORKFLOW), "kind": c.kind, "kind_label": c.get_kind_display(),
        "deputy_id": c.deputy_id, "deputy_name": c.deputy.person.name,
        "organ_kind_label": c.get_organ_kind_display(), "organ": c.organ, "received_on": c.received_on,
        "detained_on": c.detained_on, "report_delay_days": c.report_delay_days,
        "retaliation_found": c.retaliation_found, "votes_for": c.votes_for, "members_total": c.members_total,
        "decided_on": c.decided_on,
    }


@router.get("/cases", response=list[ImmunityCaseOut], summary="许可申请和拘留报告")
def list_cases(request):
    return [_out(request.user, c) for c in selectors.cases_for(request.user).order_by("-received_on", "-id")[:200]]


@router.get("/cases/{case_id}", response=ImmunityCaseOut, summary="许可申请或者拘留报告")
def get_case(request, case_id: Id):
    return _out(request.user, selectors.case_for(request.user, case_id))


@router.post("/cases", response={201: ImmunityCaseOut}, summary="登记许可申请或者拘留报告")
def create_case(request, payload: ImmunityCaseIn):
    user = request.user
    data = payload.dict()
    data["deputy"] = data.pop("deputy_id")
    form = CaseForm({k: v for k, v in data.items() if v is not None}, congress=user.congress)
    if not form.is_valid():
        raise ValidationError({name: list(errors) for name, errors in form.errors.items()})
    case = services.case_create(actor=user, **form.cleaned_data)
    return Status(201, _out(user, selectors.case_for(user, case.pk)))
