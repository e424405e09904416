"""The legislation API: lists, detail, texts with eIds, the comparison JSON, transitions, readings and votes."""

import json

import pytest
from django.test import Client

from renda.legislation.models import BillStatus, Stage

from .conftest import D

pytestmark = pytest.mark.django_db


def api(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post(client, url, payload):
    return client.post(url, data=json.dumps(payload), content_type="application/json")


def test_bill_list_and_detail(leg_world):
    c = leg_world
    c.advance(c.bill, "second")
    client = api(c.clerk)
    page = client.get("/api/v1/legislation/bills", {"stage": "deliberation"}).json()
    assert page["count"] == 1 and page["items"][0]["readings_done"] == 1
    assert page["items"][0]["display_title"] == "甲市河道管理条例（草案）"
    detail = client.get(f"/api/v1/legislation/bills/{c.bill.pk}").json()
    assert detail["status"] == "in_deliberation" and detail["proposer"]["name"] == "甲市人民政府"
    assert [r["label"] for r in detail["readings"]] == ["一审"]
    assert [v["stage"] for v in detail["versions"]] == ["draft", "second"]
    assert detail["versions"][0]["explanation_label"] == "起草说明"
    assert detail["periods"][0]["status"] == "closed"
    assert detail["actions"] == []  # the office has no step to take; the 主任会议 has
    leader = api(c.leader).get(f"/api/v1/legislation/bills/{c.bill.pk}").json()
    assert {a["action"] for a in leader["actions"]} == {"withdraw_listed", "shelve", "schedule_vote"}
    assert [s["label"] for s in detail["timeline"]][:3] == ["提出", "列入议程", "一审"]
    # filters that make no sense are refused with the field named, never ignored, never a 500
    assert client.get("/api/v1/legislation/bills", {"year": "abc"}).status_code == 422
    bad = client.get("/api/v1/legislation/bills", {"stage": "nonsense"})
    assert bad.status_code == 422 and list(bad.json()["errors"]) == ["stage"]


def test_version_text_with_eids_and_warnings_for_staff(leg_world):
    c = leg_world
    draft = c.bill.versions.get(stage=Stage.DRAFT)
    data = api(c.clerk).get(f"/api/v1/legislation/versions/{draft.pk}").json()
    assert data["articles"][3]["eid"] == "chp_2__art_4" and data["articles"][3]["label"] == "第四条"
    assert data["articles"][3]["chapter"] == "第二章 保护"
    assert data["parse_warnings"] == []
    assert api(c.member).get(f"/api/v1/legislation/versions/{draft.pk}").json()["parse_warnings"] is None


def test_comparison_json(leg_world):
    c = leg_world
    bill = c.advance(c.bill, "second")
    v = {x.stage: x.pk for x in bill.versions.all()}
    resp = api(c.member).get(f"/api/v1/legislation/bills/{bill.pk}/compare", {"old": v["draft"], "new": v["second"]})
    assert resp.status_code == 200 and resp["Content-Type"].startswith("application/json")
    data = resp.json()
    kinds = {row["kind"] for row in data["rows"]}
    assert {"added", "renumbered", "unchanged", "modified"} <= kinds
    added = next(r for r in data["rows"] if r["kind"] == "added")
    assert added["new"] == ["第四条"] and "河长制" in added["new_text"]
    assert data["summary"]["added"] == 1 and data["summary"]["new_articles"] == 7
    changed = api(c.member).get(f"/api/v1/legislation/bills/{bill.pk}/compare",
                                {"old": v["draft"], "new": v["second"], "changes_only": "true"}).json()
    assert "unchanged" not in {r["kind"] for r in changed["rows"]}
    assert api(c.member).get(f"/api/v1/legislation/bills/{bill.pk}/compare", {"old": "x", "new": 1}).status_code == 422


def test_transitions_refusals_are_409_with_the_rule(leg_world):
    c = leg_world
    bill = c.advance(c.bill, "reading1")
    resp = post(api(c.leader), f"/api/v1/legislation/bills/{bill.pk}/transitions",
                {"action": "schedule_vote", "on": "2026-03-21"})
    assert resp.status_code == 409
    body = resp.json()
    assert body["rule"] == "LEG-READINGS" and "第三十二条第一款" in body["basis"] and "审议" in body["detail"]
    resp = post(api(c.clerk), f"/api/v1/legislation/bills/{bill.pk}/votes",
                {"voted_on": "2026-03-21", "yes": 9, "no": 0, "abstain": 0})
    assert resp.status_code == 409 and resp.json()["rule"] == "LEG-READINGS"
    resp = post(api(c.clerk), f"/api/v1/legislation/bills/{bill.pk}/transitions", {"action": "no-such-step"})
    assert resp.status_code == 403
    resp = post(api(c.clerk), f"/api/v1/legislation/bills/{bill.pk}/transitions", {"action": "pass"})
    assert resp.status_code == 422
    resp = post(api(c.leader), f"/api/v1/legislation/bills/{bill.pk}/transitions",
                {"action": "shelve", "on": "2100-01-01", "note": "分歧"})
    assert resp.status_code == 422 and "日期不能晚于今天" in json.dumps(resp.json(), ensure_ascii=False)


def test_readings_and_votes_through_the_api(leg_world):
    c = leg_world
    bill = c.advance(c.bill, "vote_pending")
    client = api(c.legal)
    final = bill.versions.get(stage=Stage.FINAL)
    from renda.statutes import parse_text

    eid = parse_text(final.text).articles()[4].eid
    resp = post(client, f"/api/v1/legislation/bills/{bill.pk}/votes",
                {"voted_on": "2026-06-21", "yes": 7, "no": 2, "abstain": 1, "eid": eid, "note": "分歧较大"})
    assert resp.status_code == 201 and resp.json()["passed"] and resp.json()["provision_label"] == "第五条"
    resp = post(client, f"/api/v1/legislation/bills/{bill.pk}/votes",
                {"voted_on": "2026-06-21", "yes": 8, "no": 1, "abstain": 1, "meeting": "第五次会议"})
    assert resp.status_code == 201 and resp.json()["members_total"] == 11
    detail = client.get(f"/api/v1/legislation/bills/{bill.pk}").json()
    assert detail["status"] == BillStatus.PASSED and detail["passed_on"] == "2026-06-21"
    assert len(detail["votes"]) == 2
    resp = post(client, f"/api/v1/legislation/bills/{bill.pk}/transitions",
                {"action": "submit_for_approval", "on": "2026-06-25"})
    assert resp.status_code == 200 and resp.json()["approval_submitted_on"] == "2026-06-25"


def test_plans_api(leg_world):
    from renda.legislation import services as leg

    c = leg_world
    plan = leg.plan_create(actor=c.legal, year=2026)
    project = leg.project_create(actor=c.legal, plan=plan, kind="formal", title="甲市河道管理条例",
                                 subject_area="生态文明建设")
    from renda.legislation.models import Bill

    Bill.objects.filter(pk=c.bill.pk).update(project=project)
    data = api(c.clerk).get(f"/api/v1/legislation/plans/{plan.pk}").json()
    assert data["status"] == "drafting" and data["projects"][0]["bill_ids"] == [c.bill.pk]
    assert [p["id"] for p in api(c.clerk).get("/api/v1/legislation/plans").json()] == [plan.pk]
    assert api(c.member).get("/api/v1/legislation/plans").json() == []
    leg.plan_transition(actor=c.leader, plan=plan, action="adopt", on=D(2026, 2, 20))
    leg.plan_transition(actor=c.legal, plan=plan, action="publish", on=D(2026, 3, 1))
    assert [p["id"] for p in api(c.member).get("/api/v1/legislation/plans").json()] == [plan.pk]
