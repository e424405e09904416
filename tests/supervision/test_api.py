"""The supervision API: JSON in Chinese, refusals as 409 with the rule and its basis, bad input as 422."""

import json

import pytest
from django.test import Client
from tests.supervision.conftest import D, make_report

from renda.supervision.models import FiscalFigure

pytestmark = pytest.mark.django_db


def api(user):
    client = Client()
    client.force_login(user)
    return client


def post(client, url, data, method="post"):
    return getattr(client, method)(url, data=json.dumps(data), content_type="application/json")


def test_report_steps_over_the_api(sup):
    r = make_report(sup)
    unit = api(sup.gov_user)
    resp = post(unit, f"/api/v1/supervision/reports/{r.pk}/transitions",
                {"action": "submit_draft", "text": "外部系统送交的报告", "on": "2026-09-11"})
    body = resp.json()
    assert resp.status_code == 200 and body["status"] == "draft_submitted" and body["draft_late"] is True
    assert body["timeline"][0] == {"label": "送交征求意见稿", "due": "2026-09-10", "done": "2026-09-11", "late": True,
                                   "overdue": False, "rule": "SUP-REPORT-DRAFT"}
    refused = post(unit, f"/api/v1/supervision/reports/{r.pk}/transitions", {"action": "comment", "comments": "x"})
    assert refused.status_code == 403 and "权限" in refused.json()["detail"]  # the committee's step, not the unit's
    refused = post(api(sup.clerk), f"/api/v1/supervision/reports/{r.pk}/transitions", {"action": "publish"})
    assert refused.status_code == 409 and refused.json()["rule"] == "SUP-REPORT-PUBLISH"
    assert "《监督法》第十七条第三款" in refused.json()["basis"]
    bad = post(unit, f"/api/v1/supervision/reports/{r.pk}/transitions", {"action": "submit_revised", "on": "明天"})
    assert bad.status_code == 422 and bad.json()["detail"] == "请求数据格式不正确。"


def test_filters_and_paging(sup):
    make_report(sup, title="财政报告", kind="final_accounts", lead="ysw", meeting_date=D(2026, 6, 24))
    make_report(sup, title="专项报告")
    client = api(sup.clerk)
    titles = [i["title"] for i in client.get("/api/v1/supervision/reports?kind=financial").json()["items"]]
    assert titles == ["财政报告"]
    assert client.get("/api/v1/supervision/reports?kind=junk&status=<x>&page=1").json()["count"] == 2
    assert client.get("/api/v1/supervision/reports?year=1800").status_code == 422


def test_figures_replace_all_or_nothing(sup):
    r = make_report(sup, kind="final_accounts", lead="ysw", meeting_date=D(2026, 6, 24))
    client = api(sup.clerk)
    rows = [{"indicator": "一般公共预算收入", "year": 2025, "budget": 425, "actual": 436.8}]
    resp = post(client, f"/api/v1/supervision/reports/{r.pk}/figures", {"rows": rows, "lock_version": 0}, method="put")
    assert resp.status_code == 200 and resp.json()[0]["actual"] == 436.8
    missing = post(client, f"/api/v1/supervision/reports/{r.pk}/figures", {"rows": rows}, method="put")
    assert missing.status_code == 409  # a write that does not say which version it read is refused
    dup = post(client, f"/api/v1/supervision/reports/{r.pk}/figures", {"rows": rows * 2, "lock_version": 1},
               method="put")
    assert dup.status_code == 422 and "重复录入" in json.dumps(dup.json(), ensure_ascii=False)
    assert FiscalFigure.objects.filter(report=r).count() == 1
    neg = post(client, f"/api/v1/supervision/reports/{r.pk}/figures",
               {"rows": [{**rows[0], "actual": -1}]}, method="put")
    assert neg.status_code == 422


def test_filing_over_the_api_and_its_deadline(sup):
    client = api(sup.clerk)
    resp = post(client, "/api/v1/supervision/filings", {"filer_kind": "government", "filer_org_id": sup.gov.pk,
                                                        "title": "办法", "issued_on": "2026-03-02",
                                                        "filed_on": "2026-04-02"})
    assert resp.status_code == 201 and resp.json()["filing_late"] is True and resp.json()["filing_due"] == "2026-04-01"
    wrong = post(client, "/api/v1/supervision/filings", {"filer_kind": "court", "filer_org_id": sup.gov.pk,
                                                         "title": "办法", "issued_on": "2026-03-02"})
    assert wrong.status_code == 422 and "filer_org" in wrong.json()["errors"]
    assert post(api(sup.member), "/api/v1/supervision/filings", {"filer_kind": "government", "title": "x",
                                                                 "issued_on": "2026-03-02"}).status_code == 403


def test_picture_numbers_link_to_their_items(sup):
    from tests.supervision.conftest import advance_report

    advance_report(sup, make_report(sup, title="已审议报告"), "opinions_sent")
    client = api(sup.leader)
    pic = client.get("/api/v1/supervision/picture?year=2026").json()
    gov = next(r for r in pic["rows"] if r["organ"]["id"] == sup.gov.pk)
    cells = {c["key"]: c for c in gov["cells"]}
    assert cells["reports_heard"]["n"] == 1 and cells["opinions_pending"]["n"] == 1
    html = client.get(cells["opinions_pending"]["url"]).content.decode()
    assert "已审议报告" in html
    assert api(sup.unit_user).get("/api/v1/supervision/picture").status_code == 403
