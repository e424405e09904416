"""Self-building (training: plan, registration, attendance, completion) and external exchanges."""

import datetime as dt
import json

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from tests.conftest import login
from tests.deputies.conftest import TODAY, at

from renda.core.errors import RuleViolation
from renda.core.models import Person
from renda.deputies.exchanges import services as exchanges
from renda.deputies.models import Course, CourseStatus, Enrollment, Visit, VisitStatus
from renda.deputies.training import services as training
from renda.deputies.workflow import COURSE_WORKFLOW, VISIT_WORKFLOW

pytestmark = pytest.mark.django_db


@pytest.fixture
def upcoming_course(dep_world):
    c = dep_world
    day = TODAY + dt.timedelta(days=14)
    course = training.course_create(actor=c.dbw, title="代表履职能力提升培训班", audience="deputies",
                                    start=at(day, 9), end=at(day + dt.timedelta(days=2), 17), capacity=2, hours=20)
    c.upcoming_course = course
    return c


def test_registration_rules(upcoming_course):
    c = upcoming_course
    course = c.upcoming_course
    with pytest.raises(RuleViolation) as exc:  # not open yet
        training.enroll(actor=c.deputy, course=course)
    assert exc.value.rule.id == "TRN-REGISTER"
    training.course_transition(actor=c.dbw, course=course, action="open")
    training.enroll(actor=c.deputy, course=course)
    with pytest.raises(RuleViolation):  # twice
        training.enroll(actor=c.deputy, course=course)
    staff = Person.objects.create(congress=c.congress, name="机关干部")
    with pytest.raises(RuleViolation) as exc:  # not a deputy: the course is for deputies
        training.enroll(actor=c.dbw, course=course, person=staff)
    assert "人大代表" in exc.value.message
    with pytest.raises(PermissionDenied):  # a deputy registers only themself
        training.enroll(actor=c.deputy, course=course, person=c.peer.person)
    training.enroll(actor=c.dbw, course=course, person=c.peer.person)
    with pytest.raises(RuleViolation) as exc:  # the capacity is reached
        training.enroll(actor=c.dbw, course=course, person=c.peer2.person)
    assert "名额 2 人" in exc.value.message


def test_completion_needs_attendance_of_everyone(dep_world):
    c = dep_world
    course = training.course_create(actor=c.dbw, title="专题学习", audience="all",
                                    start=at(dt.date(2026, 5, 6), 14), end=at(dt.date(2026, 5, 6), 17))
    training.course_transition(actor=c.dbw, course=course, action="open")
    e1 = training.enroll(actor=c.dbw, course=course, person=c.peer.person)
    e2 = training.enroll(actor=c.dbw, course=course, person=c.member.person)
    with pytest.raises(RuleViolation) as exc:
        training.course_transition(actor=c.dbw, course=course, action="complete")
    assert exc.value.rule.id == "TRN-COMPLETE" and "2 名学员" in exc.value.message
    training.record_attendance(actor=c.dbw, course=course, marks={e1.pk: "attended", e2.pk: "excused"})
    training.course_transition(actor=c.dbw, course=course, action="complete")
    assert set(Enrollment.objects.filter(course=course, completed=True).values_list("pk", flat=True)) == {e1.pk}


@pytest.mark.parametrize("state", CourseStatus.values)
@pytest.mark.parametrize("action", [t.action for t in COURSE_WORKFLOW.transitions])
def test_course_state_action_table(dep_world, state, action):
    c = dep_world
    Course.objects.filter(pk=c.course.pk).update(status=state)
    course = Course.objects.get(pk=c.course.pk)
    t = COURSE_WORKFLOW.transition(action)
    if state in t.sources:
        assert training.course_transition(actor=c.dbw, course=course, action=action, note="说明").status == t.target
    elif state == t.target:
        assert training.course_transition(actor=c.dbw, course=course, action=action, note="说明").status == state
    else:
        with pytest.raises(RuleViolation) as exc:
            training.course_transition(actor=c.dbw, course=course, action=action, note="说明")
        assert exc.value.rule.id == t.rule


def test_training_permissions_and_pages(upcoming_course):
    c = upcoming_course
    course = c.upcoming_course
    with pytest.raises(PermissionDenied):
        training.course_transition(actor=c.other_committee, course=course, action="open")
    with pytest.raises(PermissionDenied):
        training.course_create(actor=c.deputy, title="x", start=at(dt.date(2026, 12, 1), 9),
                               end=at(dt.date(2026, 12, 1), 10))
    training.course_transition(actor=c.dbw, course=course, action="open")
    client = login(c.deputy)
    resp = client.post(reverse("deputies:course_enroll", args=[course.pk]), follow=True)
    assert "已报名" in resp.content.decode()
    api = login(c.member).post(f"/api/v1/deputies/training/courses/{course.pk}/enroll")
    assert api.status_code == 201 and api.json()["enrolled"]  # members of the committee are deputies too
    api = login(c.leader).post(f"/api/v1/deputies/training/courses/{course.pk}/enroll")
    assert api.status_code == 409 and api.json()["rule"] == "TRN-REGISTER"  # the two places are taken
    staff = login(c.dbw)
    for name, args in [("training", []), ("course", [course.pk]), ("course_create", []), ("material_create", [])]:
        assert staff.get(reverse(f"deputies:{name}", args=args)).status_code == 200, name
    resp = staff.post(reverse("deputies:material_create"), {"title": "代表法学习辅导", "summary": "要点",
                                                            "audience": "deputies", "published_on": "2026-11-01"})
    assert resp.status_code == 302
    assert "代表法学习辅导" in client.get(reverse("deputies:me")).content.decode()
    assert login(c.unit_user).get(reverse("deputies:course", args=[course.pk])).status_code == 404
    assert login(c.outsider_clerk).get(reverse("deputies:course", args=[course.pk])).status_code == 404


