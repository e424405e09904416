"""The 法规清理 campaign through the kit's page endpoint and the API; the review findings on a filed document."""

import json

import pytest
from tests.conftest import login
from tests.lawbook.conftest import D, text

from renda.core import kit
from renda.core.models import AuditEvent, Organization
from renda.lawbook import services
from renda.lawbook.models import CampaignStatus, FindingStatus, ReviewFinding

pytestmark = pytest.mark.django_db


def _campaign(c):
    return services.campaign_create(actor=c.clerk, congress=c.congress, title="2026年度法规清理", year=2026,
                                    regulations=[c.water, c.cityscape], reason="机构改革后的职责调整。")


def test_the_campaign_is_on_the_kit():
    assert "lawbook.campaign" in kit.REGISTRY


def test_the_campaign_from_proposal_to_report_through_page_and_api(book):
    c = book
    camp = _campaign(c)
    client = login(c.clerk)
    page = f"/lawbook/cleanup/{camp.pk}/"
    html = client.get(page).content.decode()
    assert "完成分工" in html and 'name="assign-committee"' in html
    foreign = Organization.objects.filter(congress=c.other.congress, kind="special_committee").first()
    refused = client.post(f"{page}do/assign/", {"assign-committee": foreign.pk})
    assert refused.status_code == 400  # a committee of another congress is not among the choices
    # one regulation assigned by hand, the rest by the step's form
    item_water, item_city = list(camp.items.order_by("id"))
    client.post(f"/lawbook/cleanup/items/{item_water.pk}/assign/", {"committee": c.city.bodies["fgw"].pk})
    done = client.post(f"{page}do/assign/", {"assign-committee": c.city.bodies["cjhb"].pk})
    assert done.status_code == 302
    item_water.refresh_from_db()
    item_city.refresh_from_db()
    assert item_water.committee == c.city.bodies["fgw"] and item_city.committee == c.city.bodies["cjhb"]
    assert client.post(f"{page}do/start_review/").status_code == 302
    camp.refresh_from_db()
    assert camp.status == CampaignStatus.REVIEWING
    # 汇总 is refused (409, rule LAW-CLEANUP-DECIDE) until every regulation has a decision
    api = login(c.clerk)
    early = api.post(f"/api/v1/workflow/lawbook.campaign/{camp.pk}/summarize",
                     data=json.dumps({"summary": "汇总"}), content_type="application/json")
    assert early.status_code == 409 and early.json()["rule"] == "LAW-CLEANUP-DECIDE"
    # the committee assigned decides its regulation through the API; another committee may not
    other = login(c.other_committee).post(f"/api/v1/lawbook/campaign-items/{item_city.pk}/decision",
                                          data=json.dumps({"decision": "keep", "reason": "保留", "lock_version": 0}),
                                          content_type="application/json")
    assert other.status_code in (403, 404)
    missing_version = login(c.committee).post(f"/api/v1/lawbook/campaign-items/{item_city.pk}/decision",
                                              data=json.dumps({"decision": "keep", "reason": "保留"}),
                                              content_type="application/json")
    assert missing_version.status_code == 422
    ok = login(c.committee).post(f"/api/v1/lawbook/campaign-items/{item_city.pk}/decision",
                                 data=json.dumps({"decision": "keep", "reason": "实施情况良好。",
                                                  "lock_version": item_city.lock_version}),
                                 content_type="application/json")
    assert ok.status_code == 200 and ok.json()["decision_label"] == "保留"
    proposed = text("甲市供水条例", "为了加强供水管理，制定本条例。", "城市管理综合执法部门负责监督检查。",
                    "逾期缴费的，按日加收千分之三的违约金。", "本条例自2020年1月1日起施行。")
    form = client.post(f"/lawbook/cleanup/items/{item_water.pk}/decide/",
                       {"decision": "package", "reason": "职责调整。", "proposed_text": proposed,
                        "lock_version": item_water.lock_version})
    assert form.status_code == 302
    summarized = api.post(f"/api/v1/workflow/lawbook.campaign/{camp.pk}/summarize",
                          data=json.dumps({"summary": "建议保留一件、打包修改一件。"}), content_type="application/json")
    assert summarized.status_code == 200 and summarized.json()["status"] == "summarized"
    reported = client.post(f"{page}do/report/", {"report-reported_on": "2026-11-20"})
    assert reported.status_code == 302
    camp.refresh_from_db()
    assert camp.status == CampaignStatus.REPORTED and camp.reported_on == D(2026, 11, 20)
    assert "一、《甲市供水条例》" in camp.package_draft
    assert "（一）将第二条中的“行政”修改为“综合”。" in camp.package_draft
    docx = client.get(f"/lawbook/cleanup/{camp.pk}/report.docx")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"


