"""Liaison: stations, activities (notice, record), members' contacts and the issues routing list with its
deadlines (青岛条例 第三十二条: one month; overdue shown), answered by the body it was routed to."""

import datetime as dt
import json

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from tests.conftest import login
from tests.deputies.conftest import TODAY, at

from renda.core.calendar import add_months
from renda.core.errors import RuleViolation
from renda.core.models import RuleParameter
from renda.deputies.liaison import selectors, services
from renda.deputies.models import Activity, ActivityStatus, Issue, IssueStatus
from renda.deputies.workflow import ACTIVITY_WORKFLOW

pytestmark = pytest.mark.django_db


def test_issue_deadlines_follow_the_rules(dep_world):
    c = dep_world
    today = TODAY
    # a reception issue: the station feedback period (2 months by default)
    assert c.issue_water.routed_on == today
    assert c.issue_water.due_on >= add_months(today, 2)
    # an opinion raised while a member contacted deputies: one month (青岛条例 第三十二条)
    issue = services.issue_transition(actor=c.dbw, issue=c.issue_contact, action="route",
                                      routed_to=c.city.bodies["cjhb"], today=dt.date(2026, 10, 22))
    assert issue.due_on == dt.date(2026, 11, 23)  # 11-22 is a Sunday: rolled to the next working day
    assert issue.is_overdue(dt.date(2026, 11, 24)) and not issue.is_overdue(dt.date(2026, 11, 23))
    # the period is the congress's own parameter
    RuleParameter.objects.create(congress=c.congress, rule_id="LIA-CONTACT-REPLY", name="months", value=2)
    other = services.issue_create(actor=c.dbw, contact=c.contact, deputy=c.peer, title="第二条意见", content="内容")
    other = services.issue_transition(actor=c.dbw, issue=other, action="route", routed_to=c.city.bodies["cjhb"],
                                      today=dt.date(2026, 10, 22))
    assert other.due_on == dt.date(2026, 12, 22)


def test_overdue_issues_are_shown(dep_world):
    c = dep_world
    services.issue_transition(actor=c.dbw, issue=c.issue_contact, action="route", routed_to=c.city.bodies["cjhb"],
                              today=dt.date(2026, 10, 22))
    client = login(c.dbw)
    html = client.get(reverse("deputies:issues"), {"overdue": "1"}).content.decode()
    assert "加强建议办理督办" in html and "逾期" in html and "雨季道路积水" not in html
    assert 'id="kpi-overdue">1<' in client.get(reverse("deputies:issues")).content.decode()
    assert client.get("/api/v1/deputies/liaison/issues", {"overdue": True}).json()["count"] == 1
    # the committee it was routed to sees it in its home panel
    from renda.deputies.selectors import home_panel

    panel = home_panel(c.committee)
    assert [i.title for i in panel["overdue"]] == ["加强建议办理督办"]


def test_a_unit_sees_and_answers_only_what_is_routed_to_it(dep_world):
    c = dep_world
    water = login(c.unit_user)
    ids = {i["id"] for i in water.get("/api/v1/deputies/liaison/issues").json()["items"]}
    assert ids == {c.issue_water.pk}
    assert water.get(reverse("deputies:issue", args=[c.issue_school.pk])).status_code == 404
    assert water.get(reverse("deputies:issue", args=[c.issue_contact.pk])).status_code == 404  # not routed yet
    assert water.get(reverse("deputies:index")).status_code == 302  # sent to its issues
    resp = water.post(f"/api/v1/deputies/liaison/issues/{c.issue_school.pk}/transitions",
                      data=json.dumps({"action": "answer", "answer": "x"}), content_type="application/json")
    assert resp.status_code == 404
    resp = water.post(f"/api/v1/deputies/liaison/issues/{c.issue_water.pk}/transitions",
                      data=json.dumps({"action": "answer"}), content_type="application/json")
    assert resp.status_code == 409 and resp.json()["rule"] == "LIA-ISSUE-FLOW"
    resp = water.post(reverse("deputies:issue_transition", args=[c.issue_water.pk, "answer"]),
                      {"answer": "已安排排水管网改造，年内完工。"})
    assert resp.status_code == 302
    assert Issue.objects.get(pk=c.issue_water.pk).status == IssueStatus.ANSWERED
    with pytest.raises(PermissionDenied):  # only the office closes it, after feeding back to the deputy
        services.issue_transition(actor=c.unit_user, issue=Issue.objects.get(pk=c.issue_water.pk), action="close")
    closed = services.issue_transition(actor=c.dbw, issue=Issue.objects.get(pk=c.issue_water.pk), action="close")
    assert closed.status == IssueStatus.CLOSED
    # no personal data of deputies anywhere in what the unit sees
    assert c.me.phone not in water.get(reverse("deputies:issue", args=[c.issue_water.pk])).content.decode()


