"""Reads of 预算联网监督, visibility first (permissions), a fixed number of queries per page.

The drill-down reads the rollups (MonthlyExecution, BudgetTotal) — never the payments, except on the last level
(one project's payments, a bounded page of them)."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Max, QuerySet, Sum, Value
from django.http import Http404
from django.utils import timezone
from django.utils.http import urlencode

from renda.budget import alerts as alert_service
from renda.budget import permissions as perms
from renda.budget import rollups
from renda.budget.engine import curves
from renda.budget.engine.alerts import RULES
from renda.budget.engine.money import rate_pct, wan, yuan
from renda.budget.models import (
    OPEN_QUESTION_STATES,
    BudgetQuery,
    BudgetQuestion,
    BudgetTotal,
    BudgetUnit,
    ClassificationCode,
    Debt,
    DebtKind,
    DebtLimit,
    DeptBudget,
    DeptExecution,
    EconBudget,
    EconExecution,
    ImportBatch,
    MonthlyExecution,
    Payment,
    QueryOutcome,
    QueryStatus,
    QuestionStatus,
    Scheme,
)
from renda.core import rules
from renda.core.filters import QueryFilters, choice, number
from renda.core.params import BadParameter, year_param
from renda.core.selectors import one_or_404, visible
from renda.deputies.selectors import my_deputy

HISTORY_YEARS = 3
PAYMENTS_PAGE = 100
LEVEL_LABELS = {"dept": "主管部门", "unit": "单位", "lei": "功能科目（类）", "kuan": "功能科目（款）",
                "xiang": "功能科目（项）", "project": "项目", "payment": "支付明细"}
_PROJECT = re.compile(r"^[0-9A-Za-z\-_]{1,40}$")


# ---- queries (函询) -------------------------------------------------------------------------------------------
def queries_for(user) -> QuerySet[BudgetQuery]:
    return visible(BudgetQuery, perms.query_filter(user)).select_related("addressee", "unit")


def query_for(user, pk: int) -> BudgetQuery:
    return one_or_404(queries_for(user), pk, "没有找到该函询。")


def open_queries_for(user) -> QuerySet[BudgetQuery]:
    return queries_for(user).exclude(status=QueryStatus.CLOSED)


def batches_for(user) -> QuerySet[ImportBatch]:
    return visible(ImportBatch, perms.batch_filter(user))


def batch_for(user, pk: int) -> ImportBatch:
    return one_or_404(batches_for(user), pk, "没有找到该导入记录。")


def units_for(user) -> QuerySet[BudgetUnit]:
    return visible(BudgetUnit, perms.data_filter(user))


def unit_for(user, pk: int) -> BudgetUnit:
    return one_or_404(units_for(user), pk, "没有找到该预算单位。")


# ---- the list pages and their API: the same filters, the same visibility, pages of PER_PAGE -----------------------
PER_PAGE = 50


@dataclass
class ListFilters(QueryFilters):
    """The filters a budget list offers (status, year, and for import records the data kind); "" / None = all.
    Declared with core.filters like every module's lists (a value the list does not offer is refused)."""

    status: str = choice(label="状态")  # the list's own statuses, passed by the caller
    year: int | None = number(1990, 2100, label="年度")
    kind: str = choice(label="数据类型")  # import records: the data kinds

    def querystring(self) -> str:
        return urlencode({k: v for k, v in (("status", self.status), ("year", self.year or ""),
                                             ("kind", self.kind)) if v})


def list_filters(params, statuses, kinds=()) -> ListFilters:
    """The filters from a page's query string; core.filters.FilterRefused (a Chinese 400 / 422) for a value the
    list does not offer."""
    return ListFilters.from_querydict(params, status=[v for v, _ in statuses], kind=[v for v, _ in kinds])


def _filtered(qs, f: ListFilters, *, year_field: str | None = "year"):
    if f.status:
        qs = qs.filter(status=f.status)
    if f.year is not None and year_field:
        qs = qs.filter(**{year_field: f.year})
    if f.kind:
        qs = qs.filter(kind=f.kind)
    return qs


