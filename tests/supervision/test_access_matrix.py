"""Role × object × action, through the web pages and the API: every allow and every deny.

Units see only their own: the reports their organ makes (or that they were entrusted with), the
rectification items assigned to them, the interpellations addressed to them, the documents they filed.
Another congress sees nothing; the public sees only the review-request page and what was published.
"""

import json

import pytest
from django.test import Client
from tests.supervision.conftest import (
    D,
    advance_report,
    make_interpellation,
    make_rect,
    make_report,
    reported_inspection,
)

from renda.supervision import services as svc
from renda.supervision.models import RectificationItem, Report

pytestmark = pytest.mark.django_db

ROLES = ["clerk", "leader", "committee", "other_committee", "member", "deputy", "unit_user", "other_unit_user",
         "gov_user", "admin", "outsider_clerk", "anonymous"]
INTERNAL = {"clerk", "leader", "committee", "other_committee", "admin"}
VIEW = {
    "r_gov": INTERNAL | {"member", "gov_user"},  # sent to members; its organ's office
    "r_water": INTERNAL | {"gov_user", "unit_user"},  # not yet sent to members; the entrusted department
    "r_pub": INTERNAL | {"member", "deputy", "gov_user"},  # published to deputies
    "inspection": INTERNAL | {"member", "gov_user"},
    "rect_water": INTERNAL | {"member", "unit_user"},  # the owner only — not even the government's office
    "rect_edu": INTERNAL | {"member", "other_unit_user"},
    "interp": INTERNAL | {"member", "unit_user"},
    "filing": INTERNAL | {"member", "gov_user"},
    "request": INTERNAL,  # personal data of the requester
    "other_report": {"outsider_clerk"},
}
WEB = {"r_gov": "reports", "r_water": "reports", "r_pub": "reports", "inspection": "inspections",
       "rect_water": "rectifications", "rect_edu": "rectifications", "interp": "interpellations", "filing": "filings",
       "request": "requests", "other_report": "reports"}
SUBMIT = {"gov_user", "unit_user", "clerk"}  # who may send the entrusted report's draft
REPORT_RECT = {"unit_user", "clerk"}  # who may report on the water bureau's item


@pytest.fixture
def world(sup):
    c = sup
    c.r_gov = advance_report(c, make_report(c, title="政府报告"), "distributed")
    c.r_water = make_report(c, title="水务报告", reporting_unit=c.water)
    c.r_pub = advance_report(c, make_report(c, title="已公布报告"), "published")
    insp = reported_inspection(c)
    c.inspection = insp
    c.rect_water = make_rect(c, insp, title="水务整改")
    c.rect_edu = make_rect(c, insp, unit=c.edu, title="教育整改")
    c.interp = svc.interpellation_transition(actor=c.clerk, interpellation=make_interpellation(c, signers=5),
                                             action="submit", on=D(2026, 10, 30))
    c.filing = svc.filing_register(actor=c.clerk, filer_kind="government", filer_org=c.gov, title="办法",
                                   issued_on=D(2026, 3, 2), filed_on=D(2026, 3, 10))
    c.request = svc.review_request_submit(congress=c.congress, requester_name="张三", contact="138",
                                          document_title="办法", reasons="认为与上位法相抵触。")
    o = c.other
    c.other_report = svc.report_create(actor=c.outsider_clerk, title="乙市报告", organ=o.organs["gov"],
                                       lead_body=o.bodies["cjw"], meeting_date=D(2026, 9, 30))
    return c


def client_for(c, role) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(getattr(c, role))
    return client


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix_web_and_api(world, role):
    """One role: what it may view, what its lists show, and which steps it may take (web and API)."""
    check_views(world, role)
    check_lists(world, role)
    check_steps(world, role)


def check_views(c, role):
    client = client_for(c, role)
    for name, allowed in VIEW.items():
        obj = getattr(c, name)
        web = client.get(f"/supervision/{WEB[name]}/{obj.pk}/")
        api = client.get(f"/api/v1/supervision/{WEB[name]}/{obj.pk}") if name != "request" else None
        if role == "anonymous":
            assert web.status_code == 302 and "/login/" in web["Location"], name
            assert api is None or api.status_code == 401, name
        elif role in allowed:
            assert web.status_code == 200, (role, name, web.status_code)
            assert api is None or api.status_code == 200, (role, name, api.status_code)
        else:
            assert web.status_code in (403, 404), (role, name, web.status_code)
            assert api is None or api.status_code == 404, (role, name, api.status_code)


