"""Role × object × action, through the pages and the API.

Objects: the convened standing meeting (a report, a nomination for a post in 市水务局, a decision proposed by
the government), the 主任会议 that decided it, the other congress's meeting; their items, the nomination and
the decision.
"""

import json

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from renda.meetings.models import Attendance

pytestmark = pytest.mark.django_db

ROLES = ["clerk", "leader", "committee", "other_committee", "member", "deputy", "unit_user", "other_unit_user",
         "admin", "outsider_clerk", "anonymous"]
INTERNAL = {"clerk", "leader", "committee", "other_committee", "member", "admin"}
VIEW = {
    "meeting": INTERNAL | {"unit_user"},  # the unit sees the meeting of the item that concerns it
    "chairs": {"clerk", "leader", "admin"},
    "other_meeting": {"outsider_clerk"},
    "report_item": INTERNAL,
    "nom_item": INTERNAL | {"unit_user"},
    "dec_item": INTERNAL,
    "nomination": {"clerk", "leader", "admin", "member", "committee", "other_committee", "unit_user"},
    "decision": {"clerk", "leader", "admin", "member", "committee", "other_committee"},
}
ROSTER = INTERNAL  # the attendance list
SIGN_IN_OTHERS = {"clerk"}  # sign anyone in; members and leaders only themselves


class _Rollback(Exception):
    pass


def per_role(check):
    """Run `check(role)` for every role, each in a transaction rolled back afterwards (one world for all)."""
    for role in ROLES:
        try:
            with transaction.atomic():
                check(role)
                raise _Rollback
        except _Rollback:
            pass


def client_for(cast, role) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(getattr(cast, role))
    return client


def urls(c, name):
    obj = getattr(c, name)
    if name in ("meeting", "chairs", "other_meeting"):
        return reverse("meetings:meeting", args=[obj.pk]), f"/api/v1/meetings/meetings/{obj.pk}"
    if name.endswith("_item"):
        return reverse("meetings:item", args=[obj.pk]), f"/api/v1/meetings/agenda/{obj.pk}"
    if name == "nomination":
        return reverse("meetings:nomination", args=[obj.pk]), f"/api/v1/meetings/nominations/{obj.pk}"
    return reverse("meetings:decision", args=[obj.pk]), f"/api/v1/meetings/decisions/{obj.pk}"


def test_view_matrix_web_and_api(world):
    c = world

    def check(role):
        client = client_for(c, role)
        for name, allowed in VIEW.items():
            web_url, api_url = urls(c, name)
            web, api = client.get(web_url), client.get(api_url)
            if role == "anonymous":
                assert (web.status_code, api.status_code) == (302, 401), name
            elif role in allowed:
                assert (web.status_code, api.status_code) == (200, 200), (role, name, web.status_code, api.status_code)
            else:
                assert (web.status_code, api.status_code) == (404, 404), (role, name, web.status_code, api.status_code)
                assert "没有找到" in api.json()["detail"]

    per_role(check)


def test_lists_show_only_what_the_role_may_see(world):
    c = world

    def check(role):
        client = client_for(c, role)
        resp = client.get("/api/v1/meetings/meetings")
        if role == "anonymous":
            assert resp.status_code == 401
            return
        ids = {m["id"] for m in resp.json()["items"]}
        expected = {getattr(c, n).pk for n in ("meeting", "chairs", "other_meeting") if role in VIEW[n]}
        assert ids == expected, role
        if role in VIEW["meeting"]:
            titles = {i["title"] for i in client.get(f"/api/v1/meetings/meetings/{c.meeting.pk}/agenda").json()}
            expected_items = {getattr(c, n).title for n in ("report_item", "nom_item", "dec_item") if role in VIEW[n]}
            assert titles == expected_items, role
        noms = {n["id"] for n in client.get("/api/v1/meetings/nominations").json()}
        assert noms == ({c.nomination.pk} if role in VIEW["nomination"] else set()), role
        html = client.get(reverse("meetings:index")).content.decode()
        assert (c.meeting.title in html) == (role in VIEW["meeting"]), role
        assert (c.other_meeting.title in html) == (role == "outsider_clerk"), role

    per_role(check)


