"""The standing committee's meetings on the public portal: only convened standing meetings, their agenda, announced
votes by totals, decided appointments; nothing of drafts, other congresses or per-member ballots."""

import datetime as dt

import pytest
from django.test import Client

from renda.meetings.models import Meeting, MeetingStatus, Nomination, NominationStatus, Vote, VoteStatus

pytestmark = pytest.mark.django_db


def test_public_meeting_pages_show_what_is_published_only(world):
    c = world
    anon = Client()
    code = c.congress.code
    m = c.meeting
    Meeting.objects.filter(pk=m.pk).update(status=MeetingStatus.DRAFTING)
    assert anon.get(f"/meetings/public/{code}/{m.pk}/").status_code == 404
    assert m.title not in anon.get(f"/meetings/public/{code}/").content.decode()
    Meeting.objects.filter(pk=m.pk).update(status=MeetingStatus.CLOSED)
    listing = anon.get(f"/meetings/public/{code}/").content.decode()
    assert m.title in listing and "常委会会议" in listing
    page = anon.get(f"/meetings/public/{code}/{m.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "会议议程" in html and "会议公报" in html
    # an announced vote appears by totals; an open one does not
    v = Vote.objects.create(congress=c.congress, meeting=m, agenda_item=c.report_item, status=VoteStatus.OPEN,
                            opened_at=dt.datetime(2026, 3, 20, 2, 0, tzinfo=dt.UTC),
                            total_members=15, present=12, yes=10, no=1, abstain=1, passed=True)
    assert ">10<" not in anon.get(f"/meetings/public/{code}/{m.pk}/").content.decode()
    Vote.objects.filter(pk=v.pk).update(status=VoteStatus.ANNOUNCED)
    assert ">10<" in anon.get(f"/meetings/public/{code}/{m.pk}/").content.decode()
    # the appointment is in the 公报 once decided, not before
    assert "<h3>任免事项</h3>" not in html
    Nomination.objects.filter(pk=c.nomination.pk).update(status=NominationStatus.APPROVED)
    gazette = anon.get(f"/meetings/public/{code}/{m.pk}/").content.decode().split('id="gazette-h"')[1]
    assert "<h3>任免事项</h3>" in gazette and "赵清源" in gazette
    # another congress's code does not show this meeting
    other = c.other.congress.code
    assert anon.get(f"/meetings/public/{other}/{m.pk}/").status_code == 404
    assert anon.get("/meetings/public/no-such-city/").status_code == 404
