"""Pages of 预算联网监督. Thin: selectors read, services write, permissions decide."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from renda.budget import alerts as alert_service
from renda.budget import exports, selectors, services
from renda.budget import permissions as perms
from renda.budget.engine.money import to_fen, yuan
from renda.budget.forms import ImportForm, QueryForm
from renda.budget.models import BudgetUnit
from renda.core import history
from renda.core.params import page_number


def _bad(request, text: str) -> HttpResponse:
    return render(request, "budget/bad_request.html", {"message": text}, status=400)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied("您无权查看预算联网监督数据。")


@login_required
def index(request):
    user = request.user
    if not perms.can_view_data(user):
        # handling units: only the queries addressed to them
        if perms.query_filter(user) is None:
            raise PermissionDenied("您无权查看预算联网监督数据。")
        return redirect("budget:queries")
    year = timezone.localdate().year
    return render(request, "budget/index.html", {
        "year": year, "summary": selectors.summary(user, year),
        "open_queries": list(selectors.open_queries_for(user)[:10]),
        "can_import": perms.can_import(user), "can_alerts": perms.can_run_alerts(user),
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
    from renda.core.params import query_date

    today = timezone.localdate()
    as_of = query_date(request.GET.get("as_of"), today)
    result = [a.as_dict() for a in alert_service.compute(user.congress, as_of.year, as_of)]
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
    return render(request, "budget/import.html", {
        "form": form, "batches": list(selectors.batches_for(user)[:20])}, status=400 if form.errors else 200)


@login_required
def batch(request, pk: int):
    b = selectors.batch_for(request.user, pk)
    return render(request, "budget/batch.html", {"batch": b})


@login_required
def queries(request):
    user = request.user
    qs = selectors.queries_for(user)
    if perms.query_filter(user) is None:
        raise PermissionDenied("您无权查看预算函询。")
    page = page_number(request.GET.get("page"))
    rows = list(qs.order_by("-created_at", "-id")[(page - 1) * 50: page * 50])
    return render(request, "budget/queries.html", {"queries": rows, "page": page,
                                                   "can_create": perms.can_create_query(user)})


@login_required
def query_new(request):
    user = request.user
    if not perms.can_create_query(user):
        raise PermissionDenied("您没有起草预算函询的权限。")
    initial = {k: request.GET.get(k, "") for k in ("alert_kind", "unit", "project_code", "vouchers", "amount")}
    if request.GET.get("project"):
        initial["project_code"] = request.GET["project"]
    form = QueryForm(request.POST or None, initial=initial, congress_id=user.congress_id)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        unit = None
        if d["unit"]:
            unit = BudgetUnit.objects.filter(congress_id=user.congress_id, code=d["unit"]).first()
            if unit is None:
                form.add_error("unit", "没有该预算单位编码。")
        try:
            amount = to_fen(d["amount"]) if d["amount"] else None
        except ValueError as exc:
            form.add_error("amount", str(exc))
        if not form.errors:
            try:
                q = services.query_create(
                    actor=user, year=d["reply_due"].year, title=d["title"], question=d["question"],
                    addressee=d["addressee"], reply_due=d["reply_due"], unit=unit, alert_kind=d["alert_kind"],
                    project_code=d["project_code"], amount_fen=amount,
                    vouchers=[v for v in d["vouchers"].split(",") if v.strip()])
            except ValidationError as exc:
                form.add_error(None, "；".join(exc.messages))
            else:
                messages.success(request, "函询已起草。")
                return redirect("budget:query", pk=q.pk)
    return render(request, "budget/query_form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def query(request, pk: int):
    q = selectors.query_for(request.user, pk)
    return render(request, "budget/query_detail.html", {
        "q": q, "amount": yuan(q.amount_fen) if q.amount_fen is not None else "",
        "vouchers": json.dumps(q.vouchers, ensure_ascii=False)[:2000] if q.vouchers else "",
        "history": history.for_user(request.user, q),
        "act_url": reverse("budget:query", args=[q.pk])})
