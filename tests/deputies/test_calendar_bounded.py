"""One person's calendar read by the database (issue 21 §2): the deputy's home panel asks every calendar source for
one person's engagements instead of the whole congress's calendar, with the same items as before; the member's
home panels read a fixed number of queries whatever the congress's volume. (The same equality on the demo city:
tests/deputies/test_home_calendar_demo.py.)"""

import datetime as dt

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from tests.deputies.conftest import TODAY, at

from renda.core.registry import CALENDAR_SOURCES, CalendarEvent, accepts_person, register_calendar_source
from renda.deputies.schedule import selectors as cal

# the clock stopped at WORLD_NOW (tests/deputies/conftest.py) before any fixture writes: no test reads the wall clock
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
SEEDED_2026_SEEN_ON = dt.datetime(2026, 10, 1, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def old_path(user, start, end, person_id):
    """What the deputy's panel read before: the whole calendar, then one person's items."""
    return cal.scoped(cal.collect(user, start, end), person_id=person_id)


# ---- the cast: sources read one person's rows; the count of queries does not grow with the congress -----------
def _volume(c, n: int) -> None:
    """n more engagements of other people in the panel's window: activities, courses, a delegation abroad."""
    from renda.deputies.exchanges import services as exchanges
    from renda.deputies.liaison import services as liaison
    from renda.deputies.training import services as training

    today = TODAY
    for k in range(n):
        day = today + dt.timedelta(days=1 + k % 20)
        liaison.activity_create(actor=c.dbw, kind="visit", title=f"走访{k}", start=at(day, 14), end=at(day, 16),
                                participants=[c.peer, c.peer2])
    for k in range(max(1, n // 5)):
        course = training.course_create(actor=c.dbw, title=f"专题培训{k}", audience="deputies",
                                        organizer=c.city.bodies["dbw"], start=at(today + dt.timedelta(days=3 + k), 9),
                                        end=at(today + dt.timedelta(days=3 + k), 17), hours=6)
        training.course_transition(actor=c.dbw, course=course, action="open")
        training.enroll(actor=c.dbw, course=course, person=c.peer.person)
    exchanges.visit_create(actor=c.clerk, direction="outbound", title="赴乙市考察", place="乙市",
                           start_date=today + dt.timedelta(days=6), end_date=today + dt.timedelta(days=8),
                           leader=c.peer.person, members=[c.peer2.person])


def test_the_deputys_panel_reads_a_fixed_number_of_queries_and_only_their_rows(dep_world):
    from renda.deputies.liaison import services as liaison

    c = dep_world
    user, pid = c.deputy, c.deputy.person_id
    today = TODAY
    contact = liaison.contact_create(actor=c.dbw, member=c.member.person, deputies=[c.me, c.peer],
                                     date=today + dt.timedelta(days=9), notes="通报常委会工作。")
    contact_title = f"{c.member.person.name}联系代表（{contact.get_mode_display()}）"
    with CaptureQueriesContext(connection) as small:
        before = cal.upcoming_for_person(user, pid, today, days=30)
    assert [i.event.title for i in before] == ["专题调研城市更新", contact_title]

    _volume(c, 25)
    soon = today + dt.timedelta(days=12)
    liaison.activity_create(actor=c.dbw, kind="reception", title="12月接待选民日", station=c.station,
                            start=at(soon, 9), end=at(soon, 11), participants=[c.me, c.peer])
    with CaptureQueriesContext(connection) as large:
        after = cal.upcoming_for_person(user, pid, today, days=30)
    assert [i.event.title for i in after] == ["专题调研城市更新", contact_title, "12月接待选民日"]
    assert len(large) == len(small)
    # the same items as the whole calendar scoped to the person, for the deputy and for the other people booked
    for who in (pid, c.peer.person_id, c.peer2.person_id):
        assert cal.collect(user, today, today + dt.timedelta(days=30), person_id=who) == \
            old_path(user, today, today + dt.timedelta(days=30), who)
    # each source that accepts a person returns only that person's events; the whole calendar holds the others
    whole = cal.collect(user, today, today + dt.timedelta(days=30))
    assert len(whole) > 25
    for name, source in CALENDAR_SOURCES:
        if accepts_person(source):
            events = source(user, today, today + dt.timedelta(days=30), person_id=pid)
            assert all(pid in ev.person_ids for ev in events), name


def test_a_source_without_the_person_keyword_is_still_read_and_filtered(dep_world):
    c = dep_world
    day = TODAY + dt.timedelta(days=2)

    def legacy(user, start, end):  # the old signature: no person_id
        return [CalendarEvent(kind="meeting", title=t, start=at(day, h), end=at(day, h + 1), url="/x/",
                              congress_id=c.congress.pk, person_ids=frozenset(ids))
                for t, h, ids in (("我的会议", 9, {c.deputy.person_id}), ("别人的会议", 14, {c.peer.person_id}))]

    def broken(user, start, end, person_id=None):  # a failing source: its statement fails, the others still count
        with connection.cursor() as cursor:
            cursor.execute("SELECT no_such_column FROM no_such_table")
        return []

    assert not accepts_person(legacy) and accepts_person(broken)
    register_calendar_source("test.broken", broken)
    register_calendar_source("test.legacy", legacy)
    try:
        titles = [i.event.title for i in cal.upcoming_for_person(c.deputy, c.deputy.person_id, day, days=3)]
    finally:
        CALENDAR_SOURCES[:] = [(n, s) for n, s in CALENDAR_SOURCES if n not in ("test.legacy", "test.broken")]
    assert "我的会议" in titles and "别人的会议" not in titles


def test_a_meeting_reaches_a_member_through_the_standing_committee(cast):
    from renda.meetings import selectors as meetings
    from renda.meetings import services as msvc

    c = cast
    day = TODAY + dt.timedelta(days=10)
    m = msvc.meeting_create(actor=c.clerk, kind="standing", body=c.city.standing_committee, date=day,
                            place="常委会会议室")
    start, end = day - dt.timedelta(days=1), day + dt.timedelta(days=1)
    for user in (c.clerk, c.leader):
        for pid in (c.member.person_id, c.leader.person_id, c.deputy.person_id):
            assert meetings.calendar_events(user, start, end, person_id=pid) == [
                ev for ev in meetings.calendar_events(user, start, end) if pid in ev.person_ids]
    mine = meetings.calendar_events(c.clerk, start, end, person_id=c.member.person_id)
    assert [ev.title for ev in mine] == [m.title] and c.member.person_id in mine[0].person_ids
    assert meetings.calendar_events(c.clerk, start, end, person_id=c.deputy.person_id) == []


# ---- the member's home: meetings and supervision panels --------------------------------------------------------
def _member_panels(user) -> tuple[int, list[str]]:
    from renda.meetings import selectors as meetings
    from renda.supervision import selectors as supervision

    with CaptureQueriesContext(connection) as q:
        html = []
        for panel in (meetings.home_panel, supervision.home_panel):
            data = panel(user)
            if data:
                html.append(render_to_string(data["template"], {"panel": data}))
    return len(q), html


def test_the_members_panels_read_a_fixed_number_of_queries_whatever_the_volume(frozen, cast):
    from renda.core.seeding import SCALES, SeedContext
    from renda.meetings import seed as meetings_seed
    from renda.supervision import seed as supervision_seed

    frozen.move_to(SEEDED_2026_SEEN_ON)  # the seeded year 2026 with meetings still ahead; the clock stays stopped
    c = cast
    small, _ = _member_panels(c.member)
    ctx = SeedContext(scale=SCALES["city"], main=c.city, others=[c.other], current_year=2026)
    counts = {**meetings_seed.generate(ctx), **supervision_seed.generate(ctx)}
    assert counts["meetings"] > 20 and counts["reports"] > 20
    large, html = _member_panels(c.member)
    page = "".join(html)
    assert "即将举行" in page and "已发给您的报告" in page  # the seeded meetings and reports are shown
    assert large <= max(small, 1) + 2, (small, large)  # the panels' queries, not one per row
    # and the same for the other roles' panels
    for user in (c.leader, c.clerk, c.committee, c.unit_user):
        n, _ = _member_panels(user)
        assert n <= 16, (user.username, n)