def query_page(user, f: ListFilters, page: int | str = 1) -> Page:
    """The 函询 the user may see (queries_for), newest first."""
    return Paginator(_filtered(queries_for(user), f).order_by("-created_at", "-id"), PER_PAGE).get_page(page)


def question_page(user, f: ListFilters, page: int | str = 1) -> Page:
    """The deputies' questions the user may see (questions_for), newest first."""
    return Paginator(_filtered(questions_for(user), f).order_by("-created_at", "-id"), PER_PAGE).get_page(page)


def batch_page(user, f: ListFilters, page: int | str = 1) -> Page:
    """The import records the user may see (batches_for), newest first; `year` is the year they were imported."""
    qs = _filtered(batches_for(user).select_related("created_by"), f, year_field="created_at__year")
    return Paginator(qs.order_by("-created_at", "-id"), PER_PAGE).get_page(page)


QUERY_STATUSES = QueryStatus.choices
QUESTION_STATUSES = QuestionStatus.choices
BATCH_STATUSES = ImportBatch.Status.choices


# ---- the drill-down -----------------------------------------------------------------------------------------
@dataclass
class Selection:
    year: int
    month: int  # execution counted through the end of this month
    dept: BudgetUnit | None = None
    unit: BudgetUnit | None = None
    func: str = ""
    project: str | None = None  # "" = payments without a project code

    @property
    def level(self) -> str:
        """What the rows of the page are."""
        if self.project is not None:
            return "payment"
        if self.unit is None:
            return "unit" if self.dept is not None else "dept"
        return {0: "lei", 3: "kuan", 5: "xiang", 7: "project"}[len(self.func)]

    def params(self, **over) -> dict:
        p = {"year": self.year, "month": self.month}
        if self.dept is not None:
            p["dept"] = self.dept.pk
        if self.unit is not None:
            p["unit"] = self.unit.pk
        if self.func:
            p["func"] = self.func
        if self.project is not None:
            p["project"] = self.project
        p.update(over)
        return {k: v for k, v in p.items() if v is not None}


def default_month(year: int) -> int:
    today = timezone.localdate()
    return 12 if year < today.year else (today.month if year == today.year else 1)


def selection(user, params) -> Selection:
    """The page's selection from the query string; ValidationError (Chinese) for a bad value, 404 for a unit the
    user may not see. One query (the units named)."""
    try:
        year = year_param(params.get("year") or timezone.localdate().year)
    except BadParameter as exc:
        raise ValidationError("年度无效") from exc
    raw_month = params.get("month") or default_month(year)
    if not str(raw_month).isdigit() or not 1 <= int(raw_month) <= 12:
        raise ValidationError("月份应为 1 至 12")
    sel = Selection(year=year, month=int(raw_month))
    ids = {}
    for name in ("dept", "unit"):
        raw = params.get(name)
        if raw:
            if not str(raw).isdigit() or len(str(raw)) > 15:
                raise ValidationError(f"参数 {name} 无效")
            ids[name] = int(raw)
    if ids:
        found = {u.pk: u for u in units_for(user).filter(pk__in=ids.values()).select_related("parent")}
        if any(i not in found for i in ids.values()):
            raise Http404("没有找到该预算单位。")
        sel.unit = found.get(ids.get("unit"))
        sel.dept = found.get(ids.get("dept")) or (sel.unit.parent or sel.unit if sel.unit else None)
        if sel.unit is not None and sel.dept.pk != sel.unit.dept_id:
            raise ValidationError("单位不属于所选主管部门")
    func = params.get("func") or ""
    if func:
        if sel.unit is None or not func.isdigit() or len(func) not in (3, 5, 7):
            raise ValidationError("功能科目编码应为 3/5/7 位数字，并先选择单位")
        sel.func = func
    if "project" in params:
        project = params.get("project") or ""
        if len(sel.func) != 7 or (project and not _PROJECT.match(project)):
            raise ValidationError("项目编码无效，或未选择到功能科目（项）")
        sel.project = project
    return sel


