"""The topic views: 三公经费 by unit against budget and last year, 转移支付 (类 230 by default, rule BUDGET-TRANSFER), 政府债务 (balance, limit,
maturity profile) and 决算 against budget — page and API, figures from the data, access as the execution pages."""

import datetime as dt

import pytest
import time_machine

from renda.budget import services
from renda.budget.models import BudgetUnit, DebtKind, DebtLimit

from .conftest import IND_HEAD, PAY_HEAD, csv_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.budget.urls")]
FROZEN = dt.datetime(2026, 11, 26, 10, tzinfo=dt.UTC)
DEBT_HEAD = "债券编码,债券类型,发行日期,到期日期,金额,利率,项目编码\n"
FINAL_HEAD = "年度,单位编码,功能科目编码,经济科目编码,决算数\n"


def _import(cast, kind, text):
    batch = services.import_file(actor=cast.clerk, congress=cast.congress, kind=kind, filename=kind,
                                 data=csv_bytes(text))
    assert batch.status == "applied", batch.report
    return batch


def _data(cast):
    _import(cast, "indicators", IND_HEAD
            + "2026,文1,002,2050202,30217,,公务接待,一般公共预算,年初预算,1000\n"
              "2026,文1,001001,2130314,30231,,公务用车,一般公共预算,年初预算,2000\n"
              "2026,文2,001,2300201,39999,,对下转移支付,一般公共预算,年初预算,10000\n"
              "2025,文1,001,2130314,30201,,水利,一般公共预算,年初预算,5000\n")
    _import(cast, "payments", PAY_HEAD
            + "2026-03-05,V1,002,2050202,30217,,1200,甲酒店,直接支付,接待\n"
              "2026-11-30,V2,002,2050202,30217,,50,甲酒店,直接支付,接待\n"  # after the day: counted in Nov only
              "2026-04-05,V3,001001,2130314,30231,,500,乙公司,直接支付,车辆维修\n"
              "2026-06-01,V4,001,2300201,39999,,4000,某区财政局,直接支付,转移支付\n"
              "2025-03-01,V5,002,2050202,30217,,1000,甲酒店,直接支付,接待\n"
              "2025-12-01,V6,002,2050202,30217,,900,甲酒店,直接支付,接待\n")  # after the same day last year
    _import(cast, "debt", DEBT_HEAD
            + "B01,一般债券,2024-01-10,2029-01-10,3000,3.25,\n"
              "B02,专项债券,2025-05-01,2027-05-01,2000,2.80,P-9\n"
              "B03,专项债券,2020-05-01,2025-05-01,999,2.80,\n")  # matured: not outstanding
    _import(cast, "final", FINAL_HEAD + "2025,001,2130314,30201,4800\n2025,001001,2130314,30201,300\n")


@time_machine.travel(FROZEN, tick=False)
def test_topics_page_and_api_figures(budget_world, client):
    cast = budget_world
    _data(cast)
    DebtLimit.objects.create(congress=cast.congress, year=2026, kind=DebtKind.SPECIAL, amount_fen=150_000)
    client.force_login(cast.member)
    r = client.get("/api/v1/budget/topics?year=2026&month=10")
    assert r.status_code == 200
    t = r.json()
    tp = t["three_public"]
    assert (tp["budget"], tp["paid"], tp["last"]) == ("3000.00", "1700.00", "1000.00")
    assert tp["rate"] == "56.7" and tp["growth"] == "70.0"
    rows = {row["unit"]: row for row in tp["rows"]}
    assert rows["市教育局"]["paid"] == "1200.00" and rows["市教育局"]["over"] is True
    assert rows["市教育局"]["growth"] == "20.0" and rows["市水文站"]["last"] == "0.00"
    assert rows["市水文站"]["growth"] == "—" and rows["市水文站"]["over"] is False
    assert t["transfers"] == {"codes": ["230"], "budget": "10000.00", "paid": "4000.00", "rate": "40.0",
                              "rows": [{"func": "2300201", "paid": "4000.00"}]}
    debt = {row["kind"]: row for row in t["debt"]["rows"]}
    assert debt["一般债券"] == {"kind": "一般债券", "outstanding": "3000.00", "limit": None, "room": None, "over": False}
    assert debt["专项债券"]["outstanding"] == "2000.00" and debt["专项债券"]["limit"] == "1500.00"
    assert debt["专项债券"]["over"] is True and debt["专项债券"]["room"] == "-500.00"
    assert t["debt"]["profile"] == [{"year": 2027, "general": "0.00", "special": "2000.00", "total": "2000.00"},
                                    {"year": 2029, "general": "3000.00", "special": "0.00", "total": "3000.00"}]
    water = BudgetUnit.objects.get(congress=cast.congress, code="001")
    assert t["finals"] == [{"year": 2025, "dept": "市水务局", "dept_id": water.pk, "budget": "5000.00",
                            "final": "5100.00", "rate": "102.0", "diff": "100.00"}]
    # through November: the payment of 11-30 counts
    assert client.get("/api/v1/budget/topics?year=2026&month=11").json()["three_public"]["paid"] == "1750.00"
    # the page shows the same figures, in Chinese
    body = client.get("/budget/topics/?year=2026&month=10").content.decode()
    for text in ("“三公”经费", "1700.00", "超预算", "2300201", "超过限额", "2027年", "5100.00", "102.0%"):
        assert text in body, text
    # bad input: a Chinese 400 (page), 422 (API)
    assert client.get("/budget/topics/?month=13").status_code == 400
    assert client.get("/api/v1/budget/topics?month=13").status_code == 422