def test_returning_an_issue_within_five_working_days(dep_world):
    c = dep_world
    issue = Issue.objects.get(pk=c.issue_school.pk)
    Issue.objects.filter(pk=issue.pk).update(routed_on=dt.date(2026, 11, 2))
    issue.refresh_from_db()
    with pytest.raises(RuleViolation) as exc:  # 11-02 + 5 working days = 11-09
        services.issue_transition(actor=c.other_unit_user, issue=issue, action="return", note="不属于本单位职责",
                                  today=dt.date(2026, 11, 10))
    assert exc.value.rule.id == "LIA-ISSUE-RETURN"
    back = services.issue_transition(actor=c.other_unit_user, issue=issue, action="return", note="属交通部门职责",
                                     today=dt.date(2026, 11, 9))
    assert back.status == IssueStatus.RECEIVED and back.routed_to is None
    with pytest.raises(PermissionDenied):
        services.issue_transition(actor=c.other_unit_user, issue=c.issue_water, action="return", note="x")


def test_route_refuses_bodies_that_cannot_answer(dep_world):
    c = dep_world
    with pytest.raises(RuleViolation) as exc:
        services.issue_transition(actor=c.dbw, issue=c.issue_contact, action="route")
    assert "须选择交办" in exc.value.message
    with pytest.raises(RuleViolation):
        services.issue_transition(actor=c.dbw, issue=c.issue_contact, action="route",
                                  routed_to=c.city.standing_committee)
    with pytest.raises(PermissionDenied):
        services.issue_transition(actor=c.member, issue=c.issue_contact, action="route",
                                  routed_to=c.city.units["市水务局"])
    settled = services.issue_transition(actor=c.dbw, issue=c.issue_contact, action="settle", answer="当场答复")
    assert settled.status == IssueStatus.CLOSED


@pytest.mark.parametrize("state", ActivityStatus.values)
@pytest.mark.parametrize("action", [t.action for t in ACTIVITY_WORKFLOW.transitions])
def test_activity_state_action_table(dep_world, state, action):
    c = dep_world
    a = c.inspection
    Activity.objects.filter(pk=a.pk).update(status=state)
    a = Activity.objects.get(pk=a.pk)
    t = ACTIVITY_WORKFLOW.transition(action)
    kwargs = {"note": "说明", "record": "视察记录十个字以上的内容。", "announced_on": dt.date(2026, 10, 1)}
    if state in t.sources:
        assert services.activity_transition(actor=c.dbw, activity=a, action=action, **kwargs).status == t.target
    elif state == t.target:
        assert services.activity_transition(actor=c.dbw, activity=a, action=action, **kwargs).status == state
    else:
        with pytest.raises(RuleViolation) as exc:
            services.activity_transition(actor=c.dbw, activity=a, action=action, **kwargs)
        assert exc.value.rule.id == t.rule


def test_reception_days_are_announced_in_time_and_recorded(dep_world):
    c = dep_world
    day = TODAY + dt.timedelta(days=2)
    a = services.activity_create(actor=c.dbw, kind="reception", title="临时接待日", station=c.station,
                                 start=at(day, 9), end=at(day, 11), participants=[c.me])
    with pytest.raises(RuleViolation) as exc:
        services.activity_transition(actor=c.dbw, activity=a, action="hold", record="记录内容足够十个字了。")
    assert exc.value.rule.id == "LIA-NOTICE" and "尚未公告" in exc.value.message
    with pytest.raises(RuleViolation) as exc:
        services.activity_transition(actor=c.dbw, activity=a, action="announce")
    assert "至少提前 3 日公告" in exc.value.message
    RuleParameter.objects.create(congress=c.congress, rule_id="LIA-NOTICE", name="days", value=1)
    services.activity_transition(actor=c.dbw, activity=a, action="announce")
    with pytest.raises(RuleViolation) as exc:  # it has not happened yet
        services.activity_transition(actor=c.dbw, activity=a, action="hold", record="记录内容足够十个字了。")
    assert "尚未开始" in exc.value.message
    # a reception needs its station; the station's deputies must be serving
    with pytest.raises(Exception) as exc:
        services.activity_create(actor=c.dbw, kind="reception", title="无站", start=at(day, 9), end=at(day, 10))
    assert "联络站" in str(exc.value)