@dataclass
class Row:
    key: str
    label: str
    budget: int
    paid: int
    last_rate: str = "—"  # same period of last year
    params: dict = field(default_factory=dict)

    @property
    def rate(self) -> str:
        return rate_pct(self.paid, self.budget)

    @property
    def budget_wan(self) -> str:
        return wan(self.budget)

    @property
    def paid_wan(self) -> str:
        return wan(self.paid)


def _scope(qs, sel: Selection):
    if sel.dept is not None:
        qs = qs.filter(dept_id=sel.dept.pk)
    if sel.unit is not None:
        qs = qs.filter(unit_id=sel.unit.pk)
    if sel.func:
        qs = qs.filter(func_code__startswith=sel.func)
    if sel.project is not None:
        qs = qs.filter(project_code=sel.project)
    return qs


def _child(level: str) -> str:
    return {"dept": "dept_id", "unit": "unit_id", "lei": "func_code", "kuan": "func_code", "xiang": "func_code",
            "project": "project_code"}[level]


def drilldown(user, sel: Selection) -> dict:
    """Rows of the next level with budget, execution through the month and last year's rate for the same period;
    the selection's monthly series for this year and earlier years, and the typical curve. Five queries."""
    congress_id = user.congress_id
    level = sel.level
    years = list(range(sel.year - HISTORY_YEARS, sel.year + 1))
    if level == "dept":  # the whole congress by 主管部门: the small per-department rollups
        mx = DeptExecution.objects.filter(congress_id=congress_id, year__in=years)
        bt = DeptBudget.objects.filter(congress_id=congress_id, year__in=years)
    else:
        mx = _scope(MonthlyExecution.objects.filter(congress_id=congress_id, year__in=years), sel)
        bt = _scope(BudgetTotal.objects.filter(congress_id=congress_id, year__in=years), sel)
    # (1) the series of the selection: year × month
    monthly: dict[int, dict[int, int]] = defaultdict(dict)
    for y, m, t in mx.values_list("year", "month").annotate(t=Sum("amount_fen")).order_by():
        monthly[y][m] = t
    budgets_by_year = defaultdict(int)
    rows: dict[str, Row] = {}
    if level != "payment":
        child = _child(level)
        width = {"lei": 3, "kuan": 5, "xiang": 7}.get(level)
        # (2) budget by child and year; (3) execution by child, this year and last, through the month
        last_budget, last_paid = defaultdict(int), defaultdict(int)
        names = {"n": Max("project_name")} if level == "project" else {"n": Value("")}
        for y, k, t, name in bt.values_list("year", child).annotate(t=Sum("amount_fen"), **names).order_by():
            budgets_by_year[y] += t
            key = str(k)[:width] if width else str(k)
            if y == sel.year:
                r = rows.setdefault(key, Row(key, name if level == "project" else "", 0, 0))
                r.budget += t
            elif y == sel.year - 1:
                last_budget[key] += t
        for y, k, t in (mx.filter(year__in=(sel.year, sel.year - 1), month__lte=sel.month)
                        .values_list("year", child).annotate(t=Sum("amount_fen")).order_by()):
            key = str(k)[:width] if width else str(k)
            if y == sel.year:
                rows.setdefault(key, Row(key, "", 0, 0)).paid += t
            else:
                last_paid[key] += t
        for key, r in rows.items():
            r.last_rate = rate_pct(last_paid.get(key, 0), last_budget.get(key, 0))
        _label(user, sel, level, rows)  # (4) names
        for r in rows.values():
            r.params = _params_for(sel, level, r.key)
        payments = []
    else:
        for y, t in bt.values_list("year").annotate(t=Sum("amount_fen")).order_by():
            budgets_by_year[y] += t
        payments = payments_page(user, sel)  # (2)
    this = monthly.get(sel.year, {})
    earlier = {y: monthly[y] for y in years[:-1] if y in monthly}
    total_budget = budgets_by_year.get(sel.year, 0)
    paid_to_month = sum(v for m, v in this.items() if m <= sel.month)
    last = monthly.get(sel.year - 1, {})
    last_to_month = sum(v for m, v in last.items() if m <= sel.month)
    ordered = sorted(rows.values(), key=lambda r: (-r.budget, r.key))
    return {
        "level": level, "level_label": LEVEL_LABELS[level], "rows": ordered, "payments": payments,
        "budget": total_budget, "paid": paid_to_month, "rate": rate_pct(paid_to_month, total_budget),
        "last_rate": rate_pct(last_to_month, budgets_by_year.get(sel.year - 1, 0)),
        "budget_wan": wan(total_budget), "paid_wan": wan(paid_to_month),
        "chart": {
            "months": [f"{m}月" for m in range(1, 13)],
            "years": {str(y): [round(v / 1_000_000, 2) for v in curves.cumulative(monthly[y])]
                      for y in sorted(monthly)},
            "rates": {str(y): [_permille(v, budgets_by_year.get(y, 0)) for v in curves.cumulative(monthly[y])]
                      for y in sorted(monthly)},
            "typical": [v / 10 for v in curves.typical_share(earlier)] if earlier else [],
            "month": sel.month,
        },
    }