@time_machine.travel(FROZEN, tick=False)
def test_topics_access(budget_world, client):
    cast = budget_world
    _data(cast)
    expect = {"clerk": 200, "leader": 200, "member": 200, "deputy": 200, "committee": 200, "unit_user": 403,
              "outsider_clerk": 200}
    for name, status in expect.items():
        client.force_login(getattr(cast, name))
        assert client.get("/budget/topics/").status_code == status, name
        r = client.get("/api/v1/budget/topics?year=2026")
        assert r.status_code == status, name
        if name == "outsider_clerk":  # another congress: its own (empty) figures
            assert r.json()["three_public"]["rows"] == [] and r.json()["finals"] == []
    client.logout()
    assert client.get("/budget/topics/").status_code == 302


@time_machine.travel(FROZEN, tick=False)
def test_topics_page_draws_the_charts_from_its_figures(budget_world, client):
    """ECharts (vendored, never from the internet) on the four topics; the figures travel as JSON (no inline
    script) and a bar of a unit or a 主管部门 opens its drill-down, as the table's links do."""
    import json
    import re

    cast = budget_world
    _data(cast)
    client.force_login(cast.member)
    body = client.get("/budget/topics/?year=2026&month=10").content.decode()
    assert "vendor/echarts/echarts.min.js" in body and "budget/topics.js" in body
    assert not re.search(r'<script[^>]+src="(https?:)?//', body)
    for name in ("three_public", "transfers", "maturity", "finals"):
        assert f'data-topic-chart="{name}"' in body, name
    charts = json.loads(re.search(r'<script id="topic-charts" type="application/json">(.*?)</script>', body,
                                  re.S).group(1))
    tp = charts["three_public"]
    assert tp["labels"] == ["市教育局", "市水文站"] and tp["paid"] == [0.12, 0.05] and tp["budget"] == [0.1, 0.2]
    assert charts["transfers"] == {"labels": ["2300201"], "paid": [0.4]}
    assert charts["maturity"] == {"labels": ["2027年", "2029年"], "general": [0.0, 0.3], "special": [0.2, 0.0]}
    water = BudgetUnit.objects.get(congress=cast.congress, code="001")
    assert charts["finals"] == {"year": 2025, "labels": ["市水务局"], "ids": [water.pk], "budget": [0.5],
                                "final": [0.51]}
    # each figure still links to its rows: the 决算 row opens the 主管部门's year
    assert f"?year=2025&amp;month=12&amp;dept={water.pk}" in body


@time_machine.travel(FROZEN, tick=False)
def test_transfer_codes_are_a_rule_parameter(budget_world, client):
    """转移支付 is 类 230 by default (BUDGET-TRANSFER); a congress may count other 功能科目 (类, 款 or 项)."""
    from renda.core.models import RuleParameter

    cast = budget_world
    _data(cast)
    client.force_login(cast.member)
    RuleParameter.objects.create(congress=cast.congress, rule_id="BUDGET-TRANSFER", name="func_codes",
                                 value=["2130314", "23002"])
    t = client.get("/api/v1/budget/topics?year=2026&month=10").json()["transfers"]
    assert t["codes"] == ["2130314", "23002"]
    assert (t["budget"], t["paid"]) == ("12000.00", "4500.00")
    assert [r["func"] for r in t["rows"]] == ["2130314", "2300201"]
    assert "2130314、23002" in client.get("/budget/topics/?year=2026&month=10").content.decode()


def _topics_queries(user, year=2026, month=10):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from renda.budget import selectors

    with CaptureQueriesContext(connection) as ctx:
        t = selectors.topics(user, year, month)
    return t, [q["sql"] for q in ctx.captured_queries]


@time_machine.travel(FROZEN, tick=False)
def test_three_public_figures_come_from_the_rollups_in_a_fixed_number_of_queries(budget_world):
    """三公经费 read the 经济科目 rollups (refreshed on import), never the payments: the same queries whatever the
    number of payments and units."""
    cast = budget_world
    _data(cast)
    small, sql = _topics_queries(cast.member)
    assert not any("budget_payment" in q or "budget_indicator" in q for q in sql)
    # ten times the units and many more 三公 payments, this year and last
    _import(cast, "units", "单位编码,单位名称,主管部门编码,单位类型\n"
            + "".join(f"002{i:03d},市教育局下属单位{i},002,事业单位\n" for i in range(1, 31)))
    _import(cast, "indicators", IND_HEAD + "".join(
        f"2026,文9,002{i:03d},2050202,30217,,接待,一般公共预算,年初预算,{100 + i}\n" for i in range(1, 31)))
    _import(cast, "payments", PAY_HEAD + "".join(
        f"{y}-0{1 + i % 9}-1{i % 10},W{y}{i:04d},002{1 + i % 30:03d},2050202,30217,,{10 + i % 7},乙饭店{i},直接支付,接待\n"
        for y in (2025, 2026) for i in range(300)))
    large, sql_large = _topics_queries(cast.member)
    assert len(sql_large) == len(sql)
    assert len(large["three_public"]["rows"]) == 32 > len(small["three_public"]["rows"])
    # the figures are the payments' own (through October, this year and the same months last year)
    paid = sum(10 + i % 7 for i in range(300))
    assert large["three_public"]["paid"] == f"{1700 + paid}.00"
    assert large["three_public"]["last"] == f"{1000 + paid}.00"
    # report figures read the same rollups
    from renda.budget import selectors

    fig = selectors.report_figures(cast.member, 2026, 10, with_alerts=False)["three_public"]
    assert (fig["budget"], fig["paid"]) == ((3000 + sum(100 + i for i in range(1, 31))) * 100, (1700 + paid) * 100)
