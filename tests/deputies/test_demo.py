"""The demo city's deputies: a realistic registry, liaison stations with reception days, a training course,
a friendly-city delegation, the working committee's account, and a verified audit trail."""

import pytest
from django.core.management import call_command
from django.test import Client

from renda.core import audit
from renda.core.models import Congress
from renda.deputies import records, selectors
from renda.deputies.models import Activity, Course, Deputy, DeputyChange, Issue, Partner, Station, Visit

pytestmark = pytest.mark.django_db


def test_the_demo_city_has_the_deputies_work(db):
    call_command("demo")
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
    record = records.compile_record(deputy, 2026)
    assert record.total_points > 10 and record.count("training") == 1
    cal = client.get("/deputies/calendar/", {"scope": "me", "date": "2026-12-01"}).content.decode()
    assert "CAL-DOUBLE-BOOKING" in cal
    # the working committee's account sees personal data
    dbw = Client()
    assert dbw.login(username="daibiaowei", password=DEMO_PASSWORD)
    assert dbw.get(f"/api/v1/deputies/registry/{deputy.pk}/private").status_code == 200
    assert audit.verify() == []


def test_the_volume_generator_fills_every_congress_with_deputies(cast):
    from renda.core.seeding import SCALES, SeedContext
    from renda.deputies.seed import generate

    ctx = SeedContext(scale=SCALES["city"], main=cast.city, others=[cast.other])
    report = generate(ctx)
    assert report["stations"] == len(cast.city.delegations) + len(cast.other.delegations)
    assert report["activities"] == 2 * (20 + 10)
    assert Activity.objects.filter(congress=cast.congress).count() == 40
    assert Issue.objects.filter(congress=cast.other.congress).count() == 10
    assert audit.verify() == []
