"""Lists and the meeting's pages run a fixed number of queries whatever the volume."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from renda.core.models import Person
from renda.meetings import services as svc
from renda.meetings.models import AgendaItem, Attendance, Meeting, Nomination

pytestmark = pytest.mark.django_db


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        resp = client.get(url)
    assert resp.status_code == 200, url
    return len(ctx.captured_queries)


def add_meetings(c, n):
    Meeting.objects.bulk_create([
        Meeting(congress=c.congress, kind="chairs", body=c.chairs.body, term=c.city.term, number=100 + i,
                title=f"第{100 + i}次主任会议", date=dt.date(2026, 3, 1 + i % 28), place="会议室", status="closed")
        for i in range(n)
    ])


def add_items_and_guests(c, n):
    AgendaItem.objects.bulk_create([
        AgendaItem(congress=c.congress, meeting=c.meeting, position=100 + i, title=f"议题{i}", status="listed")
        for i in range(n)
    ])
    guests = Person.objects.bulk_create([Person(congress=c.congress, name=f"列席{i}") for i in range(n)])
    Attendance.objects.bulk_create([Attendance(congress=c.congress, meeting=c.meeting, person=g, capacity="nonvoting")
                                    for g in guests])


def add_nominations(c, n):
    Nomination.objects.bulk_create([
        Nomination(congress=c.congress, kind="appoint", nominator="mayor", nominator_organ=c.city.organs["gov"],
                   person=c.people[i % 11], organ=c.city.units["市财政局"], post_title=f"职务{i}",
                   received_on=dt.date(2026, 3, 1))
        for i in range(n)
    ])


@pytest.mark.parametrize("name", ["meetings:index", "meetings:meeting", "meetings:attendance", "meetings:nominations"])
def test_pages_do_not_grow_with_the_data(world, name):
    c = world
    client = Client()
    client.force_login(c.clerk)
    url = reverse(name, args=[c.meeting.pk]) if name in ("meetings:meeting", "meetings:attendance") \
        else reverse(name)
    small = count(client, url)
    add_meetings(c, 40)
    add_items_and_guests(c, 40)
    add_nominations(c, 40)
    large = count(client, url)
    assert large == small, (name, small, large)
    assert large <= 40, (name, large)


@pytest.mark.parametrize("url", ["/api/v1/meetings/meetings", "/api/v1/meetings/meetings/{pk}/agenda",
                                 "/api/v1/meetings/meetings/{pk}/attendance"])
def test_api_lists_do_not_grow(world, url):
    c = world
    client = Client()
    client.force_login(c.clerk)
    url = url.format(pk=c.meeting.pk)
    small = count(client, url)
    add_meetings(c, 30)
    add_items_and_guests(c, 30)
    assert count(client, url) == small


def test_vote_page_and_statistics_are_bounded(world):
    c = world
    from .conftest import sign_in

    sign_in(c, c.meeting, c.people[:9])
    svc.meeting_transition(actor=c.clerk, meeting=c.meeting, action="open")
    vote = svc.vote_open(actor=c.clerk, item=c.dec_item)
    client = Client()
    client.force_login(c.clerk)
    small = count(client, reverse("meetings:vote", args=[vote.pk]))
    svc.ballots_record(actor=c.clerk, vote=vote, choices={p.pk: "yes" for p in c.people[:9]})
    assert count(client, reverse("meetings:vote", args=[vote.pk])) == small
    stats = count(client, reverse("meetings:statistics") + "?year=2026")
    add_meetings(c, 20)
    assert count(client, reverse("meetings:statistics") + "?year=2026") == stats
