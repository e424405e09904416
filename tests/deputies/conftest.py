"""The deputies' world on top of the named cast: the deputies' working committee's staff, personal data,
a liaison station, held and planned activities, a member's contact, issues routed, a completed course,
and the other congress's records (which must never show)."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

ID_NUMBER = "11010519491231002X"  # valid check digit (GB 11643 example)
PHONE = "13912345678"


# The deputies' world is told as seen on this morning: everything dated before it has been held, 专题调研城市更新
# is five days ahead. Every test on dep_world runs with the clock stopped here (a test may move it on: `frozen`).
WORLD_NOW = dt.datetime(2026, 11, 26, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
TODAY = WORLD_NOW.date()


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


@pytest.fixture
def frozen():
    """The clock stopped at WORLD_NOW for the test and its fixtures (request it before any fixture that writes);
    yields time-machine's traveller (`frozen.move_to(...)`)."""
    with time_machine.travel(WORLD_NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def dep_world(frozen, cast):
    from renda.core.roles import Role
    from renda.demo.builders import make_user
    from renda.deputies import services
    from renda.deputies.liaison import services as liaison
    from renda.deputies.models import Deputy
    from renda.deputies.training import services as training

    c = cast
    city = c.city
    c.dbw = make_user("dbw", c.password, congress=c.congress, role=Role.COMMITTEE, display_name="代表工委",
                      organization=city.bodies["dbw"])
    c.other_dbw = make_user("other_dbw", c.password, congress=c.other.congress, role=Role.COMMITTEE,
                            display_name="乙市代表工委", organization=c.other.bodies["dbw"])
    deputies = list(Deputy.objects.filter(congress=c.congress).select_related("person", "delegation").order_by("id"))
    c.me = next(d for d in deputies if d.person_id == c.deputy.person_id)
    c.peer = deputies[12]
    c.peer2 = deputies[13]
    services.deputy_update(actor=c.dbw, deputy=c.me, id_number=ID_NUMBER, phone=PHONE)
    c.me.refresh_from_db()

    c.station = liaison.station_create(actor=c.dbw, name="甲区人民路代表联络站", district="甲区", address="甲区人民路1号",
                                       schedule="每月15日上午", deputies=[c.me, c.peer, c.peer2])
    day = dt.date(2026, 9, 15)
    c.reception = liaison.activity_create(actor=c.dbw, kind="reception", title="9月接待选民日", station=c.station,
                                          start=at(day, 9), end=at(day, 11, 30), participants=[c.me, c.peer])
    liaison.activity_transition(actor=c.dbw, activity=c.reception, action="announce", announced_on=dt.date(2026, 9, 8))
    liaison.activity_transition(actor=c.dbw, activity=c.reception, action="hold", people_received=7,
                                record="接待选民7人次，听取对排水和交通问题的意见。")
    c.issue_water = liaison.issue_create(actor=c.dbw, activity=c.reception, deputy=c.me, raised_by="甲区居民",
                                         title="雨季道路积水", content="路口积水严重，建议改造排水管网。")
    liaison.issue_transition(actor=c.dbw, issue=c.issue_water, action="route", routed_to=city.units["市水务局"])
    c.issue_water.refresh_from_db()
    c.issue_school = liaison.issue_create(actor=c.dbw, activity=c.reception, deputy=c.peer,
                                          title="学校周边拥堵", content="上下学时段校门口拥堵。")
    liaison.issue_transition(actor=c.dbw, issue=c.issue_school, action="route", routed_to=city.units["市教育局"])
    c.issue_school.refresh_from_db()

    c.inspection = liaison.activity_create(
        actor=c.dbw, kind="inspection", title="视察海绵城市建设", organizer=city.bodies["cjhb"],
        start=at(dt.date(2026, 10, 10), 9), end=at(dt.date(2026, 10, 10), 17), participants=[c.me, c.peer2])
    liaison.activity_transition(actor=c.dbw, activity=c.inspection, action="hold",
                                record="实地查看海绵城市建设项目，代表提出意见建议。")
    soon = TODAY + dt.timedelta(days=5)
    c.upcoming = liaison.activity_create(
        actor=c.dbw, kind="research", title="专题调研城市更新", organizer=city.bodies["cjhb"],
        start=at(soon, 9), end=at(soon, 12), participants=[c.me])
    c.contact = liaison.contact_create(actor=c.dbw, member=c.member.person, deputies=[c.me, c.peer],
                                       date=dt.date(2026, 10, 20), notes="通报常委会工作，听取代表意见。")
    c.issue_contact = liaison.issue_create(actor=c.dbw, contact=c.contact, deputy=c.me,
                                           title="加强建议办理督办", content="建议建立承诺事项台账。")

    c.course = training.course_create(
        actor=c.dbw, title="代表履职学习班", audience="deputies", organizer=city.bodies["dbw"],
        start=at(dt.date(2026, 3, 18), 9), end=at(dt.date(2026, 3, 20), 17), hours=16)
    training.course_transition(actor=c.dbw, course=c.course, action="open")
    mine = training.enroll(actor=c.deputy, course=c.course)
    theirs = training.enroll(actor=c.dbw, course=c.course, person=c.peer.person)
    training.record_attendance(actor=c.dbw, course=c.course, marks={mine.pk: "attended", theirs.pk: "absent"})
    training.course_transition(actor=c.dbw, course=c.course, action="complete")

    # the other congress
    other_deps = list(Deputy.objects.filter(congress=c.other.congress).order_by("id"))
    c.other_deputy = other_deps[0]
    services.deputy_update(actor=c.other_dbw, deputy=c.other_deputy, id_number="110105194912310038",
                           phone="13800000000")
    c.other_station = liaison.station_create(actor=c.other_dbw, name="乙市联络站", deputies=[c.other_deputy])
    c.other_activity = liaison.activity_create(
        actor=c.other_dbw, kind="visit", title="乙市走访", start=at(dt.date(2026, 9, 1), 9),
        end=at(dt.date(2026, 9, 1), 11), participants=[c.other_deputy])
    c.other_issue = liaison.issue_create(actor=c.other_dbw, activity=c.other_activity, title="乙市意见", content="内容")
    return c
