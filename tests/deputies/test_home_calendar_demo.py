"""The deputy's home panel reads one person's calendar (issue 21 §2): on the demo city, every person's calendar read
by the database equals the whole congress's calendar scoped to that person (the cast's cases, the query counts and
the member's panels: tests/deputies/test_calendar_bounded.py)."""

import datetime as dt

import pytest
import time_machine
from tests.conftest import module_world
from tests.world_cache import load_demo

from renda.core.models import Congress, Position, User
from renda.demo.clock import CANONICAL_TODAY
from renda.deputies.schedule import selectors as cal

pytestmark = pytest.mark.django_db


def old_path(user, start, end, person_id):
    """What the deputy's panel read before: the whole calendar, then one person's items."""
    return cal.scoped(cal.collect(user, start, end), person_id=person_id)


# The demo loaded on its story's own day, and the clock stopped there while the module's tests read it.
NOW = dt.datetime.combine(CANONICAL_TODAY, dt.time(10), tzinfo=dt.timezone(dt.timedelta(hours=8)))
TODAY = NOW.date()


@pytest.fixture(scope="module")
def demo_world(django_db_setup, django_db_blocker, tmp_path_factory):
    with time_machine.travel(NOW, tick=False), module_world(django_db_blocker, tmp_path_factory.mktemp("demo-media")):
        load_demo(TODAY)
        yield


def test_every_persons_calendar_in_the_demo_is_the_whole_calendar_scoped(demo_world):
    city = Congress.objects.get(code="xx-city")
    today = TODAY
    start, end = today - dt.timedelta(days=200), today + dt.timedelta(days=200)
    office = User.objects.filter(congress=city, role="office", is_active=True).order_by("id").first()
    everything = cal.collect(office, start, end)
    people = sorted({pid for i in everything for pid in i.event.person_ids})
    assert len(people) >= 10, "the demo's calendar books people"
    via_body = via_team = 0
    for pid in people:
        mine = cal.collect(office, start, end, person_id=pid)
        assert mine == cal.scoped(everything, person_id=pid), pid
        assert mine, pid
        for item in mine:
            held = Position.objects.filter(person_id=pid, organization_id=item.event.body_id).exists()
            via_body += item.event.kind == "meeting" and held  # reached through a body the person sits on
            via_team += item.event.kind in ("inspection", "exchange", "training")  # a team, delegation, class
    assert via_body and via_team


def test_each_signed_in_persons_own_calendar_is_unchanged(demo_world):
    city = Congress.objects.get(code="xx-city")
    today = TODAY
    start, end = today - dt.timedelta(days=200), today + dt.timedelta(days=200)
    users = list(User.objects.filter(congress=city, is_active=True, person__isnull=False).order_by("id"))
    assert {u.role for u in users} >= {"deputy", "member", "leader"}
    booked = 0
    for user in users:
        mine = cal.collect(user, start, end, person_id=user.person_id)
        assert mine == old_path(user, start, end, user.person_id), user.username
        booked += bool(mine)
    assert booked >= 3
    # the panel's own reading (the next 30 days, engagements only) is the old one too
    deputy = next(u for u in users if u.role == "deputy")
    now = NOW
    old = [i for i in old_path(deputy, today, today + dt.timedelta(days=30), deputy.person_id)
           if i.finish > now and i.event.kind not in cal.NOT_ENGAGEMENTS]
    assert cal.upcoming_for_person(deputy, deputy.person_id, today, days=30) == old


