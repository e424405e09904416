"""年度代表工作计划 (代表法 第四十三条): adopted by the 主任会议, notified to the deputies, published to everyone."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from tests.conftest import login

from renda.core.errors import RuleViolation
from renda.core.models import Organization, OutboxMessage, Term
from renda.deputies.annual import services
from renda.deputies.annual.models import PlanStatus
from renda.meetings.models import Meeting, MeetingKind, MeetingStatus

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 12, 20, 10, tzinfo=dt.UTC)
CONTENT = "一、组织代表开展集中视察和专题调研。二、完善常委会组成人员联系代表机制。三、加强代表履职学习培训。"


def _meeting(c, kind, day, status=MeetingStatus.CLOSED):
    body = Organization.objects.filter(congress=c.congress, kind=Organization.Kind.STANDING_COMMITTEE).first()
    return Meeting.objects.create(congress=c.congress, kind=kind, body=body, term=Term.objects.get(congress=c.congress),
                                  number=Meeting.objects.filter(congress=c.congress).count() + 1,
                                  title=f"第{day.day}次会议", date=day, place="机关会议室", status=status)


@pytest.fixture
def plan(cast):
    with time_machine.travel(NOW, tick=False):
        return services.plan_create(actor=cast.clerk, year=2027, title="2027年度代表工作计划", content=CONTENT)


@time_machine.travel(NOW, tick=False)
def test_adopted_only_by_a_held_chairs_meeting(cast, plan):
    c = cast
    standing = _meeting(c, MeetingKind.STANDING, dt.date(2026, 12, 18))
    future = _meeting(c, MeetingKind.CHAIRS, dt.date(2026, 12, 28), status=MeetingStatus.CONVENED)
    chairs = _meeting(c, MeetingKind.CHAIRS, dt.date(2026, 12, 15))
    for wrong in (standing, future, None):
        with pytest.raises(RuleViolation) as exc:
            services.plan_transition(actor=c.clerk, plan=plan, action="adopt", adopted_at=wrong)
        assert exc.value.rule.id == "DEP-WORK-PLAN"
    plan = services.plan_transition(actor=c.clerk, plan=plan, action="adopt", adopted_at=chairs)
    assert plan.status == PlanStatus.ADOPTED and plan.adopted_on == dt.date(2026, 12, 15)
    with pytest.raises(RuleViolation):  # adopted: no more edits
        services.plan_update(actor=c.clerk, plan=plan, title="改")


@time_machine.travel(NOW, tick=False)
def test_one_plan_a_year_and_only_the_office_drafts(cast, plan):
    c = cast
    with pytest.raises(ValidationError):
        services.plan_create(actor=c.clerk, year=2027, title="又一份", content=CONTENT)
    from django.core.exceptions import PermissionDenied
    with pytest.raises(PermissionDenied):
        services.plan_create(actor=c.leader, year=2028, title="2028年度代表工作计划", content=CONTENT)


@time_machine.travel(NOW, tick=False)
def test_visibility_follows_notification_and_publication(cast, plan):
    c = cast
    c.deputy.email = "deputy@example.cn"
    c.deputy.save(update_fields=["email"])
    url = reverse("deputies:workplan", args=[plan.pk])
    public = reverse("deputies:public_workplans", args=[c.congress.code])
    assert login(c.deputy).get(url).status_code == 404
    assert login(c.member).get(url).status_code == 404
    assert login(c.committee).get(url).status_code == 200
    chairs = _meeting(c, MeetingKind.CHAIRS, dt.date(2026, 12, 15))
    services.plan_transition(actor=c.clerk, plan=plan, action="adopt", adopted_at=chairs)
    with pytest.raises(RuleViolation):  # published only after the deputies were notified
        services.plan_transition(actor=c.clerk, plan=plan, action="publish")
    services.plan_transition(actor=c.clerk, plan=plan, action="notify")
    sent = OutboxMessage.objects.filter(key=f"deputy-work-plan-{plan.pk}-{c.deputy.pk}").get()
    assert sent.to == "deputy@example.cn" and "2027年度代表工作计划" in sent.subject
    assert login(c.deputy).get(url).status_code == 200
    assert login(c.unit_user).get(url).status_code == 404
    from django.test import Client
    assert "2027年度代表工作计划" not in Client().get(public).content.decode()
    services.plan_transition(actor=c.clerk, plan=plan, action="publish")
    body = Client().get(public).content.decode()
    assert "2027年度代表工作计划" in body and "集中视察" in body
    assert login(c.unit_user).get(url).status_code == 200
    other = reverse("deputies:public_workplans", args=[c.other.congress.code])
    assert "2027年度代表工作计划" not in Client().get(other).content.decode()
    assert Client().get(reverse("deputies:public_workplans", args=["no-such"])).status_code == 404


@time_machine.travel(NOW, tick=False)
def test_pages_and_api(cast):
    c = cast
    client = login(c.clerk)
    r = client.post(reverse("deputies:workplan_create"), {"year": 2027, "title": "2027年度代表工作计划",
                                                           "content": CONTENT})
    assert r.status_code == 302
    r = client.post("/api/v1/deputies/work-plans", {"year": 2027, "title": "重复", "content": CONTENT},
                    content_type="application/json")
    assert r.status_code == 422
    plans = client.get("/api/v1/deputies/work-plans").json()
    assert plans[0]["status_label"] == "起草中" and plans[0]["actions"][0]["label"] == "主任会议通过"
    chairs = _meeting(c, MeetingKind.CHAIRS, dt.date(2026, 12, 15))
    r = client.post(f"/api/v1/workflow/deputies.workplan/{plans[0]['id']}/adopt", {"adopted_at": chairs.pk},
                    content_type="application/json")
    assert r.status_code == 200
    assert "主任会议已通过" in client.get(reverse("deputies:workplan", args=[plans[0]["id"]])).content.decode()
