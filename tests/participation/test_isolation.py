"""Isolation: a unit sees only what is routed to it (web and API); contact data never leaves its place."""

import json

import pytest
from django.test import Client

from renda.core.models import AuditEvent
from renda.core.tokens import token_create
from renda.participation import services

from .conftest import PNG, login

pytestmark = pytest.mark.django_db


@pytest.fixture
def routed(po):
    from django.core.files.uploadedfile import SimpleUploadedFile

    a, _ = services.opinion_submit(congress=po.congress, category=po.cats["生态环境"], place="南湖区",
                                   text="南湖河道黑臭。", name="李四", phone="13911112222", email="li@example.cn",
                                   files=[SimpleUploadedFile("photo.png", PNG)])
    b, _ = services.opinion_submit(congress=po.congress, category=po.cats["教育"], place="北山区",
                                   text="北山小学学位紧张。", phone="13933334444")
    po.a = services.opinion_route(actor=po.clerk, opinion=a, kind="unit", target_id=po.water.pk, share_contact=True)
    po.b = services.opinion_route(actor=po.clerk, opinion=b, kind="unit", target_id=po.school.pk)
    po.other_op, _ = services.opinion_submit(congress=po.other.congress,
                                             category=po.other.congress.category_set.first(),
                                             place="乙市", text="乙市的意见。")
    return po


def test_units_see_only_their_own_on_the_web(routed):
    po = routed
    water = login(po.unit_user)
    html = water.get("/participation/").content.decode()
    assert po.a.code_display in html and po.b.code_display not in html
    assert water.get(f"/participation/{po.b.pk}/").status_code == 404
    assert water.post(f"/participation/{po.b.pk}/act/reply/", {"text": "越权答复的内容十个字以上"}).status_code == 404
    school = login(po.other_unit_user)
    assert school.get(f"/participation/{po.a.pk}/").status_code == 404
    # the attachment of A is downloadable only by those who see A
    from renda.core import attachments

    att = attachments.for_object(po.a).get()
    assert water.get(f"/attachments/{att.pk}/").status_code == 200
    assert school.get(f"/attachments/{att.pk}/").status_code == 404
    # a submitted (not yet routed) opinion is invisible to units; another congress's too
    fresh, _ = services.opinion_submit(congress=po.congress, category=po.cats["教育"], place="南湖区", text="新意见。")
    assert water.get(f"/participation/{fresh.pk}/").status_code == 404
    assert login(po.outsider_clerk).get(f"/participation/{po.a.pk}/").status_code == 404
    assert login(po.clerk).get(f"/participation/{po.other_op.pk}/").status_code == 404
    assert login(po.member).get(f"/participation/{po.a.pk}/").status_code == 404
    assert Client().get("/participation/").status_code == 302  # sign-in first


def test_api_lists_own_items_without_contact_and_404s_others(routed):
    po = routed
    _, key = token_create(actor=po.admin, user=po.unit_user, name="水务局系统")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    listed = api.get("/api/v1/participation/opinions")
    assert listed.status_code == 200
    data = listed.json()
    assert [o["id"] for o in data] == [po.a.pk]
    raw = listed.content.decode()
    for secret in ("李四", "13911112222", "li@example.cn", "13933334444"):
        assert secret not in raw
    assert not {"name", "phone", "email", "contact"} & set(data[0])
    assert api.get(f"/api/v1/participation/opinions/{po.a.pk}").json()["text"] == "南湖河道黑臭。"
    assert api.get(f"/api/v1/participation/opinions/{po.b.pk}").status_code == 404
    assert api.get(f"/api/v1/participation/opinions/{po.other_op.pk}").status_code == 404
    assert api.get(f"/api/v1/participation/opinions/{po.b.pk}/attachments").status_code == 404
    assert len(api.get(f"/api/v1/participation/opinions/{po.a.pk}/attachments").json()) == 1
    body = json.dumps({"text": "已组织排查排口，完成截污改造。"})
    bad = api.post(f"/api/v1/participation/opinions/{po.b.pk}/reply", body, content_type="application/json")
    assert bad.status_code == 404
    ok = api.post(f"/api/v1/participation/opinions/{po.a.pk}/reply", body, content_type="application/json")
    assert ok.status_code == 201 and ok.json()["reply_state"] == "submitted"
    assert "13911112222" not in ok.content.decode()
    short = api.post(f"/api/v1/participation/opinions/{po.a.pk}/reply", json.dumps({"text": "好"}),
                     content_type="application/json")
    assert short.status_code == 422
    other_api = Client(HTTP_AUTHORIZATION=f"Bearer {token_create(actor=po.admin, user=po.other_unit_user, name='x')[1]}")
    assert [o["id"] for o in other_api.get("/api/v1/participation/opinions").json()] == [po.b.pk]
    assert Client().get("/api/v1/participation/opinions").status_code == 401


def test_contact_is_encrypted_at_rest_and_never_in_audit(routed):
    from django.db import connection

    po = routed
    with connection.cursor() as cur:
        cur.execute("SELECT name, phone, email FROM participation_opinion WHERE id = %s", [po.a.pk])
        row = cur.fetchone()
    from renda.core.crypto import is_encrypted

    assert all(is_encrypted(v) for v in row)
    assert "13911112222" not in "".join(row)
    blob = json.dumps([[e.changes, e.note, e.object_repr] for e in AuditEvent.objects.all()], ensure_ascii=False)
    for secret in ("李四", "13911112222", "li@example.cn", "13933334444"):
        assert secret not in blob


def test_contact_visibility_by_role(routed):
    po = routed
    assert "13911112222" in login(po.clerk).get(f"/participation/{po.a.pk}/").content.decode()
    assert "13911112222" in login(po.unit_user).get(f"/participation/{po.a.pk}/").content.decode()  # shared
    assert "13933334444" not in login(po.other_unit_user).get(f"/participation/{po.b.pk}/").content.decode()
    leader_page = login(po.leader).get(f"/participation/{po.a.pk}/").content.decode()
    assert "南湖河道黑臭" in leader_page and "13911112222" not in leader_page
