"""预算联网监督 endpoints of /api/v1: the query letters (函询) the user may see. Steps go through the kit's
`POST /api/v1/workflow/budget.query/{id}/{action}`."""

from __future__ import annotations

import datetime as dt

from ninja import Router, Schema

from renda.budget import selectors
from renda.budget.models import QueryStatus
from renda.core.schemas import Id

router = Router(tags=["预算联网监督"])


class BudgetQueryOut(Schema):
    id: int
    year: int
    title: str
    status: QueryStatus
    status_label: str
    addressee: str
    reply_due: dt.date
    reply: str


def _out(q) -> dict:
    return {"id": q.pk, "year": q.year, "title": q.title, "status": q.status, "status_label": q.get_status_display(),
            "addressee": str(q.addressee), "reply_due": q.reply_due, "reply": q.reply}


@router.get("/queries", response=list[BudgetQueryOut], summary="预算函询列表")
def list_queries(request):
    return [_out(q) for q in selectors.queries_for(request.user).order_by("-created_at", "-id")[:200]]


@router.get("/queries/{query_id}", response=BudgetQueryOut, summary="预算函询")
def get_query(request, query_id: Id):
    return _out(selectors.query_for(request.user, query_id))