def _permille(part: int, whole: int) -> float | None:
    return round(part * 1000 // whole / 10, 1) if whole > 0 else None


def _params_for(sel: Selection, level: str, key: str) -> dict:
    if level == "dept":
        return sel.params(dept=int(key))
    if level == "unit":
        return sel.params(unit=int(key))
    if level in ("lei", "kuan", "xiang"):
        return sel.params(func=key)
    return sel.params(project=key)


def _label(user, sel: Selection, level: str, rows: dict[str, Row]) -> None:
    if not rows:
        return
    if level in ("dept", "unit"):
        names = dict(BudgetUnit.objects.filter(congress_id=user.congress_id, pk__in=[int(k) for k in rows])
                     .values_list("pk", "name"))
        for k, r in rows.items():
            r.label = names.get(int(k), k)
    elif level in ("lei", "kuan", "xiang"):
        names = dict(ClassificationCode.objects.filter(year__in=(sel.year, sel.year - 1), scheme=Scheme.FUNCTION,
                                                       code__in=list(rows)).order_by("year")
                     .values_list("code", "name"))
        for k, r in rows.items():
            r.label = f"{k} {names.get(k, '（科目名称未载入）')}"
    else:
        for k, r in rows.items():
            r.label = f"{k} {r.label}".strip() if k else "（未列项目）"


def payments_page(user, sel: Selection) -> list[dict]:
    qs = (Payment.objects.filter(congress_id=user.congress_id, year=sel.year, unit_id=sel.unit.pk,
                                 func_code=sel.func, project_code=sel.project,
                                 paid_on__lte=month_end(sel.year, sel.month))
          .order_by("paid_on", "voucher")
          .values("voucher", "paid_on", "econ_code", "amount_fen", "payee", "method", "purpose")[:PAYMENTS_PAGE])
    show_payee = perms.can_see_payees(user)
    out = []
    for p in qs:
        p["amount"] = yuan(p.pop("amount_fen"))
        if not show_payee:
            p["payee"] = "—"
        out.append(p)
    return out


def month_end(year: int, month: int) -> dt.date:
    return (dt.date(year + (month == 12), month % 12 + 1, 1)) - dt.timedelta(days=1)


def crumbs(sel: Selection) -> list[tuple[str, dict]]:
    out = [("全部", {"year": sel.year, "month": sel.month})]
    if sel.dept is not None:
        out.append((sel.dept.name, {"year": sel.year, "month": sel.month, "dept": sel.dept.pk}))
    if sel.unit is not None and sel.unit.pk != sel.dept.pk:
        out.append((sel.unit.name, sel.params(func=None, project=None)))
    for n in (3, 5, 7):
        if len(sel.func) >= n:
            p = sel.params(func=sel.func[:n])
            p.pop("project", None)
            out.append((sel.func[:n], p))
    if sel.project is not None:
        out.append((sel.project or "（未列项目）", sel.params()))
    return out


def summary(user, year: int) -> dict:
    """The home of the module: the year's totals and the open queries (three queries)."""
    totals = DeptBudget.objects.filter(congress_id=user.congress_id, year=year).aggregate(t=Sum("amount_fen"))
    paid = DeptExecution.objects.filter(congress_id=user.congress_id, year=year).aggregate(t=Sum("amount_fen"))
    b, p = totals["t"] or 0, paid["t"] or 0
    return {"budget_wan": wan(b), "paid_wan": wan(p), "rate": rate_pct(p, b)}


# ---- deputies' questions --------------------------------------------------------------------------------------
def questions_for(user) -> QuerySet[BudgetQuestion]:
    return visible(BudgetQuestion, perms.question_filter(user)).select_related("deputy", "unit")


def question_for(user, pk: int) -> BudgetQuestion:
    return one_or_404(questions_for(user), pk, "没有找到该问题。")


def open_questions_for(user) -> QuerySet[BudgetQuestion]:
    return questions_for(user).filter(status__in=OPEN_QUESTION_STATES)


def deputy_area(user) -> tuple[str, str]:
    """(代表团 name, its area) of the signed-in deputy: the area is the delegation's name without "代表团"
    (the demo's and most cities' delegations are named after their district: "东城区代表团")."""
    deputy = my_deputy(user)
    if deputy is None or deputy.delegation is None:
        return "", ""
    name = deputy.delegation.name
    return name, name.removesuffix("代表团").strip()


def deputy_overview(user, year: int, month: int) -> dict:
    """The deputy's phone page: the units of their delegation's area first, then the city by 主管部门, the 函询
    sent, and their own questions. A fixed number of queries, whatever the volume."""
    delegation, area = deputy_area(user)  # (1)
    area_rows: list[Row] = []
    if area:
        units = dict(units_for(user).filter(area=area).values_list("pk", "name"))  # (2)
        if units:
            rows = {pk: Row(str(pk), name, 0, 0) for pk, name in units.items()}
            for unit_id, t in (BudgetTotal.objects.filter(congress_id=user.congress_id, year=year, unit_id__in=units)
                               .values_list("unit_id").annotate(t=Sum("amount_fen")).order_by()):  # (3)
                rows[unit_id].budget = t
            for unit_id, t in (MonthlyExecution.objects.filter(congress_id=user.congress_id, year=year,
                                                               month__lte=month, unit_id__in=units)
                               .values_list("unit_id").annotate(t=Sum("amount_fen")).order_by()):  # (4)
                rows[unit_id].paid = t
            area_rows = sorted(rows.values(), key=lambda r: (-r.budget, r.key))
            for r in area_rows:
                r.params = {"year": year, "month": month, "unit": int(r.key)}
    city = drilldown(user, Selection(year=year, month=month))
    return {
        "delegation": delegation, "area": area, "area_rows": area_rows, "city": city,
        "queries": list(queries_for(user).exclude(status=QueryStatus.DRAFTING).order_by("-created_at", "-id")[:5]),
        "questions": list(questions_for(user).order_by("-created_at", "-id")[:20]),
    }


# ---- links to supervision: the 函询 for the 初审意见 and the audit rectification -------------------------------------
REVIEW_GROUPS = (
    (QueryOutcome.TO_REVIEW, "纳入预算审查（初审意见）"),
    (QueryOutcome.TO_AUDIT, "移交审计整改跟踪"),
    (QueryOutcome.RECTIFIED, "已整改"),
    (QueryOutcome.EXPLAINED, "说明合理"),
    ("open", "尚未办结"),
)


def queries_for_review(congress, year: int, user=None) -> list[dict]:
    """The year's 函询 (sent or later) grouped by outcome, for supervision's budget review (初审意见) and the audit
    rectification: [{"key", "label", "queries": [...]}], groups in REVIEW_GROUPS order, empty groups left out.
    With `user`, only what that user may see (queries_for); one query."""
    qs = queries_for(user) if user is not None else BudgetQuery.objects.select_related("addressee", "unit")
    congress_id = getattr(congress, "pk", congress)
    rows = list(qs.filter(congress_id=congress_id, year=year).exclude(status=QueryStatus.DRAFTING)
                .order_by("created_at", "id"))
    groups = {key: [] for key, _ in REVIEW_GROUPS}
    for q in rows:
        groups[q.outcome if q.status == QueryStatus.CLOSED and q.outcome in groups else "open"].append(q)
    return [{"key": key, "label": label, "queries": groups[key]} for key, label in REVIEW_GROUPS if groups[key]]


# ---- the .docx reports: figures from the data -----------------------------------------------------------------
def report_figures(user, year: int, month: int, *, with_alerts: bool = True) -> dict:
    """The figures of the monthly execution brief and of the 初审 analysis, all from the data as of the end of
    `month`: execution by 主管部门 (the drill-down's top level), the alerts by kind, 三公经费 (the economic codes of
    BUDGET-THREE-PUBLIC), and debt outstanding against the year's limits. Amounts in 分."""
    congress_id = user.congress_id
    as_of = min(month_end(year, month), max(timezone.localdate(), dt.date(year, 1, 1)))
    execution = drilldown(user, Selection(year=year, month=month))
    alerts_by_kind: dict[str, list] = defaultdict(list)
    if with_alerts:
        for a in alert_service.compute_cached(user.congress, year, as_of):
            alerts_by_kind[a.kind].append(a)
    alerts = [{"kind": k, "title": rules.get(rule).title, "count": len(alerts_by_kind[k]),
               "amount": sum(a.amount_fen or 0 for a in alerts_by_kind[k]),
               "examples": [a.message for a in alerts_by_kind[k][:3]]}
              for k, rule in RULES.items() if alerts_by_kind.get(k)]
    econ = list(rules.param(congress_id, "BUDGET-THREE-PUBLIC", "econ_codes"))
    tp_budget = EconBudget.objects.filter(congress_id=congress_id, year=year, econ_code__in=econ).aggregate(
        t=Sum("amount_fen"))["t"] or 0
    tp_paid = EconExecution.objects.filter(congress_id=congress_id, year=year, econ_code__in=econ,
                                           month__lte=month).aggregate(t=Sum("amount_fen"))["t"] or 0
    limits = dict(DebtLimit.objects.filter(congress_id=congress_id, year=year).values_list("kind", "amount_fen"))
    outstanding: dict[str, int] = defaultdict(int)
    for kind, amount in Debt.objects.filter(congress_id=congress_id, issued_on__lte=as_of,
                                            matures_on__gt=as_of).values_list("kind", "amount_fen"):
        outstanding[kind] += amount
    debt = [{"kind": label, "outstanding": outstanding.get(k, 0), "limit": limits.get(k),
             "over": limits.get(k) is not None and outstanding.get(k, 0) > limits[k]}
            for k, label in DebtKind.choices]
    return {"year": year, "month": month, "as_of": as_of, "execution": execution, "alerts": alerts,
            "alerts_total": sum(a["count"] for a in alerts),
            "three_public": {"codes": econ, "budget": tp_budget, "paid": tp_paid, "rate": rate_pct(tp_paid, tp_budget)},
            "debt": debt}


# ---- the topics: 三公经费, 转移支付, 政府债务, 决算 against budget ----------------------------------------------------
def transfer_func_codes(congress_id) -> list[str]:
    """The 支出功能分类 codes counted as 转移支付 (rule BUDGET-TRANSFER, default 类 230 转移性支出): 3/5/7-digit
    prefixes; a setting with none valid falls back to the default."""
    codes = [str(c).strip() for c in rules.param(congress_id, "BUDGET-TRANSFER", "func_codes")]
    valid = [c for c in codes if c.isascii() and c.isdigit() and len(c) in (3, 5, 7)]
    return valid or list(rules.get("BUDGET-TRANSFER").params["func_codes"].default)


def topics(user, year: int, month: int) -> dict:
    """The topic views of the issue beside the drill-down, from the data as of the end of `month`: 三公经费 by unit
    (the economic codes of BUDGET-THREE-PUBLIC; budget, paid, same period last year, from the 经济科目 rollups),
    转移支付 (the 功能科目 of BUDGET-TRANSFER, from the rollups), 政府债务 (outstanding by kind against the year's
    limits, the maturity profile), and 决算 against the budget by 主管部门 for the last closed years; `charts`, the
    same figures for the page's charts. A fixed number of queries, none over the payments, whatever the volume."""
    congress_id = user.congress_id
    end = month_end(year, month)
    # 三公经费 (3 queries: budget, paid this year and last year, unit names), from the 经济科目 rollups: the same
    # period of last year is through the same month (the rollups are by month; `end` is a month's end)
    econ = list(rules.param(congress_id, "BUDGET-THREE-PUBLIC", "econ_codes"))
    tp: dict[int, dict] = defaultdict(lambda: {"budget": 0, "paid": 0, "last": 0})
    for u, t in (EconBudget.objects.filter(congress_id=congress_id, year=year, econ_code__in=econ)
                 .values_list("unit_id").annotate(t=Sum("amount_fen")).order_by()):
        tp[u]["budget"] = t
    for y, u, t in (EconExecution.objects.filter(congress_id=congress_id, year__in=(year, year - 1),
                                                 econ_code__in=econ, month__lte=month)
                    .values_list("year", "unit_id").annotate(t=Sum("amount_fen")).order_by()):
        tp[u]["paid" if y == year else "last"] = t
    names = dict(BudgetUnit.objects.filter(congress_id=congress_id, pk__in=list(tp)).values_list("pk", "name"))
    three_public = sorted(
        ({"unit": names.get(u, str(u)), "unit_id": u, "budget": yuan(v["budget"]), "paid": yuan(v["paid"]),
          "last": yuan(v["last"]), "rate": rate_pct(v["paid"], v["budget"]),
          "growth": _growth(v["paid"], v["last"]), "over": v["paid"] > v["budget"],
          "_paid": v["paid"]} for u, v in tp.items()),
        key=lambda r: (-r["_paid"], r["unit"]))
    tp_budget, tp_paid = sum(v["budget"] for v in tp.values()), sum(v["paid"] for v in tp.values())
    tp_last = sum(v["last"] for v in tp.values())
    # 转移支付 (2 queries over the 功能科目 rollups): the 功能科目 of BUDGET-TRANSFER (类 230 by default)
    transfer_codes = transfer_func_codes(congress_id)
    tr_budget, tr_by_func = rollups.transfers(congress_id, year, month, transfer_codes)
    tr_paid = sum(tr_by_func.values())
    # 政府债务 (2 queries)
    as_of = min(end, max(timezone.localdate(), dt.date(year, 1, 1)))
    outstanding: dict[str, int] = defaultdict(int)
    maturity: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for kind, amount, matures in Debt.objects.filter(congress_id=congress_id, issued_on__lte=as_of,
                                                     matures_on__gt=as_of).values_list("kind", "amount_fen",
                                                                                       "matures_on"):
        outstanding[kind] += amount
        maturity[matures.year][kind] += amount
    limits = dict(DebtLimit.objects.filter(congress_id=congress_id, year=year).values_list("kind", "amount_fen"))
    debt = [{"kind": label, "outstanding": yuan(outstanding.get(k, 0)),
             "limit": yuan(limits[k]) if k in limits else None,
             "room": yuan(limits[k] - outstanding.get(k, 0)) if k in limits else None,
             "over": k in limits and outstanding.get(k, 0) > limits[k]} for k, label in DebtKind.choices]
    profile = [{"year": y, **{k: yuan(maturity[y].get(k, 0)) for k in DebtKind.values},
                "total": yuan(sum(maturity[y].values()))} for y in sorted(maturity)]
    # 决算 against budget (2 queries over the 主管部门 rollups + names): the latest years with final accounts
    finals = rollups.dept_finals(congress_id, year - 3, year)
    final_years = sorted({y for y, _ in finals}, reverse=True)
    budgets = dict(((y, d), t) for y, d, t in DeptBudget.objects.filter(
        congress_id=congress_id, year__in=final_years).values_list("year", "dept_id", "amount_fen"))
    dept_names = dict(BudgetUnit.objects.filter(congress_id=congress_id, pk__in={d for _, d in finals})
                      .values_list("pk", "name"))
    final_rows = [{"year": y, "dept": dept_names.get(d, str(d)), "dept_id": d, "budget": yuan(budgets.get((y, d), 0)),
                   "final": yuan(t), "rate": rate_pct(t, budgets.get((y, d), 0)),
                   "diff": yuan(t - budgets.get((y, d), 0))}
                  for (y, d), t in sorted(finals.items(), key=lambda kv: (-kv[0][0], dept_names.get(kv[0][1], "")))]
    return {
        "year": year, "month": month, "as_of": as_of,
        "three_public": {"codes": econ, "rows": three_public, "budget": yuan(tp_budget), "paid": yuan(tp_paid),
                         "last": yuan(tp_last), "rate": rate_pct(tp_paid, tp_budget),
                         "growth": _growth(tp_paid, tp_last)},
        "transfers": {"codes": transfer_codes, "budget": yuan(tr_budget or 0), "paid": yuan(tr_paid),
                      "rate": rate_pct(tr_paid, tr_budget or 0),
                      "rows": [{"func": f, "paid": yuan(t)} for f, t in sorted(tr_by_func.items())]},
        "debt": {"rows": debt, "profile": profile},
        "finals": final_rows,
        "charts": _topic_charts(tp, names, tr_by_func, maturity, finals, budgets, dept_names),
    }


TOPIC_CHART_UNITS = 15  # the 三公 chart shows the units that paid most (the table lists them all)


def _topic_charts(tp, names, tr_by_func, maturity, finals, budgets, dept_names) -> dict:
    """The topics page's charts (ECharts, drawn by budget/topics.js from this JSON), amounts in 万元; `ids` let a
    bar open the drill-down of its unit or 主管部门. No query: the figures the tables are made of."""
    def w(fen: int) -> float:
        return round(fen / 1_000_000, 2)

    top = sorted(tp, key=lambda u: (-tp[u]["paid"], names.get(u, "")))[:TOPIC_CHART_UNITS]
    final_year = max((y for y, _ in finals), default=None)
    depts = sorted((d for y, d in finals if y == final_year), key=lambda d: -finals[(final_year, d)])
    return {
        "three_public": {"labels": [names.get(u, str(u)) for u in top], "ids": top,
                         "budget": [w(tp[u]["budget"]) for u in top], "paid": [w(tp[u]["paid"]) for u in top],
                         "last": [w(tp[u]["last"]) for u in top]},
        "transfers": {"labels": sorted(tr_by_func), "paid": [w(tr_by_func[f]) for f in sorted(tr_by_func)]},
        "maturity": {"labels": [f"{y}年" for y in sorted(maturity)],
                     "general": [w(maturity[y].get("general", 0)) for y in sorted(maturity)],
                     "special": [w(maturity[y].get("special", 0)) for y in sorted(maturity)]},
        "finals": {"year": final_year, "labels": [dept_names.get(d, str(d)) for d in depts], "ids": depts,
                   "budget": [w(budgets.get((final_year, d), 0)) for d in depts],
                   "final": [w(finals[(final_year, d)]) for d in depts]},
    }


def _growth(now: int, before: int) -> str:
    """Growth over the same period of last year, as a percentage with one decimal ("—" without a base)."""
    if before <= 0:
        return "—"
    diff = now - before
    return ("-" if diff < 0 else "") + rate_pct(abs(diff), before)
