"""A unit sees only the items assigned to it, through the web and the API (404 otherwise)."""

import json

import pytest
from django.test import Client
from tests.conftest import login
from tests.proposals.factories import assigned

from renda.core.tokens import token_create
from renda.proposals.models import Assignment

pytestmark = pytest.mark.django_db




@pytest.fixture
def world(cast):
    cast.water_item = assigned(cast, title="关于加快污水管网建设的建议", lead="市水务局")
    cast.school_item = assigned(cast, title="关于增加学位供给的建议", lead="市教育局")
    cast.water_a = Assignment.objects.get(proposal=cast.water_item)
    cast.school_a = Assignment.objects.get(proposal=cast.school_item)
    return cast


def test_unit_web_sees_only_its_items(world):
    c = world
    client = login(c.unit_user)
    listing = client.get("/proposals/").content.decode()
    assert "污水管网" in listing and "增加学位" not in listing
    assert client.get(f"/proposals/{c.water_item.pk}/").status_code == 200
    assert client.get(f"/proposals/{c.school_item.pk}/").status_code == 404
    assert client.post(f"/proposals/assignments/{c.school_a.pk}/return/", {"note": "不属于本单位"}).status_code == 404
    assert client.post(f"/proposals/assignments/{c.school_a.pk}/reply/", {"text": "x"}).status_code == 404
    # The office sees both; an outsider congress's clerk sees neither.
    assert login(c.clerk).get(f"/proposals/{c.school_item.pk}/").status_code == 200
    assert login(c.outsider_clerk).get(f"/proposals/{c.school_item.pk}/").status_code == 404
    # The lead deputy sees the items they lead; another deputy does not.
    assert login(c.deputy).get(f"/proposals/{c.water_item.pk}/").status_code == 200


def test_unit_api_with_token_sees_only_its_items(world):
    c = world
    _, key = token_create(actor=c.admin, user=c.unit_user, name="水务局办理系统")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    ids = [a["id"] for a in api.get("/api/v1/proposals/assignments").json()]
    assert ids == [c.water_a.pk]
    assert api.get(f"/api/v1/proposals/assignments/{c.school_a.pk}").status_code == 404
    assert api.get(f"/api/v1/proposals/assignments/{c.school_a.pk}/attachments").status_code == 404
    body = {"text": "已答复", "result_class": "A", "communication": "letter", "signer": "局长"}
    resp = api.post(f"/api/v1/proposals/assignments/{c.school_a.pk}/reply", json.dumps(body),
                    content_type="application/json")
    assert resp.status_code == 404
    resp = api.post(f"/api/v1/proposals/assignments/{c.water_a.pk}/reply",
                    json.dumps({**body, "commitments": [{"text": "年内完工", "due_date": "2026-12-31"}]}),
                    content_type="application/json")
    assert resp.status_code == 201, resp.content
    c.water_item.refresh_from_db()
    assert c.water_item.status == "replied"
    # A bad body is a Chinese 422, not a 500.
    resp = api.post(f"/api/v1/proposals/assignments/{c.water_a.pk}/return", json.dumps({"reason": ""}),
                    content_type="application/json")
    assert resp.status_code == 422


def test_return_request_via_api_after_deadline_is_a_rule_refusal(world):
    c = world
    _, key = token_create(actor=c.admin, user=c.other_unit_user, name="教育局")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    resp = api.post(f"/api/v1/proposals/assignments/{c.school_a.pk}/return", json.dumps({"reason": "不属于本单位职责"}),
                    content_type="application/json")
    assert resp.status_code == 409 and resp.json()["rule"] == "PR-RETURN"
