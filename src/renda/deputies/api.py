"""Deputies' work endpoints of /api/v1/deputies. Thin: selectors to read, services to write.

Personal data (ID number, phone) is only at /{id}/private, for the deputies' working committee (and the
deputy themself); no list or export carries it.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from renda.core.api import WorkflowActionOut, state_out
from renda.core.api_kit import congress_ref, page_out, ref_out
from renda.core.models import Person
from renda.core.params import ApiDate
from renda.core.schemas import Id, Page
from renda.deputies import permissions as perms
from renda.deputies import records, selectors, services, steps
from renda.deputies.annual.api import router as annual_router
from renda.deputies.exchanges.api import router as exchanges_router
from renda.deputies.immunity.api import router as immunity_router
from renda.deputies.liaison.api import router as liaison_router
from renda.deputies.models import ChangeKind, Delegation, Deputy, Education
from renda.deputies.schedule import selectors as schedule
from renda.deputies.training.api import router as training_router
from renda.deputies.workflow import CHANGE_WORKFLOW

router = Router(tags=["代表"])


class NamedRef(Schema):
    id: int
    name: str


class DeputyOut(Schema):
    id: int
    person_id: int
    name: str
    gender: str
    ethnicity: str
    party: str
    birth_year: int | None
    delegation: NamedRef | None
    constituency: str
    sector: str
    occupation: str
    education: str
    reelected: bool
    status: str
    status_label: str
    elected_on: dt.date | None
    ended_on: dt.date | None
    lock_version: int


class DeputyPage(Page):
    items: list[DeputyOut]


class PrivateOut(Schema):
    id: int
    id_number: str
    phone: str


class DeputyPatch(Schema):
    lock_version: int = Field(..., ge=0, le=2_147_483_647)
    delegation_id: int | None = None
    constituency: str | None = Field(None, max_length=80)
    sector: str | None = Field(None, max_length=40)
    occupation: str | None = Field(None, max_length=80)
    education: Education | None = None
    reelected: bool | None = None
    gender: str | None = Field(None, pattern="^(M|F|)$")
    ethnicity: str | None = Field(None, max_length=20)
    party: str | None = Field(None, max_length=40)
    birth_year: int | None = Field(None, ge=1900, le=2100)
    id_number: str | None = Field(None, max_length=18)
    phone: str | None = Field(None, max_length=20)


class DeputyQuery(Schema):
    delegation: int | None = Field(None, ge=1, le=2**53)
    sector: str = Field("", max_length=40)
    party: str = Field("", max_length=40)
    gender: str = Field("", pattern="^(M|F|)$")
    status: str = Field("active", max_length=20)
    q: str = Field("", max_length=40)
    page: int = Field(1, ge=1, le=100000)


class Row(Schema):
    label: str
    count: int
    share: float


class CompositionOut(Schema):
    term: str
    total: int
    seats: int
    vacancies: int | None
    highlights: list[Row]
    dimensions: dict[str, list[Row]]


class ChangeIn(Schema):
    kind: ChangeKind
    occurred_on: dt.date
    deputy_id: int | None = None
    delegation_id: int | None = None
    person_id: int | None = None
    reason: str = Field("", max_length=2000)
    decision_ref: str = Field("", max_length=120)
    credentials_reviewed: bool = False


class ChangeOut(Schema):
    id: int
    kind: str
    kind_label: str
    deputy_id: int | None
    person_id: int | None
    delegation_id: int | None
    occurred_on: dt.date
    effective_on: dt.date | None
    announced_on: dt.date | None
    votes_for: int | None
    members_total: int | None
    status: str
    status_label: str
    new_deputy_id: int | None
    actions: list[WorkflowActionOut] = []


class ChangeTransitionIn(Schema):
    action: str = Field(..., max_length=40)
    note: str = Field("", max_length=1000)
    votes_for: int | None = Field(None, ge=0, le=10000)
    decision_ref: str = Field("", max_length=120)
    effective_on: dt.date | None = None
    credentials_reviewed: bool = False


class EntryOut(Schema):
    kind: str
    title: str
    date: dt.date
    status: str
    url: str
    points: float | None
    detail: str


class KindRowOut(Schema):
    kind: str
    label: str
    count: int
    each: float
    points: float


class RecordOut(Schema):
    deputy_id: int
    year: int
    total_points: float
    rows: list[KindRowOut]
    entries: list[EntryOut]


class EventOut(Schema):
    kind: str
    title: str
    start: dt.datetime
    end: dt.datetime
    all_day: bool
    url: str
    place: str
    person_ids: list[Id]
    body_id: int | None


class ClashOut(Schema):
    rule: str
    kind: str
    message: str
    basis: str


class CalendarOut(Schema):
    start: dt.date
    end: dt.date
    events: list[EventOut]
    warnings: list[ClashOut]


class CalendarQuery(Schema):
    view: str = Field("month", pattern="^(month|week|list)$")
    date: ApiDate | None = None  # 1900-01-01 … 2199-12-31, else a 422 (renda.core.params)
    scope: str = Field("all", pattern="^(me|person|body|all)$")
    person: int | None = Field(None, ge=1, le=2**53)
    body: int | None = Field(None, ge=1, le=2**53)


def _deputy_out(d: Deputy) -> dict:
    p = d.person
    return {
        "id": d.pk, "person_id": p.pk, "name": p.name, "gender": p.gender, "ethnicity": p.ethnicity,
        "party": p.party, "birth_year": p.birth_year, "delegation": ref_out(d.delegation),
        "constituency": d.constituency, "sector": d.sector, "occupation": d.occupation, "education": d.education,
        "reelected": d.reelected, "status": d.status, "status_label": d.get_status_display(),
        "elected_on": d.elected_on, "ended_on": d.ended_on, "lock_version": d.lock_version,
    }


def _change_out(user, c) -> dict:
    return {
        **state_out(user, c, CHANGE_WORKFLOW), "kind": c.kind, "kind_label": c.get_kind_display(),
        "deputy_id": c.deputy_id, "person_id": c.person_id, "delegation_id": c.delegation_id,
        "occurred_on": c.occurred_on, "effective_on": c.effective_on, "announced_on": c.announced_on,
        "votes_for": c.votes_for, "members_total": c.members_total, "new_deputy_id": c.new_deputy_id,
    }


def _term(user):
    if not perms.can_view_registry(user):
        raise Http404
    term = selectors.current_term(user.congress_id)
    if term is None:
        raise Http404
    return term


@router.get("/registry", response=DeputyPage, summary="代表名册")
def list_deputies(request, filters: Query[DeputyQuery]):
    term = _term(request.user)
    f = selectors.DeputyFilters(delegation=filters.delegation, sector=filters.sector, party=filters.party,
                                gender=filters.gender,
                                status=filters.status if filters.status in (*Deputy.Status.values, "active", "all")
                                else "active", q=filters.q)
    page = selectors.deputy_page(request.user, term, f, page=filters.page)
    return page_out(page, [_deputy_out(d) for d in page.object_list])


@router.get("/composition", response=CompositionOut, summary="代表结构统计")
def get_composition(request):
    stats = selectors.composition(_term(request.user))
    return {
        "term": str(stats["term"]), "total": stats["total"], "seats": stats["seats"], "vacancies": stats["vacancies"],
        "highlights": stats["highlights"],
        "dimensions": {k: [{"label": str(r["label"]), "count": r["count"], "share": r["share"]} for r in rows]
                       for k, rows in stats["dims"].items()},
    }


@router.get("/registry/{deputy_id}", response=DeputyOut, summary="代表")
def get_deputy(request, deputy_id: int):
    return _deputy_out(selectors.deputy_for(request.user, deputy_id))


@router.get("/registry/{deputy_id}/private", response=PrivateOut, summary="代表个人信息（仅代表工作机构）")
def get_private(request, deputy_id: int):
    deputy = selectors.deputy_for(request.user, deputy_id)
    if not perms.can_view_private(request.user, deputy):
        raise PermissionDenied("代表的个人信息仅代表工作机构可以查看。")
    return {"id": deputy.pk, "id_number": deputy.id_number, "phone": deputy.phone}


@router.patch("/registry/{deputy_id}", response=DeputyOut, summary="修改代表信息")
def update_deputy(request, deputy_id: int, payload: DeputyPatch):
    deputy = selectors.deputy_for(request.user, deputy_id)
    data = payload.dict(exclude_unset=True)
    lock_version = data.pop("lock_version")
    if "delegation_id" in data:
        did = data.pop("delegation_id")
        data["delegation"] = Delegation.objects.filter(pk=did, term_id=deputy.term_id).first() if did else None
        if did and data["delegation"] is None:
            raise ValidationError({"delegation": "代表团不存在或不属于本届。"})
    for key in ("constituency", "sector", "occupation", "ethnicity", "party", "id_number", "phone", "education",
                "gender"):
        if key in data and data[key] is None:
            data[key] = ""
    services.deputy_update(actor=request.user, deputy=deputy, lock_version=lock_version, **data)
    return _deputy_out(selectors.deputy_for(request.user, deputy_id))


@router.get("/changes", response=list[ChangeOut], summary="代表变动")
def list_changes(request):
    return [_change_out(request.user, c) for c in selectors.changes_for(request.user).order_by("-occurred_on")[:500]]


@router.post("/changes", response={201: ChangeOut}, summary="登记代表变动")
def create_change(request, payload: ChangeIn):
    user = request.user
    cid = user.congress_id

    change = services.change_create(
        actor=user, kind=payload.kind, occurred_on=payload.occurred_on,
        deputy=congress_ref(Deputy, cid, payload.deputy_id, "deputy"),
        delegation=congress_ref(Delegation, cid, payload.delegation_id, "delegation"),
        person=congress_ref(Person, cid, payload.person_id, "person"), reason=payload.reason,
        decision_ref=payload.decision_ref,
        credentials_reviewed=payload.credentials_reviewed,
    )
    return Status(201, _change_out(user, selectors.change_for(user, change.pk)))


@router.get("/changes/{change_id}", response=ChangeOut, summary="代表变动")
def get_change(request, change_id: int):
    return _change_out(request.user, selectors.change_for(request.user, change_id))


@router.post("/changes/{change_id}/transitions", response=ChangeOut, summary="代表变动流转")
def transition_change(request, change_id: int, payload: ChangeTransitionIn):
    user = request.user
    change = selectors.change_for(user, change_id)
    data = payload.dict()
    change = steps.take(user, "deputies.change", change, data.pop("action"), data)
    return _change_out(user, change)


def _record_out(record) -> dict:
    return {
        "deputy_id": record.deputy.pk, "year": record.year, "total_points": record.total_points,
        "rows": [r.__dict__ for r in record.rows],
        "entries": [{"kind": e.kind, "title": e.title, "date": e.date, "status": e.status, "url": e.url,
                     "points": e.points, "detail": e.detail} for e in record.entries],
    }


def _year(year: int | None) -> int:
    today = timezone.localdate()
    return year if year and today.year - 10 <= year <= today.year + 1 else today.year


@router.get("/me/record", response=RecordOut, summary="我的履职档案")
def my_record(request, year: int | None = None):
    deputy = selectors.my_deputy(request.user)
    if deputy is None:
        raise Http404
    return _record_out(records.compile_record(deputy, _year(year)))


@router.get("/registry/{deputy_id}/record", response=RecordOut, summary="代表履职档案")
def deputy_record(request, deputy_id: int, year: int | None = None):
    deputy = selectors.deputy_for(request.user, deputy_id)
    if not perms.can_view_record(request.user, deputy):
        raise Http404
    return _record_out(records.compile_record(deputy, _year(year), viewer=request.user))


@router.get("/calendar", response=CalendarOut, summary="统筹日程（含重复安排和法定日期提示）")
def get_calendar(request, params: Query[CalendarQuery]):
    user = request.user
    if not perms.can_view_calendar(user):
        raise Http404
    person_id = body_id = None
    if params.scope == "me":
        person_id = user.person_id
        if person_id is None:
            raise ValidationError({"scope": "您的账号没有对应人员，不能查看个人日程。"})
    elif params.scope == "person":
        if user.role not in perms.INTERNAL_ROLES or not params.person:
            raise Http404
        person_id = params.person
    elif params.scope == "body":
        body_id = params.body or user.organization_id
    cv = schedule.calendar_view(user, view=params.view, anchor=params.date or timezone.localdate(),
                                person_id=person_id, body_id=body_id)
    return {
        "start": cv.start, "end": cv.end,
        "events": [{"kind": i.event.kind, "title": i.event.title, "start": i.begin, "end": i.finish,
                    "all_day": i.all_day, "url": i.event.url, "place": i.event.place,
                    "person_ids": sorted(i.event.person_ids), "body_id": i.event.body_id} for i in cv.items],
        "warnings": [{"rule": w.rule_id, "kind": w.kind, "message": w.message, "basis": w.basis} for w in cv.warnings],
    }


router.add_router("/liaison", liaison_router)
router.add_router("/training", training_router)
router.add_router("/exchanges", exchanges_router)
router.add_router("/immunity", immunity_router)
router.add_router("/work-plans", annual_router)
