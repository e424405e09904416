"""List pages run a fixed number of queries whatever the volume."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from tests.conftest import login
from tests.deputies.conftest import at

from renda.deputies.models import Activity, Course, Deputy, Enrollment, Issue

pytestmark = pytest.mark.django_db


def count(client, url, params=None):
    with CaptureQueriesContext(connection) as ctx:
        resp = client.get(url, params or {})
    assert resp.status_code == 200
    return len(ctx.captured_queries)


def add_volume(c, n):
    deputies = list(Deputy.objects.filter(congress=c.congress))
    acts = Activity.objects.bulk_create([
        Activity(congress=c.congress, kind="visit", title=f"走访{i}", start=at(dt.date(2026, 8, 1 + i % 28), 9),
                 end=at(dt.date(2026, 8, 1 + i % 28), 11), organizer=c.city.bodies["cjhb"], status="held",
                 record="记录")
        for i in range(n)
    ])
    through = Activity.participants.through
    through.objects.bulk_create([through(activity_id=a.pk, deputy_id=deputies[i % len(deputies)].pk)
                                 for i, a in enumerate(acts)])
    Issue.objects.bulk_create([
        Issue(congress=c.congress, source="visit", activity=acts[i], title=f"意见{i}", content="内容",
              deputy=deputies[i % len(deputies)], routed_to=c.city.units["市水务局"], status="routed",
              routed_on=dt.date(2026, 8, 5), due_on=dt.date(2026, 10, 5))
        for i in range(n)
    ])
    courses = Course.objects.bulk_create([
        Course(congress=c.congress, title=f"培训{i}", start=at(dt.date(2026, 4, 1 + i % 28), 9),
               end=at(dt.date(2026, 4, 1 + i % 28), 17)) for i in range(n // 10)
    ])
    Enrollment.objects.bulk_create([Enrollment(congress=c.congress, course=co, person=d.person, deputy=d)
                                    for co in courses for d in deputies[:5]])


@pytest.mark.parametrize("name,role", [
    ("deputies:registry", "clerk"), ("deputies:activities", "clerk"), ("deputies:issues", "dbw"),
    ("deputies:issues", "unit_user"), ("deputies:training", "deputy"), ("deputies:index", "clerk"),
    ("deputies:contacts", "clerk"), ("deputies:stations", "clerk"),
])
def test_list_query_count_does_not_grow(dep_world, name, role):
    c = dep_world
    client = login(getattr(c, role))
    small = count(client, reverse(name))
    add_volume(c, 120)
    large = count(client, reverse(name))
    assert large == small, (small, large)
    assert large <= 25


def test_api_lists_are_bounded(dep_world):
    c = dep_world
    client = login(c.dbw)
    urls = ["/api/v1/deputies/registry", "/api/v1/deputies/liaison/issues", "/api/v1/deputies/liaison/activities",
            "/api/v1/deputies/composition"]
    small = [count(client, u) for u in urls]
    add_volume(c, 120)
    assert [count(client, u) for u in urls] == small


def test_the_record_and_the_calendar_do_not_grow_with_other_deputies_records(dep_world):
    c = dep_world
    client = login(c.deputy)
    add_volume(c, 30)
    small = count(client, reverse("deputies:me"), {"year": 2026})
    cal_small = count(client, reverse("deputies:calendar"), {"date": "2026-08-01", "scope": "me"})
    add_volume(c, 120)
    assert count(client, reverse("deputies:me"), {"year": 2026}) == small
    assert count(client, reverse("deputies:calendar"), {"date": "2026-08-01", "scope": "me"}) == cal_small
