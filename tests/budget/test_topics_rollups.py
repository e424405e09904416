"""The topics page's 转移支付 and 决算 read their own rollups (renda.budget.rollups: 功能科目 × 月, 主管部门 决算)
and show exactly the figures of the old queries over MonthlyExecution / BudgetTotal / FinalAccount (kept here as
the oracle), at every month, with the default 转移支付 codes and with codes given as a rule parameter; the rollups
follow every import (units moving to another 主管部门, a 决算 file added, changed or refused). And the 三公 table's
pages."""

import datetime as dt
import re
from collections import defaultdict

import pytest
import time_machine
from django.db import connection
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.test.utils import CaptureQueriesContext

from renda.budget import rollups, seed, selectors, services
from renda.budget.models import BudgetTotal, BudgetUnit, DeptFinal, FinalAccount, MonthlyExecution

from .conftest import IND_HEAD, PAY_HEAD, csv_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.budget.urls")]
FROZEN = dt.datetime(2026, 11, 26, 10, tzinfo=dt.UTC)
FINAL_HEAD = "年度,单位编码,功能科目编码,经济科目编码,决算数\n"
# overlapping prefixes (a 类 and a 项 under it, a 款 and a 项 under it) and a code nobody paid
RULE_CODES = ["205", "2050202", "21303", "2130314", "2140104", "230"]


# ---- the old queries (topics() before the rollups): the oracle -------------------------------------------------
def old_transfers(congress_id, year, month, codes):
    in_transfer = Q()
    for code in codes:
        in_transfer |= Q(func_code__startswith=code)
    tr_budget = BudgetTotal.objects.filter(in_transfer, congress_id=congress_id,
                                           year=year).aggregate(t=Sum("amount_fen"))["t"]
    tr_by_func = dict(MonthlyExecution.objects.filter(in_transfer, congress_id=congress_id, year=year,
                                                      month__lte=month)
                      .values_list("func_code").annotate(t=Sum("amount_fen")).order_by())
    return tr_budget, tr_by_func


def old_dept_finals(congress_id, first_year, last_year):
    finals = defaultdict(int)
    for y, dept, t in (FinalAccount.objects.filter(congress_id=congress_id, year__lte=last_year,
                                                   year__gte=first_year)
                       .annotate(dept=Coalesce("unit__parent_id", "unit_id"))
                       .values_list("year", "dept").annotate(t=Sum("amount_fen")).order_by()):
        finals[(y, dept)] += t
    return finals


def old_topics(monkeypatch, user, year, month):
    with monkeypatch.context() as m:
        m.setattr(rollups, "transfers", old_transfers)
        m.setattr(rollups, "dept_finals", old_dept_finals)
        return selectors.topics(user, year, month)


def new_topics(user, year, month):
    with CaptureQueriesContext(connection) as ctx:
        t = selectors.topics(user, year, month)
    raw = [q["sql"] for q in ctx.captured_queries
           if re.search(r"budget_(payment|indicator|finalaccount|monthlyexecution|budgettotal)\b", q["sql"])]
    assert raw == [], raw  # only rollups, never the rows or the large rollups
    return t, len(ctx.captured_queries)


def assert_same(monkeypatch, user, years=(2023, 2025, 2026), months=(1, 6, 11, 12)) -> dict:
    out = {}
    for year in years:
        for month in months:
            new, _ = new_topics(user, year, month)
            assert new == old_topics(monkeypatch, user, year, month), (year, month)
            out[(year, month)] = new
    return out


def _import(cast, kind, text):
    batch = services.import_file(actor=cast.clerk, congress=cast.congress, kind=kind, filename=kind,
                                 data=csv_bytes(text))
    assert batch.status == "applied", batch.report
    return batch


def _seeded(cast, *, units_per_dept=3, payments=3000):
    """Four 主管部门, five years (2022–2025 closed, with their 决算), 2026 through 11-20."""
    ds = seed.build(seed.Spec(depts=4, units_per_dept=units_per_dept, years=(2022, 2023, 2024, 2025, 2026),
                              payments_per_year=payments, through=dt.date(2026, 11, 20), lines_per_unit=3, seed=7,
                              bonds=6))
    seed.write(cast.congress, ds)
    return ds


@time_machine.travel(FROZEN, tick=False)
def test_topics_from_the_rollups_equal_the_old_queries(cast, monkeypatch):
    from renda.core.models import RuleParameter

    _seeded(cast)
    user = cast.member
    # the default codes (类 230): nothing of the seed's is a transfer, but a line added by import is
    _import(cast, "indicators", IND_HEAD + "2026,转1,001,2300201,39999,,对下转移支付,一般公共预算,年初预算,10000\n"
            "2026,转1,002001,2300299,39999,,其他转移支付,一般公共预算,年初预算,700.5\n")
    _import(cast, "payments", PAY_HEAD + "2026-03-05,T1,001,2300201,39999,,4000,某区财政局,直接支付,转移支付\n"
            "2026-11-02,T2,002001,2300299,39999,,333.33,某县财政局,直接支付,转移支付\n"
            "2025-06-01,T3,001,2300201,39999,,900,某区财政局,直接支付,转移支付\n")
    figures = assert_same(monkeypatch, user)
    t = figures[(2026, 11)]
    assert t["transfers"]["codes"] == ["230"]
    assert t["transfers"]["rows"] == [{"func": "2300201", "paid": "4000.00"}, {"func": "2300299", "paid": "333.33"}]
    assert figures[(2026, 6)]["transfers"]["paid"] == "4000.00"
    # 决算: the closed years within three years before the page's year, by 主管部门
    assert {r["year"] for r in t["finals"]} == {2023, 2024, 2025}
    assert {r["year"] for r in figures[(2023, 12)]["finals"]} == {2022, 2023}
    assert len({r["dept_id"] for r in t["finals"]}) == 4
    # codes given as a rule parameter: overlapping prefixes count each payment once
    RuleParameter.objects.create(congress=cast.congress, rule_id="BUDGET-TRANSFER", name="func_codes",
                                 value=RULE_CODES)
    figures = assert_same(monkeypatch, user)
    t = figures[(2026, 11)]
    assert t["transfers"]["codes"] == RULE_CODES
    assert {r["func"][:3] for r in t["transfers"]["rows"]} == {"205", "213", "214", "230"}
    assert t["transfers"]["paid"] != "0.00" and t["transfers"]["budget"] != "0.00"
    assert t["charts"]["transfers"]["labels"] == [r["func"] for r in t["transfers"]["rows"]]


