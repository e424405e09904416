"""The API: a meeting run through /api/v1/meetings, JSON errors in Chinese with the rule and its basis."""

import json

import pytest
from django.test import Client
from tests.conftest import login

from renda.meetings.models import Meeting

pytestmark = pytest.mark.django_db




def call(client, url, body=None, method="post"):
    return getattr(client, method)(url, data=json.dumps(body or {}), content_type="application/json")


def test_openapi_lists_the_endpoints(db):
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    for p in ("/api/v1/meetings/meetings", "/api/v1/meetings/meetings/{meeting_id}/agenda",
              "/api/v1/meetings/meetings/{meeting_id}/attendance", "/api/v1/meetings/votes/{vote_id}/import",
              "/api/v1/meetings/nominations", "/api/v1/meetings/decisions", "/api/v1/meetings/statistics"):
        assert p in paths, p


def test_a_meeting_through_the_api(world):
    c = world
    clerk, leader = login(c.clerk), login(c.leader)
    base = f"/api/v1/meetings/meetings/{c.meeting.pk}"
    # opening without a quorum: 409 with the rule and its basis
    resp = call(clerk, f"{base}/transitions", {"action": "open"})
    assert resp.status_code == 409
    body = resp.json()
    assert body["rule"] == "MTG-QUORUM" and body["basis"] == "依据：《组织法》第五十一条第三款"
    assert "出席 0 人" in body["detail"]
    for p in c.people[:9]:
        assert call(clerk, f"{base}/attendance", {"person_id": p.pk, "action": "sign_in"}).status_code == 200
    resp = call(clerk, f"{base}/attendance", {"person_id": c.people[9].pk, "action": "request_leave", "note": "病假"})
    assert resp.json()["quorum"]["leave_requested"] == 1
    resp = call(leader, f"{base}/attendance", {"person_id": c.people[9].pk, "action": "approve_leave"})
    q = resp.json()["quorum"]
    assert (q["total"], q["present"], q["on_leave"], q["met"]) == (11, 9, 1, True)
    assert call(clerk, f"{base}/transitions", {"action": "open"}).json()["status"] == "in_session"
    # the agenda in order, a vote on the decision, per-member ballots, the result
    items = clerk.get(f"{base}/agenda").json()
    assert [i["position"] for i in items] == [1, 2, 3]
    dec_item = next(i for i in items if i["object_type"] == "meetings.decision")
    vote = call(clerk, f"/api/v1/meetings/agenda/{dec_item['id']}/votes", {}).json()
    ballots = [{"person_id": p.pk, "choice": "yes"} for p in c.people[:6]]
    resp = call(clerk, f"/api/v1/meetings/votes/{vote['id']}/ballots", {"ballots": ballots})
    assert resp.status_code == 200
    # the member on leave may not vote
    resp = call(clerk, f"/api/v1/meetings/votes/{vote['id']}/ballots",
                {"ballots": [{"person_id": c.people[9].pk, "choice": "yes"}]})
    assert resp.status_code == 409 and resp.json()["rule"] == "MTG-VOTE-MEMBER"
    result = call(clerk, f"/api/v1/meetings/votes/{vote['id']}/transitions", {"action": "announce"}).json()
    assert (result["yes"], result["not_voted"], result["total_members"], result["passed"]) == (6, 3, 11, True)
    assert clerk.get(f"/api/v1/meetings/decisions/{c.decision.pk}").json()["status"] == "adopted"
    stats = clerk.get("/api/v1/meetings/statistics?year=2026").json()
    assert any(r["yes"] == 1 and r["present"] == 1 for r in stats)


@pytest.mark.parametrize("payload", [
    {"kind": "standing", "date": "2026-13-01", "place": "x"},
    {"kind": "nonsense", "date": "2026-03-01", "place": "x"},
    {"kind": "standing", "date": "2026-03-01", "place": ""},
    {"kind": "standing", "date": "2026-03-01", "place": "x", "body_id": 99999999},
    {"kind": "committee", "date": "2026-03-01", "place": "x"},
    {"kind": "standing", "date": "2020-03-01", "place": "x"},
])
def test_bad_input_is_a_422_in_chinese(cast, payload):
    resp = call(login(cast.clerk), "/api/v1/meetings/meetings", payload)
    assert resp.status_code == 422, resp.content
    assert resp.json()["detail"] in ("请求数据格式不正确。", "提交的数据不正确。")
    assert not Meeting.objects.filter(congress=cast.congress).exists()


