"""Deputies' work on the kit: each step's form on the page and through /api/v1/workflow, the 待办 inbox, and the
one locking rule on the edit pages."""

import datetime as dt

import time_machine
from django.urls import reverse
from tests.conftest import login

NOW = dt.datetime(2026, 11, 26, 10, tzinfo=dt.UTC)


@time_machine.travel(NOW, tick=False)
def test_a_routed_issue_waits_in_the_units_inbox_with_its_due_date(dep_world):
    from renda.core import inbox
    from renda.deputies.models import Issue

    c = dep_world
    issue = Issue.objects.get(pk=c.issue_water.pk)
    mine = [i for i in inbox.items(c.unit_user) if i.obj == issue]
    assert len(mine) == 1
    assert mine[0].due == issue.due_on and mine[0].kind == "群众意见和代表意见"
    assert [t.action for t in mine[0].steps] == ["answer"]  # 说明理由并退回 is allowed, never a to-do
    assert mine[0].url == reverse("deputies:issue", args=[issue.pk])
    # the other congress's staff never see it
    assert not [i for i in inbox.items(c.other_dbw) if i.obj == issue]


@time_machine.travel(NOW, tick=False)
def test_the_issue_steps_are_listed_and_taken_through_the_workflow_api(dep_world):
    from renda.deputies.models import Issue, IssueStatus

    c = dep_world
    water = login(c.unit_user)
    listed = water.get(f"/api/v1/workflow/deputies.issue/{c.issue_water.pk}/actions").json()
    answer = next(a for a in listed["actions"] if a["action"] == "answer")
    assert {f["name"] for f in answer["fields"]} == {"answer", "note"}
    assert water.get(f"/api/v1/workflow/deputies.issue/{c.issue_school.pk}/actions").status_code == 404
    done = water.post(f"/api/v1/workflow/deputies.issue/{c.issue_water.pk}/answer",
                      data={"answer": "已完成排水管网改造。"}, content_type="application/json")
    assert done.status_code == 200 and done.json()["status"] == IssueStatus.ANSWERED
    assert Issue.objects.get(pk=c.issue_water.pk).answer == "已完成排水管网改造。"


@time_machine.travel(NOW, tick=False)
def test_a_change_page_shows_each_steps_form_and_bad_input_is_a_chinese_400(dep_world):
    from renda.deputies import services
    from renda.deputies.models import ChangeStatus, DeputyChange

    c = dep_world
    change = services.change_create(actor=c.dbw, kind="resignation", deputy=c.peer, occurred_on=dt.date(2026, 11, 2))
    client = login(c.dbw)
    html = client.get(reverse("deputies:change", args=[change.pk])).content.decode()
    assert reverse("workflow_transition", kwargs={"key": "deputies.change", "pk": change.pk, "action": "report"}) in html
    assert client.post(reverse("deputies:change_transition", args=[change.pk, "report"])).status_code == 302
    html = client.get(reverse("deputies:change", args=[change.pk])).content.decode()
    assert 'name="accept-decision_ref"' in html and 'name="accept-effective_on"' in html
    bad = client.post(reverse("deputies:change_transition", args=[change.pk, "accept"]),
                      {"effective_on": "下周一", "decision_ref": "甲区人大常委会接受辞职的决议"})
    assert bad.status_code == 400 and "生效日期" in bad.content.decode()
    assert DeputyChange.objects.get(pk=change.pk).status == ChangeStatus.REPORTED


def test_an_edit_that_does_not_say_which_version_it_read_is_refused(dep_world):
    from renda.deputies.models import Station

    c = dep_world
    client = login(c.dbw)
    resp = client.post(reverse("deputies:station_edit", args=[c.station.pk]), {
        "kind": c.station.kind, "name": "改名的联络站", "district": "甲区", "address": "甲区人民路1号",
        "schedule": "每月15日上午", "active": "on"})
    assert resp.status_code == 409 and "缺少记录的版本号" in resp.content.decode()
    assert Station.objects.get(pk=c.station.pk).name == "甲区人民路代表联络站"
