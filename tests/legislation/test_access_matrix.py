"""Role × object × action through the web pages and the API: every allow and every deny.

Objects: `bill` (city government's, concerning 市水务局, lead committee 城建环保委; read once and published for
comment, with an unpublished 二审稿), `other_bill` (财经委's, only proposed), `foreign_bill` (another congress).
"""

import json

import pytest
from django.test import Client
from django.urls import reverse

from renda.legislation.models import Bill, BillReading, BillStatus, Stage

from .conftest import D, make_bill

pytestmark = pytest.mark.django_db

ROLES = ["clerk", "legal", "leader", "committee", "other_committee", "member", "deputy", "unit_user",
         "other_unit_user", "admin", "outsider_clerk", "anonymous"]
INTERNAL = {"clerk", "legal", "leader", "committee", "other_committee", "member", "admin"}
VIEW = {
    "bill": INTERNAL | {"deputy", "unit_user"},
    "other_bill": INTERNAL,
    "foreign_bill": {"outsider_clerk"},
}
# the texts of `bill`: the published draft and the unpublished 二审稿
VIEW_VERSION = {"draft": INTERNAL | {"deputy", "unit_user"}, "second": INTERNAL | {"unit_user"}}
COMMENTS_PAGE = {"clerk", "legal", "leader", "committee", "other_committee", "admin"}
PLAN_DRAFT = {"clerk", "legal", "leader", "committee", "other_committee", "admin"}
PLAN_PUBLISHED = PLAN_DRAFT | {"member", "deputy"}
AGENDA = {"leader"}  # the 主任会议's decision
READING = {"clerk", "legal"}  # registering a reading
ENTER_COMMENT = {"clerk", "legal", "committee"}  # the lead committee too
CREATE_BILL = {"clerk", "legal", "outsider_clerk"}  # each office registers bills of its own congress


@pytest.fixture
def world(leg_world):
    from renda.legislation import services as leg

    c = leg_world
    c.advance(c.bill, "second")
    c.bill.refresh_from_db()
    c.foreign_bill = make_bill(c, actor=c.outsider_clerk, proposer_org=c.other.organs["gov"], lead_committee=None,
                               concerned_units=[c.other.units["市水务局"]])
    c.draft = c.bill.versions.get(stage=Stage.DRAFT)
    c.second = c.bill.versions.get(stage=Stage.SECOND)
    c.plan = leg.plan_create(actor=c.legal, year=2026)
    return c


def client_for(c, role) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(getattr(c, role))
    return client


@pytest.mark.parametrize("role", ROLES)
def test_view_matrix_web_and_api(world, role):
    c = world
    client = client_for(c, role)
    for name, allowed in VIEW.items():
        bill = getattr(c, name)
        web = client.get(reverse("legislation:bill", args=[bill.pk]))
        api = client.get(f"/api/v1/legislation/bills/{bill.pk}")
        if role == "anonymous":
            assert web.status_code == 302 and api.status_code == 401, name
        elif role in allowed:
            assert web.status_code == 200, (role, name)
            assert api.status_code == 200, (role, name)
        else:
            assert web.status_code == 404, (role, name, web.status_code)
            assert api.status_code == 404, (role, name, api.status_code)
            assert "没有找到" in api.json()["detail"]
    for stage, allowed in VIEW_VERSION.items():
        version = getattr(c, stage)
        web = client.get(reverse("legislation:version", args=[version.pk]))
        api = client.get(f"/api/v1/legislation/versions/{version.pk}")
        expected = 302 if role == "anonymous" else (200 if role in allowed else 404)
        assert web.status_code == expected, (role, stage, web.status_code)
        assert api.status_code == (401 if role == "anonymous" else expected), (role, stage)


@pytest.mark.parametrize("role", ROLES)
def test_lists_show_only_visible_bills_and_texts(world, role):
    c = world
    client = client_for(c, role)
    resp = client.get("/api/v1/legislation/bills")
    if role == "anonymous":
        assert resp.status_code == 401
        return
    ids = {b["id"] for b in resp.json()["items"]}
    expected = {getattr(c, n).pk for n, allowed in VIEW.items() if role in allowed}
    assert ids == expected, role
    html = client.get(reverse("legislation:index")).content.decode()
    assert ("甲市河道管理条例" in html) == (c.bill.pk in ids or c.foreign_bill.pk in ids)
    assert ("甲市预算审查监督条例" in html) == (c.other_bill.pk in ids)
    if c.bill.pk in ids:
        stages = {v["stage"] for v in client.get(f"/api/v1/legislation/bills/{c.bill.pk}/versions").json()}
        assert stages == ({"draft"} if role == "deputy" else {"draft", "second"}), role
        compare = client.get(f"/api/v1/legislation/bills/{c.bill.pk}/compare",
                             {"old": c.draft.pk, "new": c.second.pk})
        assert compare.status_code == (404 if role == "deputy" else 200), role


@pytest.mark.parametrize("role", ROLES)
def test_comments_and_plans_matrix(world, role):
    c = world
    client = client_for(c, role)
    comments = client.get(reverse("legislation:comments", args=[c.draft.pk]))
    export = client.get(reverse("legislation:comments_export", args=[c.bill.pk]))
    plan = client.get(reverse("legislation:plan", args=[c.plan.pk]))
    api_plan = client.get(f"/api/v1/legislation/plans/{c.plan.pk}")
    if role == "anonymous":
        assert comments.status_code == 302 and plan.status_code == 302 and api_plan.status_code == 401
        return
    assert comments.status_code == (200 if role in COMMENTS_PAGE else 404), role
    assert export.status_code == (200 if role in COMMENTS_PAGE else 404), role
    assert plan.status_code == (200 if role in PLAN_DRAFT else 404), role
    assert api_plan.status_code == (200 if role in PLAN_DRAFT else 404), role


