"""The demo city's first meetings of 2026, loaded through register_demo."""

import pytest
from django.core.management import call_command
from django.test import Client

from renda.core import audit
from renda.core.models import Congress
from renda.demo.city import DEMO_PASSWORD
from renda.meetings import membership, selectors
from renda.meetings.models import Meeting, MeetingNotice, Nomination, OathCeremony, Vote

pytestmark = pytest.mark.django_db


def test_the_demo_city_has_its_meetings_of_the_year(db):
    call_command("demo")
    city = Congress.objects.get(code="xx-city")
    standing = list(Meeting.objects.filter(congress=city, kind="standing").order_by("date"))
    held = [m for m in standing if m.status == "closed"]
    assert [m.number for m in held] == list(range(1, 10))
    assert held[0].title == "XX市第十二届人民代表大会常务委员会第一次会议"
    assert standing[-1].status == "drafting" and standing[-1].number == 10
    assert all(g["ok"] for g in selectors.interval_gaps(city.pk, 2026)), selectors.interval_gaps(city.pk, 2026)
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
    assert all(n.letter_number.startswith("X人常任〔2026〕") for n in sworn)
    stats = selectors.member_statistics(city.pk, 2026)
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
