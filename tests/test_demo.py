"""The demo city carries what the speech names, with realistic composition and a verified audit trail.

Every module's demo checks live here: the demo is loaded once for this module (about half a minute on SQLite, more
on PostgreSQL), and each test runs in its own savepoint on top of it, so a test may change the data freely.
"""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.test import Client
from tests.conftest import module_world
from tests.world_cache import load_demo

from renda.core import audit
from renda.core.models import Congress, Organization, Position
from renda.demo import clock
from renda.deputies.models import Deputy
from renda.workplan.models import Category, WorkPlan, WorkPlanItem

pytestmark = pytest.mark.django_db


# The demo is loaded relative to the day it is loaded (renda.demo.clock); the tests name its dates and years as the
# story writes them and move them the same way, so they hold on any day.
LOADED_ON: dict[str, dt.date] = {}


def D(year: int, month: int, day: int) -> dt.date:
    with clock.loading_on(LOADED_ON["day"]):
        return clock.D(year, month, day)


def Y(year: int) -> int:
    with clock.loading_on(LOADED_ON["day"]):
        return clock.Y(year)


def chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@pytest.fixture(scope="module")
def demo_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, loaded once for the module inside a transaction that is rolled back at its end."""
    from django.utils import timezone

    media = tmp_path_factory.mktemp("demo-media")
    with module_world(django_db_blocker, media):
        LOADED_ON["day"] = timezone.localdate()
        load_demo(LOADED_ON["day"])
        yield media


@pytest.fixture
def demo(demo_world, db, settings):
    """The demo city, for one test (its changes are rolled back with the test's savepoint)."""
    settings.MEDIA_ROOT = demo_world  # the demo's uploaded files
    return Congress.objects.get(code="xx-city")


def login(username):
    from renda.demo.city import DEMO_PASSWORD

    client = Client()
    assert client.login(username=username, password=DEMO_PASSWORD), username
    return client


def test_demo_city_composition(demo):
    sc_positions = Position.objects.filter(congress=demo, organization__kind="standing_committee")
    assert sc_positions.count() == 45
    assert sc_positions.filter(role="vice_chair").count() == 7
    bodies = Organization.objects.filter(congress=demo, kind__in=Organization.CONGRESS_BODY_KINDS)
    assert 10 <= bodies.count() <= 12
    assert Organization.objects.filter(congress=demo, is_handling_unit=True).count() == 40
    assert Deputy.objects.filter(congress=demo).count() == 500
    assert Congress.objects.filter(code="xx-county", parent=demo).exists()


def test_demo_plan_carries_the_speech(demo):
    plan = WorkPlan.objects.get(congress=demo, year=Y(2026))
    items = WorkPlanItem.objects.filter(plan=plan)
    titles = " ".join(items.values_list("title", flat=True))
    for needle in ("市容和环境卫生管理条例（草案）", "历史文化名城保护条例（草案）", "海绵城市建设", "司法体制改革",
                   "基本公共文化服务均等化", "《关于综合治理水环境的议案》", "国民经济和社会发展计划执行情况",
                   "预算执行情况"):
        assert needle in titles, needle
    assert items.filter(category=Category.RESEARCH).count() >= 30
    assert items.filter(category=Category.PROPOSALS, title__startswith="重点督办").count() >= 10
    assert set(items.values_list("status", flat=True)) >= {"planned", "in_progress", "completed"}
    assert plan.current_version == 2 and plan.versions.count() == 2
    assert all(i.vice_chair_id and i.lead_body_id for i in items)
    assert audit.verify() == []


def test_each_demo_account_sees_its_home_page(demo):
    from renda.demo.city import COUNTY_ACCOUNTS, DEMO_ACCOUNTS, DEMO_PASSWORD

    for username, *_ in DEMO_ACCOUNTS + COUNTY_ACCOUNTS:
        client = Client()
        assert client.login(username=username, password=DEMO_PASSWORD), username
        resp = client.get("/")
        assert resp.status_code == 200, username
        assert "工作要点" in resp.content.decode()


def test_county_users_see_nothing_of_the_city(demo):
    from renda.demo.city import DEMO_PASSWORD

    client = Client()
    client.login(username="xian-bangongshi", password=DEMO_PASSWORD)
    city_plan = WorkPlan.objects.get(congress=demo)
    assert client.get(f"/workplan/{city_plan.pk}/").status_code == 404
    plans = client.get("/api/v1/workplan/plans").json()
    assert len(plans) == 1 and "YY县" in plans[0]["title"]


def test_demo_command_is_idempotent(demo, capsys):
    call_command("demo")
    assert "演示数据已存在" in capsys.readouterr().out
    assert Congress.objects.filter(code="xx-city").count() == 1


# ---- from tests/deputies/test_demo.py -------------------------------------------------------------------------
def test_the_demo_city_has_the_deputies_work(demo):
    from django.test import Client

    from renda.core import audit
    from renda.core.models import Congress
    from renda.deputies import records, selectors
    from renda.deputies.models import Activity, Course, Deputy, DeputyChange, Issue, Partner, Station, Visit

    city = Congress.objects.get(code="xx-city")
    term = selectors.current_term(city.pk)
    assert Deputy.objects.filter(congress=city).count() == 500

    stats = selectors.composition(term)
    assert stats["total"] == 498  # one resigned, one moved away; a by-election is under review
    shares = {h["key"]: h["share"] for h in stats["highlights"]}
    assert 25 <= shares["women"] <= 35 and 4 <= shares["minorities"] <= 9 and 60 <= shares["cpc"] <= 72
    assert 15 <= shares["frontline"] <= 22 and 5 <= shares["young"] <= 12
    ages = {r["label"]: r["count"] for r in stats["dims"]["age"]}
    assert set(ages) >= {"35岁以下", "36至45岁", "46至55岁", "56岁以上"} and "未登记" not in ages
    assert len(stats["dims"]["sector"]) >= 6 and len(stats["dims"]["party"]) >= 6
    assert stats["vacancies"] == 2
    assert DeputyChange.objects.filter(congress=city, kind="by_election", status="reported").count() == 1
    # personal data is loaded, encrypted
    assert Deputy.objects.filter(congress=city).exclude(id_digest="").count() == 500

    assert Station.objects.filter(congress=city, kind="station").count() >= 8
    assert Station.objects.filter(congress=city, kind="home").count() >= 1
    receptions = Activity.objects.filter(congress=city, kind="reception")
    assert receptions.filter(status="held").count() >= 16 and receptions.filter(status="announced").exists()
    assert Issue.objects.filter(congress=city, status="routed").exists()
    assert Issue.objects.filter(congress=city, source="member_contact").exists()
    assert Course.objects.filter(congress=city, status="completed").exists()
    assert Course.objects.filter(congress=city, status="open").exists()
    assert Partner.objects.filter(congress=city, kind="friendly_city").exists()
    assert Visit.objects.filter(congress=city, partner__kind="friendly_city", status="completed").exists()

    # the demo deputy has a record, an upcoming engagement and a double booking to show
    client = Client()
    from renda.demo.city import DEMO_PASSWORD

    assert client.login(username="daibiao", password=DEMO_PASSWORD)
    html = client.get("/deputies/me/").content.decode()
    assert "组织代表视察城市更新行动实施情况" in html
    deputy = selectors.my_deputy(client.session and __import__("renda.core.models", fromlist=["User"]).User.objects.get(
        username="daibiao"))
    record = records.compile_record(deputy, Y(2026))
    assert record.total_points > 10 and record.count("training") == 1
    cal = client.get("/deputies/calendar/", {"scope": "me", "date": D(2026, 12, 1).isoformat()}).content.decode()
    assert "CAL-DOUBLE-BOOKING" in cal
    # the working committee's account sees personal data
    dbw = Client()
    assert dbw.login(username="daibiaowei", password=DEMO_PASSWORD)
    assert dbw.get(f"/api/v1/deputies/registry/{deputy.pk}/private").status_code == 200
    assert audit.verify() == []


# ---- from tests/meetings/test_demo_meetings.py ----------------------------------------------------------------
def test_the_demo_city_has_its_meetings_of_the_year(demo):
    from django.test import Client

    from renda.core import audit
    from renda.core.models import Congress
    from renda.demo.city import DEMO_PASSWORD
    from renda.meetings import membership, selectors
    from renda.meetings.models import Meeting, MeetingNotice, Nomination, OathCeremony, Vote

    city = Congress.objects.get(code="xx-city")
    standing = list(Meeting.objects.filter(congress=city, kind="standing").order_by("date"))
    held = [m for m in standing if m.status == "closed"]
    assert [m.number for m in held] == list(range(1, 10))
    assert held[0].title == "XX市第十二届人民代表大会常务委员会第一次会议"
    assert standing[-1].status == "drafting" and standing[-1].number == 10
    assert all(g["ok"] for g in selectors.interval_gaps(city.pk, Y(2026))), selectors.interval_gaps(city.pk, Y(2026))
    assert selectors.interval_status(city.pk, held[-1].date) is None
    chairs = Meeting.objects.filter(congress=city, kind="chairs")
    assert chairs.count() >= 10
    assert Meeting.objects.filter(congress=city, kind__in=("party_group", "committee")).count() == 2
    for m in held:
        assert m.agenda_decided_by.kind == "chairs" and m.agenda_decided_by.date <= m.agenda_decided_on
        assert (m.date - m.agenda_decided_on).days >= 7
        q = selectors.quorum(m)
        assert q["met"] and q["on_leave"] >= 2 and q["nonvoting"] == 3, (m.number, q)
        assert m.agenda_items.count() >= 2
        assert MeetingNotice.objects.filter(meeting=m, late=False).count() == q["total"] + 3
    # the vacancy after the resignation accepted at the fifth meeting
    assert len(membership.member_ids(held[3])) == 45 and len(membership.member_ids(held[5])) == 44
    votes = Vote.objects.filter(meeting__congress=city, status="announced")
    assert votes.count() >= 10 and votes.filter(passed=True).count() == votes.count()
    assert votes.filter(part="第二十三条").exists() and votes.exclude(source="").exists()
    sworn = Nomination.objects.filter(congress=city, status="sworn")
    assert sworn.count() >= 2 and {n.post_title for n in sworn} >= {"XX市水务局局长", "XX市教育局局长"}
    oath = OathCeremony.objects.filter(congress=city).order_by("date").first()
    assert oath.takers.count() == 2 and oath.administered_by.title.endswith("主任")
    assert all(n.letter_number.startswith(f"X人常任〔{Y(2026)}〕") for n in sworn)
    stats = selectors.member_statistics(city.pk, Y(2026))
    assert len(stats) == 45 and all(r["meetings"] >= 5 for r in stats)
    assert audit.verify() == []

    def login(username):
        client = Client()
        assert client.login(username=username, password=DEMO_PASSWORD)
        return client

    assert login("bangongting").get(f"/meetings/{held[0].pk}/").status_code == 200
    assert "常委会会议" in login("weiyuan").get("/meetings/").content.decode()
    unit = login("shuiwuju").get("/api/v1/meetings/meetings").json()
    assert [m["number"] for m in unit["items"]] == [1]  # the meeting that appointed its director
    assert login("xian-bangongshi").get(f"/meetings/{held[0].pk}/").status_code == 404
    assert "出席和表决统计" in login("zhuren").get("/meetings/statistics/").content.decode()


# ---- from tests/proposals/test_demo.py ------------------------------------------------------------------------
def test_demo_proposals(demo):
    import datetime as dt

    from django.test import Client

    from renda.core.models import Congress
    from renda.demo.city import DEMO_PASSWORD
    from renda.proposals.models import Commitment, Proposal, Status

    city = Congress.objects.get(code="xx-city")
    motion = Proposal.objects.get(congress=city, title="关于综合治理水环境的议案")
    assert motion.key_supervision and motion.supervising_body.name and motion.assignments.count() == 2
    qs = Proposal.objects.filter(congress=city)
    assert qs.count() >= 100
    present = set(qs.values_list("status", flat=True))
    assert present >= set(Status.values) - {Status.AGENDA}
    for username, unit in (("shuiwuju", "市水务局"), ("jiaoyuju", "市教育局"), ("fayuan", "市中级人民法院")):
        client = Client()
        assert client.login(username=username, password=DEMO_PASSWORD)
        page = client.get("/proposals/").content.decode()
        assert "关于" in page
        assert qs.filter(assignments__unit__name=unit).exists()
    client = Client()
    assert client.login(username="bangongting", password=DEMO_PASSWORD)
    assert client.get(f"/proposals/{motion.pk}/").status_code == 200
    assert client.get("/proposals/dashboard/").status_code == 200
    assert client.get("/proposals/escalation/").status_code == 200
    # 并案: a handled pair (closed, rated by both lead deputies) and one still awaiting 交办.
    merged = list(qs.filter(status=Status.MERGED).select_related("merged_into"))
    assert {m.merged_into.status for m in merged} == {Status.CLOSED, Status.SUBMITTED}
    handled = next(m for m in merged if m.merged_into.status == Status.CLOSED)
    assert handled.ratings.exists() and handled.merged_into.ratings.exists()
    assert handled.lead_deputy_id != handled.merged_into.lead_deputy_id
    # Progress reports on the motion, by 市水务局 and 城建环保委, one with an attachment.
    reports = list(motion.progress_reports.select_related("reporter").order_by("reported_on"))
    assert len(reports) >= 4 and {r.reporter.name for r in reports} >= {"市水务局"}
    assert any(r.reporter_id == motion.supervising_body_id for r in reports)
    page = client.get(f"/proposals/{motion.pk}/").content.decode()
    assert "办理进展（重点督办）" in page and "成立由局主要负责人任组长的办理工作专班" in page
    # Commitments in every state, and overdue ones.
    ledger = Commitment.objects.filter(congress=city)
    assert set(ledger.values_list("status", flat=True)) == {"open", "done", "carried"}
    assert ledger.filter(status="open", due_date__lt=dt.date.today()).exists()
    assert ledger.filter(status="open", due_date__gt=D(2027, 1, 1)).exists()
    assert client.get("/proposals/commitments/?status=overdue").status_code == 200
    for m in merged:
        assert client.get(f"/proposals/{m.pk}/").status_code == 200
    # Every role's home page carries the panel.
    for username, text in (("bangongting", "待交办"), ("zhuren", "重点督办件"), ("shuiwuju", "本单位办理中的建议")):
        client = Client()
        assert client.login(username=username, password=DEMO_PASSWORD)
        assert text in client.get("/").content.decode(), username


# ---- from tests/legislation/test_demo_legislation.py ----------------------------------------------------------
def test_demo_city_legislation(demo):

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

    city = Congress.objects.get(code="xx-city")
    shirong = Bill.objects.get(congress=city, title="XX市城市市容和环境卫生管理条例")
    mingcheng = Bill.objects.get(congress=city, title="XX市历史文化名城保护条例")

    # the first: passed on its third reading, awaiting the province's approval
    assert shirong.status == BillStatus.AWAITING_APPROVAL
    assert shirong.readings.count() == 3 and shirong.passed_on == D(2026, 8, 28)
    assert [v.stage for v in shirong.versions.order_by("created_at")] == ["draft", "second", "third", "final"]
    assert all(30 <= v.article_count <= 40 for v in shirong.versions.all())
    assert shirong.votes.filter(eid="", passed=True).exists() and shirong.votes.exclude(eid="").exists()
    # the second: after its first reading, open for comment, comments on many articles, a hearing to come
    assert mingcheng.status == BillStatus.IN_DELIBERATION and mingcheng.readings.count() == 1
    period = CommentPeriod.objects.get(bill=mingcheng, status=PeriodStatus.OPEN)
    assert period.closes_on == D(2026, 12, 3)
    comments = BillComment.objects.filter(bill=mingcheng)
    assert comments.count() >= 25 and comments.exclude(article_eid="").values("article_eid").distinct().count() >= 8
    assert set(comments.values_list("source", flat=True)) == {"public", "contact_point", "department", "deputy"}
    assert Consultation.objects.filter(bill=mingcheng, kind="hearing", status="planned").exists()
    assert Consultation.objects.filter(bill=mingcheng, kind="argumentation", status="reported").exists()
    # the plan, linked to the work plan's items by title, with its one out-of-scope project justified
    plan = LegislativePlan.objects.get(congress=city, year=Y(2026))
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


# ---- from tests/portal/test_demo_portal.py --------------------------------------------------------------------
def test_demo_portal(demo):
    import json

    from django.test import Client
    from django.urls import reverse

    from renda.core import audit
    from renda.core.models import Congress
    from renda.legislation.models import Bill, BillStatus, Stage
    from renda.portal.models import NewsArticle

    city = Congress.objects.get(code="xx-city")
    assert NewsArticle.objects.filter(congress=city, status="published").count() >= 11
    assert NewsArticle.objects.filter(congress=city, status="draft").count() == 1
    wenming = Bill.objects.get(congress=city, title="XX市文明行为促进条例")
    assert wenming.status == BillStatus.FILED
    assert wenming.versions.filter(stage=Stage.PROMULGATED, published=True).exists()
    assert audit.verify() == []

    client = Client()
    code = city.code
    from django.utils import timezone

    from renda.legislation.models import CommentPeriod

    period = CommentPeriod.objects.get(bill__title="XX市历史文化名城保护条例", status="open")
    html = client.get(reverse("portal:home", kwargs={"code": code})).content.decode()
    if period.closes_on >= timezone.localdate():  # the demo's period (until 2026-12-03) as the clock goes on
        assert "XX市历史文化名城保护条例（草案）" in html
    html = client.get(reverse("portal:regulation", kwargs={"code": code, "pk": wenming.pk})).content.decode()
    assert "第五条" in html and "公布文本" in html and "广场舞噪声" in html
    html = client.get(reverse("portal:regulation_compare", kwargs={"code": code, "pk": wenming.pk})).content.decode()
    assert "<ins>" in html
    html = client.get(reverse("portal:draft", kwargs={"code": code, "pk": period.pk})).content.decode()
    assert "第五条" in html and chinese_date(D(2026, 12, 3)) in html
    # the demo comments carry contacts (1390000xxxx): none reaches the public side
    for key in ("news", "regulations", "comment-periods", "suggestions", "deputies", "stations"):
        body = client.get(reverse("portal:data_file", kwargs={"code": code, "key": key, "fmt": "json"})).content
        data = json.loads(body)
        assert "1390000" not in body.decode(), key
        assert data["rows"], key
    assert "1390000" not in client.get(reverse("portal:deputies", kwargs={"code": code})).content.decode()


# ---- from tests/participation/test_staff.py -------------------------------------------------------------------
def test_demo_city_has_opinions_in_every_state(demo):
    from django.test import Client

    from renda.core.models import Congress
    from renda.demo.city import DEMO_PASSWORD
    from renda.participation.models import Opinion, Status, TopicSuggestion

    city = Congress.objects.get(code="xx-city")
    qs = Opinion.objects.filter(congress=city)
    assert 35 <= qs.count() <= 50
    assert set(qs.values_list("status", flat=True)) == set(Status.values)
    assert qs.filter(status=Status.HANDLING, reply_state="submitted").exists()
    assert qs.exclude(published_reply="").count() >= 10
    assert TopicSuggestion.objects.filter(congress=city).count() >= 2
    c = Client()
    assert c.login(username="bangongting", password=DEMO_PASSWORD)
    assert c.get("/participation/").status_code == 200
    hot = c.get("/participation/hot/").content.decode()
    assert "黑臭水体" in hot
    for username in ("shuiwuju", "jiaoyuju", "chengjianwei", "daibiao"):
        u = Client()
        assert u.login(username=username, password=DEMO_PASSWORD)
        assert u.get("/participation/").status_code == 200
    op = qs.filter(status=Status.CLOSED).first()
    track = Client().post("/participation/public/xx-city/track/", {"code": op.code}).content.decode()
    assert op.published_reply[:10] in track


def test_search_finds_only_what_each_account_may_open(demo):
    """Global search over every module of the demo city: every hit opens for the account that searched (never a
    403/404), another congress's account finds none of the city's records, and the office finds several modules."""
    from renda.core import search
    from renda.core.models import User

    kinds_seen = set()
    for username in ("bangongting", "daibiao", "shuiwuju", "weiyuan", "xian-bangongshi"):
        user = User.objects.get(username=username)
        client = Client()
        client.force_login(user)
        for word in ("报告", "条例", "建议", "水", "会议"):
            for hit in search.search(user, word, limit=15):
                assert client.get(hit.url).status_code == 200, (username, word, hit.url)
                if username == "bangongting":
                    kinds_seen.add(hit.kind)
    county = User.objects.get(username="xian-bangongshi")
    assert search.search(User.objects.get(username="bangongting"), "历史文化名城保护")  # the city's bill …
    assert search.search(county, "历史文化名城保护") == []  # … is not the county's
    assert len(kinds_seen) >= 4, kinds_seen


def test_the_demo_city_has_its_budget_supervision(demo):
    from renda.budget import alerts
    from renda.budget.models import BudgetQuery, BudgetUnit, ImportBatch, Payment
    from renda.core import inbox
    from renda.core.models import User

    year = Y(2026)
    assert 35 <= BudgetUnit.objects.filter(congress=demo).count() <= 45
    assert ImportBatch.objects.filter(congress=demo, status="applied").count() == 6  # with the 决算 (final) file
    assert Payment.objects.filter(congress=demo, year=year - 1).count() > 2000
    assert Payment.objects.filter(congress=demo, year=year).count() > 1500
    kinds = {a.kind for a in alerts.compute(demo, year, D(2026, 11, 26))}
    assert kinds >= {"over_budget", "no_indicator", "low_execution", "duplicate_payment", "three_public_growth",
                     "debt_limit"}, kinds
    assert "year_end_surge" in {a.kind for a in alerts.compute(demo, year - 1, dt.date(year - 1, 12, 31))}
    queries = list(BudgetQuery.objects.filter(congress=demo).order_by("pk"))
    assert [(q.alert_kind, q.status, q.addressee.name) for q in queries] == [
        ("over_budget", "replied", "市水务局"), ("low_execution", "sent", "市教育局")]
    assert queries[0].vouchers and queries[0].reply
    # open queries wait on the 财经委 (to decide on the reply) and on the 教育局 (to answer)
    for username, query in (("caijingwei", queries[0]), ("jiaoyuju", queries[1])):
        user = User.objects.get(username=username)
        assert [i.obj for i in inbox.items(user) if i.kind == "预算函询"] == [query], username
    # a deputy reads the execution, without payees
    r = login("daibiao").get(f"/budget/execution/?year={year}")
    assert r.status_code == 200 and "市水务局" in r.content.decode()
