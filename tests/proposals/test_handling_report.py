"""代表法 第五十一条第三款: the handling report — to the standing committee, printed for the NEXT session, public."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from tests.conftest import login

from renda.core.errors import RuleViolation
from renda.core.models import CongressSession, Organization, Term
from renda.meetings.models import Meeting, MeetingKind, MeetingStatus
from renda.proposals.models import Assignment, Proposal, Reply
from renda.proposals.report import figures, services
from renda.proposals.report.models import ReportStatus

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 12, 20, 10, tzinfo=dt.UTC)


def _meeting(c, kind, day, status=MeetingStatus.CLOSED):
    body = Organization.objects.filter(congress=c.congress, kind=Organization.Kind.STANDING_COMMITTEE).first()
    return Meeting.objects.create(congress=c.congress, kind=kind, body=body, term=Term.objects.get(congress=c.congress),
                                  number=Meeting.objects.filter(congress=c.congress).count() + 1,
                                  title=f"常委会第{day.month}次会议", date=day, place="机关会议室", status=status)


def _proposal(c, n, *, reply_due, replied_on=None, status="assigned"):
    p = Proposal.objects.create(congress=c.congress, year=2026, number=f"2026-{n:03d}", title=f"建议{n}",
                                content="内容", received_on=dt.date(2026, 1, 12), assigned_on=dt.date(2026, 2, 1),
                                reply_due=reply_due, status=status)
    if replied_on:
        a = Assignment.objects.create(congress=c.congress, proposal=p, unit=c.city.units["市水务局"], role="lead",
                                      assigned_on=dt.date(2026, 2, 1), return_due=dt.date(2026, 2, 10))
        Reply.objects.create(congress=c.congress, proposal=p, assignment=a, text="答复", result_class="A",
                             communication="meeting", signer="局长", replied_on=replied_on)
    return p


@pytest.fixture
def world(cast):
    c = cast
    due = dt.date(2026, 5, 1)
    _proposal(c, 1, reply_due=due, replied_on=dt.date(2026, 5, 1), status="closed")  # on the last day: in time
    _proposal(c, 2, reply_due=due, replied_on=dt.date(2026, 5, 2))  # a day late
    _proposal(c, 3, reply_due=due)  # never replied: overdue
    _proposal(c, 4, reply_due=dt.date(2027, 1, 31))  # not yet due
    _proposal(c, 5, reply_due=due, status="withdrawn")  # not counted
    c.next_session = CongressSession.objects.create(congress=c.congress, term=Term.objects.get(congress=c.congress),
                                                    number=2, start_date=dt.date(2027, 1, 15))
    return c


def test_figures_count_the_reply_limits_at_their_edges(world):
    f = figures.count(world.congress.pk, 2026, dt.date(2026, 12, 1))
    assert f == {"total": 4, "assigned": 4, "replied": 2, "replied_in_time": 1, "late": 1, "overdue": 1, "closed": 1,
                 "key": 0}


@time_machine.travel(NOW, tick=False)
def test_reported_printed_for_the_next_session_and_published(world):
    c = world
    report = services.report_create(actor=c.clerk, year=2026, title="关于2026年代表建议办理情况的报告",
                                    text="全年共收到代表建议……")
    with pytest.raises(ValidationError):
        services.report_create(actor=c.clerk, year=2026, title="重复", text="重复")
    chairs = _meeting(c, MeetingKind.CHAIRS, dt.date(2026, 12, 10))
    with pytest.raises(RuleViolation):  # reported to the standing committee, not the chairs' council
        services.report_transition(actor=c.clerk, report=report, action="report", reported_at=chairs)
    standing = _meeting(c, MeetingKind.STANDING, dt.date(2026, 12, 18))
    report = services.report_transition(actor=c.clerk, report=report, action="report", reported_at=standing)
    assert report.status == ReportStatus.REPORTED and report.figures["overdue"] == 1
    first = CongressSession.objects.get(congress=c.congress, number=1)  # January 2026: before the report
    with pytest.raises(RuleViolation) as exc:
        services.report_transition(actor=c.clerk, report=report, action="distribute", distributed_to=first)
    assert "下一次" in exc.value.message
    later = CongressSession.objects.create(congress=c.congress, term=first.term, number=3,
                                           start_date=dt.date(2027, 6, 1))
    with pytest.raises(RuleViolation):  # the one after next is not the next session
        services.report_transition(actor=c.clerk, report=report, action="distribute", distributed_to=later)
    with pytest.raises(RuleViolation):  # published after printing for the session
        services.report_transition(actor=c.clerk, report=report, action="publish")
    report = services.report_transition(actor=c.clerk, report=report, action="distribute",
                                        distributed_to=c.next_session)
    url = reverse("proposals:public_handling_reports", args=[c.congress.code])
    assert "关于2026年代表建议办理情况的报告" not in Client().get(url).content.decode()
    assert login(c.deputy).get(reverse("proposals:handling_report", args=[report.pk])).status_code == 200
    assert login(c.unit_user).get(reverse("proposals:handling_report", args=[report.pk])).status_code == 404
    services.report_transition(actor=c.clerk, report=report, action="publish")
    body = Client().get(url).content.decode()
    assert "关于2026年代表建议办理情况的报告" in body and "逾期未答复" in body
    assert login(c.unit_user).get(reverse("proposals:handling_report", args=[report.pk])).status_code == 200


@time_machine.travel(NOW, tick=False)
def test_drafts_are_internal_and_pages_and_api_work(world):
    c = world
    client = login(c.clerk)
    r = client.post("/api/v1/proposals/handling-reports", {"year": 2026, "title": "报告", "text": "正文"},
                    content_type="application/json")
    assert r.status_code == 201 and r.json()["figures"]["total"] == 4
    pk = r.json()["id"]
    for user in (c.deputy, c.member, c.unit_user, c.outsider_clerk):
        assert login(user).get(reverse("proposals:handling_report", args=[pk])).status_code == 404
    assert login(c.deputy).get("/api/v1/proposals/handling-reports").json() == []
    page = client.get(reverse("proposals:handling_report", args=[pk])).content.decode()
    assert "在答复期限内答复" in page and "向常委会报告" in page
    r = client.post(reverse("proposals:handling_report_edit", args=[pk]),
                    {"year": 2026, "title": "报告（修改）", "text": "正文", "lock_version": 0})
    assert r.status_code == 302
    r = login(c.leader).post("/api/v1/proposals/handling-reports", {"year": 2025, "title": "x", "text": "y"},
                             content_type="application/json")
    assert r.status_code == 403
