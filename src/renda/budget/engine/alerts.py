"""The alert rules of 预算联网监督, over plain rows (no Django). Amounts are integers in 分; every threshold
compares integers (a percentage p is `part * 100 > whole * p`), so the edges are exact.

Each function returns `Alert`s; `as_dict()` gives the output row
`{"kind", "rule", "unit", "project", "vouchers", "amount", "message"}` (amount in 元, two decimals, as text).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from renda.budget.engine.money import wan, yuan

RULES = {
    "over_budget": "BUDGET-OVER",
    "no_indicator": "BUDGET-NO-INDICATOR",
    "low_execution": "BUDGET-LOW-EXECUTION",
    "year_end_surge": "BUDGET-YEAR-END",
    "duplicate_payment": "BUDGET-DUPLICATE",
    "three_public_growth": "BUDGET-THREE-PUBLIC",
    "debt_limit": "BUDGET-DEBT-LIMIT",
}
KINDS = tuple(RULES)
MAX_VOUCHERS = 200  # vouchers listed per alert (the message says how many there are)

Key = tuple[str, str, str]  # (单位编码, 功能科目编码, 项目编码)


@dataclass(frozen=True)
class Alert:
    kind: str
    unit: str | None
    project: str | None
    amount_fen: int
    message: str
    vouchers: tuple[str, ...] = ()

    @property
    def rule(self) -> str:
        return RULES[self.kind]

    def as_dict(self) -> dict:
        return {"kind": self.kind, "rule": self.rule, "unit": self.unit, "project": self.project or None,
                "vouchers": list(self.vouchers[:MAX_VOUCHERS]), "amount": yuan(self.amount_fen),
                "message": self.message}


@dataclass(frozen=True)
class Pay:
    """One payment as the engine sees it."""

    voucher: str
    day: dt.date
    unit: str
    func: str
    project: str
    amount: int
    payee: str = ""
    econ: str = ""


# ---- over_budget / no_indicator -------------------------------------------------------------------------------
def over_budget_keys(budget: Mapping[Key, int], paid: Mapping[Key, int], *, tolerance_pct: int = 0
                     ) -> list[tuple[Key, int]]:
    """Keys whose payments exceed the indicators by more than tolerance_pct %: [(key, excess)]."""
    out = []
    for key, p in paid.items():
        b = budget.get(key)
        if b is None:
            continue
        if p * 100 > b * (100 + tolerance_pct):
            out.append((key, p - b))
    return sorted(out)


def crossing_vouchers(budget: int, payments: Iterable[Pay]) -> tuple[str, ...]:
    """The vouchers (by date, then voucher) from the one that took the cumulative total above `budget` on."""
    total, out = 0, []
    for p in sorted(payments, key=lambda p: (p.day, p.voucher)):
        total += p.amount
        if total > budget:
            out.append(p.voucher)
    return tuple(out)


def over_budget(budget: Mapping[Key, int], paid: Mapping[Key, int], payments_of, *, tolerance_pct: int = 0
                ) -> list[Alert]:
    """`payments_of(key)` gives the key's payments (asked only for the keys over budget)."""
    out = []
    for key, excess in over_budget_keys(budget, paid, tolerance_pct=tolerance_pct):
        vouchers = crossing_vouchers(budget[key], payments_of(key))
        out.append(Alert("over_budget", key[0], key[2], excess,
                         f"单位 {key[0]} 功能科目 {key[1]}{_proj(key[2])}支付 {yuan(paid[key])} 元，超出预算指标 "
                         f"{yuan(budget[key])} 元 {yuan(excess)} 元（涉及凭证 {len(vouchers)} 张）", vouchers))
    return out


def no_indicator(budget: Mapping[Key, int], paid: Mapping[Key, int], payments_of) -> list[Alert]:
    out = []
    for key in sorted(k for k, p in paid.items() if k not in budget and p != 0):
        vouchers = tuple(p.voucher for p in sorted(payments_of(key), key=lambda p: (p.day, p.voucher)))
        out.append(Alert("no_indicator", key[0], key[2], paid[key],
                         f"单位 {key[0]} 功能科目 {key[1]}{_proj(key[2])}无预算指标而支付 {yuan(paid[key])} 元"
                         f"（凭证 {len(vouchers)} 张）", vouchers))
    return out


def _proj(project: str) -> str:
    return f" 项目 {project} " if project else " "


# ---- low_execution ---------------------------------------------------------------------------------------------
def curve_threshold(curve: list[int], as_of: dt.date) -> int:
    """The minimum execution (%) expected by `as_of`: the curve's value for the last month ended on or before
    it (`curve[m-1]` is the end of month m; a month ends on its last day)."""
    month = as_of.month if (as_of + dt.timedelta(days=1)).month != as_of.month else as_of.month - 1
    return curve[month - 1] if month >= 1 else 0


def low_execution(budget_by_unit: Mapping[str, int], paid_by_unit: Mapping[str, int], *, as_of: dt.date,
                  curve: list[int], min_budget_fen: int = 0) -> list[Alert]:
    pct = curve_threshold(curve, as_of)
    out = []
    if pct <= 0:
        return out
    for unit in sorted(budget_by_unit):
        b = budget_by_unit[unit]
        if b <= 0 or b < min_budget_fen:
            continue
        p = paid_by_unit.get(unit, 0)
        if p * 100 < b * pct:
            out.append(Alert("low_execution", unit, None, b - p,
                             f"单位 {unit} 截至 {as_of:%Y-%m-%d} 支付 {wan(p)} 万元，预算 {wan(b)} 万元，执行率低于 "
                             f"{pct}% 的进度要求"))
    return out