@pytest.fixture
def exchange_world(dep_world):
    c = dep_world
    c.partner = exchanges.partner_create(actor=c.clerk, kind="friendly_city", name="大邱广域市", country="韩国",
                                         established_on=dt.date(1993, 12, 4))
    c.visit = exchanges.visit_create(actor=c.clerk, direction="inbound", partner=c.partner, title="大邱议会代表团来访",
                                     start_date=dt.date(2026, 9, 22), end_date=dt.date(2026, 9, 24),
                                     leader=c.city.director, members=[c.leader.person])
    return c


def test_a_delegation_is_approved_then_completed_with_outcomes(exchange_world):
    c = exchange_world
    visit = c.visit
    with pytest.raises(PermissionDenied):  # the leadership approves
        exchanges.visit_transition(actor=c.clerk, visit=visit, action="approve")
    visit = exchanges.visit_transition(actor=c.leader, visit=visit, action="approve", approval_ref="X人常外〔2026〕5号")
    exchanges.meeting_add(actor=c.clerk, visit=visit, date=dt.date(2026, 9, 22), counterpart="议长", topics="会见")
    with pytest.raises(Exception) as exc:  # a meeting outside the visit's dates
        exchanges.meeting_add(actor=c.clerk, visit=visit, date=dt.date(2026, 10, 22), counterpart="议长")
    assert "团组活动期间" in str(exc.value)
    exchanges.agreement_add(actor=c.clerk, partner=c.partner, visit=visit, kind="mou", title="友好交流合作备忘录",
                            signed_on=dt.date(2026, 9, 23))
    with pytest.raises(RuleViolation) as exc:
        exchanges.visit_transition(actor=c.clerk, visit=visit, action="complete")
    assert exc.value.rule.id == "EXC-FLOW" and "成果" in exc.value.message
    visit = exchanges.visit_transition(actor=c.clerk, visit=visit, action="complete", outcomes="签署合作备忘录。")
    assert visit.status == VisitStatus.COMPLETED
    html = login(c.member).get(reverse("deputies:visit", args=[visit.pk])).content.decode()
    assert "友好交流合作备忘录" in html and "签署合作备忘录" in html


@pytest.mark.parametrize("state", VisitStatus.values)
@pytest.mark.parametrize("action", [t.action for t in VISIT_WORKFLOW.transitions])
def test_visit_state_action_table(exchange_world, state, action):
    c = exchange_world
    Visit.objects.filter(pk=c.visit.pk).update(status=state, outcomes="成果")
    visit = Visit.objects.get(pk=c.visit.pk)
    t = VISIT_WORKFLOW.transition(action)
    actor = c.leader if action == "approve" else c.clerk
    if state in t.sources:
        assert exchanges.visit_transition(actor=actor, visit=visit, action=action, note="说明").status == t.target
    elif state == t.target:
        assert exchanges.visit_transition(actor=actor, visit=visit, action=action, note="说明").status == state
    else:
        with pytest.raises(RuleViolation):
            exchanges.visit_transition(actor=actor, visit=visit, action=action, note="说明")


def test_who_sees_exchanges(exchange_world):
    c = exchange_world
    url = reverse("deputies:visit", args=[c.visit.pk])
    for role, status in [("clerk", 200), ("leader", 200), ("member", 200), ("committee", 200), ("deputy", 404),
                         ("unit_user", 404), ("outsider_clerk", 404)]:
        assert login(getattr(c, role)).get(url).status_code == status, role
        api = login(getattr(c, role)).get(f"/api/v1/deputies/exchanges/visits/{c.visit.pk}")
        assert api.status_code == status, role
    # the foreign-affairs calendar
    from renda.deputies.schedule import selectors as cal

    items = cal.collect(c.clerk, dt.date(2026, 9, 1), dt.date(2026, 9, 30))
    assert any(i.event.kind == "exchange" and i.all_day for i in items)
    resp = login(c.clerk).post(reverse("deputies:visit_create"), {
        "direction": "outbound", "title": "出访", "start_date": "2026-12-10", "end_date": "2026-12-01"})
    assert resp.status_code == 200 and "结束日期不能早于开始日期" in resp.content.decode()
    assert login(c.member).get(reverse("deputies:visit_create")).status_code == 403
    assert json.loads(login(c.clerk).get("/api/v1/deputies/exchanges/partners").content)[0]["name"] == "大邱广域市"