@pytest.mark.parametrize("role", ROLES)
def test_published_plans_reach_members_and_deputies(world, role):
    from renda.legislation import services as leg

    c = world
    leg.project_create(actor=c.legal, plan=c.plan, kind="formal", title="甲市河道管理条例", subject_area="生态文明建设")
    leg.plan_transition(actor=c.leader, plan=c.plan, action="adopt", on=D(2026, 2, 20))
    leg.plan_transition(actor=c.legal, plan=c.plan, action="publish", on=D(2026, 3, 1))
    resp = client_for(c, role).get(reverse("legislation:plan", args=[c.plan.pk]))
    if role == "anonymous":
        assert resp.status_code == 302
    else:
        assert resp.status_code == (200 if role in PLAN_PUBLISHED else 404), role


@pytest.mark.parametrize("role", ROLES)
def test_agenda_decision_matrix_web_and_api(world, role):
    c = world
    bill = c.other_bill
    web = client_for(c, role).post(reverse("legislation:bill_transition", args=[bill.pk, "place_on_agenda"]),
                                   {"on": "2026-03-10", "note": "主任会议决定"})
    bill.refresh_from_db()
    if role in AGENDA:
        assert bill.status == BillStatus.ON_AGENDA, role
        Bill.objects.filter(pk=bill.pk).update(status=BillStatus.PROPOSED)
    else:
        assert bill.status == BillStatus.PROPOSED, role
        assert web.status_code in (302, 403, 404), (role, web.status_code)
        if role in VIEW["other_bill"]:
            assert web.status_code == 403, role
    api = client_for(c, role).post(f"/api/v1/legislation/bills/{bill.pk}/transitions",
                                   data=json.dumps({"action": "place_on_agenda", "on": "2026-03-10"}),
                                   content_type="application/json")
    bill.refresh_from_db()
    if role in AGENDA:
        assert api.status_code == 200 and bill.status == BillStatus.ON_AGENDA
    else:
        assert api.status_code in (401, 403, 404), (role, api.status_code)
        assert bill.status == BillStatus.PROPOSED


@pytest.mark.parametrize("role", ROLES)
def test_reading_matrix_web_and_api(world, role):
    c = world
    bill = c.bill
    client_for(c, role).post(reverse("legislation:reading_create", args=[bill.pk]),
                             {"held_on": "2026-04-28", "meeting": "第四次常委会会议"})
    done = BillReading.objects.filter(bill=bill, number=2)
    if role in READING:
        assert done.exists(), role
        done.delete()
    else:
        assert not done.exists(), role
    api = client_for(c, role).post(f"/api/v1/legislation/bills/{bill.pk}/readings",
                                   data=json.dumps({"held_on": "2026-04-28", "meeting": "第四次常委会会议"}),
                                   content_type="application/json")
    if role in READING:
        assert api.status_code == 201 and api.json()["label"] == "二审"
    else:
        assert api.status_code in (401, 403, 404), (role, api.status_code)
        assert not done.exists()


@pytest.mark.parametrize("role", ROLES)
def test_comment_entry_and_bill_creation_matrix(world, role):
    from renda.legislation import services as leg

    c = world
    Bill.objects.filter(pk=c.bill.pk).update(status=BillStatus.IN_DELIBERATION)
    point = leg.contact_point_create(actor=c.clerk, name=f"联系点-{role}")
    url = reverse("legislation:comment_create", args=[c.bill.pk]) + f"?version={c.draft.pk}"
    client = client_for(c, role)
    resp = client.post(url, {"version": c.draft.pk, "source": "contact_point", "contact_point": point.pk,
                             "eid": "chp_1__art_3", "text": f"{role}的意见"})
    stored = c.bill.comments.filter(text=f"{role}的意见").exists()
    assert stored == (role in ENTER_COMMENT), (role, resp.status_code)
    if role not in ENTER_COMMENT and role != "anonymous":
        assert resp.status_code in (403, 404)
    resp = client.get(reverse("legislation:bill_create"))
    if role == "anonymous":
        assert resp.status_code == 302
    else:
        assert resp.status_code == (200 if role in CREATE_BILL else 403), role


def test_ids_of_another_congress_lead_nowhere(world):
    c = world
    client = client_for(c, "outsider_clerk")
    for url in (reverse("legislation:bill", args=[c.bill.pk]), reverse("legislation:version", args=[c.draft.pk]),
                reverse("legislation:compare", args=[c.bill.pk]) + f"?a={c.draft.pk}&b={c.second.pk}",
                reverse("legislation:compare_docx", args=[c.bill.pk]), reverse("legislation:plan", args=[c.plan.pk]),
                f"/api/v1/legislation/bills/{c.bill.pk}/compare?old={c.draft.pk}&new={c.second.pk}"):
        assert client.get(url).status_code == 404, url
    resp = client.post(f"/api/v1/legislation/bills/{c.bill.pk}/votes", data=json.dumps(
        {"voted_on": "2026-06-21", "yes": 9, "no": 0, "abstain": 0}), content_type="application/json")
    assert resp.status_code == 404
    # nor may a foreign text be compared with one's own
    own = c.foreign_bill.versions.get(stage=Stage.DRAFT)
    resp = client.get(f"/api/v1/legislation/bills/{c.foreign_bill.pk}/compare?old={own.pk}&new={c.draft.pk}")
    assert resp.status_code == 404
