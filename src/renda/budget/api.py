"""预算联网监督 endpoints of /api/v1: every list page of the module has its list here, with the page's filters and
the page's access (selectors/permissions decide; a list the user may not open is a 403, a row they may not see a
404). Steps go through the kit's `POST /api/v1/workflow/budget.query|budget.question/{id}/{action}`.
Static paths are declared before `/{id}` ones."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from renda.budget import alerts as alert_service
from renda.budget import permissions as perms
from renda.budget import selectors
from renda.budget.engine.money import yuan
from renda.budget.models import (
    ImportBatch,
    ImportKind,
    PayMethod,
    QueryOutcome,
    QueryStatus,
    QuestionStatus,
    alert_label,
)
from renda.core.api_kit import page_out
from renda.core.schemas import Id, Page

router = Router(tags=["预算联网监督"])

PAGE = Field(1, ge=1, le=100000)
YEAR = Field(None, ge=1990, le=2100)


# ---- 函询 -------------------------------------------------------------------------------------------------------
class BudgetQueryOut(Schema):
    id: int
    year: int
    title: str
    status: QueryStatus
    status_label: str
    addressee: str
    unit: str | None
    alert_kind: str
    alert_label: str
    project_code: str
    reply_due: dt.date
    sent_on: dt.date | None
    reply: str
    replied_on: dt.date | None
    outcome: QueryOutcome | None
    outcome_label: str
    closed_on: dt.date | None


class BudgetQueryPage(Page):
    items: list[BudgetQueryOut]


class BudgetQueryFilter(Schema):
    status: QueryStatus | None = None
    year: int | None = YEAR
    page: int = PAGE


def _query_out(q) -> dict:
    return {"id": q.pk, "year": q.year, "title": q.title, "status": q.status, "status_label": q.get_status_display(),
            "addressee": str(q.addressee), "unit": str(q.unit) if q.unit_id else None,
            "alert_kind": q.alert_kind, "alert_label": q.alert_label, "project_code": q.project_code,
            "reply_due": q.reply_due, "sent_on": q.sent_on, "reply": q.reply, "replied_on": q.replied_on,
            "outcome": q.outcome or None, "outcome_label": q.get_outcome_display() if q.outcome else "",
            "closed_on": q.closed_on}


def _filters(f) -> selectors.ListFilters:
    return selectors.ListFilters(status=getattr(f, "status", None) or "", year=f.year,
                                 kind=getattr(f, "kind", None) or "")


@router.get("/queries", response=BudgetQueryPage, summary="预算函询列表")
def list_queries(request, filters: Query[BudgetQueryFilter]):
    if perms.query_filter(request.user) is None:
        raise PermissionDenied("您无权查看预算函询。")
    page = selectors.query_page(request.user, _filters(filters), filters.page)
    return page_out(page, [_query_out(q) for q in page.object_list])


@router.get("/queries/{int:query_id}", response=BudgetQueryOut, summary="预算函询")
def get_query(request, query_id: Id):
    return _query_out(selectors.query_for(request.user, query_id))


# ---- 代表预算问题 ---------------------------------------------------------------------------------------------------
class BudgetQuestionOut(Schema):
    id: int
    year: int
    text: str
    deputy: str
    delegation: str
    unit: str | None
    project_code: str
    alert_kind: str
    alert_label: str
    status: QuestionStatus
    status_label: str
    query_id: int | None
    answer: str
    answered_on: dt.date | None
    created_at: dt.datetime


class BudgetQuestionPage(Page):
    items: list[BudgetQuestionOut]


class BudgetQuestionFilter(Schema):
    status: QuestionStatus | None = None
    year: int | None = YEAR
    page: int = PAGE


def _question_out(user, q, visible_queries: set[int]) -> dict:
    return {"id": q.pk, "year": q.year, "text": q.text, "deputy": str(q.deputy), "delegation": q.delegation,
            "unit": str(q.unit) if q.unit_id else None, "project_code": q.project_code,
            "alert_kind": q.alert_kind, "alert_label": q.alert_label, "status": q.status,
            "status_label": q.get_status_display(),
            # the 函询 drafted from it, once this user may see it (as on the question's page)
            "query_id": q.query_id if q.query_id in visible_queries else None,
            "answer": q.answer, "answered_on": q.answered_on, "created_at": q.created_at}


def _visible_queries(user, questions) -> set[int]:
    ids = {q.query_id for q in questions if q.query_id}
    return set(selectors.queries_for(user).filter(pk__in=ids).values_list("pk", flat=True)) if ids else set()


@router.get("/questions", response=BudgetQuestionPage, summary="代表预算问题列表")
def list_questions(request, filters: Query[BudgetQuestionFilter]):
    user = request.user
    if perms.question_filter(user) is None:
        raise PermissionDenied("您无权查看代表预算问题。")
    page = selectors.question_page(user, _filters(filters), filters.page)
    rows = list(page.object_list)
    seen = _visible_queries(user, rows)
    return page_out(page, [_question_out(user, q, seen) for q in rows])


@router.get("/questions/{int:question_id}", response=BudgetQuestionOut, summary="代表预算问题")
def get_question(request, question_id: Id):
    q = selectors.question_for(request.user, question_id)
    return _question_out(request.user, q, _visible_queries(request.user, [q]))


# ---- 导入记录 ----------------------------------------------------------------------------------------------------
class BudgetBatchRefusal(Schema):
    row: int
    message: str


class BudgetBatchOut(Schema):
    id: int
    kind: ImportKind
    kind_label: str
    filename: str
    status: ImportBatch.Status
    status_label: str
    rows: int
    created: int
    updated: int
    unchanged: int
    refused: int
    created_by: str | None
    created_at: dt.datetime


class BudgetBatchDetailOut(BudgetBatchOut):
    report: list[BudgetBatchRefusal]


class BudgetBatchPage(Page):
    items: list[BudgetBatchOut]


class BudgetBatchFilter(Schema):
    status: ImportBatch.Status | None = None
    kind: ImportKind | None = None
    year: int | None = Field(None, ge=1990, le=2100, description="导入年度")
    page: int = PAGE


def _batch_out(b) -> dict:
    return {"id": b.pk, "kind": b.kind, "kind_label": b.get_kind_display(), "filename": b.filename,
            "status": b.status, "status_label": b.get_status_display(), "rows": b.rows, "created": b.created,
            "updated": b.updated, "unchanged": b.unchanged, "refused": b.refused,
            "created_by": str(b.created_by) if b.created_by_id else None, "created_at": b.created_at}


@router.get("/batches", response=BudgetBatchPage, summary="财政数据导入记录")
def list_batches(request, filters: Query[BudgetBatchFilter]):
    if not perms.can_import(request.user):
        raise PermissionDenied("您没有导入预算数据的权限。")
    page = selectors.batch_page(request.user, _filters(filters), filters.page)
    return page_out(page, [_batch_out(b) for b in page.object_list])


@router.get("/batches/{int:batch_id}", response=BudgetBatchDetailOut, summary="导入记录（含逐行报告）")
def get_batch(request, batch_id: Id):
    b = selectors.batch_for(request.user, batch_id)
    return {**_batch_out(b), "report": [{"row": int(r.get("row", 0)), "message": str(r.get("message", ""))}
                                        for r in b.report]}


# ---- 预警 ------------------------------------------------------------------------------------------------------
ALERTS_PAGE = 100


class BudgetAlertOut(Schema):
    kind: str
    kind_label: str
    rule: str
    unit: str | None
    project: str | None
    vouchers: list[str]
    amount: str = Field(..., description="金额（元，两位小数）")
    message: str


class BudgetAlertPage(Schema):
    as_of: dt.date
    count: int
    page: int
    pages: int
    items: list[BudgetAlertOut]


class BudgetAlertFilter(Schema):
    as_of: dt.date | None = Field(None, ge=dt.date(1990, 1, 1), le=dt.date(2100, 12, 31), description="截至日期")
    kind: str | None = Field(None, max_length=30, description="预警类型")
    page: int = PAGE


@router.get("/alerts", response=BudgetAlertPage, summary="预算预警（某年截至某日）")
def list_alerts(request, filters: Query[BudgetAlertFilter]):
    user = request.user
    if not perms.can_run_alerts(user):
        raise PermissionDenied("您无权查看预算预警。")
    as_of = filters.as_of or timezone.localdate()
    found = [a for a in alert_service.compute_cached(user.congress, as_of.year, as_of)
             if not filters.kind or a.kind == filters.kind]
    pages = max(1, -(-len(found) // ALERTS_PAGE))
    page = min(filters.page, pages)
    items = [{**a.as_dict(), "kind_label": alert_label(a.kind)}
             for a in found[(page - 1) * ALERTS_PAGE: page * ALERTS_PAGE]]
    return {"as_of": as_of, "count": len(found), "page": page, "pages": pages, "items": items}


# ---- 执行情况（逐级下钻） ----------------------------------------------------------------------------------------------
class BudgetExecutionRow(Schema):
    key: str
    label: str
    budget: str = Field(..., description="预算（元）")
    paid: str = Field(..., description="截至当月支付（元）")
    rate: str
    last_rate: str
    params: dict[str, str]


class BudgetPaymentOut(Schema):
    voucher: str
    paid_on: dt.date
    econ_code: str
    amount: str
    payee: str
    method: str
    method_label: str
    purpose: str


class BudgetExecutionOut(Schema):
    year: int
    month: int
    level: str
    level_label: str
    budget: str
    paid: str
    rate: str
    last_rate: str
    rows: list[BudgetExecutionRow]
    payments: list[BudgetPaymentOut]


class BudgetExecutionFilter(Schema):
    year: int | None = YEAR
    month: int | None = Field(None, ge=1, le=12)
    dept: int | None = Field(None, ge=1, le=2**53)
    unit: int | None = Field(None, ge=1, le=2**53)
    func: str | None = Field(None, pattern=r"^\d{3}(\d{2}){0,2}$")
    project: str | None = Field(None, max_length=40, description="项目编码（空串 = 未列项目的支付）")


@router.get("/execution", response=BudgetExecutionOut, summary="预算执行（逐级下钻，同执行页）")
def execution(request, filters: Query[BudgetExecutionFilter]):
    user = request.user
    if not perms.can_view_data(user):
        raise PermissionDenied("您无权查看预算联网监督数据。")
    params = {k: str(v) for k, v in filters.dict().items() if v is not None}
    sel = selectors.selection(user, params)  # ValidationError → 422 in Chinese, a unit not visible → 404
    data = selectors.drilldown(user, sel)
    methods = dict(PayMethod.choices)
    return {
        "year": sel.year, "month": sel.month, "level": data["level"], "level_label": data["level_label"],
        "budget": yuan(data["budget"]), "paid": yuan(data["paid"]), "rate": data["rate"],
        "last_rate": data["last_rate"],
        "rows": [{"key": r.key, "label": r.label, "budget": yuan(r.budget), "paid": yuan(r.paid), "rate": r.rate,
                  "last_rate": r.last_rate, "params": {k: str(v) for k, v in r.params.items()}}
                 for r in data["rows"]],
        "payments": [{**p, "purpose": p.get("purpose") or "", "method_label": methods.get(p["method"], p["method"])}
                     for p in data["payments"]],
    }


# ---- 专题：“三公”经费、转移支付、政府债务、决算 ------------------------------------------------------------------------
class BudgetThreePublicRow(Schema):
    unit: str
    unit_id: int
    budget: str
    paid: str
    last: str
    rate: str
    growth: str
    over: bool


class BudgetThreePublicOut(Schema):
    codes: list[str]
    budget: str
    paid: str
    last: str
    rate: str
    growth: str
    rows: list[BudgetThreePublicRow]


class BudgetTransferRow(Schema):
    func: str
    paid: str


class BudgetTransfersOut(Schema):
    codes: list[str] = Field(description="计为转移支付的支出功能分类科目编码（规则 BUDGET-TRANSFER，默认 230 类）")
    budget: str
    paid: str
    rate: str
    rows: list[BudgetTransferRow]


class BudgetDebtRow(Schema):
    kind: str
    outstanding: str
    limit: str | None
    room: str | None
    over: bool


class BudgetMaturityRow(Schema):
    year: int
    general: str
    special: str
    total: str


class BudgetDebtOut(Schema):
    rows: list[BudgetDebtRow]
    profile: list[BudgetMaturityRow]


class BudgetFinalRow(Schema):
    year: int
    dept: str
    dept_id: int
    budget: str
    final: str
    rate: str
    diff: str


class BudgetTopicsOut(Schema):
    year: int
    month: int
    as_of: dt.date
    three_public: BudgetThreePublicOut
    transfers: BudgetTransfersOut
    debt: BudgetDebtOut
    finals: list[BudgetFinalRow]


class BudgetTopicsFilter(Schema):
    year: int | None = YEAR
    month: int | None = Field(None, ge=1, le=12)


@router.get("/topics", response=BudgetTopicsOut, summary="“三公”经费、转移支付、政府债务与决算（同专题页）")
def topics(request, filters: Query[BudgetTopicsFilter]):
    if not perms.can_view_data(request.user):
        raise PermissionDenied("您无权查看预算联网监督数据。")
    year = filters.year or timezone.localdate().year
    month = filters.month or selectors.default_month(year)
    t = selectors.topics(request.user, year, month)
    t["three_public"]["rows"] = [{k: v for k, v in r.items() if not k.startswith("_")}
                                 for r in t["three_public"]["rows"]]
    return t