def check_lists(c, role):
    client = client_for(c, role)
    resp = client.get("/api/v1/supervision/rectifications")
    if role == "anonymous":
        assert resp.status_code == 401
        return
    titles = {i["title"] for i in resp.json()["items"]}
    expected = {getattr(c, n).title for n in ("rect_water", "rect_edu") if role in VIEW[n]}
    assert titles == expected, role
    reports = {r["title"] for r in client.get("/api/v1/supervision/reports").json()["items"]}
    assert reports == {getattr(c, n).title for n in ("r_gov", "r_water", "r_pub", "other_report") if role in VIEW[n]}
    html = client.get("/supervision/rectifications/").content.decode()
    assert ("水务整改" in html) == (role in VIEW["rect_water"]) and ("教育整改" in html) == (role in VIEW["rect_edu"])


def check_steps(c, role):
    client = client_for(c, role)
    web = client.post(f"/supervision/reports/{c.r_water.pk}/do/submit_draft/", {"text": f"{role}的稿"})
    status = Report.objects.get(pk=c.r_water.pk).status
    if role in SUBMIT:
        assert status == "draft_submitted", role
        Report.objects.filter(pk=c.r_water.pk).update(status="planned")
    else:
        assert status == "planned" and web.status_code in (302, 403, 404), (role, web.status_code)
    api = client.post(f"/api/v1/supervision/reports/{c.r_water.pk}/transitions",
                      data=json.dumps({"action": "submit_draft", "text": "接口送交"}), content_type="application/json")
    if role in SUBMIT:
        assert api.status_code == 200 and api.json()["status"] == "draft_submitted"
    else:
        assert api.status_code in (401, 403, 404), (role, api.status_code)
    api = client.post(f"/api/v1/supervision/rectifications/{c.rect_water.pk}/transitions",
                      data=json.dumps({"action": "report", "text": "整改完毕"}), content_type="application/json")
    item = RectificationItem.objects.get(pk=c.rect_water.pk)
    if role in REPORT_RECT:
        assert api.status_code == 200 and item.status == "reported", role
    else:
        assert api.status_code in (401, 403, 404) and item.status == "open", (role, api.status_code)


def test_the_public_sees_only_the_portal_and_what_was_published(world):
    c = world
    anon = Client()
    code = c.congress.code
    assert anon.get(f"/supervision/public/{code}/").status_code == 200
    assert "已公布报告" in anon.get(f"/supervision/public/{code}/").content.decode()
    assert "政府报告" not in anon.get(f"/supervision/public/{code}/").content.decode()
    assert anon.get(f"/supervision/public/{code}/reports/{c.r_pub.pk}/").status_code == 200
    for obj in (c.r_gov, c.r_water, c.other_report):
        assert anon.get(f"/supervision/public/{code}/reports/{obj.pk}/").status_code == 404
    assert anon.get(f"/supervision/public/{c.other.congress.code}/reports/{c.r_pub.pk}/").status_code == 404
    assert anon.get(f"/supervision/public/{code}/inspections/{c.inspection.pk}/").status_code == 404
    assert anon.get("/supervision/").status_code == 302
    assert anon.get("/api/v1/supervision/picture").status_code == 401


def test_another_congress_cannot_reach_in_even_with_ids(world):
    c = world
    client = client_for(c, "outsider_clerk")
    assert client.get("/api/v1/supervision/picture?year=2026").json()["rows"][0]["organ"]["name"] == "市政府"
    pic = client.get("/api/v1/supervision/picture?year=2026").json()
    assert all(cell["n"] == 0 for row in pic["rows"] for cell in row["cells"])
    resp = client.post(f"/api/v1/supervision/rectifications/{c.rect_water.pk}/transitions",
                       data=json.dumps({"action": "verify"}), content_type="application/json")
    assert resp.status_code == 404
    assert client.get(f"/supervision/reports/{c.r_gov.pk}/figures/").status_code == 404
