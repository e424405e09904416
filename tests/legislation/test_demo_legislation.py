"""The demo city carries its two draft regulations at different stages, with texts, comparisons and comments."""

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from docx import Document

from renda.core import audit
from renda.core.models import Congress
from renda.legislation.models import (
    Bill,
    BillComment,
    BillStatus,
    CommentPeriod,
    Consultation,
    LegislativePlan,
    PeriodStatus,
)

pytestmark = pytest.mark.django_db


def login(username):
    from renda.demo.city import DEMO_PASSWORD

    client = Client()
    assert client.login(username=username, password=DEMO_PASSWORD), username
    return client


def test_demo_city_legislation(db):
    call_command("demo")
    city = Congress.objects.get(code="xx-city")
    shirong = Bill.objects.get(congress=city, title="XX市城市市容和环境卫生管理条例")
    mingcheng = Bill.objects.get(congress=city, title="XX市历史文化名城保护条例")

    # the first: passed on its third reading, awaiting the province's approval
    assert shirong.status == BillStatus.AWAITING_APPROVAL
    assert shirong.readings.count() == 3 and shirong.passed_on.isoformat() == "2026-08-28"
    assert [v.stage for v in shirong.versions.order_by("created_at")] == ["draft", "second", "third", "final"]
    assert all(30 <= v.article_count <= 40 for v in shirong.versions.all())
    assert shirong.votes.filter(eid="", passed=True).exists() and shirong.votes.exclude(eid="").exists()
    # the second: after its first reading, open for comment, comments on many articles, a hearing to come
    assert mingcheng.status == BillStatus.IN_DELIBERATION and mingcheng.readings.count() == 1
    period = CommentPeriod.objects.get(bill=mingcheng, status=PeriodStatus.OPEN)
    assert period.closes_on.isoformat() == "2026-12-03"
    comments = BillComment.objects.filter(bill=mingcheng)
    assert comments.count() >= 25 and comments.exclude(article_eid="").values("article_eid").distinct().count() >= 8
    assert set(comments.values_list("source", flat=True)) == {"public", "contact_point", "department", "deputy"}
    assert Consultation.objects.filter(bill=mingcheng, kind="hearing", status="planned").exists()
    assert Consultation.objects.filter(bill=mingcheng, kind="argumentation", status="reported").exists()
    # the plan, linked to the work plan's items by title, with its one out-of-scope project justified
    plan = LegislativePlan.objects.get(congress=city, year=2026)
    linked = {p.title: p.workplan_item.title for p in plan.projects.exclude(workplan_item=None)}
    assert linked["XX市城市市容和环境卫生管理条例"] == "审议《XX市城市市容和环境卫生管理条例（草案）》"
    assert linked["XX市历史文化名城保护条例"] == "审议《XX市历史文化名城保护条例（草案）》"
    assert plan.projects.filter(scope_override=True).count() == 1
    assert plan.published_on is not None

    client = login("bangongting")
    for bill in (shirong, mingcheng):
        html = client.get(reverse("legislation:bill", args=[bill.pk])).content.decode()
        assert ("修改对照表" in html and "原条文" in html and "<del>" in html) or "<ins>" in html
        resp = client.get(reverse("legislation:compare_docx", args=[bill.pk]))
        table = Document(io.BytesIO(resp.content)).tables[0]
        assert len(table.columns) == 2 and len(table.rows) > 30
    html = client.get("/").content.decode()
    assert "省人大常委会批准期限" in html and "征求意见截止" in html
    draft = mingcheng.versions.get(stage="draft")
    html = client.get(reverse("legislation:comments", args=[draft.pk])).content.decode()
    assert "逐条意见" in html and "第十一条" in html
    # both drafts analysed, decisions recorded, the 市容 bill's feedback notice published (and public)
    from renda.legislation.models import CommentAnalysis, FeedbackNotice, ProvisionDecision

    for bill in (shirong, mingcheng):
        assert CommentAnalysis.objects.filter(bill=bill, status="done", progress=100).exists()
        assert ProvisionDecision.objects.filter(bill=bill).count() >= 3
    notice = FeedbackNotice.objects.get(bill=shirong, status="published")
    page = Client().get(reverse("legislation:public_feedback", args=[city.code, notice.pk])).content.decode()
    assert "征求意见情况的通报" in page and "部分采纳" in page
    html = client.get(reverse("legislation:analysis", args=[draft.pk])).content.decode()
    assert "analysis-data" in html and "未采纳" in html
    # the leadership sees the members' bill waiting for its decision
    assert "XX市电动自行车管理条例（草案）" in login("zhuren").get("/").content.decode()
    # deputies read the published drafts only; the county sees nothing
    deputy = login("daibiao")
    assert deputy.get(reverse("legislation:bill", args=[mingcheng.pk])).status_code == 200
    second = mingcheng.versions.get(stage="second")
    assert deputy.get(reverse("legislation:version", args=[second.pk])).status_code == 404
    county = login("xian-bangongshi")
    assert county.get(reverse("legislation:bill", args=[shirong.pk])).status_code == 404
    assert county.get("/api/v1/legislation/bills").json()["count"] == 0
    assert audit.verify() == []
