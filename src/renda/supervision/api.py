"""Supervision endpoints of /api/v1/supervision. Thin: selectors to read, services to write.

A handling unit's own system can list the rectification items assigned to it and report on them, read its
reports and send their texts. The two /public endpoints need no sign-in (a citizen's review request and
its status by tracking code) and share the portal's limits.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.decorators import decorate_view

from renda.core import public, rules
from renda.core.api import WorkflowActionOut, actions_out, state_out
from renda.core.api_kit import congress_row, page_out, ref_out
from renda.core.models import Congress, Organization, Person
from renda.core.schemas import Page
from renda.supervision import permissions as perms
from renda.supervision import selectors, services
from renda.supervision.models import (
    FilerKind,
    FilingStatus,
    InspectionStatus,
    InterpStatus,
    RectStatus,
    ReportKind,
    ReportStatus,
    RequesterKind,
    ReviewRequest,
)
from renda.supervision.public_views import _allowed
from renda.supervision.removal import selectors as removal_sel
from renda.supervision.removal.workflow import REMOVAL_WORKFLOW
from renda.supervision.workflow import (
    FILING_WORKFLOW,
    INTERP_WORKFLOW,
    RECT_WORKFLOW,
    REPORT_WORKFLOW,
)

router = Router(tags=["监督"])
PUBLIC_MAX_BODY = 64 * 1024  # as the portal's review form (supervision/public_views.py MAX_BODY)


class Ref(Schema):
    id: int
    name: str


class SupervisionStepOut(Schema):
    label: str
    due: dt.date | None
    done: dt.date | None
    late: bool
    overdue: bool
    rule: str


class ReportOut(Schema):
    id: int
    year: int
    kind: ReportKind
    kind_label: str
    title: str
    organ: Ref
    reporting_unit: Ref | None
    lead_body: Ref
    meeting_date: dt.date | None
    status: ReportStatus
    status_label: str
    draft_late: bool
    revised_late: bool
    distribute_late: bool
    handling_late: bool
    schedule_note: str
    opinions: str
    handling_due: dt.date | None
    published_on: dt.date | None
    lock_version: int
    timeline: list[SupervisionStepOut] = []
    actions: list[WorkflowActionOut] = []


class ReportPage(Page):
    items: list[ReportOut]


class ListQuery(Schema):
    year: int | None = Field(None, ge=1990, le=2100)
    organ: int | None = Field(None, ge=1, le=2**53)
    status: str = Field("", max_length=24)
    stage: str = Field("", max_length=12)
    late: bool = False
    q: str = Field("", max_length=50)
    page: int = Field(1, ge=1, le=100000)


class ReportQuery(ListQuery):
    kind: str = Field("", max_length=24)


class SupervisionTransitionIn(Schema):
    action: str = Field(..., max_length=40)
    note: str = Field("", max_length=2000)
    on: dt.date | None = None
    text: str = Field("", max_length=100000)
    comments: str = Field("", max_length=20000)


class FigureIn(Schema):
    indicator: str = Field(..., max_length=60)
    year: int = Field(..., ge=1990, le=2100)
    budget: float | None = Field(None, ge=0, le=1e13)
    adjusted: float | None = Field(None, ge=0, le=1e13)
    actual: float | None = Field(None, ge=0, le=1e13)
    unit: str = Field("亿元", max_length=10)


class FiguresIn(Schema):
    rows: list[FigureIn] = Field(..., max_length=500)
    # The report's lock_version when the table was read; a save over a newer table is refused with 409.
    lock_version: int | None = Field(None, ge=0, le=2_147_483_647)


class FigureOut(Schema):
    indicator: str
    year: int
    budget: float | None
    adjusted: float | None
    actual: float | None
    unit: str


class RectOut(Schema):
    id: int
    number: int
    title: str
    requirement: str
    source: str
    owner_unit: Ref
    deadline: dt.date
    overdue: bool
    status: RectStatus
    status_label: str
    report_text: str
    reported_on: dt.date | None
    reported_late: bool
    lock_version: int
    actions: list[WorkflowActionOut] = []


class RectPage(Page):
    items: list[RectOut]


class InspectionOut(Schema):
    id: int
    year: int
    title: str
    law_title: str
    lead_body: Ref
    organ: Ref
    status: InspectionStatus
    status_label: str
    start_date: dt.date | None
    end_date: dt.date | None


class InterpOut(Schema):
    id: int
    title: str
    target: Ref
    status: InterpStatus
    status_label: str
    submitted_on: dt.date | None
    answer_mode: str
    round: int
    signers: list[str] = []
    unsatisfied: int = 0
    actions: list[WorkflowActionOut] = []


class InterpTransitionIn(SupervisionTransitionIn):
    answer_mode: str = Field("", max_length=20)
    committee_id: int | None = Field(None, ge=1, le=2**53)
    answerer_name: str = Field("", max_length=40)
    answerer_title: str = Field("", max_length=120)
    is_head: bool = False


class RatingIn(Schema):
    satisfied: bool
    person_id: int | None = Field(None, ge=1, le=2**53)


class FilingOut(Schema):
    id: int
    title: str
    doc_number: str
    filer: str
    filer_kind: FilerKind
    issued_on: dt.date
    filed_on: dt.date
    filing_due: dt.date
    filing_late: bool
    status: FilingStatus
    status_label: str
    actions: list[WorkflowActionOut] = []


class FilingPage(Page):
    items: list[FilingOut]


class FilingIn(Schema):
    filer_kind: FilerKind
    filer_org_id: int | None = Field(None, ge=1, le=2**53)
    filer_congress_id: int | None = Field(None, ge=1, le=2**53)
    title: str = Field(..., min_length=1, max_length=200)
    doc_number: str = Field("", max_length=60)
    issued_on: dt.date
    filed_on: dt.date | None = None
    text: str = Field("", max_length=200000)


class FilingTransitionIn(SupervisionTransitionIn):
    basis: str = Field("", max_length=12)
    opinion: str = Field("", max_length=20000)
    grounds: list[str] = Field([], max_length=3)
    result: str = Field("", max_length=20000)


class PictureCell(Schema):
    key: str
    n: int
    url: str


class PictureRow(Schema):
    organ: Ref
    cells: list[PictureCell]


class PictureOut(Schema):
    year: int
    columns: list[list[str]]
    rows: list[PictureRow]


class PublicRequestIn(Schema):
    requester_kind: RequesterKind = RequesterKind.CITIZEN
    requester_name: str = Field(..., max_length=60)
    contact: str = Field(..., max_length=100)
    document_title: str = Field(..., max_length=200)
    document_number: str = Field("", max_length=60)
    issuer: str = Field("", max_length=100)
    reasons: str = Field(..., max_length=5000)
    website: str = Field("", max_length=100, description="请勿填写此项（防止自动提交，与网页表单相同）")


class TrackIn(Schema):
    code: str = Field(..., max_length=30)


class TrackOut(Schema):
    tracking_code: str
    document_title: str
    received_on: dt.date
    status: str
    status_label: str
    reply: str
    replied_on: dt.date | None


def _filters(q, kinds=(), statuses=()) -> selectors.ListFilters:
    return selectors.ListFilters(
        year=q.year, organ=q.organ, kind=getattr(q, "kind", "") if getattr(q, "kind", "") in kinds else "",
        status=q.status if q.status in statuses else "", stage=q.stage if q.stage in selectors.STAGES else "",
        late=q.late, q=q.q,
    )


def _report_out(user, r, detail: bool = False) -> dict:
    return {
        **state_out(user, r, REPORT_WORKFLOW, detail), "year": r.year, "kind": r.kind,
        "kind_label": r.get_kind_display(), "title": r.title, "organ": ref_out(r.organ),
        "reporting_unit": ref_out(r.reporting_unit), "lead_body": ref_out(r.lead_body),
        "meeting_date": r.meeting_date, "draft_late": r.draft_late, "revised_late": r.revised_late,
        "distribute_late": r.distribute_late, "handling_late": r.handling_late,
        "schedule_note": r.schedule_note, "opinions": r.opinions, "handling_due": r.handling_due,
        "published_on": r.published_on, "lock_version": r.lock_version,
        "timeline": selectors.report_timeline(r) if detail else [],
    }


@router.get("/reports", response=ReportPage, summary="监督报告列表")
def list_reports(request, q: Query[ReportQuery]):
    f = _filters(q, kinds=[*ReportKind.values, "financial"], statuses=ReportStatus.values)
    page = selectors.report_page(request.user, f, q.page)
    return page_out(page, [_report_out(request.user, r) for r in page.object_list])


@router.get("/reports/{report_id}", response=ReportOut, summary="监督报告")
def get_report(request, report_id: int):
    return _report_out(request.user, selectors.report_for(request.user, report_id), detail=True)


@router.post("/reports/{report_id}/transitions", response=ReportOut, summary="报告流转（送交报告文本等）")
def transition_report(request, report_id: int, payload: SupervisionTransitionIn):
    report = selectors.report_for(request.user, report_id)
    services.report_transition(actor=request.user, report=report, action=payload.action, note=payload.note,
                               on=payload.on, text=payload.text, comments=payload.comments)
    return _report_out(request.user, selectors.report_for(request.user, report_id), detail=True)


@router.put("/reports/{report_id}/figures", response=list[FigureOut], summary="录入关键数据（整表替换）")
def put_figures(request, report_id: int, payload: FiguresIn):
    report = selectors.report_for(request.user, report_id)
    rows = [{**r.dict(), "budget": r.budget, "adjusted": r.adjusted, "actual": r.actual} for r in payload.rows]
    figures = services.figures_save(actor=request.user, report=report, rows=rows, lock_version=payload.lock_version)
    return [{"indicator": f.indicator, "year": f.year, "unit": f.unit,
             **{k: float(getattr(f, k)) if getattr(f, k) is not None else None
                for k in ("budget", "adjusted", "actual")}} for f in figures]


def _rect_out(user, i, today: dt.date, detail: bool = False) -> dict:
    return {
        **state_out(user, i, RECT_WORKFLOW, detail), "number": i.number, "title": i.title,
        "requirement": i.requirement, "source": i.source_title, "owner_unit": ref_out(i.owner_unit),
        "deadline": i.deadline, "overdue": i.is_overdue(today), "report_text": i.report_text,
        "reported_on": i.reported_on, "reported_late": i.reported_late, "lock_version": i.lock_version,
    }


@router.get("/rectifications", response=RectPage, summary="整改事项列表（承办单位只看到交本单位办理的）")
def list_rectifications(request, q: Query[ListQuery]):
    f = _filters(q, statuses=RectStatus.values)
    page = selectors.rect_page(request.user, f, q.page)
    today = timezone.localdate()
    return page_out(page, [_rect_out(request.user, i, today) for i in page.object_list])


@router.get("/rectifications/{item_id}", response=RectOut, summary="整改事项")
def get_rectification(request, item_id: int):
    return _rect_out(request.user, selectors.rectification_for(request.user, item_id), timezone.localdate(), True)


@router.post("/rectifications/{item_id}/transitions", response=RectOut, summary="整改事项流转（报告整改情况等）")
def transition_rectification(request, item_id: int, payload: SupervisionTransitionIn):
    item = selectors.rectification_for(request.user, item_id)
    services.rectification_transition(actor=request.user, item=item, action=payload.action, note=payload.note,
                                      on=payload.on, text=payload.text)
    item = selectors.rectification_for(request.user, item_id)
    return _rect_out(request.user, item, timezone.localdate(), True)


def _insp_out(i) -> dict:
    return {"id": i.pk, "year": i.year, "title": i.title, "law_title": i.law_title, "lead_body": ref_out(i.lead_body),
            "organ": ref_out(i.organ), "status": i.status, "status_label": i.get_status_display(),
            "start_date": i.start_date, "end_date": i.end_date}


@router.get("/inspections", response=list[InspectionOut], summary="执法检查列表")
def list_inspections(request, q: Query[ListQuery]):
    f = _filters(q, statuses=InspectionStatus.values)
    return [_insp_out(i) for i in selectors.inspection_page(request.user, f, q.page).object_list]


@router.get("/inspections/{inspection_id}", response=InspectionOut, summary="执法检查")
def get_inspection(request, inspection_id: int):
    return _insp_out(selectors.inspection_for(request.user, inspection_id))


def _interp_out(user, i, detail: bool = False) -> dict:
    out = {"id": i.pk, "title": i.title, "target": ref_out(i.target), "status": i.status,
           "status_label": i.get_status_display(), "submitted_on": i.submitted_on, "answer_mode": i.answer_mode,
           "round": i.round}
    if detail:
        d = selectors.interpellation_detail(i)
        out.update(signers=[s.person.name for s in d["signers"]], unsatisfied=d["unsatisfied"],
                   actions=actions_out(user, i, INTERP_WORKFLOW))
    return out


class RemovalOut(Schema):
    id: int
    title: str
    target_name: str
    target_post: str
    post_kind_label: str
    target_organ: Ref | None
    proposer_label: str
    proposer_organ: Ref | None
    signer_count: int
    submitted_on: dt.date | None
    meeting_date: dt.date | None
    members_total: int | None
    votes_yes: int | None
    votes_no: int | None
    votes_abstain: int | None
    voted_on: dt.date | None
    status: str
    status_label: str
    lock_version: int
    actions: list[WorkflowActionOut] = []


def _removal_out(user, c, detail: bool = False) -> dict:
    signers = getattr(c, "signer_count", None)
    return {
        **state_out(user, c, REMOVAL_WORKFLOW, detail), "title": c.title, "target_name": c.target_name,
        "target_post": c.target_post, "post_kind_label": c.get_post_kind_display(),
        "target_organ": ref_out(c.target_organ), "proposer_label": c.get_proposer_kind_display(),
        "proposer_organ": ref_out(c.proposer_organ),
        "signer_count": signers if signers is not None else c.signers.count(), "submitted_on": c.submitted_on,
        "meeting_date": c.meeting_date, "members_total": c.members_total, "votes_yes": c.votes_yes,
        "votes_no": c.votes_no, "votes_abstain": c.votes_abstain, "voted_on": c.voted_on,
        "lock_version": c.lock_version,
    }


class RemovalPage(Page):
    items: list[RemovalOut]


@router.get("/removals", response=RemovalPage, summary="撤职案列表（步骤经 /workflow/supervision.removal/{id}/{action}）")
def list_removals(request, page: int = 1):
    p = removal_sel.removal_page(request.user, page)
    return page_out(p, [_removal_out(request.user, c) for c in p.object_list])


@router.get("/removals/{case_id}", response=RemovalOut, summary="撤职案")
def get_removal(request, case_id: int):
    return _removal_out(request.user, removal_sel.removal_for(request.user, case_id), detail=True)


@router.get("/interpellations", response=list[InterpOut], summary="质询案列表")
def list_interpellations(request, q: Query[ListQuery]):
    f = _filters(q, statuses=InterpStatus.values)
    return [_interp_out(request.user, i) for i in selectors.interpellation_page(request.user, f, q.page).object_list]


@router.get("/interpellations/{interp_id}", response=InterpOut, summary="质询案")
def get_interpellation(request, interp_id: int):
    return _interp_out(request.user, selectors.interpellation_for(request.user, interp_id), detail=True)


@router.post("/interpellations/{interp_id}/transitions", response=InterpOut, summary="质询案流转")
def transition_interpellation(request, interp_id: int, payload: InterpTransitionIn):
    interp = selectors.interpellation_for(request.user, interp_id)
    committee = congress_row(Organization, interp.congress_id, payload.committee_id)
    services.interpellation_transition(
        actor=request.user, interpellation=interp, action=payload.action, note=payload.note, on=payload.on,
        answer_mode=payload.answer_mode, committee=committee, text=payload.text,
        answerer_name=payload.answerer_name, answerer_title=payload.answerer_title, is_head=payload.is_head)
    return _interp_out(request.user, selectors.interpellation_for(request.user, interp_id), detail=True)


@router.post("/interpellations/{interp_id}/ratings", response=InterpOut, summary="提案人对答复的意见")
def rate_interpellation(request, interp_id: int, payload: RatingIn):
    interp = selectors.interpellation_for(request.user, interp_id)
    person = congress_row(Person, interp.congress_id, payload.person_id)
    if payload.person_id and person is None:
        raise Http404("没有找到该人员。")
    services.interpellation_rate(actor=request.user, interpellation=interp, person=person,
                                 satisfied=payload.satisfied)
    return _interp_out(request.user, selectors.interpellation_for(request.user, interp_id), detail=True)


def _filing_out(user, d, detail: bool = False) -> dict:
    return {**state_out(user, d, FILING_WORKFLOW, detail), "title": d.title, "doc_number": d.doc_number,
            "filer": d.filer_name, "filer_kind": d.filer_kind, "issued_on": d.issued_on,
            "filed_on": d.filed_on, "filing_due": d.filing_due, "filing_late": d.filing_late}


@router.get("/filings", response=FilingPage, summary="备案文件列表")
def list_filings(request, q: Query[ListQuery]):
    f = _filters(q, statuses=FilingStatus.values)
    page = selectors.filing_page(request.user, f, q.page)
    return page_out(page, [_filing_out(request.user, d) for d in page.object_list])


@router.get("/filings/{doc_id}", response=FilingOut, summary="备案文件")
def get_filing(request, doc_id: int):
    return _filing_out(request.user, selectors.filing_for(request.user, doc_id), detail=True)


@router.post("/filings", response={201: FilingOut}, summary="报送备案")
def create_filing(request, payload: FilingIn):
    if not perms.can_register_filing(request.user):
        raise PermissionDenied("您没有报送备案的权限。")
    cid = request.user.congress_id
    org = congress_row(Organization, cid, payload.filer_org_id)
    lower = Congress.objects.filter(pk=payload.filer_congress_id, parent_id=cid).first() \
        if payload.filer_congress_id else None
    doc = services.filing_register(
        actor=request.user, filer_kind=payload.filer_kind, filer_org=org, filer_congress=lower, title=payload.title,
        doc_number=payload.doc_number, issued_on=payload.issued_on, filed_on=payload.filed_on, text=payload.text)
    return Status(201, _filing_out(request.user, selectors.filing_for(request.user, doc.pk), detail=True))


@router.post("/filings/{doc_id}/transitions", response=FilingOut, summary="备案审查流转")
def transition_filing(request, doc_id: int, payload: FilingTransitionIn):
    doc = selectors.filing_for(request.user, doc_id)
    services.filing_transition(actor=request.user, document=doc, action=payload.action, note=payload.note,
                               on=payload.on, basis=payload.basis, opinion=payload.opinion, grounds=payload.grounds,
                               result=payload.result)
    return _filing_out(request.user, selectors.filing_for(request.user, doc_id), detail=True)


@router.get("/picture", response=PictureOut, summary="一府一委两院监督情况（每个数字附事项链接）")
def get_picture(request, year: int | None = Query(None, ge=1990, le=2100)):
    if not perms.can_view_picture(request.user):
        raise PermissionDenied("您没有查看监督情况统计的权限。")
    pic = selectors.picture(request.user, year or timezone.localdate().year)
    return {"year": pic["year"], "columns": [list(c) for c in pic["columns"]],
            "rows": [{"organ": ref_out(r["organ"]), "cells": r["cells"]} for r in pic["rows"]]}


# ---- the portal: no sign-in ------------------------------------------------------------------------------
def _public_congress(code: str) -> Congress:
    congress = Congress.objects.filter(code=code).first()
    if congress is None:
        raise Http404("没有找到该人大。")
    return congress


class LimitedOut(Schema):
    detail: str
    rule: str


class PublicErrorOut(Schema):
    detail: str


def _limited_response(congress):
    """429 with Retry-After (the limit counts per hour)."""
    rule = rules.get("SUP-PUBLIC-LIMIT")
    return public.json_error(429, f"提交或查询次数过多，请一小时后再试。依据「{rule.title}」：{rule.statement}",
                             rule=rule.id, retry_after=3600)


# The same defences as the portal's form (supervision/public_views.py): the body size (64 KB), the per-source hourly
# limit of rule SUP-PUBLIC-LIMIT and the honeypot field; and JSON only (415 otherwise), so a cross-site page cannot
# post to these endpoints from a visitor's browser (a text/plain or form post needs no CORS preflight).
PUBLIC_ERRORS = {413: PublicErrorOut, 415: PublicErrorOut, 429: LimitedOut}


@router.post("/public/{code}/review-requests", auth=None,
             response={201: TrackOut, 400: PublicErrorOut, **PUBLIC_ERRORS},
             summary="公众提出规范性文件审查建议（无需登录）")
@decorate_view(public.api_guard(PUBLIC_MAX_BODY))
def public_request(request, code: str, payload: PublicRequestIn):
    congress = _public_congress(code)
    data = payload.dict()
    if public.honeypot_tripped(data):
        return Status(400, {"detail": "提交未通过校验，请刷新页面后重新填写。"})
    if not _allowed(request, congress, "submissions"):
        return _limited_response(congress)
    data.pop(public.HONEYPOT_FIELD, None)
    req = services.review_request_submit(congress=congress, **data)
    return Status(201, _track_out(req))


@router.post("/public/{code}/review-requests/track", auth=None, response={200: TrackOut, **PUBLIC_ERRORS},
             summary="凭查询码查询审查建议办理情况（无需登录）")
@decorate_view(public.api_guard(PUBLIC_MAX_BODY))
def public_track(request, code: str, payload: TrackIn):
    congress = _public_congress(code)
    if not _allowed(request, congress, "lookups"):
        return _limited_response(congress)
    tracking = services.normalize_tracking_code(payload.code)
    req = ReviewRequest.objects.filter(congress=congress, tracking_code=tracking).first() if tracking else None
    if req is None:
        raise Http404("没有找到该查询码。")
    return _track_out(req)


def _track_out(req) -> dict:
    return {"tracking_code": req.tracking_code, "document_title": req.document_title, "received_on": req.received_on,
            "status": req.status, "status_label": req.get_status_display(), "reply": req.reply,
            "replied_on": req.replied_on}
