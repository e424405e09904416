"""The one calendar: every source, per person / body / congress, double bookings, statutory clashes, .ics."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from tests.conftest import login
from tests.deputies.conftest import TODAY, at

from renda.core.models import HolidayDate
from renda.core.registry import CALENDAR_SOURCES, CalendarEvent, register_calendar_source
from renda.deputies.liaison import services as liaison
from renda.deputies.schedule import ics
from renda.deputies.schedule import selectors as cal

pytestmark = pytest.mark.django_db


@pytest.fixture
def meetings_source(dep_world):
    """A stand-in for the meetings module: standing-committee meetings, the deputy invited to attend one."""
    c = dep_world
    sc = c.city.standing_committee

    def source(user, start, end):
        if user.congress_id != c.congress.pk:
            return []
        days = [dt.date(2026, 1, 15), dt.date(2026, 4, 20), dt.date(2026, 6, 10)]
        return [
            CalendarEvent(kind="meeting", title=f"常委会第{n}次会议", start=at(d, 9), end=at(d, 17),
                          url=f"/meetings/{n}/", congress_id=c.congress.pk, body_id=sc.pk,
                          person_ids=frozenset({c.me.person_id}) if n == 3 else frozenset())
            for n, d in enumerate(days, start=1) if start <= d <= end
        ]

    register_calendar_source("test.meetings", source)
    yield source
    CALENDAR_SOURCES[:] = [(n, s) for n, s in CALENDAR_SOURCES if n != "test.meetings"]


def test_a_person_booked_twice_is_warned(dep_world):
    c = dep_world
    day = timezone.localtime(c.upcoming.start).date()
    liaison.activity_create(actor=c.dbw, kind="visit", title="走访困难群众", start=at(day, 10), end=at(day, 11),
                            participants=[c.me, c.peer])
    liaison.activity_create(actor=c.dbw, kind="visit", title="下午走访", start=at(day, 12), end=at(day, 13),
                            participants=[c.me])  # right after: no clash
    view = cal.calendar_view(c.dbw, view="week", anchor=day)
    clashes = [w for w in view.warnings if w.kind == "double_booking"]
    assert len(clashes) == 1
    w = clashes[0]
    assert w.rule_id == "CAL-DOUBLE-BOOKING" and w.person_id == c.me.person_id
    assert c.me.person.name in w.message and "专题调研城市更新" in w.message and "走访困难群众" in w.message
    # the deputy sees it too, on their own calendar page
    html = login(c.deputy).get(reverse("deputies:calendar"), {"view": "week", "date": day.isoformat()}).content
    assert "同时安排了" in html.decode() and "CAL-DOUBLE-BOOKING" in html.decode()


def test_a_meeting_gap_over_two_months_is_warned(dep_world, meetings_source):
    c = dep_world
    # March: the 1-15 and 4-20 meetings are 3 months apart; the next was due by 3-15
    view = cal.calendar_view(c.clerk, view="month", anchor=dt.date(2026, 3, 1))
    gaps = [w for w in view.warnings if w.rule_id == "MTG-INTERVAL"]
    assert len(gaps) == 1
    assert "间隔超过2个月" in gaps[0].message and "2026年03月15日" in gaps[0].message
    assert "组织法" in gaps[0].basis
    # April: the 4-20 meeting had no meeting in the two months before it
    view = cal.calendar_view(c.clerk, view="month", anchor=dt.date(2026, 4, 1))
    gaps = [w for w in view.warnings if w.rule_id == "MTG-INTERVAL"]
    assert len(gaps) == 1 and "之前2个月内没有举行常委会会议" in gaps[0].message
    # 4-20 → 6-10 is within two months; after 6-10 nothing is scheduled: due by 8-10
    view = cal.calendar_view(c.clerk, view="month", anchor=dt.date(2026, 8, 1))
    assert any("尚未安排常委会会议" in w.message and "2026年08月10日" in w.message for w in view.warnings)
    view = cal.calendar_view(c.clerk, view="month", anchor=dt.date(2026, 6, 1))
    assert not [w for w in view.warnings if w.rule_id == "MTG-INTERVAL"]


def test_an_engagement_on_a_statutory_holiday_is_warned(dep_world):
    c = dep_world
    HolidayDate.objects.create(date=dt.date(2026, 10, 1), kind="holiday", name="国庆节")
    liaison.activity_create(actor=c.dbw, kind="visit", title="节日走访", start=at(dt.date(2026, 10, 1), 9),
                            end=at(dt.date(2026, 10, 1), 11), participants=[c.peer2])
    view = cal.calendar_view(c.clerk, view="month", anchor=dt.date(2026, 10, 1))
    holiday = [w for w in view.warnings if w.rule_id == "CAL-HOLIDAY"]
    assert len(holiday) == 1 and "国庆节" in holiday[0].message and "节日走访" in holiday[0].message


def test_scopes_person_body_and_congress(dep_world, meetings_source):
    c = dep_world
    anchor = dt.date(2026, 6, 1)
    everything = cal.calendar_view(c.clerk, view="month", anchor=anchor)
    mine = cal.calendar_view(c.deputy, view="month", anchor=anchor, person_id=c.me.person_id)
    sc = cal.calendar_view(c.clerk, view="month", anchor=anchor, body_id=c.city.standing_committee.pk)
    assert [i.event.title for i in mine.items] == ["常委会第3次会议"]
    assert [i.event.title for i in sc.items] == ["常委会第3次会议"]
    assert len(everything.items) >= 1
    oct_ = cal.calendar_view(c.committee, view="month", anchor=dt.date(2026, 10, 1), body_id=c.city.bodies["cjhb"].pk)
    assert [i.event.title for i in oct_.items] == ["视察海绵城市建设"]
    # the next engagement of a deputy prefers a meeting
    items = cal.upcoming_for_person(c.deputy, c.me.person_id, TODAY)
    assert cal.next_meeting_for_person(items).event.title == "专题调研城市更新"


def test_every_module_of_ours_feeds_the_calendar(dep_world):
    c = dep_world
    # the world's engagements are dated in 2026; reply deadlines run from the day the issue was routed (today)
    until = TODAY + dt.timedelta(days=400)
    items = cal.collect(c.clerk, dt.date(2026, 1, 1), until)
    kinds = {i.event.kind for i in items}
    assert {"reception", "inspection", "research", "visit", "training", "deadline"} <= kinds
    # the other congress's engagements never show, nor anything to a unit
    assert "乙市走访" not in {i.event.title for i in items}
    unit_items = cal.collect(c.unit_user, dt.date(2026, 1, 1), until)
    assert [(i.event.kind, i.event.title) for i in unit_items] == [("deadline", "答复期限：雨季道路积水")]
    assert login(c.unit_user).get(reverse("deputies:calendar")).status_code == 404


def test_icalendar_export(dep_world):
    c = dep_world
    resp = login(c.deputy).get(reverse("deputies:calendar_ics"), {"scope": "me", "date": "2026-09-01"})
    assert resp.status_code == 200 and resp["Content-Type"].startswith("text/calendar")
    body = resp.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert body.count("BEGIN:VEVENT") == body.count("END:VEVENT") >= 3
    assert "SUMMARY:9月接待选民日" in body
    assert "DTSTART:20260915T010000Z" in body  # 09:00 in Asia/Shanghai
    assert "DTSTART;VALUE=DATE:20261020" in body and "DTEND;VALUE=DATE:20261021" in body  # the contact, all day
    for line in body.split("\r\n"):
        assert len(line.encode()) <= 75
    assert "乙市" not in body


def test_ics_escaping_and_folding():
    assert ics.escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    folded = ics.fold("SUMMARY:" + "人大" * 40)
    parts = folded.split("\r\n ")
    assert len(parts) > 1 and all(len(p.encode()) <= 75 for p in parts)
    assert "".join(parts) == "SUMMARY:" + "人大" * 40


def test_calendar_pages_and_api(dep_world, meetings_source):
    c = dep_world
    client = login(c.clerk)
    for params in ({"view": "month"}, {"view": "week", "date": "2026-09-15"}, {"view": "list", "date": "2026-09-01"},
                   {"scope": "body", "body": c.city.bodies["cjhb"].pk}, {"scope": "person", "person": c.me.person_id},
                   {"view": "junk", "date": "not-a-date", "scope": "x"}):
        assert client.get(reverse("deputies:calendar"), params).status_code == 200, params
    assert login(c.deputy).get(reverse("deputies:calendar"), {"scope": "person", "person": 1}).status_code == 404
    api = client.get("/api/v1/deputies/calendar", {"view": "month", "date": "2026-04-01"}).json()
    assert any(w["rule"] == "MTG-INTERVAL" for w in api["warnings"])
    html = client.get(reverse("deputies:calendar"), {"view": "list", "date": "2026-09-01"}).content.decode()
    assert "9月接待选民日" in html