def test_create_and_update_with_optimistic_locking(cast):
    clerk = login(cast.clerk)
    m = call(clerk, "/api/v1/meetings/meetings", {"kind": "standing", "date": "2026-03-20", "place": "会议厅"}).json()
    assert m["title"] == "甲市第十二届人民代表大会常务委员会第一次会议" and m["status"] == "drafting"
    resp = call(clerk, f"/api/v1/meetings/meetings/{m['id']}", {"lock_version": 0, "place": "新会场"}, "patch")
    assert resp.status_code == 200 and resp.json()["place"] == "新会场"
    resp = call(clerk, f"/api/v1/meetings/meetings/{m['id']}", {"lock_version": 0, "place": "覆盖"}, "patch")
    assert resp.status_code == 409 and "已被他人修改" in resp.json()["detail"]
    item = call(clerk, f"/api/v1/meetings/meetings/{m['id']}/agenda", {"title": "议题一", "kind": "report"})
    assert item.status_code == 201 and item.json()["requires_vote"] is False
    resp = call(clerk, f"/api/v1/meetings/meetings/{m['id']}/agenda", {"object_type": "meetings.nope",
                                                                      "object_id": 1})
    assert resp.status_code == 422
    resp = call(clerk, f"/api/v1/meetings/meetings/{m['id']}/agenda/order", {"order": [999]}, "put")
    assert resp.status_code == 422


def test_nominations_and_the_oath_through_the_api(world):
    c = world
    clerk = login(c.clerk)
    resp = call(clerk, "/api/v1/meetings/nominations", {
        "kind": "appoint", "nominator": "chief_procurator", "organ_id": c.city.organs["proc"].pk,
        "post_title": "甲市人民检察院检察员", "person_name": "李检", "has_letter": True})
    assert resp.status_code == 201
    nom = resp.json()
    assert nom["status"] == "received" and nom["materials_complete"] is False
    resp = call(clerk, f"/api/v1/meetings/nominations/{nom['id']}/transitions", {"action": "start_review"})
    assert resp.status_code == 409 and resp.json()["rule"] == "APPT-MATERIALS" and "考察材料" in resp.json()["detail"]
    resp = call(clerk, "/api/v1/meetings/oaths", {"date": "2026-03-20", "administered_by_id": c.city.director.pk,
                                                 "nomination_ids": [nom["id"]]})
    assert resp.status_code == 409 and resp.json()["rule"] == "APPT-OATH"
    assert clerk.get("/api/v1/meetings/appointments?current=true").status_code == 200


def test_bulk_sign_in_from_the_sign_in_system(world):
    c = world
    clerk = login(c.clerk)
    url = f"/api/v1/meetings/meetings/{c.meeting.pk}/attendance/bulk"
    resp = call(clerk, url, {"person_ids": [p.pk for p in c.people[:6]]})
    assert resp.status_code == 200 and resp.json()["quorum"]["met"] is True
    # all or nothing: one person who is not a member refuses the whole list
    outsider = c.other.members[0]
    resp = call(clerk, url, {"person_ids": [c.people[6].pk, outsider.pk]})
    assert resp.status_code == 422
    from renda.core.models import Person

    guest = Person.objects.create(congress=c.congress, name="来宾")
    resp = call(clerk, url, {"person_ids": [c.people[6].pk, guest.pk]})
    assert resp.status_code == 409 and resp.json()["rule"] == "MTG-ATTENDANCE"
    assert clerk.get(f"/api/v1/meetings/meetings/{c.meeting.pk}/attendance").json()["quorum"]["present"] == 6
    assert call(login(c.member), url, {"person_ids": [c.people[7].pk]}).status_code == 403


def test_links_are_paths_or_web_addresses(cast):
    clerk = login(cast.clerk)
    m = call(clerk, "/api/v1/meetings/meetings", {"kind": "standing", "date": "2026-03-20", "place": "会议厅"}).json()
    url = f"/api/v1/meetings/meetings/{m['id']}/agenda"
    assert call(clerk, url, {"title": "a", "link": "javascript:alert(1)"}).status_code == 422
    assert call(clerk, url, {"title": "b", "link": "//evil.example"}).status_code == 422
    assert call(clerk, url, {"title": "c", "link": "/legislation/1/"}).status_code == 201
    assert call(clerk, url, {"title": "d", "link": "https://www.npc.gov.cn/"}).status_code == 201