# ---- year_end_surge --------------------------------------------------------------------------------------------
def year_end_surge(year_by_unit: Mapping[str, int], december_by_unit: Mapping[str, int], *, share_pct: int,
                   history: Mapping[str, tuple[int, int]] | None = None, history_factor_pct: int = 0
                   ) -> list[Alert]:
    """December above `share_pct` % of the year, or above `history_factor_pct` % of the unit's own December share
    in earlier years (`history[unit] = (december total, year total)` over those years)."""
    out = []
    history = history or {}
    for unit in sorted(december_by_unit):
        dec, total = december_by_unit[unit], year_by_unit.get(unit, 0)
        if dec <= 0 or total <= 0:
            continue
        why = ""
        if dec * 100 > total * share_pct:
            why = f"超过全年支付的 {share_pct}%"
        else:
            h_dec, h_total = history.get(unit, (0, 0))
            # dec/total > factor% × h_dec/h_total  ⇔  dec × h_total × 100 > total × h_dec × factor
            if history_factor_pct and h_dec > 0 and h_total > 0 and dec * h_total * 100 > total * h_dec * history_factor_pct:
                why = f"达到以往年度12月占比的 {history_factor_pct}% 以上"
        if why:
            out.append(Alert("year_end_surge", unit, None, dec,
                             f"单位 {unit} 12月支付 {wan(dec)} 万元，占全年 {wan(total)} 万元的比重{why}"))
    return out


# ---- duplicate_payment -----------------------------------------------------------------------------------------
def duplicate_payments(payments: Iterable[Pay], *, days: int) -> list[Alert]:
    """Same unit, payee and amount within `days` days (inclusive) under different vouchers: one alert per cluster."""
    groups: dict[tuple[str, str, int], list[Pay]] = defaultdict(list)
    for p in payments:
        groups[(p.unit, p.payee, p.amount)].append(p)
    out = []
    for (unit, payee, amount), rows in sorted(groups.items()):
        rows.sort(key=lambda p: (p.day, p.voucher))
        cluster = [rows[0]]
        for p in rows[1:]:
            if (p.day - cluster[-1].day).days <= days and p.voucher != cluster[-1].voucher:
                cluster.append(p)
                continue
            out.extend(_dup(cluster, unit, payee, amount, days))
            cluster = [p]
        out.extend(_dup(cluster, unit, payee, amount, days))
    return out


def _dup(cluster: list[Pay], unit: str, payee: str, amount: int, days: int) -> list[Alert]:
    if len(cluster) < 2:
        return []
    vouchers = tuple(p.voucher for p in cluster)
    return [Alert("duplicate_payment", unit, cluster[0].project, amount * (len(cluster) - 1),
                  f"单位 {unit} 在 {cluster[0].day:%Y-%m-%d} 至 {cluster[-1].day:%Y-%m-%d}（{days} 日内）向同一收款人"
                  f"支付相同金额 {yuan(amount)} 元 {len(cluster)} 笔，凭证号不同，疑似重复支付", vouchers)]


# ---- three_public_growth -----------------------------------------------------------------------------------------
def three_public(paid_by_unit: Mapping[str, int], budget_by_unit: Mapping[str, int],
                 last_year_by_unit: Mapping[str, int], *, growth_pct: int = 0) -> list[Alert]:
    """三公经费 paid above its budget, or above last year's same period by more than growth_pct %."""
    out = []
    for unit in sorted(paid_by_unit):
        p = paid_by_unit[unit]
        if p <= 0:
            continue
        b = budget_by_unit.get(unit, 0)
        last = last_year_by_unit.get(unit, 0)
        if p > b:
            out.append(Alert("three_public_growth", unit, None, p - b,
                             f"单位 {unit} “三公”经费支出 {yuan(p)} 元，超过预算 {yuan(b)} 元"))
        elif last > 0 and p * 100 > last * (100 + growth_pct):
            out.append(Alert("three_public_growth", unit, None, p - last,
                             f"单位 {unit} “三公”经费支出 {yuan(p)} 元，比上年同期 {yuan(last)} 元增长超过 {growth_pct}%"))
    return out


# ---- debt_limit --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Bond:
    code: str
    kind: str
    issued: dt.date
    matures: dt.date
    amount: int
    project: str = ""


def debt_balance(bonds: Iterable[Bond], as_of: dt.date) -> dict[str, int]:
    """Outstanding by kind: issued on or before `as_of` and not yet matured (maturity after `as_of`)."""
    out: dict[str, int] = defaultdict(int)
    for b in bonds:
        if b.issued <= as_of < b.matures:
            out[b.kind] += b.amount
    return dict(out)


def debt_limit(balance: Mapping[str, int], limits: Mapping[str, int], labels: Mapping[str, str] | None = None
               ) -> list[Alert]:
    out = []
    labels = labels or {}
    for kind in sorted(limits):
        bal, lim = balance.get(kind, 0), limits[kind]
        if bal > lim:
            out.append(Alert("debt_limit", None, None, bal - lim,
                             f"{labels.get(kind, kind)}余额 {wan(bal)} 万元，超过限额 {wan(lim)} 万元"))
    return out


@dataclass
class AlertSet:
    alerts: list[Alert] = field(default_factory=list)

    def as_json(self) -> dict:
        return {"alerts": [a.as_dict() for a in self.alerts]}
