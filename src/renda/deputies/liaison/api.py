"""Liaison endpoints: stations, activities, the issues routing list (/api/v1/deputies/liaison)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from ninja import Field, Query, Router, Schema

from renda.core.api import WorkflowActionOut, state_out
from renda.core.api_kit import page_out
from renda.core.schemas import Page
from renda.deputies import steps
from renda.deputies.liaison import selectors
from renda.deputies.models import IssueSource, IssueStatus
from renda.deputies.workflow import ACTIVITY_WORKFLOW, ISSUE_WORKFLOW

router = Router(tags=["联系群众"])


class StationOut(Schema):
    id: int
    kind: str
    name: str
    district: str
    address: str
    schedule: str
    deputy_count: int


class ActivityOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    start: dt.datetime
    end: dt.datetime
    place: str
    station_id: int | None
    organizer_id: int | None
    status: str
    status_label: str
    people_received: int
    actions: list[WorkflowActionOut] = []


class ActivityPage(Page):
    items: list[ActivityOut]


class IssueOut(Schema):
    id: int
    source: str
    source_label: str
    title: str
    content: str
    deputy_id: int | None
    activity_id: int | None
    contact_id: int | None
    routed_to_id: int | None
    routed_on: dt.date | None
    due_on: dt.date | None
    overdue: bool
    answer: str
    answered_on: dt.date | None
    status: str
    status_label: str
    actions: list[WorkflowActionOut] = []


class IssuePage(Page):
    items: list[IssueOut]


class IssueQuery(Schema):
    status: IssueStatus | None = None
    source: IssueSource | None = None
    routed_to: int | None = Field(None, ge=1, le=2**53)
    overdue: bool = False
    q: str = Field("", max_length=50)
    page: int = Field(1, ge=1, le=100000)


class LiaisonTransitionIn(Schema):
    action: str = Field(..., max_length=40)
    note: str = Field("", max_length=1000)
    routed_to_id: int | None = Field(None, ge=1, le=2**53)
    answer: str = Field("", max_length=10000)
    record: str = Field("", max_length=10000)
    people_received: int | None = Field(None, ge=0, le=100000)


def _activity_out(user, a, with_actions=False) -> dict:
    return {
        **state_out(user, a, ACTIVITY_WORKFLOW, with_actions), "kind": a.kind,
        "kind_label": a.get_kind_display(), "title": a.title, "start": a.start, "end": a.end,
        "place": a.place, "station_id": a.station_id, "organizer_id": a.organizer_id,
        "people_received": a.people_received,
    }


def _issue_out(user, i, today, with_actions=False) -> dict:
    return {
        **state_out(user, i, ISSUE_WORKFLOW, with_actions), "source": i.source,
        "source_label": i.get_source_display(), "title": i.title, "content": i.content,
        "deputy_id": i.deputy_id, "activity_id": i.activity_id, "contact_id": i.contact_id,
        "routed_to_id": i.routed_to_id, "routed_on": i.routed_on, "due_on": i.due_on,
        "overdue": i.is_overdue(today), "answer": i.answer, "answered_on": i.answered_on,
    }


@router.get("/stations", response=list[StationOut], summary="代表联络站")
def list_stations(request):
    return [{"id": s.pk, "kind": s.kind, "name": s.name, "district": s.district, "address": s.address,
             "schedule": s.schedule, "deputy_count": s.deputy_count} for s in selectors.stations_for(request.user)]


@router.get("/activities", response=ActivityPage, summary="代表活动")
def list_activities(request, kind: str = "", status: str = "", page: int = 1):
    f = selectors.ActivityFilters.from_querydict({"kind": kind, "status": status})
    p = selectors.activity_page(request.user, f, page=max(1, min(page, 100000)))
    return page_out(p, [_activity_out(request.user, a) for a in p.object_list])


@router.get("/activities/{activity_id}", response=ActivityOut, summary="代表活动")
def get_activity(request, activity_id: int):
    return _activity_out(request.user, selectors.activity_for(request.user, activity_id), with_actions=True)


@router.post("/activities/{activity_id}/transitions", response=ActivityOut, summary="代表活动流转")
def transition_activity(request, activity_id: int, payload: LiaisonTransitionIn):
    a = selectors.activity_for(request.user, activity_id)
    data = payload.dict(exclude={"routed_to_id", "answer"})
    a = steps.take(request.user, "deputies.activity", a, data.pop("action"), data)
    return _activity_out(request.user, a, with_actions=True)


@router.get("/issues", response=IssuePage, summary="群众意见和代表意见")
def list_issues(request, filters: Query[IssueQuery]):
    f = selectors.IssueFilters(status=filters.status or "", source=filters.source or "", routed_to=filters.routed_to,
                               overdue=filters.overdue, q=filters.q)
    p = selectors.issue_page(request.user, f, page=filters.page)
    today = timezone.localdate()
    return page_out(p, [_issue_out(request.user, i, today) for i in p.object_list])


@router.get("/issues/{issue_id}", response=IssueOut, summary="意见")
def get_issue(request, issue_id: int):
    return _issue_out(request.user, selectors.issue_for(request.user, issue_id), timezone.localdate(), True)


@router.post("/issues/{issue_id}/transitions", response=IssueOut, summary="意见交办、答复、办结")
def transition_issue(request, issue_id: int, payload: LiaisonTransitionIn):
    user = request.user
    issue = selectors.issue_for(user, issue_id)
    data = payload.dict(exclude={"record", "people_received"})
    data["routed_to"] = data.pop("routed_to_id")  # the step's form names the field as the page does
    issue = steps.take(user, "deputies.issue", issue, data.pop("action"), data)
    return _issue_out(user, issue, timezone.localdate(), True)
