"""The supervision pages for real users, a fixed number of queries on every list, and the demo city."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from tests.supervision.conftest import D, advance_report, make_report, reported_inspection

from renda.core import rules
from renda.supervision.models import (
    Inquiry,
    Inspection,
    Interpellation,
    NormativeDocument,
    RectificationItem,
    Report,
    ReviewRequest,
)

pytestmark = pytest.mark.django_db

LISTS = ["/supervision/", "/supervision/reports/", "/supervision/reports/?kind=financial&late=1",
         "/supervision/inspections/", "/supervision/rectifications/?stage=overdue", "/supervision/inquiries/",
         "/supervision/interpellations/", "/supervision/filings/", "/supervision/requests/",
         "/api/v1/supervision/reports", "/api/v1/supervision/rectifications", "/api/v1/supervision/filings",
         "/api/v1/supervision/picture?year=2026", "/"]


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        resp = client.get(url)
    assert resp.status_code == 200, url
    return len(ctx.captured_queries)


def add_volume(c, n: int, batch: str) -> None:
    cid = c.congress.pk
    insp = reported_inspection(c)
    Report.objects.bulk_create([
        Report(congress_id=cid, year=2026, kind="special" if i % 2 else "final_accounts", title=f"报告{i}",
               organ=c.gov if i % 3 else c.court, lead_body=c.city.bodies["cjw"], meeting_date=D(2026, 9, 1),
               draft_due=D(2026, 8, 12), status="opinions_sent" if i % 4 == 0 else "planned", draft_late=i % 5 == 0)
        for i in range(n)])
    Inspection.objects.bulk_create([
        Inspection(congress_id=cid, year=2026, title=f"检查{i}", law_title="《法》", lead_body=c.city.bodies["cjhb"],
                   organ=c.gov) for i in range(n)])
    RectificationItem.objects.bulk_create([
        RectificationItem(congress_id=cid, inspection=insp, number=i + 10, title=f"整改{i}",
                          owner_unit=c.water if i % 2 else c.edu, organ=c.gov, deadline=D(2026, 1, 1) + dt.timedelta(i))
        for i in range(n)])
    Inquiry.objects.bulk_create([Inquiry(congress_id=cid, year=2026, title=f"询问{i}", lead_body=c.city.bodies["cjhb"],
                                         organ=c.gov) for i in range(n)])
    Interpellation.objects.bulk_create([
        Interpellation(congress_id=cid, title=f"质询{i}", target=c.water, organ=c.gov, questions="q", content="c",
                       status="submitted", submitted_on=D(2026, 10, 30)) for i in range(n)])
    NormativeDocument.objects.bulk_create([
        NormativeDocument(congress_id=cid, filer_kind="government", filer_org=c.gov, title=f"文件{i}",
                          issued_on=D(2026, 3, 1), filed_on=D(2026, 3, 20), filing_due=D(2026, 3, 31),
                          status="passed" if i % 2 else "filed") for i in range(n)])
    ReviewRequest.objects.bulk_create([
        ReviewRequest(congress_id=cid, tracking_code=f"BA-{batch}-{i:04d}-XXXX", requester_name="张", contact="1",
                      document_title=f"文件{i}", reasons="理由", received_on=D(2026, 5, 1)) for i in range(n)])


@pytest.mark.parametrize("role", ["clerk", "unit_user"])
def test_query_counts_do_not_grow_with_the_data(sup, role):
    client = Client()
    client.force_login(getattr(sup, role))
    urls = [u for u in LISTS if role == "clerk" or ("requests" not in u and "picture" not in u)]
    add_volume(sup, 3, "AAAA")
    small = {u: count_queries(client, u) for u in urls}
    add_volume(sup, 60, "BBBB")
    large = {u: count_queries(client, u) for u in urls}
    assert large == small
    assert max(large.values()) <= 30, large  # the leadership picture reads every kind of supervision: 27


def test_detail_pages_have_a_fixed_number_of_queries(sup):
    client = Client()
    client.force_login(sup.clerk)
    r = advance_report(sup, make_report(sup), "deliberated")
    insp = reported_inspection(sup)
    from renda.supervision import services as svc

    def more(k):
        for i in range(k):
            svc.report_add_remark(actor=sup.clerk, report=r, person=sup.sc_members[i % 10], text=f"发言{i}")
            svc.rectification_create(actor=sup.committee, inspection=insp, title=f"整改{i}", owner_unit=sup.water,
                                     deadline=D(2026, 12, 31))

    more(2)
    small = [count_queries(client, f"/supervision/reports/{r.pk}/"), count_queries(client, f"/supervision/inspections/{insp.pk}/")]
    more(15)
    large = [count_queries(client, f"/supervision/reports/{r.pk}/"), count_queries(client, f"/supervision/inspections/{insp.pk}/")]
    assert small == large


def test_forms_create_and_refuse_in_chinese(sup):
    client = Client()
    client.force_login(sup.clerk)
    assert client.get("/supervision/reports/new/").status_code == 200
    resp = client.post("/supervision/reports/new/", {"kind": "special", "title": "关于义务教育的报告",
                                                     "organ": sup.gov.pk, "lead_body": sup.city.bodies["kwws"].pk,
                                                     "meeting_date": "2026-10-28"})
    report = Report.objects.get(title="关于义务教育的报告")
    assert resp.status_code == 302 and report.draft_due == D(2026, 10, 8)
    resp = client.post("/supervision/reports/new/", {"kind": "special", "title": "x", "organ": sup.water.pk,
                                                     "lead_body": sup.city.bodies["kwws"].pk})
    assert resp.status_code == 200 and "有效的选项" in resp.content.decode()  # only organs are offered
    resp = client.post("/supervision/interpellations/new/", {"title": "质询", "target": sup.water.pk, "questions": "",
                                                             "content": "内容", "meeting_date": ""})
    assert "这个字段是必填项" in resp.content.decode()
    resp = client.post("/supervision/filings/new/", {
        "filer_kind": "government", "filer_org": sup.gov.pk, "title": "供水办法", "issued_on": "2026-03-02",
        "filed_on": "2026-04-02", "file": SimpleUploadedFile("办法.pdf", b"%PDF-1.4 test", content_type="application/pdf")})
    doc = NormativeDocument.objects.get(title="供水办法")
    assert resp.status_code == 302 and doc.filing_late
    html = client.get(f"/supervision/filings/{doc.pk}/").content.decode()
    assert "办法.pdf" in html and "逾期报送" in html
    resp = client.post("/supervision/investigations/new/", {"title": "调查", "matter": "事实", "proposer_kind": "members",
                                                            "proposers": [sup.sc_members[5].pk]})
    assert "不足全体组成人员 11 人的五分之一" in resp.content.decode()
    resp = client.post("/supervision/inspections/new/", {"title": "检查", "law_title": "《法》",
                                                         "lead_body": sup.city.bodies["cjhb"].pk, "organ": sup.gov.pk})
    assert resp.status_code == 302
    member = Client()
    member.force_login(sup.member)
    assert member.get("/supervision/reports/new/").status_code == 403
    assert member.get("/supervision/interpellations/new/").status_code == 200


def test_every_role_has_a_supervision_page(sup):
    for role in ("clerk", "leader", "committee", "member", "deputy", "unit_user", "gov_user", "admin"):
        client = Client()
        client.force_login(getattr(sup, role))
        resp = client.get("/supervision/")
        assert resp.status_code == 200, role
        assert "监督" in resp.content.decode()
        assert client.get("/").status_code == 200


def test_the_demo_city_carries_the_speechs_supervision(db, monkeypatch):
    """The demo loader (register_demo) alone, on the demo city: what the speech names is there."""
    from django.utils import timezone

    from renda.core import audit
    from renda.demo import city, clock
    from renda.demo.registry import DEMO_LOADERS

    monkeypatch.setattr(city, "DEMO_LOADERS", [x for x in DEMO_LOADERS if x[1] == "supervision"])
    today = timezone.localdate()
    city.load_demo(today=today)
    with clock.loading_on(today):  # the demo's years follow the day it is loaded
        last_year = clock.Y(2025)
    reports = Report.objects.filter(congress__code="xx-city")
    titles = " ".join(reports.values_list("title", flat=True))
    for needle in ("上半年国民经济和社会发展计划执行情况", "上半年预算执行情况", f"{last_year}年市级决算", "审计工作报告",
                   "审计查出问题整改情况", "国有资产管理情况"):
        assert needle in titles, needle
    final = reports.get(kind="final_accounts")
    assert final.status == "published" and final.figures.count() >= 9 and final.prelim_reviews.get().status == "handled"
    assert final.workplan_item.title == f"审查批准{last_year}年市级决算"
    audit_report = reports.get(kind="audit_work")
    rect_report = reports.get(kind="audit_rectification")
    assert rect_report.rectification_of == audit_report and not rect_report.schedule_late
    assert reports.get(kind="budget_adjustment").draft_late  # 22 days before, not 30: flagged
    insp = Inspection.objects.get(congress__code="xx-city", kind="regular")
    assert insp.law_title == "《中华人民共和国水污染防治法》" and insp.status == "published"
    assert insp.workplan_item.category == "enforcement" and "水污染防治法" in insp.workplan_item.title
    states = set(insp.rectifications.values_list("status", flat=True))
    assert {"closed", "open"} <= states and "in_rectification" in states
    inquiry = Inquiry.objects.get(congress__code="xx-city")
    assert "水环境综合治理" in inquiry.title and inquiry.questions.count() == 4 and inquiry.inspection == insp
    interp = Interpellation.objects.get(congress__code="xx-city")
    assert interp.status == "closed" and interp.ratings.filter(satisfied=False).count() * 2 == interp.signers.count()
    assert NormativeDocument.objects.filter(congress__code="xx-city", filing_late=True).exists()
    assert ReviewRequest.objects.filter(congress__code="xx-city", source="portal", status="concluded").exists()
    assert audit.verify() == []
    from renda.core.models import User

    leader = Client()
    leader.force_login(User.objects.get(username="zhuren"))
    home = leader.get("/").content.decode()
    assert "逾期的法定步骤" in home and rules.get("SUP-BUDGET-PRELIM").title in home
    unit = Client()
    unit.force_login(User.objects.get(username="shuiwuju"))
    page = unit.get("/supervision/").content.decode()
    assert "完成中心城区32公里雨污混接管网改造" in page and "开展重点排污企业在线监测数据专项检查" not in page


def test_volume_generator_calendar_and_agenda_registrations(sup):
    from renda.core.registry import CALENDAR_SOURCES
    from renda.core.seeding import Scale, SeedContext
    from renda.meetings.agenda import AGENDA_TYPES
    from renda.supervision import services as svc
    from renda.supervision.seed import generate

    scale = Scale("test", "city", 11, 3, 3, 20, others=1, other_members=9, other_units=1, plan_years=2,
                  main_items_per_plan=5, other_items_per_plan=2)
    report = generate(SeedContext(scale=scale, main=sup.city, others=[sup.other], current_year=2026))
    assert report["reports"] == 2 * 24 + 2 * 10 and report["rectifications"] == 2 * 4 * 12 + 2 * 2 * 5
    assert Report.objects.filter(congress=sup.congress).values("status").distinct().count() >= 5
    # the one calendar: an inspection and a report's deadlines, only for those who may see them
    insp = svc.inspection_create(actor=sup.committee, title="执法检查", law_title="《法》", organ=sup.gov,
                                 lead_body=sup.city.bodies["cjhb"], start_date=D(2030, 5, 11), end_date=D(2030, 5, 20))
    svc.team_add(actor=sup.committee, inspection=insp, person=sup.sc_members[5], capacity="sc_member")
    r = make_report(sup, meeting_date=D(2030, 5, 30), year=2030)
    source = dict(CALENDAR_SOURCES)["supervision"]
    events = source(sup.clerk, D(2030, 5, 1), D(2030, 5, 31))
    assert {e.kind for e in events} == {"inspection", "deadline"}
    assert next(e for e in events if e.kind == "inspection").person_ids == frozenset({sup.sc_members[5].pk})
    assert {e.start for e in events if e.kind == "deadline"} == {r.draft_due, r.revised_due, r.distribute_due}
    assert source(sup.outsider_clerk, D(2030, 5, 1), D(2030, 5, 31)) == []
    # reports ready for a meeting's agenda (the meetings module lists them without importing this one)
    kind = AGENDA_TYPES["supervision.report"]
    revised = advance_report(sup, make_report(sup, title="待列入议程的报告"), "revised_submitted")
    assert revised in list(kind.ready(sup.congress.pk)) and kind.lookup(sup.other.congress.pk, revised.pk) is None
    assert kind.title(revised) == "听取和审议待列入议程的报告" and not kind.requires_vote
