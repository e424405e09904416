"""The demo city carries what the speech names, with realistic composition and a verified audit trail."""

import pytest
from django.core.management import call_command
from django.test import Client

from renda.core import audit
from renda.core.models import Congress, Organization, Position
from renda.deputies.models import Deputy
from renda.workplan.models import Category, WorkPlan, WorkPlanItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("demo")
    return Congress.objects.get(code="xx-city")


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
    plan = WorkPlan.objects.get(congress=demo, year=2026)
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
