"""Input no database can store is refused at the door with a clear Chinese error, never a 500.

NUL characters: PostgreSQL refuses them in text, so any request carrying one (query string, form field, JSON
body) gets a 400 (422 from the API). Ids beyond any stored key: SQLite cannot even bind them, so they are 404s
(or 422s where the API schema bounds them)."""

import json

import pytest

from renda.core.middleware import NUL_MESSAGE
from renda.meetings.models import Meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk_client(client, cast):
    client.force_login(cast.clerk)
    return client


def test_json_body_with_nul_is_a_422_and_nothing_is_stored(clerk_client, cast):
    body = {"kind": "standing", "date": "2026-12-20", "place": "会议厅\u0000"}
    r = clerk_client.post("/api/v1/meetings/meetings", data=json.dumps(body), content_type="application/json")
    assert r.status_code == 422
    assert r.json()["detail"] == NUL_MESSAGE
    assert not Meeting.objects.filter(place__startswith="会议厅").exists()


def test_escaped_backslash_before_u0000_is_not_a_nul(clerk_client):
    # the text `\u0000` (a backslash, then letters) is legitimate: only a decoded NUL is refused
    body = {"kind": "standing", "date": "2026-12-20", "place": "会议厅\\u0000"}
    r = clerk_client.post("/api/v1/meetings/meetings", data=json.dumps(body), content_type="application/json")
    assert r.status_code != 422 or r.json()["detail"] != NUL_MESSAGE


def test_form_field_with_nul_is_a_chinese_400(client):
    r = client.post("/login/", "username=a%00b&password=x", content_type="application/x-www-form-urlencoded")
    assert r.status_code == 400
    assert NUL_MESSAGE in r.content.decode()


def test_multipart_field_with_nul_is_a_chinese_400(client, cast):
    # the sign-in reads the user name before its form validates it (lock-out): refused before any view runs
    r = client.post("/login/", {"username": "a\x00b", "password": "x"})
    assert r.status_code == 400
    assert NUL_MESSAGE in r.content.decode()


def test_query_string_with_nul_is_a_400(clerk_client):
    r = clerk_client.get("/workplan/?q=%00")
    assert r.status_code == 400
    assert "NUL" in r.content.decode()


def test_huge_id_in_an_api_list_is_a_422(clerk_client):
    body = {"nomination_ids": [10**30]}
    r = clerk_client.post("/api/v1/meetings/oaths", data=json.dumps(body), content_type="application/json")
    assert r.status_code == 422


def test_huge_id_in_a_web_address_is_a_404(clerk_client):
    r = clerk_client.get(f"/attachments/{10**30}/")
    assert r.status_code == 404
    r = clerk_client.get(f"/api/v1/meetings/meetings/{10**30}")
    assert r.status_code in (404, 422)
