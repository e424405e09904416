"""Role × object × action, through the web pages and the API: every allow and every deny.

Units see nothing of deputies (only the issues routed to them); the other congress sees nothing at all;
personal data only for the deputies' working committee (and the deputy themself, see test_personal_data).
"""

import json

import pytest
from django.test import Client
from django.urls import reverse

from renda.deputies.models import Issue

pytestmark = pytest.mark.django_db

ROLES = ["clerk", "leader", "committee", "other_committee", "dbw", "member", "deputy", "unit_user",
         "other_unit_user", "admin", "outsider_clerk", "other_dbw", "anonymous"]
CONGRESS = {"clerk", "leader", "committee", "other_committee", "dbw", "member", "deputy", "admin"}

# object -> (web url name, api url, who may view)
VIEW = {
    "deputy": ("deputies:deputy", "/api/v1/deputies/registry/{pk}", CONGRESS),
    "reception": ("deputies:activity", "/api/v1/deputies/liaison/activities/{pk}", CONGRESS),
    "issue_water": ("deputies:issue", "/api/v1/deputies/liaison/issues/{pk}",
                    {"clerk", "leader", "dbw", "admin", "deputy", "unit_user"}),
    "issue_school": ("deputies:issue", "/api/v1/deputies/liaison/issues/{pk}",
                     {"clerk", "leader", "dbw", "admin", "other_unit_user"}),
    "issue_contact": ("deputies:issue", "/api/v1/deputies/liaison/issues/{pk}",
                      {"clerk", "leader", "dbw", "admin", "member", "deputy"}),
    "contact": ("deputies:contact", None, {"clerk", "leader", "committee", "other_committee", "dbw", "admin",
                                           "member", "deputy"}),
    "course": ("deputies:course", "/api/v1/deputies/training/courses/{pk}", CONGRESS),
    "station": ("deputies:station", None, CONGRESS),
    "record": ("deputies:deputy_record", "/api/v1/deputies/registry/{pk}/record",
               {"clerk", "leader", "committee", "other_committee", "dbw", "admin", "deputy"}),
    "other_activity": ("deputies:activity", "/api/v1/deputies/liaison/activities/{pk}", {"other_dbw", "outsider_clerk"}),
    "other_issue": ("deputies:issue", "/api/v1/deputies/liaison/issues/{pk}", {"other_dbw", "outsider_clerk"}),
}
OBJ = {"deputy": "me", "record": "me", "other_activity": "other_activity"}
# who may answer each issue (routed to 市水务局 / 市教育局); the office and the committee may record an answer
ANSWER = {"issue_water": {"clerk", "dbw", "unit_user"}, "issue_school": {"clerk", "dbw", "other_unit_user"}}
# who may hold (record) the upcoming activity of the 城建环保委
HOLD_EDIT = {"clerk", "dbw", "committee"}


def client_for(c, role) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(getattr(c, role))
    return client


@pytest.mark.parametrize("role", ROLES)
def test_view_matrix_web_and_api(dep_world, role):
    c = dep_world
    client = client_for(c, role)
    for name, (url_name, api, allowed) in VIEW.items():
        obj = getattr(c, OBJ.get(name, name))
        web = client.get(reverse(url_name, args=[obj.pk]))
        api_resp = client.get(api.format(pk=obj.pk)) if api else None
        if role == "anonymous":
            assert web.status_code == 302, name
            if api_resp is not None:
                assert api_resp.status_code == 401, name
        elif role in allowed:
            assert web.status_code == 200, (role, name, web.status_code)
            if api_resp is not None:
                assert api_resp.status_code == 200, (role, name, api_resp.status_code)
        else:
            assert web.status_code == 404, (role, name, web.status_code)
            if api_resp is not None:
                assert api_resp.status_code == 404, (role, name, api_resp.status_code)


@pytest.mark.parametrize("role", ROLES)
def test_answer_matrix_web_and_api(dep_world, role):
    c = dep_world
    for name, allowed in ANSWER.items():
        issue = getattr(c, name)
        client_for(c, role).post(reverse("deputies:issue_transition", args=[issue.pk, "answer"]),
                                 {"answer": f"{role} 的答复"})
        stored = Issue.objects.get(pk=issue.pk)
        if role in allowed:
            assert stored.status == "answered", (role, name)
            Issue.objects.filter(pk=issue.pk).update(status="routed", answer="")
        else:
            assert stored.status == "routed", (role, name)
        api = client_for(c, role).post(f"/api/v1/deputies/liaison/issues/{issue.pk}/transitions",
                                       data=json.dumps({"action": "answer", "answer": "API 答复"}),
                                       content_type="application/json")
        if role in allowed:
            assert api.status_code == 200, (role, name)
            Issue.objects.filter(pk=issue.pk).update(status="routed", answer="")
        else:
            assert api.status_code in (401, 403, 404), (role, name, api.status_code)
            assert Issue.objects.get(pk=issue.pk).status == "routed"


@pytest.mark.parametrize("role", ROLES)
def test_manage_matrix(dep_world, role):
    c = dep_world
    client = client_for(c, role)
    edit = client.get(reverse("deputies:activity_edit", args=[c.upcoming.pk]))
    expected = 200 if role in HOLD_EDIT else (302 if role == "anonymous" else
                                              404 if role not in CONGRESS else 403)
    assert edit.status_code == expected, (role, edit.status_code)
    deputy_edit = client.get(reverse("deputies:deputy_edit", args=[c.me.pk]))
    expected = 200 if role == "dbw" else (302 if role == "anonymous" else 404 if role not in CONGRESS else 403)
    assert deputy_edit.status_code == expected, (role, deputy_edit.status_code)
    new_change = client.get(reverse("deputies:change_create"))
    assert new_change.status_code == (200 if role in ("dbw", "other_dbw") else 302 if role == "anonymous" else 403), role


def test_lists_show_only_what_is_visible(dep_world):
    c = dep_world
    titles = lambda role: {i["title"] for i in client_for(c, role).get(  # noqa: E731
        "/api/v1/deputies/liaison/issues").json()["items"]}
    assert titles("unit_user") == {"雨季道路积水"}
    assert titles("other_unit_user") == {"学校周边拥堵"}
    assert titles("deputy") == {"雨季道路积水", "加强建议办理督办"}
    assert titles("member") == {"加强建议办理督办"}
    assert titles("committee") == set()
    assert titles("other_dbw") == {"乙市意见"}
    assert "乙市意见" not in titles("clerk")
    assert client_for(c, "unit_user").get("/api/v1/deputies/liaison/activities").status_code == 200
    assert client_for(c, "unit_user").get("/api/v1/deputies/liaison/activities").json()["count"] == 0
    names = {d["name"] for d in client_for(c, "outsider_clerk").get(
        "/api/v1/deputies/registry", {"status": "all"}).json()["items"]}
    assert c.me.person.name not in names and len(names) == 10
