"""The work-plan API: JSON errors in Chinese with the rule, tokens for external systems, the schema."""

import json

import pytest
from django.test import Client
from tests.conftest import login

from renda.core.tokens import token_create
from renda.workplan.models import WorkPlanItem

pytestmark = pytest.mark.django_db




def post(client, url, body, method="post"):
    return getattr(client, method)(url, data=json.dumps(body), content_type="application/json")


def test_openapi_schema_is_served(db):
    resp = Client().get("/api/v1/openapi.json")
    assert resp.status_code == 200
    paths = resp.json()["paths"]
    assert "/api/v1/workplan/plans/{plan_id}/items" in paths


def test_create_update_and_transition_an_item(plan_world):
    c = plan_world
    client = login(c.clerk)
    post(client, f"/api/v1/workplan/plans/{c.plan.pk}/transitions", {"action": "revise", "note": "调整"})
    resp = post(client, f"/api/v1/workplan/plans/{c.plan.pk}/items", {
        "category": "research", "title": "城市更新专题调研", "vice_chair_id": c.city.vice_chairs[0].pk,
        "lead_body_id": c.city.bodies["cjhb"].pk, "planned_month": 11})
    assert resp.status_code == 201, resp.content
    item = resp.json()
    assert item["due_date"] == "2026-11-30" and item["status"] == "planned"
    resp = post(client, f"/api/v1/workplan/items/{item['id']}",
                {"lock_version": item["lock_version"], "title": "城市更新行动专题调研"}, method="patch")
    assert resp.status_code == 200 and resp.json()["title"] == "城市更新行动专题调研"
    # a stale lock_version is a conflict, in Chinese
    resp = post(client, f"/api/v1/workplan/items/{item['id']}",
                {"lock_version": item["lock_version"], "title": "覆盖"}, method="patch")
    assert resp.status_code == 409 and "已被他人修改" in resp.json()["detail"]


def test_rule_refusal_is_json_with_the_rule_and_basis(plan_world):
    c = plan_world
    resp = post(login(c.clerk), f"/api/v1/workplan/items/{c.item_school.pk}/transitions",
                {"action": "cancel", "note": "取消"})
    assert resp.status_code == 409
    body = resp.json()
    assert body["rule"] == "WP-ITEM-CHANGE"
    assert "《监督法》第六十三条第三款" in body["basis"] and "依据「" in body["detail"] and body["rule_title"]


@pytest.mark.parametrize("payload", [
    {},
    {"category": "nonsense", "title": "x", "vice_chair_id": 1, "lead_body_id": 1},
    {"category": "research", "title": "", "vice_chair_id": 1, "lead_body_id": 1},
    {"category": "research", "title": "x" * 500, "vice_chair_id": 1, "lead_body_id": 1},
    {"category": "research", "title": "x", "vice_chair_id": "abc", "lead_body_id": 1},
    {"category": "research", "title": "x", "vice_chair_id": 1, "lead_body_id": 1, "planned_month": 13},
])
def test_bad_input_is_a_chinese_422_never_a_500(plan_world, payload):
    c = plan_world
    resp = post(login(c.clerk), f"/api/v1/workplan/plans/{c.plan.pk}/items", payload)
    assert resp.status_code == 422
    assert resp.json()["detail"] == "请求数据格式不正确。"


def test_references_into_another_congress_are_refused(plan_world):
    c = plan_world
    client = login(c.clerk)
    post(client, f"/api/v1/workplan/plans/{c.plan.pk}/transitions", {"action": "revise", "note": "调整"})
    resp = post(client, f"/api/v1/workplan/plans/{c.plan.pk}/items", {
        "category": "research", "title": "x", "vice_chair_id": c.other.vice_chairs[0].pk,
        "lead_body_id": c.city.bodies["cjw"].pk})
    assert resp.status_code == 422 and "不属于本人大" in json.dumps(resp.json(), ensure_ascii=False)
    assert not WorkPlanItem.objects.filter(title="x").exists()


def test_malformed_json_body(plan_world):
    c = plan_world
    resp = login(c.clerk).post(f"/api/v1/workplan/plans/{c.plan.pk}/items", data="{not json",
                               content_type="application/json")
    assert resp.status_code in (400, 422)
    assert "detail" in resp.json()


def test_token_auth_for_a_units_own_system(plan_world):
    c = plan_world
    _, key = token_create(actor=c.admin, user=c.unit_user, name="市水务局办理系统")
    client = Client()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    resp = client.get(f"/api/v1/workplan/plans/{c.plan.pk}/items", **headers)
    assert resp.status_code == 200
    assert [i["title"] for i in resp.json()["items"]] == [c.item_water.title]
    assert client.get(f"/api/v1/workplan/items/{c.item_school.pk}", **headers).status_code == 404
    resp = client.post(f"/api/v1/workplan/items/{c.item_water.pk}/progress", data=json.dumps({"text": "接口填报"}),
                       content_type="application/json", **headers)
    assert resp.status_code == 201
    assert client.get("/api/v1/workplan/plans", HTTP_AUTHORIZATION="Bearer rnd_wrong").status_code == 401


def test_session_writes_need_csrf(plan_world):
    c = plan_world
    client = Client(enforce_csrf_checks=True)
    client.force_login(c.clerk)
    resp = post(client, f"/api/v1/workplan/items/{c.item_water.pk}/progress", {"text": "无CSRF"})
    assert resp.status_code in (401, 403)
    assert not c.item_water.progress_notes.filter(text="无CSRF").exists()
