"""A standing-committee meeting in session (8 of the city's 11 members signed in), with items to vote on, and a
user account for each member (the cast's `member` and `leader` are two of them)."""

import datetime as dt

import pytest
import time_machine

from renda.core.models import User
from renda.core.roles import Role
from renda.demo.builders import make_user
from renda.meetings import services as svc
from renda.meetings.models import AgendaKind

MEETING_DAY = dt.date(2026, 3, 20)
CHAIRS_DAY = dt.date(2026, 3, 5)
NOW = dt.datetime(2026, 3, 20, 2, 0, tzinfo=dt.UTC)  # 10:00 in the city, the meeting's day

ITEMS = (("关于加强水环境治理的决定（草案）", AgendaKind.DECISION),
         ("关于修改某条例的决定（草案）", AgendaKind.DECISION),
         ("任免案", AgendaKind.APPOINTMENT),
         ("市人民政府关于某项工作的报告", AgendaKind.DECISION))


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as t:
        yield t


def sc_members(cast):
    c = cast.city
    return [c.director, *c.vice_chairs, c.secretary_general, *c.members]


def voter_user(cast, person):
    existing = User.objects.filter(person=person).first()
    if existing is not None:
        return existing
    return make_user(f"m{person.pk}", cast.password, congress=cast.congress, role=Role.MEMBER,
                     display_name=person.name, person=person)


def open_meeting(cast, items=ITEMS, present=None):
    chairs = svc.meeting_create(actor=cast.clerk, kind="chairs", date=CHAIRS_DAY, place="第一会议室")
    svc.item_add(actor=cast.clerk, meeting=chairs, title="研究常委会会议议程草案", kind=AgendaKind.OTHER)
    svc.meeting_transition(actor=cast.clerk, meeting=chairs, action="submit_agenda")
    svc.meeting_transition(actor=cast.leader, meeting=chairs, action="decide_agenda",
                           decided_on=CHAIRS_DAY - dt.timedelta(days=1))
    m = svc.meeting_create(actor=cast.clerk, kind="standing", date=MEETING_DAY, place="常委会会议厅")
    for title, kind in items:
        svc.item_add(actor=cast.clerk, meeting=m, title=title, kind=kind)
    svc.meeting_transition(actor=cast.clerk, meeting=m, action="submit_agenda")
    svc.meeting_transition(actor=cast.leader, meeting=m, action="decide_agenda", chairs_meeting=chairs,
                           decided_on=CHAIRS_DAY)
    for p in present:
        svc.attendance_sign_in(actor=cast.clerk, meeting=m, person=p)
    return svc.meeting_transition(actor=cast.clerk, meeting=m, action="open")


@pytest.fixture
def session(cast, frozen):
    """In session: everyone but people[7:10] signed in (8 of 11; more than half of 11 is 6)."""
    c = cast
    c.people = sc_members(c)
    c.present = [*c.people[:7], c.people[10]]
    c.absent = c.people[7:10]
    c.meeting = open_meeting(c, present=c.present)
    c.items = list(c.meeting.agenda_items.order_by("position"))
    c.voters = [voter_user(c, p) for p in c.present]
    assert c.member in c.voters and c.leader in c.voters
    c.frozen = frozen
    return c
