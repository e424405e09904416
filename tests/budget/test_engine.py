"""The pure alert rules at each threshold's edge (integers in 分; no Django)."""

import datetime as dt

from renda.budget.engine import alerts as e
from renda.budget.engine.money import rate_pct, to_fen, wan, yuan

K = ("001001", "2130314", "P-01")
D = dt.date


def pay(v, day, amount, unit="001001", payee="甲公司", func="2130314", project="P-01"):
    return e.Pay(v, day, unit, func, project, amount, payee)


def test_money_is_exact():
    assert to_fen("0.1") + to_fen("0.2") == to_fen("0.3") == 30
    assert to_fen("1,234.05") == 123405 and yuan(-5) == "-0.05" and wan(123456789) == "123.46"
    assert rate_pct(1, 3) == "33.3" and rate_pct(2, 3) == "66.7" and rate_pct(5, 0) == "—"
    for bad in ("1.001", "1e5", "abc", ""):
        try:
            to_fen(bad)
        except ValueError as exc:
            assert "金额" in str(exc)
        else:
            raise AssertionError(bad)


def test_over_budget_edge_and_crossing_vouchers():
    pays = [pay("A", D(2026, 3, 1), 60), pay("B", D(2026, 3, 2), 40), pay("C", D(2026, 3, 3), 1)]
    of = lambda key: pays  # noqa: E731
    assert e.over_budget({K: 101}, {K: 101}, of) == []  # equal: not over
    [a] = e.over_budget({K: 100}, {K: 101}, of)
    assert (a.kind, a.amount_fen, a.vouchers, a.unit, a.project) == ("over_budget", 1, ("C",), "001001", "P-01")
    # tolerance 10 %: 110 is at the edge, 111 is over
    assert e.over_budget({K: 100}, {K: 110}, of, tolerance_pct=10) == []
    assert len(e.over_budget({K: 100}, {K: 111}, of, tolerance_pct=10)) == 1


def test_no_indicator():
    pays = [pay("B", D(2026, 3, 2), 40), pay("A", D(2026, 3, 1), 60)]
    [a] = e.no_indicator({}, {K: 100}, lambda key: pays)
    assert a.vouchers == ("A", "B") and a.amount_fen == 100 and a.rule == "BUDGET-NO-INDICATOR"
    assert e.no_indicator({K: 0}, {K: 100}, lambda key: pays) == []  # a line exists, even at zero: over_budget's


def test_low_execution_curve_edges():
    curve = [3, 6, 10, 14, 18, 25, 30, 35, 40, 45, 50, 60]
    assert e.curve_threshold(curve, D(2026, 11, 30)) == 50
    assert e.curve_threshold(curve, D(2026, 11, 29)) == 45  # November not yet ended
    assert e.curve_threshold(curve, D(2026, 1, 15)) == 0
    budget = {"U": 1000}
    assert e.low_execution(budget, {"U": 500}, as_of=D(2026, 11, 30), curve=curve) == []  # exactly 50 %
    [a] = e.low_execution(budget, {"U": 499}, as_of=D(2026, 11, 30), curve=curve)
    assert a.kind == "low_execution" and a.amount_fen == 501
    assert e.low_execution(budget, {"U": 0}, as_of=D(2026, 11, 30), curve=curve, min_budget_fen=1001) == []


def test_year_end_surge_share_and_history_edges():
    assert e.year_end_surge({"U": 1000}, {"U": 300}, share_pct=30) == []  # exactly 30 %
    assert len(e.year_end_surge({"U": 1000}, {"U": 301}, share_pct=30)) == 1
    # history: 10 % in December before; factor 200 % → 20 % is the edge
    hist = {"U": (100, 1000)}
    assert e.year_end_surge({"U": 1000}, {"U": 200}, share_pct=30, history=hist, history_factor_pct=200) == []
    [a] = e.year_end_surge({"U": 1000}, {"U": 201}, share_pct=30, history=hist, history_factor_pct=200)
    assert "以往年度" in a.message


def test_duplicate_payment_window_edges():
    a, b = pay("A", D(2026, 5, 1), 500), pay("B", D(2026, 5, 4), 500)
    [x] = e.duplicate_payments([a, b], days=3)  # 3 days apart, window 3: inclusive
    assert x.vouchers == ("A", "B") and x.amount_fen == 500
    assert e.duplicate_payments([a, b], days=2) == []
    assert e.duplicate_payments([a, pay("B", D(2026, 5, 2), 501)], days=3) == []  # other amount
    assert e.duplicate_payments([a, pay("B", D(2026, 5, 2), 500, payee="乙")], days=3) == []  # other payee


def test_three_public_edges():
    assert e.three_public({"U": 100}, {"U": 100}, {}) == []  # at the budget
    [a] = e.three_public({"U": 101}, {"U": 100}, {})
    assert a.amount_fen == 1
    assert e.three_public({"U": 100}, {"U": 200}, {"U": 100}) == []  # equal to last year
    assert len(e.three_public({"U": 101}, {"U": 200}, {"U": 100})) == 1
    assert e.three_public({"U": 110}, {"U": 200}, {"U": 100}, growth_pct=10) == []


def test_debt_balance_and_limit_edges():
    bonds = [e.Bond("B1", "general", D(2020, 1, 1), D(2026, 6, 30), 100),
             e.Bond("B2", "general", D(2026, 7, 1), D(2036, 7, 1), 50)]
    assert e.debt_balance(bonds, D(2026, 6, 29)) == {"general": 100}
    assert e.debt_balance(bonds, D(2026, 6, 30)) == {}  # matured that day
    assert e.debt_balance(bonds, D(2026, 7, 1)) == {"general": 50}
    assert e.debt_limit({"general": 100}, {"general": 100}) == []
    [a] = e.debt_limit({"general": 101}, {"general": 100}, {"general": "一般债券"})
    assert a.as_dict() == {"kind": "debt_limit", "rule": "BUDGET-DEBT-LIMIT", "unit": None, "project": None,
                           "vouchers": [], "amount": "0.01", "message": a.message}
