"""External exchange endpoints (/api/v1/deputies/exchanges)."""

from __future__ import annotations

import datetime as dt

from ninja import Router, Schema

from renda.deputies.exchanges import selectors

router = Router(tags=["对外交流"])


class PartnerOut(Schema):
    id: int
    kind: str
    name: str
    country: str
    established_on: dt.date | None


class VisitOut(Schema):
    id: int
    direction: str
    title: str
    partner_id: int | None
    start_date: dt.date
    end_date: dt.date
    place: str
    status: str
    status_label: str
    outcomes: str


def _visit_out(v) -> dict:
    return {"id": v.pk, "direction": v.direction, "title": v.title, "partner_id": v.partner_id,
            "start_date": v.start_date, "end_date": v.end_date, "place": v.place, "status": v.status,
            "status_label": v.get_status_display(), "outcomes": v.outcomes}


@router.get("/partners", response=list[PartnerOut], summary="友好城市和立法机构")
def list_partners(request):
    return list(selectors.partners_for(request.user).order_by("country", "name"))


@router.get("/visits", response=list[VisitOut], summary="出访和来访")
def list_visits(request):
    return [_visit_out(v) for v in selectors.visits_for(request.user).order_by("-start_date")[:200]]


@router.get("/visits/{visit_id}", response=VisitOut, summary="团组")
def get_visit(request, visit_id: int):
    return _visit_out(selectors.visit_for(request.user, visit_id))
