"""Every (state, action) pair of every supervision workflow: allowed where the table says, a no-op when
repeated, and otherwise refused by the rule that governs the step, with the transition in the audit trail."""

import pytest
from tests.supervision.conftest import D, make_interpellation, make_rect, make_report, reported_inspection
from tests.workflow_table import check_step

from renda.supervision import services as svc
from renda.supervision.models import (
    FilingStatus,
    InquiryStatus,
    InspectionStatus,
    InterpellationRating,
    InterpStatus,
    InvestigationStatus,
    PrelimStatus,
    RectStatus,
    ReportStatus,
    RequestStatus,
)
from renda.supervision.workflow import (
    FILING_WORKFLOW,
    INQUIRY_WORKFLOW,
    INSPECTION_WORKFLOW,
    INTERP_WORKFLOW,
    INVESTIGATION_WORKFLOW,
    PRELIM_WORKFLOW,
    RECT_WORKFLOW,
    REPORT_WORKFLOW,
    REQUEST_WORKFLOW,
)

pytestmark = pytest.mark.django_db


def run_table(workflow, states, obj, actor_of, ctx_of, before=None):
    """Walk states × actions on one object (tests.workflow_table.check_step), resetting its status with a plain
    UPDATE between cases; what one case leaves behind (a conclusion, a reply) stays for the next, as in use."""
    for state in states.values:
        for t in workflow.transitions:
            type(obj).objects.filter(pk=obj.pk).update(status=state)
            current = type(obj).objects.get(pk=obj.pk)
            if before is not None:
                before(current, t.action)
            check_step(workflow, current, state, t.action, actor_of(t.action),
                       lambda o, a, actor, ctx: workflow.apply(o, a, actor=actor, **ctx), **ctx_of(t.action))


def test_report_table(sup):
    report = make_report(sup)
    run_table(REPORT_WORKFLOW, ReportStatus, report,
              lambda a: sup.gov_user if a.startswith("submit_") else sup.committee if a == "comment" else sup.clerk,
              lambda a: {"text": "报告文本", "comments": "修改意见", "opinions": "审议意见", "note": "依程序办理",
                         "on": D(2026, 9, 1)})


def test_prelim_table(sup):
    report = make_report(sup, kind="final_accounts", lead="ysw", meeting_date=D(2026, 6, 24))
    prelim = svc.prelim_create(actor=sup.clerk, report=report, body=sup.city.bodies["cjw"], opinion="意见")
    run_table(PRELIM_WORKFLOW, PrelimStatus, prelim, lambda a: sup.gov_user if a == "handle" else sup.clerk,
              lambda a: {"handling": "已办理"})


def test_inspection_table(sup):
    insp = reported_inspection(sup)
    type(insp).objects.filter(pk=insp.pk).update(opinions="审议意见")
    run_table(INSPECTION_WORKFLOW, InspectionStatus, insp,
              lambda a: sup.committee if a in ("start", "submit_report") else
              sup.gov_user if a == "submit_handling" else sup.clerk,
              lambda a: {"text": "研究处理情况", "note": "办理"})


def test_rectification_table(sup):
    item = make_rect(sup, reported_inspection(sup))
    run_table(RECT_WORKFLOW, RectStatus, item,
              lambda a: sup.unit_user if a in ("start", "report") else sup.committee,
              lambda a: {"text": "整改情况", "note": "核实意见"})


def test_inquiry_table(sup):
    inq = svc.inquiry_create(actor=sup.committee, title="专题询问", lead_body=sup.city.bodies["cjhb"], organ=sup.gov,
                             meeting_date=D(2026, 6, 24))
    type(inq).objects.filter(pk=inq.pk).update(status="held")
    svc.inquiry_add_question(actor=sup.committee, inquiry=inq, asker=sup.sc_members[5], question="问",
                             answerer_name="王", answerer_title="副市长", answer="答")
    run_table(INQUIRY_WORKFLOW, InquiryStatus, inq,
              lambda a: sup.gov_user if a == "submit_handling" else sup.clerk,
              lambda a: {"text": "处理情况", "opinions": "询问意见"})


def test_interpellation_table(sup):
    interp = make_interpellation(sup, signers=5)

    def unsatisfied(obj, action):
        if action == "demand_reanswer":
            for s in obj.signers.all():
                InterpellationRating.objects.update_or_create(
                    interpellation=obj, round=obj.round, person=s.person,
                    defaults={"congress_id": obj.congress_id, "satisfied": False})

    run_table(INTERP_WORKFLOW, InterpStatus, interp,
              lambda a: sup.leader if a in ("decide", "close") else sup.unit_user if a == "answer" else sup.clerk,
              lambda a: {"on": D(2026, 10, 30), "answer_mode": "written", "text": "答复", "answerer_name": "赵",
                         "answerer_title": "局长", "is_head": True},
              before=unsatisfied)


def test_investigation_table(sup):
    inv = svc.investigation_propose(actor=sup.leader, title="调查", matter="事实不清", proposer_kind="chairs_council")
    svc.investigation_add_member(actor=sup.clerk, investigation=inv, role="chair", person=sup.city.vice_chairs[1])
    svc.investigation_add_member(actor=sup.clerk, investigation=inv, role="member", person=sup.sc_members[6])
    run_table(INVESTIGATION_WORKFLOW, InvestigationStatus, inv,
              lambda a: sup.clerk if a == "report" else sup.leader, lambda a: {"text": "文本", "note": "说明"})


def test_filing_and_request_tables(sup):
    doc = svc.filing_register(actor=sup.clerk, filer_kind="government", filer_org=sup.gov, title="办法",
                              issued_on=D(2026, 3, 2), filed_on=D(2026, 3, 10))
    run_table(FILING_WORKFLOW, FilingStatus, doc, lambda a: sup.leader if a == "revoke" else sup.clerk,
              lambda a: {"basis": "initiative", "opinion": "意见", "grounds": ["conflict"], "result": "已纠正",
                         "note": "说明"})
    type(doc).objects.filter(pk=doc.pk).update(status="passed")
    req = svc.review_request_submit(congress=sup.congress, requester_name="张", contact="1",
                                    document_title="办法", reasons="认为与上位法相抵触。")
    run_table(REQUEST_WORKFLOW, RequestStatus, req, lambda a: sup.clerk,
              lambda a: {"document": doc, "reply": "反馈", "transferred_to": "省人大常委会"})