def test_a_committee_organises_its_own_activities_only(dep_world):
    c = dep_world
    day = TODAY + dt.timedelta(days=20)
    a = services.activity_create(actor=c.other_committee, kind="research", title="财经委调研", start=at(day, 9),
                                 end=at(day, 12), organizer=c.city.bodies["cjhb"])
    assert a.organizer == c.city.bodies["cjw"]  # its own body, whatever was asked
    with pytest.raises(PermissionDenied):
        services.activity_update(actor=c.other_committee, activity=c.inspection, title="改")
    services.activity_update(actor=c.committee, activity=c.upcoming, title="专题调研城市更新行动")
    with pytest.raises(PermissionDenied):
        services.activity_create(actor=c.member, kind="visit", title="x", start=at(day, 9), end=at(day, 10))


def test_members_record_their_own_contacts(dep_world):
    c = dep_world
    contact = services.contact_create(actor=c.member, member=c.city.director, deputies=[c.peer2],
                                      date=dt.date(2026, 11, 2))
    assert contact.member == c.member.person  # members record their own contacts
    with pytest.raises(Exception) as exc:  # a deputy who is not a member cannot be the member
        services.contact_create(actor=c.dbw, member=c.peer.person, deputies=[c.me], date=dt.date(2026, 11, 2))
    assert "不是常委会组成人员" in str(exc.value)
    mine = {x.pk for x in selectors.contacts_for(c.member)}
    assert mine == {c.contact.pk, contact.pk}
    assert {x.pk for x in selectors.contacts_for(c.deputy)} == {c.contact.pk}
    assert list(selectors.contacts_for(c.unit_user)) == []


def test_station_deputies_must_be_serving(dep_world):
    from renda.deputies.models import Deputy

    c = dep_world
    Deputy.objects.filter(pk=c.peer2.pk).update(status="resigned")
    c.peer2.refresh_from_db()
    with pytest.raises(RuleViolation) as exc:
        services.station_update(actor=c.dbw, station=c.station, deputies=[c.me, c.peer2])
    assert exc.value.rule.id == "LIA-STATION"
    with pytest.raises(PermissionDenied):
        services.station_create(actor=c.committee, name="x")


def test_liaison_pages_through_the_web(dep_world):
    c = dep_world
    client = login(c.dbw)
    resp = client.post(reverse("deputies:station_create"), {
        "kind": "home", "name": "新代表之家", "district": "甲区", "address": "甲区和平路2号", "schedule": "每周三下午",
        "deputies": [c.peer.pk], "active": "on"})
    assert resp.status_code == 302
    day = TODAY + dt.timedelta(days=10)
    resp = client.post(reverse("deputies:activity_create"), {
        "kind": "visit", "title": "走访社区", "start": f"{day}T09:00", "end": f"{day}T08:00", "participants": [c.me.pk]})
    assert resp.status_code == 200 and "结束时间不能早于开始时间" in resp.content.decode()
    resp = client.post(reverse("deputies:activity_create"), {
        "kind": "visit", "title": "走访社区", "start": f"{day}T09:00", "end": f"{day}T11:00", "participants": [c.me.pk]})
    assert resp.status_code == 302
    resp = client.post(reverse("deputies:activity_issue", args=[c.inspection.pk]),
                       {"title": "视察中提出的意见", "content": "建议加快进度。", "deputy": c.peer2.pk}, follow=True)
    assert "已登记" in resp.content.decode()
    issue = Issue.objects.get(title="视察中提出的意见")
    assert issue.source == "inspection"
    resp = client.post(reverse("deputies:issue_transition", args=[issue.pk, "route"]),
                       {"routed_to": c.city.units["市水务局"].pk}, follow=True)
    assert "已交办" in resp.content.decode()
    issue.refresh_from_db()
    assert issue.due_on is not None
    for name, args in [("stations", []), ("station", [c.station.pk]), ("activities", []),
                       ("activity", [c.reception.pk]), ("issues", []), ("issue", [issue.pk]), ("contacts", []),
                       ("contact", [c.contact.pk]), ("contact_create", []), ("activity_create", [])]:
        assert client.get(reverse(f"deputies:{name}", args=args)).status_code == 200, name
    junk = client.get(reverse("deputies:activities"), {"kind": "<x>", "station": "y", "page": "-1"})
    assert junk.status_code == 400 and "筛选条件无效" in junk.content.decode()  # refused by name, never ignored
    assert client.get(reverse("deputies:activities"), {"page": "-1"}).status_code == 200  # a junk page is page 1
    part = client.get(reverse("deputies:issues"), {"status": "routed"}, HTTP_HX_REQUEST="true",
                      HTTP_HX_TARGET="issue-table")
    assert "<html" not in part.content.decode()
