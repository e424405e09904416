"""Legislation endpoints of /api/v1/legislation. Thin: selectors to read, services to write.

Comments are not exposed here (the public portal comes with the participation module); names and contacts of
commenters are personal data and never leave the staff pages.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from renda.core.api import WorkflowActionOut, actions_out, state_out
from renda.core.api_kit import named_ref_out, page_out
from renda.core.schemas import Id, Page
from renda.legislation import permissions as perms
from renda.legislation import selectors, services, texts
from renda.legislation.models import BillStatus, LegislativePlanStatus, ProjectKind, Stage
from renda.legislation.workflow import BILL_WORKFLOW, PLAN_WORKFLOW, RECORDED_ACTIONS

router = Router(tags=["立法"])


class NamedRef(Schema):
    id: int
    name: str


class RegulationRef(Schema):
    id: int
    title: str


class BillSummary(Schema):
    id: int
    code: str
    title: str
    display_title: str
    kind: str
    status: BillStatus
    status_label: str
    proposer_kind: str
    proposer_label: str
    proposer: NamedRef | None
    submitted_on: dt.date
    readings_required: int
    readings_done: int


class BillPage(Page):
    items: list[BillSummary]


class ReadingOut(Schema):
    number: int
    label: str
    held_on: dt.date
    meeting: str
    version_id: int


class VersionOut(Schema):
    id: int
    stage: Stage
    stage_label: str
    title: str
    article_count: int
    explanation_label: str
    explanation_title: str
    explanation: str
    published: bool
    created_at: dt.datetime


class PeriodOut(Schema):
    id: int
    version_id: int
    opens_on: dt.date
    closes_on: dt.date
    status: str
    status_label: str


class BillVoteOut(Schema):
    id: int
    eid: str
    provision_label: str
    voted_on: dt.date
    meeting: str
    members_total: int
    yes: int
    no: int
    abstain: int
    passed: bool


class BillStepOut(Schema):
    label: str
    date: dt.date | None
    done: bool
    detail: str
    warn: str


class BillDetail(BillSummary):
    amends: list[RegulationRef] = Field(description="所修改或者废止的法规（法规库中的法规）")
    amendment_form: str = Field(description="修改方式：decision 修正（修改决定）、revision 修订（修订后的全文）")
    subject_area: str
    scope_override: bool
    scope_justification: str
    lead_committee: NamedRef | None
    agenda_decided_on: dt.date | None
    readings_ground: str
    readings_reason: str
    passed_on: dt.date | None
    approval_submitted_on: dt.date | None
    approved_on: dt.date | None
    promulgated_on: dt.date | None
    announcement_number: str
    effective_on: dt.date | None
    filed_on: dt.date | None
    filing_late: bool
    readings: list[ReadingOut]
    versions: list[VersionOut]
    periods: list[PeriodOut]
    votes: list[BillVoteOut]
    timeline: list[BillStepOut]
    actions: list[WorkflowActionOut]
    lock_version: int


class ArticleOut(Schema):
    eid: str
    label: str
    chapter: str
    text: str


class VersionDetail(VersionOut):
    bill_id: int
    text: str
    articles: list[ArticleOut]
    parse_warnings: list[str] | None


class BillQuery(Schema):
    stage: str = Field("", max_length=20)
    status: BillStatus | None = None
    proposer_kind: str = Field("", max_length=20)
    year: int | None = Field(None, ge=1990, le=2200)
    q: str = Field("", max_length=50)
    page: int = Field(1, ge=1, le=100000)


class CompareQuery(Schema):
    old: int = Field(..., ge=1, le=2**53)
    new: int = Field(..., ge=1, le=2**53)
    changes_only: bool = False


class BillTransitionIn(Schema):
    action: str = Field(..., max_length=40)
    note: str = Field("", max_length=2000)
    on: dt.date | None = None
    approval_body: str = Field("", max_length=200)
    announcement_number: str = Field("", max_length=60)
    effective_on: dt.date | None = None
    gazette: str = Field("", max_length=200)


class ReadingIn(Schema):
    held_on: dt.date
    meeting: str = Field(..., min_length=1, max_length=100)
    summary: str = Field("", max_length=10000)


class BillVoteIn(Schema):
    voted_on: dt.date
    yes: int = Field(..., ge=0, le=100000)
    no: int = Field(..., ge=0, le=100000)
    abstain: int = Field(..., ge=0, le=100000)
    meeting: str = Field("", max_length=100)
    note: str = Field("", max_length=2000)
    eid: str = Field("", max_length=200, description="单独表决的条款 eId；为空表示对表决稿整体表决")


class ProjectOut(Schema):
    id: int
    number: int
    kind: ProjectKind
    kind_label: str
    title: str
    subject_area: str
    scope_override: bool
    scope_justification: str
    drafting_unit: NamedRef | None
    lead_body: NamedRef | None
    planned_meeting: str
    workplan_item_id: int | None
    bill_ids: list[Id]


class LegislativePlanOut(Schema):
    id: int
    year: int
    title: str
    status: LegislativePlanStatus
    status_label: str
    adopted_on: dt.date | None
    published_on: dt.date | None
    doc_number: str
    actions: list[WorkflowActionOut] = []


class PlanDetail(LegislativePlanOut):
    projects: list[ProjectOut]


def _summary(bill, readings_done: int | None = None) -> dict:
    return {
        "id": bill.pk, "code": bill.code, "title": bill.title, "display_title": bill.display_title, "kind": bill.kind,
        "status": bill.status, "status_label": bill.get_status_display(), "proposer_kind": bill.proposer_kind,
        "proposer_label": bill.get_proposer_kind_display(), "proposer": named_ref_out(bill.proposer_org),
        "submitted_on": bill.submitted_on, "readings_required": bill.readings_required,
        "readings_done": readings_done if readings_done is not None else getattr(bill, "reading_count", 0),
    }


def _version_out(v) -> dict:
    return {
        "id": v.pk, "stage": v.stage, "stage_label": v.get_stage_display(), "title": v.title,
        "article_count": v.article_count, "explanation_label": v.explanation_label(),
        "explanation_title": v.explanation_title, "explanation": v.explanation, "published": v.published,
        "created_at": v.created_at,
    }


def _detail(user, bill) -> dict:
    readings = selectors.readings(bill)
    votes = selectors.votes(bill)
    versions = selectors.versions_for(user, bill)
    return {
        **_summary(bill, len(readings)),
        "amends": [{"id": r.pk, "title": r.title} for r in sorted(bill.regulations.all(), key=lambda r: r.pk)],
        "amendment_form": bill.amendment_form if bill.kind == "amend" else "", "subject_area": bill.subject_area, "scope_override": bill.scope_override,
        "scope_justification": bill.scope_justification, "lead_committee": named_ref_out(bill.lead_committee),
        "agenda_decided_on": bill.agenda_decided_on, "readings_ground": bill.readings_ground,
        "readings_reason": bill.readings_reason, "passed_on": bill.passed_on,
        "approval_submitted_on": bill.approval_submitted_on, "approved_on": bill.approved_on,
        "promulgated_on": bill.promulgated_on, "announcement_number": bill.announcement_number,
        "effective_on": bill.effective_on, "filed_on": bill.filed_on, "filing_late": bill.filing_late,
        "readings": [{"number": r.number, "label": r.label, "held_on": r.held_on, "meeting": r.meeting,
                      "version_id": r.version_id} for r in readings],
        "versions": [_version_out(v) for v in versions],
        "periods": [{"id": p.pk, "version_id": p.version_id, "opens_on": p.opens_on, "closes_on": p.closes_on,
                     "status": p.status, "status_label": p.get_status_display()} for p in selectors.periods(bill)],
        "votes": [{"id": v.pk, "eid": v.eid, "provision_label": v.provision_label, "voted_on": v.voted_on,
                   "meeting": v.meeting, "members_total": v.members_total, "yes": v.yes, "no": v.no,
                   "abstain": v.abstain, "passed": v.passed} for v in votes],
        "timeline": [s.__dict__ for s in selectors.timeline(bill, readings, votes, timezone.localdate())],
        "actions": [a for a in actions_out(user, bill, BILL_WORKFLOW) if a["action"] not in RECORDED_ACTIONS],
        "lock_version": bill.lock_version,
    }


@router.get("/bills", response=BillPage, summary="法规案列表")
def list_bills(request, filters: Query[BillQuery]):
    f = selectors.BillFilters.from_querydict(
        {"stage": filters.stage, "status": filters.status or "", "proposer_kind": filters.proposer_kind,
         "year": str(filters.year or ""), "q": filters.q})
    page = selectors.bill_page(request.user, f, page=filters.page)
    return page_out(page, [_summary(b) for b in page.object_list])


@router.get("/bills/{bill_id}", response=BillDetail, summary="法规案")
def get_bill(request, bill_id: int):
    return _detail(request.user, selectors.bill_for(request.user, bill_id))


@router.get("/bills/{bill_id}/versions", response=list[VersionOut], summary="法规案的各阶段文本")
def list_versions(request, bill_id: int):
    bill = selectors.bill_for(request.user, bill_id)
    return [_version_out(v) for v in selectors.versions_for(request.user, bill)]


@router.get("/versions/{version_id}", response=VersionDetail, summary="文本（含条文和条款标识）")
def get_version(request, version_id: int):
    version = selectors.version_for(request.user, version_id)
    statute = texts.statute_of(version)
    return {
        **_version_out(version),
        "bill_id": version.bill_id,
        "text": version.text,
        "articles": [{"eid": r.eid, "label": r.label, "chapter": r.chapter, "text": r.text}
                     for r in texts.article_rows(statute)],
        "parse_warnings": version.parse_warnings if perms.can_see_parse_warnings(request.user) else None,
    }


@router.get("/bills/{bill_id}/compare", summary="修改对照表（JSON）")
def compare_versions(request, bill_id: int, query: Query[CompareQuery]):
    bill = selectors.bill_for(request.user, bill_id)
    old = selectors.version_for(request.user, query.old)
    new = selectors.version_for(request.user, query.new)
    if old.bill_id != bill.pk or new.bill_id != bill.pk:
        raise Http404("文本不属于该法规案。")
    result = texts.comparison(old, new)
    return HttpResponse(result.to_json(changes_only=query.changes_only), content_type="application/json")


@router.post("/bills/{bill_id}/transitions", response=BillDetail, summary="法规案流转")
def transition_bill(request, bill_id: int, payload: BillTransitionIn):
    bill = selectors.bill_for(request.user, bill_id)
    if payload.action in RECORDED_ACTIONS:
        raise ValidationError({"action": "记录审议和表决请使用 /readings 和 /votes。"})
    services.bill_transition(
        actor=request.user, bill=bill, action=payload.action, note=payload.note, on=payload.on,
        approval_body=payload.approval_body, announcement_number=payload.announcement_number,
        effective_on=payload.effective_on, gazette=payload.gazette,
    )
    return _detail(request.user, selectors.bill_for(request.user, bill_id))


@router.post("/bills/{bill_id}/readings", response={201: ReadingOut}, summary="记录审议")
def record_reading(request, bill_id: int, payload: ReadingIn):
    bill = selectors.bill_for(request.user, bill_id)
    r = services.bill_record_reading(actor=request.user, bill=bill, held_on=payload.held_on,
                                     meeting=payload.meeting, summary=payload.summary)
    return Status(201, {"number": r.number, "label": r.label, "held_on": r.held_on, "meeting": r.meeting,
                        "version_id": r.version_id})


@router.post("/bills/{bill_id}/votes", response={201: BillVoteOut}, summary="记录表决结果（整体或者单独表决）")
def record_vote(request, bill_id: int, payload: BillVoteIn):
    bill = selectors.bill_for(request.user, bill_id)
    kwargs = {"actor": request.user, "bill": bill, "voted_on": payload.voted_on, "yes": payload.yes,
              "no": payload.no, "abstain": payload.abstain, "meeting": payload.meeting, "note": payload.note}
    if payload.eid:
        v = services.bill_record_separate_vote(eid=payload.eid, **kwargs)
    else:
        v = services.bill_record_vote(**kwargs)
    return Status(201, {"id": v.pk, "eid": v.eid, "provision_label": v.provision_label, "voted_on": v.voted_on,
                        "meeting": v.meeting, "members_total": v.members_total, "yes": v.yes, "no": v.no,
                        "abstain": v.abstain, "passed": v.passed})


def _plan_out(user, plan) -> dict:
    return {**state_out(user, plan, PLAN_WORKFLOW), "year": plan.year, "title": plan.title,
            "adopted_on": plan.adopted_on, "published_on": plan.published_on, "doc_number": plan.doc_number}


@router.get("/plans", response=list[LegislativePlanOut], summary="立法计划列表")
def list_plans(request):
    return [_plan_out(request.user, p) for p in selectors.plans_for(request.user)]


@router.get("/plans/{plan_id}", response=PlanDetail, summary="立法计划")
def get_plan(request, plan_id: int):
    plan = selectors.plan_for(request.user, plan_id)
    projects = selectors.projects(plan, request.user)
    return {
        **_plan_out(request.user, plan),
        "projects": [{
            "id": p.pk, "number": p.number, "kind": p.kind, "kind_label": p.get_kind_display(), "title": p.title,
            "subject_area": p.subject_area, "scope_override": p.scope_override,
            "scope_justification": p.scope_justification, "drafting_unit": named_ref_out(p.drafting_unit),
            "lead_body": named_ref_out(p.lead_body), "planned_meeting": p.planned_meeting,
            "workplan_item_id": p.workplan_item_id, "bill_ids": [b.pk for b in p.visible_bills],
        } for p in projects],
    }