@time_machine.travel(FROZEN, tick=False)
def test_the_rollups_follow_every_import(cast, monkeypatch):
    """A unit moved to another 主管部门 (units import: every year rebuilt), a 决算 file added, changed, re-imported
    unchanged, refused: the page's figures stay those of the rows."""
    _seeded(cast)
    user = cast.member
    moved = BudgetUnit.objects.get(congress=cast.congress, code="001001")
    _import(cast, "units", f"单位编码,单位名称,主管部门编码,单位类型\n001001,{moved.name},002,事业单位\n")
    moved.refresh_from_db()
    assert moved.parent.code == "002"
    assert_same(monkeypatch, user, years=(2025, 2026), months=(12,))

    def dept_final(code, year=2025):
        dept = BudgetUnit.objects.get(congress=cast.congress, code=code)
        return DeptFinal.objects.get(congress=cast.congress, year=year, dept_id=dept.pk).amount_fen

    before = dept_final("003")
    _import(cast, "final", FINAL_HEAD + "2025,003,2300201,39999,1234.56\n")  # a new line: DeptFinal again
    assert dept_final("003") == before + 123456
    _import(cast, "final", FINAL_HEAD + "2025,003,2300201,39999,1000\n")  # changed
    assert dept_final("003") == before + 100000
    again = _import(cast, "final", FINAL_HEAD + "2025,003,2300201,39999,1000\n")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    # a file with a bad row is refused whole: the rollup as it was
    refused = services.import_file(actor=cast.clerk, congress=cast.congress, kind="final", filename="bad",
                                   data=csv_bytes(FINAL_HEAD + "2025,003,2300201,39999,5\n2025,999,2300201,39999,1\n"))
    assert refused.status == "refused"
    assert dept_final("003") == before + 100000
    # an earlier year's 决算 arriving late, for a year the page shows
    _import(cast, "final", FINAL_HEAD + "2026,004001,2130314,30201,88\n")
    assert dept_final("004", 2026) == 8800
    figures = assert_same(monkeypatch, user, years=(2025, 2026), months=(12,))
    assert {"year": 2026, "dept": BudgetUnit.objects.get(congress=cast.congress, code="004").name} in [
        {"year": r["year"], "dept": r["dept"]} for r in figures[(2026, 12)]["finals"]]


@time_machine.travel(FROZEN, tick=False)
def test_topics_queries_do_not_grow_with_the_payments(cast):
    _seeded(cast, payments=500)
    _, small = new_topics(cast.member, 2026, 11)
    _import(cast, "payments", PAY_HEAD + "".join(
        f"2026-{1 + i % 11:02d}-1{i % 10},X{i:05d},00{1 + i % 4}00{1 + i % 3},2050202,30217,,{10 + i % 7},乙{i},直接支付,接待\n"
        for i in range(800)))
    _, large = new_topics(cast.member, 2026, 11)
    assert large == small


# ---- the 三公 table's pages ----------------------------------------------------------------------------------
@time_machine.travel(FROZEN, tick=False)
def test_three_public_table_pages(cast, client):
    """64 units with 三公经费: 50 a page; page 2 holds the rest in the same order; a page beyond the last, or not a
    number, is clamped (core.params: the last page, page 1), never a 500; a bad year or month is refused in
    Chinese (400)."""
    _seeded(cast, units_per_dept=15, payments=2000)
    client.force_login(cast.member)
    rows = selectors.topics(cast.member, 2026, 10)["three_public"]["rows"]
    assert len(rows) == 64

    def names(body):
        table = body.split('id="three-public"')[1].split("</section>")[0]
        return re.findall(r"unit=\d+\">([^<]+)</a>", table)

    first = client.get("/budget/topics/?year=2026&month=10").content.decode()
    assert names(first) == [r["unit"] for r in rows[:50]]
    assert "第 1 / 2 页（共 64 项）" in first and "page=2" in first
    r = client.get("/budget/topics/?year=2026&month=10&page=2")
    assert r.status_code == 200
    second = r.content.decode()
    assert names(second) == [r["unit"] for r in rows[50:]]
    assert "第 2 / 2 页（共 64 项）" in second and 'rel="prev"' in second and 'rel="next"' not in second
    for beyond in ("3", "99999", "99999999999999999999999"):
        r = client.get(f"/budget/topics/?year=2026&month=10&page={beyond}")
        assert r.status_code == 200, beyond
        assert names(r.content.decode()) == [r["unit"] for r in rows[50:]], beyond
    for junk in ("abc", "-1", "0", "二"):
        r = client.get(f"/budget/topics/?year=2026&month=10&page={junk}")
        assert r.status_code == 200, junk
        assert names(r.content.decode()) == [r["unit"] for r in rows[:50]], junk
    for bad, message in (("year=99999", "年度无效"), ("year=2026&month=13", "月份应为 1 至 12")):
        r = client.get(f"/budget/topics/?{bad}&page=2")
        assert r.status_code == 400, bad
        assert message in r.content.decode(), bad