def test_roster_and_sign_in_matrix(world):
    c = world

    def check(role):
        client = client_for(c, role)
        web = client.get(reverse("meetings:attendance", args=[c.meeting.pk]))
        api = client.get(f"/api/v1/meetings/meetings/{c.meeting.pk}/attendance")
        if role == "anonymous":
            assert (web.status_code, api.status_code) == (302, 401)
            return
        if role in ROSTER:
            assert (web.status_code, api.status_code) == (200, 200), role
        else:
            assert web.status_code in (403, 404) and api.status_code in (403, 404), (role, web.status_code)
        someone = c.people[3]
        client.post(reverse("meetings:attendance_action", args=[c.meeting.pk, someone.pk, "sign_in"]))
        api = client.post(f"/api/v1/meetings/meetings/{c.meeting.pk}/attendance",
                          data=json.dumps({"person_id": c.people[4].pk, "action": "sign_in"}),
                          content_type="application/json")
        signed = set(Attendance.objects.filter(meeting=c.meeting, status="present").values_list("person_id", flat=True))
        if role in SIGN_IN_OTHERS:
            assert {someone.pk, c.people[4].pk} <= signed and api.status_code == 200
        else:
            assert not ({someone.pk, c.people[4].pk} & signed), role
            assert api.status_code in (403, 404), (role, api.status_code)

    per_role(check)


def test_only_the_office_arranges_and_only_leadership_decides(world):
    c = world

    def check(role):
        client = client_for(c, role)
        other = client.post(f"/api/v1/meetings/meetings/{c.other_meeting.pk}/transitions",
                            data=json.dumps({"action": "cancel", "note": "x"}), content_type="application/json")
        if role != "outsider_clerk":
            assert other.status_code in (401, 404), role
        resp = client.post(f"/api/v1/meetings/meetings/{c.meeting.pk}/agenda",
                           data=json.dumps({"title": "新议题", "note": "调整议程"}), content_type="application/json")
        c.meeting.refresh_from_db()
        if role == "leader":  # an adjustment by the 主任会议
            assert resp.status_code == 201
        elif role == "clerk":  # after the decision the office may not add: refused by the rule
            assert resp.status_code == 409 and resp.json()["rule"] == "MTG-AGENDA"
        else:
            assert resp.status_code in (401, 403, 404, 409), (role, resp.status_code)
            assert not c.meeting.agenda_items.filter(title="新议题").exists()
        resp = client.post(f"/api/v1/meetings/meetings/{c.meeting.pk}/transitions",
                           data=json.dumps({"action": "cancel", "note": "改期"}), content_type="application/json")
        c.meeting.refresh_from_db()
        if role == "leader":
            assert resp.status_code == 200 and c.meeting.status == "cancelled"
        else:
            assert c.meeting.status == "convened" and resp.status_code in (401, 403, 404), (role, resp.status_code)

    per_role(check)


def test_ballots_are_for_the_office_and_leadership(world):
    from renda.meetings import services as svc

    from .conftest import sign_in

    c = world
    sign_in(c, c.meeting, c.people[:9])
    svc.meeting_transition(actor=c.clerk, meeting=c.meeting, action="open")
    vote = svc.vote_open(actor=c.clerk, item=c.dec_item)
    svc.ballots_record(actor=c.clerk, vote=vote, choices={c.people[0].pk: "yes"})
    for role, sees in (("clerk", True), ("leader", True), ("admin", True), ("member", False), ("committee", False)):
        body = client_for(c, role).get(f"/api/v1/meetings/votes/{vote.pk}").json()
        assert (body["ballots"] is not None) == sees, role
        html = client_for(c, role).get(reverse("meetings:vote", args=[vote.pk])).content.decode()
        assert ("逐人表决意见" in html) == sees, role
    resp = client_for(c, "member").post(f"/api/v1/meetings/votes/{vote.pk}/ballots", data=json.dumps(
        {"ballots": [{"person_id": c.people[1].pk, "choice": "no"}]}), content_type="application/json")
    assert resp.status_code == 403
