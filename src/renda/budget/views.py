"""Pages of 预算联网监督. Thin: selectors read, services write, permissions decide."""

from __future__ import annotations

import functools
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from renda.budget import alerts as alert_service
from renda.budget import exports, selectors, services
from renda.budget import permissions as perms
from renda.budget.engine.money import to_fen, yuan
from renda.budget.forms import ImportForm, QueryForm, QuestionForm
from renda.budget.models import BudgetUnit, ImportKind
from renda.core import history, kit
from renda.core.filters import FilterRefused
from renda.core.params import BadParameter, page_number, query_date, year_param


def _bad(request, text: str) -> HttpResponse:
    return render(request, "budget/bad_request.html", {"message": text}, status=400)


def _list_page(request, template: str, name: str, page_of, statuses, kinds=(), *, status: int = 200,
               **context) -> HttpResponse:
    """One shape for the module's lists (函询, 代表问题, 导入记录): the filters the page offers (a value it does not
    offer is refused: 400 with the reason), the page of rows the user may see (`page_of(user, filters, page)`) under
    `name`, and the filter form's choices."""
    try:
        f = selectors.list_filters(request.GET, statuses, kinds)
    except FilterRefused as exc:
        return _bad(request, "；".join(exc.errors.values()))
    page = page_of(request.user, f, page_number(request.GET.get("page")))
    return render(request, template, {name: page.object_list, "page": page, "filters": f,
                                      "querystring": f.querystring(), "statuses": statuses, "kinds": kinds,
                                      **context}, status=status)


def _require(allowed: bool) -> None:
    kit.ensure(allowed, "您无权查看预算联网监督数据。")


def _unit_named(form, units):
    """The 预算单位 whose code the form's `unit` names among `units` (None when none is named); an unknown code is
    the field's error."""
    code = form.cleaned_data["unit"]
    if not code:
        return None
    unit = units.filter(code=code).first()
    if unit is None:
        form.add_error("unit", "没有该预算单位编码。")
    return unit


def _form_page(request, form, template: str, save, done: str, to: str) -> HttpResponse:
    """One shape for the module's forms (函询, 代表问题): a valid POST calls `save(cleaned_data)` — it adds the field
    errors it finds and then returns None, or returns what the service made —; a service's refusal is shown above
    the form; done: `done` and on to `to` (a URL name taking the new record's pk). Bad input is a 400."""
    if request.method == "POST" and form.is_valid():
        try:
            made = save(form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, "；".join(exc.messages))
        else:
            if made is not None:
                messages.success(request, done)
                return redirect(to, pk=made.pk)
    return render(request, template, {"form": form}, status=400 if form.errors else 200)


@login_required
def index(request):
    user = request.user
    if not perms.can_view_data(user):
        # handling units: only the queries addressed to them
        kit.ensure(perms.query_filter(user) is not None, "您无权查看预算联网监督数据。")
        return redirect("budget:queries")
    year = timezone.localdate().year
    return render(request, "budget/index.html", {
        "year": year, "summary": selectors.summary(user, year),
        "open_queries": list(selectors.open_queries_for(user)[:10]),
        "can_import": perms.can_import(user), "can_alerts": perms.can_run_alerts(user),
        "can_raise": perms.can_raise_question(user), "can_questions": perms.question_filter(user) is not None,
        "can_reports": perms.is_manager(user),
    })


@login_required
def execution(request):
    user = request.user
    _require(perms.can_view_data(user))
    try:
        sel = selectors.selection(user, request.GET)
    except ValidationError as exc:
        return _bad(request, "；".join(exc.messages))
    data = selectors.drilldown(user, sel)
    if request.GET.get("format") == "xlsx":
        return exports.execution_xlsx(sel, data, show_payee=perms.can_see_payees(user))
    return render(request, "budget/execution.html", {
        "sel": sel, "data": data, "crumbs": [(label, urlencode(p)) for label, p in selectors.crumbs(sel)],
        "rows": [(r, urlencode(r.params)) for r in data["rows"]], "export": urlencode(sel.params(format="xlsx")),
        "can_query": perms.can_create_query(user), "months": range(1, 13),
        "query_params": urlencode({k: v for k, v in {"unit": sel.unit.code if sel.unit else "",
                                                      "project": sel.project or ""}.items() if v}),
    })