def test_review_findings_on_a_filed_document_are_decided_and_audited(book):
    from renda.supervision import services as sup
    from renda.supervision.models import FilerKind

    c = book
    upper = c.water
    doc = sup.filing_register(actor=c.clerk, filer_kind=FilerKind.GOVERNMENT, filer_org=c.city.organs["gov"],
                              title="甲市供水管理办法", issued_on=D(2026, 3, 2), filed_on=D(2026, 3, 20),
                              text=text("甲市供水管理办法", "逾期缴费的，按日加收百分之一的违约金。"))
    finding = {"article": "第一条", "kind": "conflict", "upper_law": "甲市供水条例", "upper_article": "第三条",
               "message": "违约金比例高于条例规定。", "lower_text": "逾期缴费的，按日加收百分之一的违约金。",
               "upper_text": "逾期缴费的，按日加收千分之三的违约金。"}
    made = services.review_target(actor=c.clerk, document=doc, uppers=[upper], findings=[finding])
    again = services.review_target(actor=c.clerk, document=doc, uppers=[upper], findings=[finding])
    assert len(made) == 1 and again == []
    client = login(c.committee)
    page = client.get(f"/lawbook/review/filing/{doc.pk}/").content.decode()
    assert "违约金比例高于条例规定" in page and "《甲市供水条例》" in page
    f = made[0]
    no_reason = client.post(f"/lawbook/review/findings/{f.pk}/decide/", {"status": "dismissed"})
    assert no_reason.status_code == 302
    f.refresh_from_db()
    assert f.status == FindingStatus.OPEN  # dismissing needs a reason
    client.post(f"/lawbook/review/findings/{f.pk}/decide/", {"status": "accepted", "note": "建议纠正"})
    f.refresh_from_db()
    assert f.status == FindingStatus.ACCEPTED and f.decided_by == c.committee and f.decided_at is not None
    assert AuditEvent.objects.filter(object_type="lawbook.reviewfinding", object_id=str(f.pk)).exists()
    # no one outside the staff, nor another congress, sees the findings
    assert login(c.unit_user).get(f"/lawbook/review/filing/{doc.pk}/").status_code in (403, 404)
    assert login(c.outsider_clerk).get(f"/lawbook/review/filing/{doc.pk}/").status_code == 404
    assert login(c.outsider_clerk).post(f"/lawbook/review/findings/{f.pk}/decide/",
                                        {"status": "dismissed", "note": "x"}).status_code == 404
    assert ReviewFinding.objects.get(pk=f.pk).status == FindingStatus.ACCEPTED


def test_api_bad_input_is_a_4xx_in_chinese(book):
    c = book
    client = login(c.clerk)
    assert client.get("/api/v1/lawbook/regulations?status=nonsense").status_code == 422
    assert client.get(f"/api/v1/lawbook/regulations/{c.water.pk}/text?date=0001-01-01").status_code == 422
    assert client.get("/api/v1/lawbook/regulations/99999999").status_code == 404
    assert client.get(f"/api/v1/lawbook/regulations/{c.foreign.pk}").status_code == 404
    camp = _campaign(c)
    item = camp.items.first()
    early = client.post(f"/api/v1/lawbook/campaign-items/{item.pk}/decision",
                        data=json.dumps({"decision": "keep", "reason": "保留", "lock_version": item.lock_version}),
                        content_type="application/json")
    assert early.status_code == 409 and early.json()["rule"] == "LAW-CLEANUP-DECIDE"  # not under review yet
    listed = client.get("/api/v1/lawbook/campaigns").json()
    assert listed[0]["status_label"] == "立项" and {a["action"] for a in listed[0]["actions"]} == {"assign"}
