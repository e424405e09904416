"""Factories for the meetings tests: a 主任会议, a standing-committee meeting with items, sign-ins.

The cast's city has 11 members of the standing committee on its Position rows (director, 3 vice-chairs,
the secretary-general, 6 members): more than half is 6.
"""

import datetime as dt

import pytest

from renda.core.models import Position
from renda.meetings import membership
from renda.meetings import services as svc
from renda.meetings.models import AgendaKind

MEETING_DAY = dt.date(2026, 3, 20)
CHAIRS_DAY = dt.date(2026, 3, 5)


def sc_members(cast):
    c = cast.city
    return [c.director, *c.vice_chairs, c.secretary_general, *c.members]


def chairs_meeting(cast, day=CHAIRS_DAY):
    m = svc.meeting_create(actor=cast.clerk, kind="chairs", date=day, place="常委会第一会议室")
    svc.item_add(actor=cast.clerk, meeting=m, title="研究常委会会议议程草案", kind=AgendaKind.OTHER)
    svc.meeting_transition(actor=cast.clerk, meeting=m, action="submit_agenda")
    svc.meeting_transition(actor=cast.leader, meeting=m, action="decide_agenda", decided_on=day - dt.timedelta(days=1))
    return m


def standing_meeting(cast, day=MEETING_DAY, items=(("关于某事项的决定（草案）", AgendaKind.DECISION),), **kw):
    m = svc.meeting_create(actor=cast.clerk, kind="standing", date=day, place="常委会会议厅", **kw)
    for title, kind in items:
        svc.item_add(actor=cast.clerk, meeting=m, title=title, kind=kind)
    return m


def decide(cast, meeting, chairs=None, decided_on=CHAIRS_DAY):
    chairs = chairs or chairs_meeting(cast)
    svc.meeting_transition(actor=cast.clerk, meeting=meeting, action="submit_agenda")
    return svc.meeting_transition(actor=cast.leader, meeting=meeting, action="decide_agenda", chairs_meeting=chairs,
                                  decided_on=decided_on)


def sign_in(cast, meeting, people):
    for p in people:
        svc.attendance_sign_in(actor=cast.clerk, meeting=meeting, person=p)


def end_post(person, day):
    """A vacancy: the person leaves the standing committee the day before `day`."""
    Position.objects.filter(person=person, organization__kind="standing_committee").update(
        end_date=day - dt.timedelta(days=1))


@pytest.fixture
def convened(cast):
    """A convened standing meeting (agenda decided by a 主任会议) with one decision item."""
    cast.chairs = chairs_meeting(cast)
    cast.meeting = standing_meeting(cast)
    cast.meeting = decide(cast, cast.meeting, cast.chairs)
    cast.item = cast.meeting.agenda_items.get()
    cast.people = sc_members(cast)
    assert len(membership.member_ids(cast.meeting)) == 11
    return cast


@pytest.fixture
def in_session(convened):
    c = convened
    sign_in(c, c.meeting, c.people[:8])
    c.meeting = svc.meeting_transition(actor=c.clerk, meeting=c.meeting, action="open")
    return c


def ready_nomination(cast, *, organ, post, name, nominator="mayor", statement=True, **kw):
    nom = svc.nomination_create(actor=cast.clerk, kind="appoint", nominator=nominator, organ=organ, post_title=post,
                                person_name=name, has_letter=True, has_resume=True, has_assessment=True,
                                received_on=dt.date(2026, 3, 1), **kw)
    svc.nomination_transition(actor=cast.clerk, nomination=nom, action="start_review")
    nom = svc.nomination_update(actor=cast.clerk, nomination=nom, lock_version=nom.lock_version + 1,
                                review_opinion="符合任职条件。", exam_date=dt.date(2026, 3, 3), exam_score=90,
                                **({"statement_date": MEETING_DAY, "statement_mode": "plenary"} if statement else {}))
    return svc.nomination_transition(actor=cast.clerk, nomination=nom, action="complete_review")


@pytest.fixture
def world(cast):
    """A convened standing meeting with a generic item and a nomination for 市水务局 (the unit_user's unit); the
    主任会议 that decided it; a submitted decision proposed by the government; a meeting of the other congress."""
    c = cast
    c.chairs = chairs_meeting(c)
    c.meeting = standing_meeting(c, items=(("听取市人民政府关于海绵城市建设情况的报告", AgendaKind.REPORT),))
    c.report_item = c.meeting.agenda_items.get()
    c.nomination = ready_nomination(c, organ=c.city.units["市水务局"], post="甲市水务局局长", name="赵清源")
    c.nom_item = svc.item_add(actor=c.clerk, meeting=c.meeting, object_type="meetings.nomination",
                              object_id=c.nomination.pk)
    c.decision = svc.decision_create(actor=c.clerk, title="关于加强水环境治理的决定", text="一、……",
                                     proposer=c.city.organs["gov"])
    c.decision = svc.decision_transition(actor=c.clerk, decision=c.decision, action="submit")
    c.dec_item = svc.item_add(actor=c.clerk, meeting=c.meeting, object_type="meetings.decision",
                              object_id=c.decision.pk)
    c.meeting = decide(c, c.meeting, c.chairs)
    c.people = sc_members(c)
    c.other_meeting = svc.meeting_create(actor=c.outsider_clerk, kind="standing", date=MEETING_DAY, place="乙市会场")
    for name in ("report_item", "nom_item", "dec_item", "nomination", "decision"):
        getattr(c, name).refresh_from_db()
    return c
