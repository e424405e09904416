"""Computing a year's alerts as of a date: the database gives aggregates and the few rows an alert names;
the pure engine (renda.budget.engine.alerts) decides. Parameters come from the rules registry per congress."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import defaultdict

from django.core.cache import cache
from django.db.models import Count, F, Sum, Window

from renda.budget.engine import alerts as engine
from renda.budget.models import (
    BudgetDataVersion,
    BudgetUnit,
    Debt,
    DebtKind,
    DebtLimit,
    Indicator,
    MonthlyExecution,
    Payment,
)
from renda.core import rules


def _p(congress, rule_id: str, name: str):
    return rules.param(congress, rule_id, name)


def compute(congress, year: int, as_of: dt.date, kinds: tuple[str, ...] = engine.KINDS) -> list[engine.Alert]:
    codes = dict(BudgetUnit.objects.filter(congress=congress).values_list("pk", "code"))
    ids = {c: pk for pk, c in codes.items()}
    pays = Payment.objects.filter(congress=congress, year=year, paid_on__lte=as_of)
    out: list[engine.Alert] = []

    def as_pay(rows):
        return [engine.Pay(v, d, codes[u], f, p, a, payee) for v, d, u, f, p, a, payee in rows]

    def payments_of(key):
        unit, func, project = key
        return as_pay(pays.filter(unit_id=ids[unit], func_code=func, project_code=project)
                      .values_list("voucher", "paid_on", "unit_id", "func_code", "project_code", "amount_fen", "payee"))

    if {"over_budget", "no_indicator"} & set(kinds):
        budget = {(codes[u], f, p): t for u, f, p, t in
                  Indicator.objects.filter(congress=congress, year=year)
                  .values_list("unit_id", "func_code", "project_code").annotate(t=Sum("amount_fen")).order_by()}
        paid = {(codes[u], f, p): t for u, f, p, t in
                pays.values_list("unit_id", "func_code", "project_code").annotate(t=Sum("amount_fen")).order_by()}
        if "over_budget" in kinds:
            out += engine.over_budget(budget, paid, payments_of,
                                      tolerance_pct=_p(congress, "BUDGET-OVER", "tolerance_pct"))
        if "no_indicator" in kinds:
            out += engine.no_indicator(budget, paid, payments_of)
    if "low_execution" in kinds:
        b_unit = {codes[u]: t for u, t in Indicator.objects.filter(congress=congress, year=year)
                  .values_list("unit_id").annotate(t=Sum("amount_fen")).order_by()}
        p_unit = {codes[u]: t for u, t in pays.values_list("unit_id").annotate(t=Sum("amount_fen")).order_by()}
        out += engine.low_execution(b_unit, p_unit, as_of=as_of, curve=list(_p(congress, "BUDGET-LOW-EXECUTION", "curve")),
                                    min_budget_fen=_p(congress, "BUDGET-LOW-EXECUTION", "min_budget_wan") * 1_000_000)
    if "year_end_surge" in kinds:
        year_by, dec_by = defaultdict(int), defaultdict(int)
        # Whole months from the month rollup (rebuilt with every payments import); the payments themselves only for
        # the part of as_of's month up to as_of, when as_of is not its month's last day.
        if as_of.year != year:
            whole = 12 if as_of.year > year else 0
        else:
            whole = as_of.month if (as_of + dt.timedelta(days=1)).month != as_of.month else as_of.month - 1
        monthly = list(MonthlyExecution.objects.filter(congress=congress, year=year, month__lte=whole)
                       .values_list("unit_id", "month").annotate(t=Sum("amount_fen")).order_by())
        if as_of.year == year and whole < as_of.month:
            monthly += [(u, as_of.month, t) for u, t in pays.filter(paid_on__gte=as_of.replace(day=1))
                        .values_list("unit_id").annotate(t=Sum("amount_fen")).order_by()]
        for u, m, t in monthly:
            year_by[codes[u]] += t
            if m == 12:
                dec_by[codes[u]] += t
        hist: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        back = _p(congress, "BUDGET-YEAR-END", "history_years")
        for u, m, t in (MonthlyExecution.objects.filter(congress=congress, year__lt=year, year__gte=year - back)
                        .values_list("unit_id", "month").annotate(t=Sum("amount_fen")).order_by()):
            hist[codes[u]][1] += t
            if m == 12:
                hist[codes[u]][0] += t
        out += engine.year_end_surge(year_by, dec_by, share_pct=_p(congress, "BUDGET-YEAR-END", "share_pct"),
                                     history={k: tuple(v) for k, v in hist.items()},
                                     history_factor_pct=_p(congress, "BUDGET-YEAR-END", "history_factor_pct"))
    if "duplicate_payment" in kinds:
        days = _p(congress, "BUDGET-DUPLICATE", "days")
        # The payments whose 单位 × 收款人 × 金额 occurs more than once, in one pass (a window count per group); the
        # engine then pairs those within `days` of each other under different vouchers.
        rows = (pays.annotate(n=Window(Count("id"), partition_by=[F("unit_id"), F("payee"), F("amount_fen")]))
                .filter(n__gt=1).values_list("voucher", "paid_on", "unit_id", "func_code", "project_code",
                                             "amount_fen", "payee"))
        out += engine.duplicate_payments(as_pay(rows), days=days)
    if "three_public_growth" in kinds:
        econ = list(_p(congress, "BUDGET-THREE-PUBLIC", "econ_codes"))
        paid = {codes[u]: t for u, t in pays.filter(econ_code__in=econ).values_list("unit_id")
                .annotate(t=Sum("amount_fen")).order_by()}
        budget = {codes[u]: t for u, t in Indicator.objects.filter(congress=congress, year=year, econ_code__in=econ)
                  .values_list("unit_id").annotate(t=Sum("amount_fen")).order_by()}
        try:
            same_day = as_of.replace(year=year - 1)
        except ValueError:  # 29 February
            same_day = dt.date(year - 1, 2, 28)
        last = {codes[u]: t for u, t in Payment.objects.filter(congress=congress, year=year - 1, econ_code__in=econ,
                                                                 paid_on__lte=same_day)
                .values_list("unit_id").annotate(t=Sum("amount_fen")).order_by()}
        out += engine.three_public(paid, budget, last, growth_pct=_p(congress, "BUDGET-THREE-PUBLIC", "growth_pct"))
    if "debt_limit" in kinds:
        bonds = [engine.Bond(c, k, i, m, a, p) for c, k, i, m, a, p in
                 Debt.objects.filter(congress=congress, issued_on__lte=as_of, matures_on__gt=as_of)
                 .values_list("code", "kind", "issued_on", "matures_on", "amount_fen", "project_code")]
        limits = dict(DebtLimit.objects.filter(congress=congress, year=year).values_list("kind", "amount_fen"))
        out += engine.debt_limit(engine.debt_balance(bonds, as_of), limits, dict(DebtKind.choices))
    return out


# ---- computed once per (congress, year, date, data version, parameters) -----------------------------------------
CACHE_SECONDS = 7 * 24 * 3600


def cache_key(congress, year: int, as_of: dt.date) -> str | None:
    """The cache key of a year's alerts as of a date: the congress, the data version token (a new one on every
    import / rollup refresh: BudgetDataVersion) and the congress's own settings of the BUDGET-* rules (changing a
    threshold changes the alerts). None when the data have no version yet (written around the services): then
    nothing is cached. Two queries."""
    congress_id = getattr(congress, "pk", congress)
    token = BudgetDataVersion.objects.filter(congress_id=congress_id).values_list("token", flat=True).first()
    if token is None:
        return None
    settings = sorted((f"{r}.{n}", v) for (r, n), v in rules.settings_of(congress_id).items() if r.startswith("BUDGET-"))
    digest = hashlib.sha256(json.dumps([token, settings], ensure_ascii=False, default=str).encode()).hexdigest()
    return f"budget:alerts:{congress_id}:{year}:{as_of.isoformat()}:{digest[:32]}"


def compute_cached(congress, year: int, as_of: dt.date) -> list[engine.Alert]:
    """compute() for every kind, reused while the data and the parameters stay the same: the alerts page and the
    .docx reports download it again and again, the data change only on import."""
    key = cache_key(congress, year, as_of)
    if key is not None:
        hit = cache.get(key)
        if hit is not None:
            return list(hit)
    out = compute(congress, year, as_of)
    if key is not None:
        cache.set(key, out, CACHE_SECONDS)
    return out
