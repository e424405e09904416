"""Every supervision process on the one kit (renda.core.kit): the registered objects, the step forms the pages
render (with choices of the object's own congress only), and the same steps through /api/v1/workflow."""

import json

import pytest
from django.test import Client
from tests.supervision.conftest import D, make_interpellation, make_report

from renda.core import kit
from renda.core.models import Organization
from renda.supervision import services as svc
from renda.supervision.models import NormativeDocument

pytestmark = pytest.mark.django_db

KEYS = ["report", "prelim", "inspection", "rectification", "inquiry", "interpellation", "investigation", "filing",
        "request"]


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_every_supervision_process_is_registered_on_the_kit():
    assert {f"supervision.{k}" for k in KEYS} <= set(kit.REGISTRY)


def test_a_report_step_through_the_workflow_api_as_on_the_page(sup):
    r = make_report(sup)
    client = _client(sup.gov_user)
    listed = client.get(f"/api/v1/workflow/supervision.report/{r.pk}/actions").json()
    step = next(a for a in listed["actions"] if a["action"] == "submit_draft")
    assert {f["name"] for f in step["fields"]} >= {"text", "file", "on", "note"}
    resp = client.post(f"/api/v1/workflow/supervision.report/{r.pk}/submit_draft",
                       data=json.dumps({"text": "接口送交的征求意见稿", "on": "2026-09-01"}),
                       content_type="application/json")
    assert resp.status_code == 200 and resp.json()["status"] == "draft_submitted"
    r.refresh_from_db()
    assert r.draft_submitted_on == D(2026, 9, 1) and r.documents.get().text == "接口送交的征求意见稿"


def test_deciding_an_interpellation_offers_and_takes_only_this_congress_committees(sup):
    interp = make_interpellation(sup, signers=5)
    interp = svc.interpellation_transition(actor=sup.clerk, interpellation=interp, action="submit",
                                           on=D(2026, 10, 30))
    own = Organization.objects.filter(congress=sup.congress, kind=Organization.Kind.SPECIAL_COMMITTEE).first()
    foreign = Organization.objects.filter(congress=sup.other.congress, kind=Organization.Kind.SPECIAL_COMMITTEE).first()
    client = _client(sup.clerk)
    html = client.get(f"/supervision/interpellations/{interp.pk}/").content.decode()
    assert 'name="decide-committee"' in html and f'value="{own.pk}"' in html and f'value="{foreign.pk}"' not in html
    url = f"/supervision/interpellations/{interp.pk}/do/decide/"
    refused = client.post(url, {"decide-answer_mode": "oral_committee", "decide-committee": foreign.pk})
    assert refused.status_code == 409 and "专门委员会" in refused.content.decode()
    done = client.post(url, {"decide-answer_mode": "oral_committee", "decide-committee": own.pk})
    interp.refresh_from_db()
    assert done.status_code == 302 and interp.status == "decided" and interp.committee_id == own.pk


def test_the_decision_of_an_investigation_asks_for_its_text(sup):
    inv = svc.investigation_propose(actor=sup.leader, title="关于某项目资金使用问题的调查", matter="重大事实不清",
                                    proposer_kind="chairs_council", proposed_on=D(2026, 10, 30))
    svc.investigation_add_member(actor=sup.clerk, investigation=inv, role="chair", person=sup.city.vice_chairs[1])
    svc.investigation_add_member(actor=sup.clerk, investigation=inv, role="member", person=sup.city.deputies[15].person)
    inv = svc.investigation_transition(actor=sup.leader, investigation=inv, action="establish", on=D(2026, 11, 5))
    inv = svc.investigation_transition(actor=sup.clerk, investigation=inv, action="report", text="调查报告")
    client = _client(sup.leader)
    html = client.get(f"/supervision/investigations/{inv.pk}/").content.decode()
    assert "常委会根据调查报告作出的决议、决定" in html and "answer_mode" not in html
    resp = client.post(f"/supervision/investigations/{inv.pk}/do/decide/", {"decide-text": "作出决议"})
    inv.refresh_from_db()
    assert resp.status_code == 302 and inv.status == "decided" and inv.decision_text == "作出决议"


def test_accepting_a_review_request_takes_a_document_of_this_congress_only(sup):
    doc = svc.filing_register(actor=sup.clerk, filer_kind="government", filer_org=sup.gov, title="XX市城市供水管理办法",
                              issued_on=D(2026, 3, 2), filed_on=D(2026, 3, 20))
    foreign = NormativeDocument.objects.create(
        congress=sup.other.congress, filer_kind="government", filer_org=sup.other.organs["gov"], title="乙市办法",
        issued_on=D(2026, 3, 2), filed_on=D(2026, 3, 20), filing_due=D(2026, 4, 1))
    req = svc.review_request_submit(congress=sup.congress, requester_name="张三", contact="138****0000",
                                    document_title="XX市城市供水管理办法", reasons="第十条增设了罚款，没有上位法依据。")
    client = _client(sup.clerk)
    html = client.get(f"/supervision/requests/{req.pk}/").content.decode()
    assert "XX市城市供水管理办法（2026-03-20）" in html and "乙市办法" not in html
    url = f"/supervision/requests/{req.pk}/do/accept/"
    assert client.post(url, {"accept-document": foreign.pk}).status_code == 409
    assert client.post(url, {"accept-document": doc.pk}).status_code == 302
    req.refresh_from_db()
    doc.refresh_from_db()
    assert req.status == "accepted" and req.document_id == doc.pk and doc.status == "reviewing"
