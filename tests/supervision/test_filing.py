"""Filing review of normative documents (监督法 第三十九条、第四十条、第四十四条、第四十五条): the 30-day filing
period at its edge, review on initiative or on request, correction, revocation, the annual report, and a
citizen's request from the portal followed by its tracking code."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from docx import Document
from tests.supervision.conftest import D

from renda.core import rules
from renda.core.errors import RuleViolation
from renda.core.models import AuditEvent
from renda.supervision import services as svc
from renda.supervision.models import ReviewRequest

pytestmark = pytest.mark.django_db


ISSUED, FILED = D(2026, 3, 2), D(2026, 3, 20)


def file(c, *, issued=ISSUED, filed=FILED, kind="government", org=None, actor=None, **extra):
    return svc.filing_register(actor=actor or c.clerk, filer_kind=kind, filer_org=org if org is not None else c.gov,
                               title=extra.pop("title", "XX市城市供水管理办法"), doc_number="X政发〔2026〕5号",
                               issued_on=issued, filed_on=filed, **extra)


@pytest.mark.parametrize(("filed", "late"), [(D(2026, 4, 1), False), (D(2026, 4, 2), True)])
def test_filing_within_30_days_of_issuance(sup, filed, late):
    doc = file(sup, issued=D(2026, 3, 2), filed=filed)  # 03-02 + 30 days = 04-01 (a Wednesday)
    assert doc.filing_due == D(2026, 4, 1) and doc.filing_late is late
    ev = AuditEvent.objects.get(object_type="supervision.normativedocument", object_id=str(doc.pk), action="create")
    assert ev.rule_id == "SUP-FILING-DEADLINE" and ("逾期 1 日" in ev.note) is late


def test_a_period_ending_on_a_holiday_runs_to_the_next_working_day(sup):
    from renda.demo.builders import load_national_holidays

    load_national_holidays()
    doc = file(sup, issued=D(2026, 9, 2), filed=D(2026, 10, 8))  # 10-02 is in the National Day holiday
    assert doc.filing_due == D(2026, 10, 8) and not doc.filing_late


def test_who_files_what(sup):
    with pytest.raises(ValidationError):  # the filer must be of the kind chosen
        file(sup, kind="court", org=sup.gov)
    with pytest.raises(ValidationError):  # a lower congress must be a child of this one
        file(sup, kind="lower_congress", org=None, filer_congress=sup.other.congress)
    sup.other.congress.parent = sup.congress
    sup.other.congress.save()
    doc = file(sup, kind="lower_standing_committee", org=None, filer_congress=sup.other.congress)
    assert doc.filer_name == "乙市人民代表大会常务委员会"
    court_user = sup.gov_user.__class__.objects.create_user("court_user", password="x", congress=sup.congress,
                                                            role="unit", organization=sup.court)
    doc = file(sup, kind="court", org=sup.gov, actor=court_user)  # a unit files its own documents only
    assert doc.filer_org == sup.court
    with pytest.raises(PermissionDenied):
        file(sup, actor=sup.unit_user)  # a department is not a filing organ
    with pytest.raises(ValidationError):
        file(sup, issued=D(2026, 3, 2), filed=D(2026, 3, 1))


def test_review_problem_correction_and_revocation(sup):
    doc = file(sup)
    with pytest.raises(RuleViolation):
        svc.filing_transition(actor=sup.clerk, document=doc, action="start_review", basis="")
    doc = svc.filing_transition(actor=sup.clerk, document=doc, action="start_review", basis="initiative",
                                reviewer=sup.city.bodies["fgw"])
    with pytest.raises(PermissionDenied):  # another committee is not the reviewer
        svc.filing_transition(actor=sup.committee, document=doc, action="pass", opinion="无问题")
    with pytest.raises(RuleViolation) as exc:
        svc.filing_transition(actor=sup.clerk, document=doc, action="find_problem", opinion="增设罚款", grounds=[])
    assert "第三十九条" in exc.value.message
    doc = svc.filing_transition(actor=sup.clerk, document=doc, action="find_problem", opinion="增设罚款",
                                grounds=["beyond_power", "nonsense"], on=D(2026, 4, 10))
    assert doc.grounds == ["beyond_power"]
    doc = svc.filing_transition(actor=sup.clerk, document=doc, action="request_correction", on=D(2026, 4, 15))
    assert doc.correction_due == D(2026, 6, 15)
    with pytest.raises(RuleViolation):  # revocation is the standing committee's decision, with its reason
        svc.filing_transition(actor=sup.leader, document=doc, action="revoke")
    doc = svc.filing_transition(actor=sup.leader, document=doc, action="revoke", note="第十次常委会会议决定撤销")
    assert doc.status == "revoked" and doc.result == "第十次常委会会议决定撤销"


@time_machine.travel(dt.datetime(2026, 11, 26, 10, tzinfo=dt.UTC), tick=True)  # the report of 2026, written in 2026
def test_annual_report_as_an_official_document(sup):
    doc = file(sup, filed=D(2026, 4, 10))  # late
    svc.filing_transition(actor=sup.clerk, document=doc, action="start_review", basis="initiative")
    svc.filing_transition(actor=sup.clerk, document=doc, action="pass", opinion="未发现问题")
    svc.review_request_submit(congress=sup.congress, requester_name="张三", contact="138", document_title="某办法",
                              reasons="与上位法相抵触，增加了义务。")
    client = Client()
    client.force_login(sup.clerk)
    assert "报送备案" in client.get("/supervision/filings/annual/2026/").content.decode()
    resp = client.get("/supervision/filings/annual/2026.docx")
    assert resp.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(resp.content)).paragraphs)
    assert "关于2026年度规范性文件备案审查工作情况的报告" in text and "第四十五条" in text
    assert "共收到报送备案的规范性文件1件，其中逾期报送1件" in text and "审查建议1件" in text
    member = Client()
    member.force_login(sup.member)
    assert member.get("/supervision/filings/annual/2026.docx").status_code == 403


def test_requests_accepted_transferred_and_answered(sup):
    doc = file(sup)
    req = svc.review_request_submit(congress=sup.congress, requester_name="张三", contact="138****0000",
                                    document_title="XX市城市供水管理办法", reasons="第十条增设了罚款，没有上位法依据。")
    with pytest.raises(RuleViolation):
        svc.request_transition(actor=sup.clerk, request=req, action="accept")
    req = svc.request_transition(actor=sup.clerk, request=req, action="accept", document=doc)
    doc.refresh_from_db()
    assert doc.status == "reviewing" and doc.review_basis == "request"  # the request starts the review
    with pytest.raises(RuleViolation):  # no conclusion yet
        svc.request_transition(actor=sup.clerk, request=req, action="conclude", reply="已审查")
    svc.filing_transition(actor=sup.clerk, document=doc, action="pass", opinion="未发现问题")
    req = svc.request_transition(actor=sup.clerk, request=req, action="conclude", reply="经审查，未发现问题。")
    assert req.status == "concluded"
    other = svc.review_request_submit(congress=sup.congress, requester_name="李四", contact="139",
                                      document_title="省级规章", reasons="与行政法规不一致，建议审查。")
    with pytest.raises(PermissionDenied):
        svc.request_transition(actor=sup.unit_user, request=other, action="decline", reply="x")
    with pytest.raises(RuleViolation):
        svc.request_transition(actor=sup.clerk, request=other, action="transfer", reply="已移送")
    other = svc.request_transition(actor=sup.clerk, request=other, action="transfer", transferred_to="省人大常委会法工委",
                                   reply="已移送省人大常委会法工委处理。")
    assert other.status == "transferred"


# ---- the portal ---------------------------------------------------------------------------------------------
def public_url(c, tail=""):
    return f"/supervision/public/{c.congress.code}/review/{tail}"


FORM = {"requester_kind": "citizen", "requester_name": "王五", "contact": "13900000000",
        "document_title": "XX市电动自行车管理规定", "issuer": "市人民政府",
        "reasons": "规定要求每年年检并收费，缺乏法律依据，增加了群众负担。"}


def test_a_member_of_the_public_requests_a_review_and_follows_it(sup):
    client = Client(enforce_csrf_checks=True)
    page = client.get(public_url(sup))
    assert page.status_code == 200 and "提出规范性文件审查建议" in page.content.decode()
    token = page.cookies["csrftoken"].value
    assert client.post(public_url(sup), FORM).status_code == 403  # no CSRF token: refused, in Chinese
    resp = client.post(public_url(sup), {**FORM, "csrfmiddlewaretoken": token})
    assert resp.status_code == 302 and resp["Location"].endswith("/review/done/")
    done = client.get(resp["Location"]).content.decode()
    req = ReviewRequest.objects.get(requester_name="王五")
    assert req.tracking_code in done and req.source == "portal" and req.congress == sup.congress
    ev = AuditEvent.objects.get(object_type="supervision.reviewrequest", object_id=str(req.pk))
    assert ev.actor_id is None and "门户网站" in ev.note
    # follow it by its code (typed loosely), before and after the office answers
    track = client.post(public_url(sup, "track/"), {"code": req.tracking_code.lower().replace("-", " "),
                                                    "csrfmiddlewaretoken": token}).content.decode()
    assert "已收到" in track and "王五" not in track and "13900000000" not in track  # no personal data shown
    doc = file(sup, title="XX市电动自行车管理规定")
    svc.request_transition(actor=sup.clerk, request=req, action="accept", document=doc)
    svc.filing_transition(actor=sup.clerk, document=doc, action="find_problem", opinion="增设收费",
                          grounds=["beyond_power"])
    svc.request_transition(actor=sup.clerk, request=req, action="conclude", reply="已要求制定机关纠正。")
    track = client.post(public_url(sup, "track/"), {"code": req.tracking_code,
                                                    "csrfmiddlewaretoken": token}).content.decode()
    assert "已反馈审查结果" in track and "已要求制定机关纠正" in track
    missing = client.post(public_url(sup, "track/"), {"code": "BA-AAAA-BBBB-CCCC", "csrfmiddlewaretoken": token})
    assert "没有找到该查询码" in missing.content.decode()


def test_the_portal_form_answers_bad_input_in_chinese(sup):
    client = Client()
    resp = client.post(public_url(sup), {**FORM, "requester_name": "", "reasons": "太短", "contact": "x" * 101})
    html = resp.content.decode()
    assert resp.status_code == 200
    assert "这个字段是必填项" in html and "不少于 10 个字" in html and "100" in html
    assert not ReviewRequest.objects.exists()
    resp = client.post(public_url(sup), {**FORM, "website": "http://spam"})  # the honeypot
    assert "提交未通过校验" in resp.content.decode() and not ReviewRequest.objects.exists()
    big = client.post(public_url(sup), {**FORM, "reasons": "很长" * 40000})
    assert big.status_code == 413 and "提交的内容过大" in big.content.decode()
    assert client.get("/supervision/public/no-such-congress/review/").status_code == 404


def test_the_portal_is_rate_limited_with_a_friendly_page(sup):
    client = Client()
    for _ in range(5):
        assert client.post(public_url(sup), FORM).status_code == 302
    resp = client.post(public_url(sup), FORM)
    assert resp.status_code == 429 and resp["Retry-After"] == "3600"
    assert "请稍后再试" in resp.content.decode() and rules.get("SUP-PUBLIC-LIMIT").title in resp.content.decode()
    assert ReviewRequest.objects.count() == 5
    api = client.post(f"/api/v1/supervision/public/{sup.congress.code}/review-requests", FORM,
                      content_type="application/json")
    assert api.status_code == 429 and api.json()["rule"] == "SUP-PUBLIC-LIMIT"


def test_the_public_api_submits_and_tracks_without_sign_in(sup):
    client = Client()
    resp = client.post(f"/api/v1/supervision/public/{sup.congress.code}/review-requests", FORM,
                       content_type="application/json")
    assert resp.status_code == 201
    code = resp.json()["tracking_code"]
    track = client.post(f"/api/v1/supervision/public/{sup.congress.code}/review-requests/track", {"code": code},
                        content_type="application/json")
    assert track.status_code == 200 and track.json()["status_label"] == "已收到"
    other = client.post(f"/api/v1/supervision/public/{sup.other.congress.code}/review-requests/track", {"code": code},
                        content_type="application/json")
    assert other.status_code == 404  # a code is only good in its own congress
    bad = client.post(f"/api/v1/supervision/public/{sup.congress.code}/review-requests", {**FORM, "reasons": "短"},
                      content_type="application/json")
    assert bad.status_code == 422 and "reasons" in bad.json()["errors"]
