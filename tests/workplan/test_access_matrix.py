"""Role × object × action, through the web pages and the API: every allow and every deny.

Objects: the water item (counterpart 市水务局, lead 城建环保委), the school item (counterpart 市教育局,
lead 财经委), the issued plan, and the other congress's draft plan and item.
"""

import json

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

ROLES = ["clerk", "leader", "committee", "other_committee", "member", "deputy", "unit_user", "other_unit_user",
         "admin", "outsider_clerk", "anonymous"]

# Who may VIEW each object (everyone else gets 404 or, anonymous, a login redirect / 401)
VIEW = {
    "plan": {"clerk", "leader", "committee", "other_committee", "member", "deputy", "unit_user", "other_unit_user",
             "admin"},
    "item_water": {"clerk", "leader", "committee", "other_committee", "member", "deputy", "unit_user", "admin"},
    "item_school": {"clerk", "leader", "committee", "other_committee", "member", "deputy", "other_unit_user",
                    "admin"},
    "other_plan": {"outsider_clerk"},
    "other_item": {"outsider_clerk"},
}
# Who may take the "start" step on each item (the office and the lead committee)
START = {"item_water": {"clerk", "committee"}, "item_school": {"clerk", "other_committee"},
         "other_item": set()}
# Who may report progress
PROGRESS = {"item_water": {"clerk", "committee", "unit_user"}, "item_school": {"clerk", "other_committee",
                                                                             "other_unit_user"}}
# Who sees the dashboard
DASHBOARD = {"clerk", "leader", "committee", "other_committee", "admin"}


def client_for(cast, role) -> Client:
    client = Client()
    if role != "anonymous":
        assert client.login(username=getattr(cast, role).username, password=cast.password)
    return client


def web_url(cast, name):
    obj = getattr(cast, name)
    return reverse("workplan:plan" if "plan" in name else "workplan:item", args=[obj.pk])


def api_url(cast, name):
    obj = getattr(cast, name)
    return f"/api/v1/workplan/{'plans' if 'plan' in name else 'items'}/{obj.pk}"


@pytest.mark.parametrize("role", ROLES)
def test_view_matrix_web_and_api(plan_world, role):
    c = plan_world
    client = client_for(c, role)
    for name, allowed in VIEW.items():
        web = client.get(web_url(c, name))
        api = client.get(api_url(c, name))
        if role == "anonymous":
            assert web.status_code == 302, name
            assert api.status_code == 401, name
        elif role in allowed:
            assert web.status_code == 200, (role, name)
            assert api.status_code == 200, (role, name)
        else:
            assert web.status_code == 404, (role, name, web.status_code)
            assert api.status_code == 404, (role, name, api.status_code)
            assert "没有找到" in api.json()["detail"]


@pytest.mark.parametrize("role", ROLES)
def test_item_lists_show_only_visible_items(plan_world, role):
    c = plan_world
    client = client_for(c, role)
    resp = client.get(f"/api/v1/workplan/plans/{c.plan.pk}/items")
    if role == "anonymous":
        assert resp.status_code == 401
        return
    if role not in VIEW["plan"]:
        assert resp.status_code == 404
        return
    titles = {i["title"] for i in resp.json()["items"]}
    expected = {getattr(c, n).title for n in ("item_water", "item_school", "item_report")
                if role in VIEW.get(n, VIEW["item_water"] | VIEW["item_school"])}
    if role == "unit_user":
        expected = {c.item_water.title}
    elif role == "other_unit_user":
        expected = {c.item_school.title}
    assert titles == expected
    plans = client.get("/api/v1/workplan/plans").json()
    assert [p["id"] for p in plans] == [c.plan.pk]


@pytest.mark.parametrize("role", ROLES)
def test_start_matrix_web_and_api(plan_world, role):
    c = plan_world
    for name, allowed in START.items():
        obj = getattr(c, name)
        web = client_for(c, role).post(reverse("workplan:item_transition", args=[obj.pk, "start"]))
        obj.refresh_from_db()
        if role in allowed:
            assert obj.status == "in_progress", (role, name)
            obj.__class__.objects.filter(pk=obj.pk).update(status="planned")
        else:
            assert obj.status == "planned", (role, name)
            if (role, name) == ("outsider_clerk", "other_item"):  # a refusal by the rule: 409 on page and API alike
                assert web.status_code == 409
            else:
                assert web.status_code in (302, 403, 404), (role, name, web.status_code)
        api = client_for(c, role).post(f"/api/v1/workplan/items/{obj.pk}/transitions",
                                       data=json.dumps({"action": "start"}), content_type="application/json")
        obj.refresh_from_db()
        if role in allowed:
            assert api.status_code == 200 and obj.status == "in_progress", (role, name)
            obj.__class__.objects.filter(pk=obj.pk).update(status="planned")
        elif (role, name) == ("outsider_clerk", "other_item"):
            # its own congress's item, but that plan is still a draft: refused by the rule, not by access
            assert api.status_code == 409 and api.json()["rule"] == "WP-ITEM-EXECUTE"
        else:
            assert api.status_code in (401, 403, 404), (role, name, api.status_code)
            assert obj.status == "planned"


@pytest.mark.parametrize("role", ROLES)
def test_progress_and_dashboard_matrix(plan_world, role):
    c = plan_world
    for name, allowed in PROGRESS.items():
        obj = getattr(c, name)
        text = f"{role}-{name}"
        client_for(c, role).post(reverse("workplan:item_progress", args=[obj.pk]), {"text": text})
        api = client_for(c, role).post(f"/api/v1/workplan/items/{obj.pk}/progress",
                                       data=json.dumps({"text": text + "-api"}), content_type="application/json")
        stored = set(obj.progress_notes.values_list("text", flat=True))
        if role in allowed:
            assert {text, text + "-api"} <= stored, (role, name)
            assert api.status_code == 201
        else:
            assert not ({text, text + "-api"} & stored), (role, name)
    web = client_for(c, role).get(reverse("workplan:dashboard", args=[c.plan.pk]))
    api = client_for(c, role).get(f"/api/v1/workplan/plans/{c.plan.pk}/dashboard")
    if role in DASHBOARD:
        assert web.status_code == 200 and api.status_code == 200
    elif role == "anonymous":
        assert web.status_code == 302 and api.status_code == 401
    else:
        assert web.status_code in (403, 404) and api.status_code in (403, 404)


def test_unit_cannot_reach_another_congress_even_with_its_ids(plan_world):
    c = plan_world
    client = client_for(c, "outsider_clerk")
    for name in ("plan", "item_water"):
        assert client.get(web_url(c, name)).status_code == 404
        assert client.get(api_url(c, name)).status_code == 404
    resp = client.post(f"/api/v1/workplan/plans/{c.plan.pk}/items", data=json.dumps(
        {"category": "research", "title": "x", "vice_chair_id": c.city.vice_chairs[0].pk,
         "lead_body_id": c.city.bodies["cjw"].pk}), content_type="application/json")
    assert resp.status_code == 404
