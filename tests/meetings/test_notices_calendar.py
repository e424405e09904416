"""Notices (idempotent daily task and command), the two-month rule's warning, the calendar source, the home panel."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import TestCase

from renda.core.errors import RuleViolation
from renda.core.models import Person, RuleParameter
from renda.core.registry import CALENDAR_SOURCES
from renda.meetings import selectors
from renda.meetings import services as svc
from renda.meetings.models import MeetingNotice
from renda.meetings.tasks import send_due_notices

from .conftest import MEETING_DAY, chairs_meeting, decide, sc_members, standing_meeting

pytestmark = pytest.mark.django_db


def with_emails(cast):
    for i, p in enumerate(sc_members(cast)):
        if i != 3:  # one member has no e-mail address
            Person.objects.filter(pk=p.pk).update(email=f"m{i}@example.cn")


def test_the_command_sends_on_the_notice_day_once(convened, capsys):
    c = convened
    with_emails(c)
    # the lenient reading (meeting date minus 7); the strict default: tests/meetings/test_law_edges.py
    RuleParameter.objects.create(congress=c.congress, rule_id="CAL-BEFORE", name="strict", value=False)
    with TestCase.captureOnCommitCallbacks(execute=True):  # the outbox sends once each run commits
        call_command("meeting_notices", "--date", "2026-03-12")
        assert len(mail.outbox) == 0
        call_command("meeting_notices", "--date", "2026-03-13")
        call_command("meeting_notices", "--date", "2026-03-13")
    assert len(mail.outbox) == 10
    assert "发出通知 0 份" in capsys.readouterr().out.splitlines()[-1]
    rows = MeetingNotice.objects.filter(meeting=c.meeting)
    assert rows.count() == 11 and rows.filter(delivered=False).count() == 1
    assert not rows.filter(late=True).exists()
    # the task is the same run
    with TestCase.captureOnCommitCallbacks(execute=True):
        send_due_notices.enqueue("2026-03-14")
    assert len(mail.outbox) == 10


def test_a_member_added_later_and_a_late_run_are_flagged(convened):
    c = convened
    with_emails(c)
    svc.notices_send_due(today=dt.date(2026, 3, 15))  # the task missed two days
    assert MeetingNotice.objects.filter(meeting=c.meeting, late=True).count() == 11
    guest = Person.objects.create(congress=c.congress, name="孙副市长", email="vm@example.cn")
    svc.attendance_add_nonvoting(actor=c.clerk, meeting=c.meeting, person=guest)
    with TestCase.captureOnCommitCallbacks(execute=True):
        svc.notices_send_due(today=dt.date(2026, 3, 16))
    assert [m.to for m in mail.outbox] == [["vm@example.cn"]]
    svc.notices_send_due(today=dt.date(2026, 3, 21))  # after the meeting: nothing
    assert MeetingNotice.objects.filter(meeting=c.meeting).count() == 12


def test_the_notice_days_are_configurable(cast):
    RuleParameter.objects.create(congress=cast.congress, rule_id="MTG-NOTICE", name="days_before", value=10)
    meeting = standing_meeting(cast)
    svc.meeting_transition(actor=cast.clerk, meeting=meeting, action="submit_agenda")
    chairs = chairs_meeting(cast, day=dt.date(2026, 3, 12))
    with pytest.raises(RuleViolation) as exc:  # eight days before, ten required
        svc.meeting_transition(actor=cast.leader, meeting=meeting, action="decide_agenda", chairs_meeting=chairs,
                               decided_on=dt.date(2026, 3, 12))
    assert "不足 10 日" in exc.value.message


def test_notices_wait_for_the_agenda(cast):
    meeting = standing_meeting(cast)
    with pytest.raises(RuleViolation) as exc:
        svc.notices_send(meeting=meeting, actor=cast.clerk)
    assert exc.value.rule.id == "MTG-NOTICE"


def test_two_month_warning_before_the_gap_would_exceed(cast):
    meeting = decide(cast, standing_meeting(cast))
    assert meeting.date == MEETING_DAY
    assert selectors.interval_status(cast.congress.pk, dt.date(2026, 4, 20)) is None
    warn = selectors.interval_status(cast.congress.pk, dt.date(2026, 5, 1))  # 19 days before 5-20
    assert warn["level"] == "warning" and "2026-05-20" in warn["message"]
    late = selectors.interval_status(cast.congress.pk, dt.date(2026, 5, 21))
    assert late["level"] == "danger" and "已超过2个月" in late["message"]
    # a next meeting scheduled after the deadline is flagged, one before it clears the warning
    svc.meeting_create(actor=cast.clerk, kind="standing", date=dt.date(2026, 5, 29), place="会议厅")
    assert selectors.interval_status(cast.congress.pk, dt.date(2026, 5, 1))["level"] == "danger"
    svc.meeting_create(actor=cast.clerk, kind="standing", date=dt.date(2026, 5, 15), place="会议厅")
    assert selectors.interval_status(cast.congress.pk, dt.date(2026, 5, 1)) is None
    gaps = selectors.interval_gaps(cast.congress.pk, 2026)
    assert [g["ok"] for g in gaps] == [True, True]


def test_the_calendar_books_everyone_expected(world):
    c = world
    source = dict(CALENDAR_SOURCES)["meetings"]
    events = source(c.clerk, dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    by_title = {e.title: e for e in events}
    standing = by_title[c.meeting.title]
    assert standing.kind == "meeting" and standing.person_ids == frozenset(p.pk for p in c.people)
    chairs = by_title[c.chairs.title]
    leaders = {c.city.director.pk, *(p.pk for p in c.city.vice_chairs), c.city.secretary_general.pk}
    assert chairs.person_ids == frozenset(leaders)
    assert source(c.member, dt.date(2026, 3, 1), dt.date(2026, 3, 31))[0].title == c.meeting.title
    assert source(c.outsider_clerk, dt.date(2026, 3, 1), dt.date(2026, 3, 31))[0].title == c.other_meeting.title
    assert source(c.deputy, dt.date(2026, 3, 1), dt.date(2026, 3, 31)) == []


def test_home_panel_for_the_director(world):
    c = world
    att = svc.attendance_request_leave(actor=c.clerk, meeting=c.meeting, person=c.people[8], reason="病假")
    panel = selectors.home_panel(c.leader)
    assert att.pk in [a.pk for a in panel["leave"]]
    assert selectors.home_panel(c.other_unit_user) is None
