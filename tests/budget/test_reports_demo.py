"""The .docx reports (figures equal to the selector's), the 函询 grouped for the 初审意见 (supervision's tag), and
the demo city: a deputy's view with one question raised, the reports downloadable."""

import datetime as dt
import io
import zipfile

import pytest
import time_machine
from django.template import Context, Template
from django.test import RequestFactory
from docx import Document
from tests.test_demo import demo, demo_world  # noqa: F401 - the demo city's fixtures

from renda.budget import selectors, services
from renda.budget.engine.money import wan

from .conftest import IND_HEAD, PAY_HEAD, csv_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.budget.urls")]
FROZEN = dt.datetime(2026, 11, 26, 10, tzinfo=dt.UTC)


def _data(cast):
    services.import_file(actor=cast.clerk, congress=cast.congress, kind="indicators", filename="i", data=csv_bytes(
        IND_HEAD + "2026,文1,001001,2130314,30201,P-01,防汛,一般公共预算,年初预算,5000\n"
                   "2026,文1,002,2050202,30217,,公务接待,一般公共预算,年初预算,800\n"))
    services.import_file(actor=cast.clerk, congress=cast.congress, kind="payments", filename="p", data=csv_bytes(
        PAY_HEAD + "2026-03-05,V1,001001,2130314,30201,P-01,6000,甲公司,直接支付,\n"
                   "2026-04-05,V2,002,2050202,30217,,300.50,乙酒店,直接支付,\n"))


def _text(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


@time_machine.travel(FROZEN, tick=False)
def test_monthly_brief_and_review_analysis_docx(budget_world, client):
    cast = budget_world
    _data(cast)
    water = cast.city.units["市水务局"]
    q = services.query_create(actor=cast.other_committee, year=2026, title="关于防汛项目超预算支付的函询",
                              question="请说明。", addressee=water, reply_due=dt.date(2026, 12, 10))
    q = services.query_transition(actor=cast.other_committee, query=q, action="send")
    q = services.query_transition(actor=cast.unit_user, query=q, action="reply", reply="系应急抢险，已申请追加。")
    services.query_transition(actor=cast.other_committee, query=q, action="close", outcome="to_audit")
    figures = selectors.report_figures(cast.other_committee, 2026, 11)
    client.force_login(cast.other_committee)
    r = client.get("/budget/reports/brief.docx?year=2026&month=11")
    assert r.status_code == 200 and r.content[:2] == b"PK" and "attachment" in r["Content-Disposition"]
    text = _text(r.content)
    ex = figures["execution"]
    assert ex["budget_wan"] == "0.58" and ex["paid_wan"] == "0.63"  # 5,800 元 budget, 6,300.50 元 paid
    assert f"本级预算指标合计{ex['budget_wan']}万元" in text and f"执行率{ex['rate']}%" in text
    for row in ex["rows"]:
        assert row.label in text and row.paid_wan in text
    assert [a["kind"] for a in figures["alerts"]] == ["over_budget"] and "超预算支付" in text
    tp = figures["three_public"]
    assert (tp["budget"], tp["paid"]) == (80000, 30050)
    assert f"预算{wan(tp['budget'])}万元" in text and f"支付{wan(tp['paid'])}万元" in text
    assert "一般债券" in text and "未录入" in text  # no debt limit entered for the year
    r = client.get("/budget/reports/review.docx?year=2026&month=11")
    text = _text(r.content)
    assert r.status_code == 200 and "初步审查分析报告" in text
    assert "移交审计整改跟踪" in text and "关于防汛项目超预算支付的函询" in text
    # bad input in Chinese; who may download
    assert client.get("/budget/reports/brief.docx?month=13").status_code == 400
    for name, status in (("deputy", 403), ("member", 403), ("unit_user", 403), ("clerk", 200),
                         ("outsider_clerk", 200)):
        client.force_login(getattr(cast, name))
        r = client.get("/budget/reports/brief.docx?year=2026&month=11")
        assert r.status_code == status, name
        if name == "outsider_clerk":  # another congress: its own (empty) data, never this one's
            assert "市水文站" not in _text(r.content) and "0.58" not in _text(r.content)
    with zipfile.ZipFile(io.BytesIO(r.content)) as z:
        assert "word/document.xml" in z.namelist()


@time_machine.travel(FROZEN, tick=False)
def test_queries_for_review_and_the_supervision_tag(budget_world, client):
    cast = budget_world
    water, edu = cast.city.units["市水务局"], cast.city.units["市教育局"]
    made = []
    for title, org, outcome in (("甲", water, "to_review"), ("乙", edu, "to_audit"), ("丙", water, None),
                                ("丁", water, "")):
        q = services.query_create(actor=cast.other_committee, year=2026, title=f"函询{title}", question="请说明。",
                                  addressee=org, reply_due=dt.date(2026, 12, 10))
        if outcome != "":  # 丁 stays a draft: never listed
            q = services.query_transition(actor=cast.other_committee, query=q, action="send")
        if outcome:
            user = cast.unit_user if org == water else cast.other_unit_user
            q = services.query_transition(actor=user, query=q, action="reply", reply="已经说明情况。")
            q = services.query_transition(actor=cast.other_committee, query=q, action="close", outcome=outcome)
        made.append(q)
    groups = selectors.queries_for_review(cast.congress, 2026)
    assert [(g["key"], [q.title for q in g["queries"]]) for g in groups] == [
        ("to_review", ["函询甲"]), ("to_audit", ["函询乙"]), ("open", ["函询丙"])]
    assert selectors.queries_for_review(cast.other.congress, 2026) == []
    # the unit sees only the 函询 addressed to it
    seen = selectors.queries_for_review(cast.congress, 2026, user=cast.other_unit_user)
    assert [q.title for g in seen for q in g["queries"]] == ["函询乙"]
    # the one include for supervision's report page
    request = RequestFactory().get("/")
    request.user = cast.member
    html = Template("{% load budget_review %}{% budget_review_queries year %}").render(
        Context({"request": request, "year": 2026}))
    assert "纳入预算审查（初审意见）（1件）" in html and "函询甲" in html and "函询丁" not in html
    client.force_login(cast.member)
    body = client.get("/budget/review/?year=2026").content.decode()
    assert "函询乙" in body and "下载初审分析报告" not in body
    client.force_login(cast.unit_user)
    assert client.get("/budget/review/?year=2026").status_code == 403


def test_the_demo_deputy_has_a_question_and_the_reports_download(demo):  # noqa: F811 - the fixture
    """The demo city (loaded once, as tests/test_demo.py does): the deputy's page with their area first and their
    question; the question in the 财经委's inbox; both .docx reports download for the 财经委."""
    from tests.test_demo import login

    from renda.budget.models import BudgetQuestion
    from renda.core import inbox
    from renda.core.models import User

    [question] = BudgetQuestion.objects.filter(congress=demo)
    deputy = User.objects.get(username="daibiao")
    assert question.deputy == deputy and question.status == "pending" and question.unit.area
    body = login("daibiao").get("/budget/deputy/").content.decode()
    assert f"{question.unit.area}的预算单位" in body and question.unit.name in body and "我的预算问题" in body
    cjw = User.objects.get(username="caijingwei")
    assert [i.obj for i in inbox.items(cjw) if i.kind == "代表预算问题"] == [question]
    client = login("caijingwei")
    for url in ("/budget/reports/brief.docx", "/budget/reports/review.docx"):
        r = client.get(url)
        assert r.status_code == 200 and r.content[:2] == b"PK", url
    assert "尚未办结" in client.get("/budget/review/").content.decode()  # the two demo 函询 are still open