@login_required
def alerts(request):
    user = request.user
    _require(perms.can_run_alerts(user))
    today = timezone.localdate()
    as_of = query_date(request.GET.get("as_of"), today)
    result = [a.as_dict() for a in alert_service.compute_cached(user.congress, as_of.year, as_of)]
    if request.GET.get("format") == "xlsx":
        return exports.alerts_xlsx(result, as_of)
    return render(request, "budget/alerts.html", {
        "alerts": [(a, urlencode({"alert_kind": a["kind"], "unit": a["unit"] or "", "project": a["project"] or "",
                                  "amount": a["amount"], "vouchers": ",".join(a["vouchers"][:50])}))
                   for a in result],
        "as_of": as_of, "can_query": perms.can_create_query(user),
    })


@login_required
def import_page(request):
    user = request.user
    _require(perms.can_import(user))
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        f = form.cleaned_data["file"]
        batch = services.import_file(actor=user, congress=user.congress, kind=form.cleaned_data["kind"],
                                     data=f.read(), filename=f.name)
        if batch.status == batch.Status.APPLIED:
            messages.success(request, f"已导入：新增 {batch.created} 行，更新 {batch.updated} 行，未变 {batch.unchanged} 行。")
        else:
            messages.error(request, f"文件未导入：{batch.refused} 行有误，详见逐行报告。")
        return redirect("budget:batch", pk=batch.pk)
    return _list_page(request, "budget/import.html", "batches", selectors.batch_page, selectors.BATCH_STATUSES,
                      ImportKind.choices, status=400 if form.errors else 200, form=form)


@login_required
def batch(request, pk: int):
    b = selectors.batch_for(request.user, pk)
    return render(request, "budget/batch.html", {"batch": b})


@login_required
def queries(request):
    user = request.user
    kit.ensure(perms.query_filter(user) is not None, "您无权查看预算函询。")
    return _list_page(request, "budget/queries.html", "queries", selectors.query_page, selectors.QUERY_STATUSES,
                      can_create=perms.can_create_query(user))


@login_required
def query_new(request):
    user = request.user
    kit.ensure(perms.can_create_query(user), "您没有起草预算函询的权限。")
    initial = {k: request.GET.get(k, "") for k in ("alert_kind", "unit", "project_code", "vouchers", "amount")}
    if request.GET.get("project"):
        initial["project_code"] = request.GET["project"]
    form = QueryForm(request.POST or None, initial=initial, congress_id=user.congress_id)

    def save(d):
        unit = _unit_named(form, BudgetUnit.objects.filter(congress_id=user.congress_id))
        try:
            amount = to_fen(d["amount"]) if d["amount"] else None
        except ValueError as exc:
            form.add_error("amount", str(exc))
        if form.errors:
            return None
        return services.query_create(
            actor=user, year=d["reply_due"].year, title=d["title"], question=d["question"],
            addressee=d["addressee"], reply_due=d["reply_due"], unit=unit, alert_kind=d["alert_kind"],
            project_code=d["project_code"], amount_fen=amount,
            vouchers=[v for v in d["vouchers"].split(",") if v.strip()])

    return _form_page(request, form, "budget/query_form.html", save, "函询已起草。", "budget:query")


@login_required
def query(request, pk: int):
    q = selectors.query_for(request.user, pk)
    return render(request, "budget/query_detail.html", {
        "q": q, "amount": yuan(q.amount_fen) if q.amount_fen is not None else "",
        "vouchers": json.dumps(q.vouchers, ensure_ascii=False)[:2000] if q.vouchers else "",
        "history": history.for_user(request.user, q),
        "act_url": reverse("budget:query", args=[q.pk])})


# ---- deputies: the phone page and their questions -------------------------------------------------------------
def _year_month(request) -> tuple[int, int]:
    today = timezone.localdate()
    try:
        year = year_param(request.GET.get("year") or today.year)
    except BadParameter as exc:
        raise ValidationError("年度无效") from exc
    raw = request.GET.get("month") or selectors.default_month(year)
    if not str(raw).isdigit() or not 1 <= int(raw) <= 12:
        raise ValidationError("月份应为 1 至 12")
    return year, int(raw)


def _monthly(allowed):
    """A page of one month's figures: signed in, `allowed(user)` or 403, then the year and month of the query string
    (a bad one: 400 with the reason) passed to the view after the request."""

    def wrap(fn):
        @login_required
        @functools.wraps(fn)
        def view(request, *args, **kwargs):
            _require(allowed(request.user))
            try:
                year, month = _year_month(request)
            except ValidationError as exc:
                return _bad(request, "；".join(exc.messages))
            return fn(request, year, month, *args, **kwargs)

        return view

    return wrap


@_monthly(perms.can_view_data)
def deputy(request, year: int, month: int):
    """Read-only, phone-first: the delegation's area first, then the city by 主管部门; the 函询 sent; the deputy's
    own questions and the form to raise one."""
    user = request.user
    data = selectors.deputy_overview(user, year, month)
    return render(request, "budget/deputy.html", {
        "year": year, "month": month, "d": data,
        "area_rows": [(r, urlencode(r.params)) for r in data["area_rows"]],
        "city_rows": [(r, urlencode(r.params)) for r in data["city"]["rows"]],
        "form": QuestionForm() if perms.can_raise_question(user) else None,
    })


@login_required
def questions(request):
    user = request.user
    kit.ensure(perms.question_filter(user) is not None, "您无权查看代表预算问题。")
    return _list_page(request, "budget/questions.html", "questions", selectors.question_page,
                      selectors.QUESTION_STATUSES, can_raise=perms.can_raise_question(user))


@login_required
def question_new(request):
    user = request.user
    kit.ensure(perms.can_raise_question(user), "只有人大代表可以提出预算问题。")
    form = QuestionForm(request.POST or None)

    def save(d):
        unit = _unit_named(form, selectors.units_for(user))
        if form.errors:
            return None
        return services.question_raise(actor=user, text=d["text"], year=timezone.localdate().year, unit=unit,
                                       project_code=d["project_code"], alert_kind=d["alert_kind"])

    return _form_page(request, form, "budget/question_form.html", save, "问题已提交预算工作委员会。",
                      "budget:question")


@login_required
def question(request, pk: int):
    q = selectors.question_for(request.user, pk)
    # the 函询 drafted from it, once this user may see it (a draft is the 预算工委's own)
    query = selectors.queries_for(request.user).filter(pk=q.query_id).first() if q.query_id else None
    return render(request, "budget/question_detail.html", {"q": q, "query": query,
                                                           "history": history.for_user(request.user, q)})


TOPIC_ROWS = 50


@_monthly(perms.can_view_data)
def topics(request, year: int, month: int):
    """三公经费, 转移支付, 政府债务 and 决算 against budget: the topic views beside the drill-down."""
    t = selectors.topics(request.user, year, month)
    # the 三公 table a page at a time (a large city has 2,000 units; the chart shows the top ones)
    page = Paginator(t["three_public"]["rows"], TOPIC_ROWS).get_page(page_number(request.GET.get("page")))
    return render(request, "budget/topics.html", {"year": year, "month": month, "months": range(1, 13), "t": t,
                                                  "page": page, "querystring": f"year={year}&month={month}"})


# ---- reports (.docx) and the 函询 for the 初审意见 ----------------------------------------------------------------
@_monthly(perms.is_manager)
def report_docx(request, year: int, month: int, kind: str):
    user = request.user
    if kind == "review":
        figures = selectors.report_figures(user, year, month)
        return exports.review_analysis_docx(user.congress, figures, selectors.queries_for_review(
            user.congress, year, user=user))
    return exports.monthly_brief_docx(user.congress, selectors.report_figures(user, year, month))


@_monthly(perms.can_view_data)
def review(request, year: int, month: int):
    user = request.user
    return render(request, "budget/review.html", {
        "year": year, "month": month, "groups": selectors.queries_for_review(user.congress, year, user=user),
        "can_download": perms.is_manager(user)})
