"""States and transitions of every supervision process (one mechanism: renda.core.workflow).

Lateness is never a refusal here: a report that arrives nineteen days before the meeting is accepted
and marked late with its rule (SUP-REPORT-DRAFT), and leadership sees it. Refusals are for steps the
law does not allow: an interpellation with too few signers, a re-answer without a majority of the
proposers, a deliberation without a report, and so on.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from renda.core import rules
from renda.core.models import Congress
from renda.core.workflow import Transition, Workflow
from renda.supervision import counting
from renda.supervision import permissions as perms
from renda.supervision.models import (
    PRELIM_KINDS,
    AnswerMode,
    DocumentStage,
    FilingStatus,
    Ground,
    Inquiry,
    InquiryStatus,
    Inspection,
    InspectionStatus,
    InspectionTeamMember,
    Interpellation,
    InterpellationRating,
    InterpStatus,
    Investigation,
    InvestigationStatus,
    InvestigatorRole,
    NormativeDocument,
    PrelimStatus,
    RectificationItem,
    RectStatus,
    Report,
    ReportDocument,
    ReportStatus,
    RequestStatus,
    ReviewBasis,
    ReviewRequest,
    TeamCapacity,
    TeamRole,
)


def _day(ctx: dict, name: str = "on") -> dt.date:
    value = ctx.get(name)
    return value or timezone.localdate()


def _text(ctx: dict, name: str) -> str:
    return (ctx.get(name) or "").strip()


# ---- reports --------------------------------------------------------------------------------------------
DOC_RULES = {
    DocumentStage.DRAFT: "SUP-REPORT-DRAFT",
    DocumentStage.REVISED: "SUP-REPORT-REVISED",
    DocumentStage.HANDLING: "SUP-REPORT-HANDLING",
}
STAGE_OF_ACTION = {
    "submit_draft": DocumentStage.DRAFT,
    "submit_revised": DocumentStage.REVISED,
    "submit_handling": DocumentStage.HANDLING,
}


def draft_rule(report: Report) -> str:
    """Final accounts and budget adjustments go to preliminary review 30 days before (预算法)."""
    return "SUP-BUDGET-PRELIM" if report.kind in PRELIM_KINDS else "SUP-REPORT-DRAFT"


def has_document(report: Report, *, text: str = "", upload=None, **_) -> None:
    if not (text or "").strip() and upload is None:
        raise rules.violation("SUP-REPORT-SUBMITTER", "须填写报告正文或上传报告文件")


def has_comments(report: Report, *, comments: str = "", **_) -> None:
    if not (comments or "").strip():
        raise rules.violation("SUP-REPORT-FLOW", "须填写委员会的修改意见")


def has_opinions(report: Report, *, opinions: str | None = None, **_) -> None:
    text = opinions if opinions is not None else report.opinions
    if not (text or "").strip():
        raise rules.violation("SUP-REPORT-OPINIONS", "审议意见尚未汇总，不能交办")


def has_meeting_date(report: Report, **_) -> None:
    if report.meeting_date is None:
        raise rules.violation("SUP-REPORT-FLOW", "尚未确定审议该报告的常委会会议日期")


def _report_prepare(report: Report, t: Transition, *, actor, note: str = "", **ctx) -> None:
    from renda.supervision.services import report_deadline

    on = _day(ctx)
    if t.action == "submit_draft":
        report.draft_submitted_on = on
        report.draft_late = counting.is_late(on, report.draft_due)
    elif t.action == "comment":
        report.committee_comments = _text(ctx, "comments")
    elif t.action == "submit_revised":
        report.revised_submitted_on = on
        report.revised_late = counting.is_late(on, report.revised_due)
    elif t.action == "distribute":
        report.distributed_on = on
        report.distribute_late = counting.is_late(on, report.distribute_due)
    elif t.action == "deliberate":
        report.deliberated_on = ctx.get("on") or report.meeting_date or on
        if report.kind == "audit_work":
            months = rules.param(report.congress_id, "SUP-AUDIT-RECTIFY", "months")
            report.rectification_due = counting.months_after(report.congress_id, report.deliberated_on, months)
    elif t.action == "send_opinions":
        if ctx.get("opinions") is not None:
            report.opinions = ctx["opinions"].strip()
        if _text(ctx, "resolution"):
            report.resolution = _text(ctx, "resolution")
            report.resolution_due = ctx.get("resolution_due")
        report.opinions_sent_on = on
        report.handling_due = report_deadline(report, "handling")
    elif t.action == "submit_handling":
        report.handled_on = on
        report.handling_late = counting.is_late(on, report.handling_due)
    elif t.action == "publish":
        report.published_on = on


def _report_applied(report: Report, t: Transition, *, actor, note: str = "", **ctx) -> None:
    stage = STAGE_OF_ACTION.get(t.action)
    if stage is None:
        return
    from renda.core import attachments

    on = _day(ctx)
    due = {DocumentStage.DRAFT: report.draft_due, DocumentStage.REVISED: report.revised_due,
           DocumentStage.HANDLING: report.handling_due}[stage]
    doc = ReportDocument(congress_id=report.congress_id, report=report, stage=stage, text=_text(ctx, "text"),
                         submitted_on=on, due=due, late=counting.is_late(on, due),
                         submitted_by=actor if getattr(actor, "pk", None) else None)
    doc.full_clean()
    doc.save()
    if ctx.get("upload") is not None:
        attachments.attach(actor=actor, obj=doc, upload=ctx["upload"])


REPORT_WORKFLOW = Workflow(
    name="supervision.report",
    states=ReportStatus,
    prepare=_report_prepare,
    on_applied=_report_applied,
    transitions=[
        Transition("submit_draft", "送交征求意见稿", (ReportStatus.PLANNED,), ReportStatus.DRAFT_SUBMITTED,
                   rule="SUP-REPORT-DRAFT", allowed=perms.is_report_submitter, guards=(has_document,)),
        Transition("comment", "反馈修改意见", (ReportStatus.DRAFT_SUBMITTED,), ReportStatus.COMMENTED,
                   rule="SUP-REPORT-FLOW", allowed=perms.can_manage_report, guards=(has_comments,)),
        Transition("submit_revised", "送交修改稿", (ReportStatus.DRAFT_SUBMITTED, ReportStatus.COMMENTED),
                   ReportStatus.REVISED_SUBMITTED, rule="SUP-REPORT-REVISED", allowed=perms.is_report_submitter,
                   guards=(has_document,)),
        Transition("distribute", "发给组成人员", (ReportStatus.REVISED_SUBMITTED,), ReportStatus.DISTRIBUTED,
                   rule="SUP-REPORT-DISTRIBUTE", allowed=perms.is_office),
        Transition("deliberate", "登记会议审议", (ReportStatus.DISTRIBUTED,), ReportStatus.DELIBERATED,
                   rule="SUP-REPORT-FLOW", allowed=perms.is_office, guards=(has_meeting_date,)),
        Transition("send_opinions", "审议意见交办", (ReportStatus.DELIBERATED,), ReportStatus.OPINIONS_SENT,
                   rule="SUP-REPORT-OPINIONS", allowed=perms.is_office, guards=(has_opinions,)),
        Transition("submit_handling", "报告研究处理情况", (ReportStatus.OPINIONS_SENT,), ReportStatus.HANDLED,
                   rule="SUP-REPORT-HANDLING", allowed=perms.is_report_submitter, guards=(has_document,)),
        Transition("publish", "向代表通报并向社会公布", (ReportStatus.HANDLED,), ReportStatus.PUBLISHED,
                   rule="SUP-REPORT-PUBLISH", allowed=perms.is_office),
    ],
)


# ---- preliminary review ---------------------------------------------------------------------------------
def has_handling(obj, *, handling: str = "", **_) -> None:
    if not (handling or "").strip():
        raise rules.violation("SUP-PRELIM-REVIEW", "须填写初步审查意见的办理情况")


def _prelim_prepare(obj, t: Transition, *, actor, note: str = "", **ctx) -> None:
    if t.action == "send":
        obj.sent_on = _day(ctx)
    elif t.action == "handle":
        obj.handling = _text(ctx, "handling")
        obj.handled_on = _day(ctx)


def _prelim_manage(user, obj) -> bool:
    return perms.can_manage_report(user, obj.report)


def _prelim_handler(user, obj) -> bool:
    return perms.is_report_submitter(user, obj.report)


PRELIM_WORKFLOW = Workflow(
    name="supervision.prelim",
    states=PrelimStatus,
    prepare=_prelim_prepare,
    transitions=[
        Transition("send", "送交政府研究办理", (PrelimStatus.DRAFTING,), PrelimStatus.SENT,
                   rule="SUP-PRELIM-REVIEW", allowed=_prelim_manage),
        Transition("handle", "反馈办理情况", (PrelimStatus.SENT,), PrelimStatus.HANDLED,
                   rule="SUP-PRELIM-REVIEW", allowed=_prelim_handler, guards=(has_handling,)),
    ],
)


# ---- inspections ----------------------------------------------------------------------------------------
def team_complete(insp: Inspection, **_) -> None:
    team = list(InspectionTeamMember.objects.filter(inspection=insp).values_list("role", "capacity"))
    if not any(role == TeamRole.LEADER for role, _ in team):
        raise rules.violation("SUP-INSP-TEAM", "执法检查组尚未明确组长")
    if not any(cap == TeamCapacity.SC_MEMBER for _, cap in team):
        raise rules.violation("SUP-INSP-TEAM", "执法检查组须有常务委员会组成人员")


def report_complete(insp: Inspection, **_) -> None:
    missing = [label for field, label in (("evaluation", "实施情况评价"), ("suggestions", "改进执法工作的建议"),
                                          ("law_amendments", "修改完善法律法规的建议"))
               if not (getattr(insp, field) or "").strip()]
    if missing:
        raise rules.violation("SUP-INSP-REPORT", f"执法检查报告缺少：{'、'.join(missing)}")
    if not insp.problems.exists():
        raise rules.violation("SUP-INSP-REPORT", "执法检查报告须列明执法中存在的问题")


def insp_has_opinions(insp: Inspection, **_) -> None:
    if not (insp.opinions or "").strip():
        raise rules.violation("SUP-INSP-FLOW", "审议意见尚未汇总，不能交办")


def insp_has_handling(insp: Inspection, *, text: str = "", **_) -> None:
    if not (text or "").strip():
        raise rules.violation("SUP-INSP-HANDLING", "须填写研究处理情况报告")


def _insp_prepare(insp: Inspection, t: Transition, *, actor, note: str = "", **ctx) -> None:
    on = _day(ctx)
    if t.action == "start" and insp.start_date is None:
        insp.start_date = on
    elif t.action == "submit_report":
        insp.reported_on = on
        if insp.end_date is None:
            insp.end_date = on
    elif t.action == "deliberate":
        insp.deliberated_on = ctx.get("on") or insp.meeting_date or on
    elif t.action == "hand_over":
        insp.handed_on = on
        months = rules.param(insp.congress_id, "SUP-INSP-HANDLING", "months")
        insp.handling_due = counting.months_after(insp.congress_id, on, months)
    elif t.action == "submit_handling":
        insp.handling_text = _text(ctx, "text")
        insp.handled_on = on
        insp.handling_late = counting.is_late(on, insp.handling_due)
    elif t.action == "publish":
        insp.published_on = on


def _insp_answerer(user, insp) -> bool:
    return perms.is_office(user, insp) or (
        perms._role(user, insp, "unit") and user.organization_id == insp.organ_id
    )


INSPECTION_WORKFLOW = Workflow(
    name="supervision.inspection",
    states=InspectionStatus,
    prepare=_insp_prepare,
    transitions=[
        Transition("start", "开始检查", (InspectionStatus.PLANNING,), InspectionStatus.INSPECTING,
                   rule="SUP-INSP-TEAM", allowed=perms.can_manage_inspection, guards=(team_complete,)),
        Transition("submit_report", "提出执法检查报告", (InspectionStatus.INSPECTING,), InspectionStatus.REPORTED,
                   rule="SUP-INSP-REPORT", allowed=perms.can_manage_inspection, guards=(report_complete,)),
        Transition("deliberate", "登记会议审议", (InspectionStatus.REPORTED,), InspectionStatus.DELIBERATED,
                   rule="SUP-INSP-FLOW", allowed=perms.is_office),
        Transition("hand_over", "报告及审议意见交办", (InspectionStatus.DELIBERATED,), InspectionStatus.HANDED,
                   rule="SUP-INSP-FLOW", allowed=perms.is_office, guards=(insp_has_opinions,)),
        Transition("submit_handling", "报告研究处理情况", (InspectionStatus.HANDED,), InspectionStatus.HANDLED,
                   rule="SUP-INSP-HANDLING", allowed=_insp_answerer, guards=(insp_has_handling,)),
        Transition("publish", "向代表通报并向社会公布", (InspectionStatus.HANDLED,), InspectionStatus.PUBLISHED,
                   rule="SUP-REPORT-PUBLISH", allowed=perms.is_office),
    ],
)


# ---- rectification items --------------------------------------------------------------------------------
def rect_has_report(item: RectificationItem, *, text: str = "", **_) -> None:
    if not (text or "").strip():
        raise rules.violation("SUP-RECT-FLOW", "须填写整改情况")


def _rect_prepare(item: RectificationItem, t: Transition, *, actor, note: str = "", **ctx) -> None:
    on = _day(ctx)
    if t.action == "start":
        item.started_on = on
    elif t.action == "report":
        if item.started_on is None:
            item.started_on = on
        item.report_text = _text(ctx, "text")
        item.reported_on = on
        item.reported_late = counting.is_late(on, item.deadline)
    elif t.action == "verify":
        item.verified_on = on
        item.verify_note = note
    elif t.action == "return":
        item.verify_note = note


RECT_WORKFLOW = Workflow(
    name="supervision.rectification",
    states=RectStatus,
    prepare=_rect_prepare,
    transitions=[
        Transition("start", "开始整改", (RectStatus.OPEN,), RectStatus.IN_RECTIFICATION,
                   rule="SUP-RECT-FLOW", allowed=perms.can_work_rect),
        Transition("report", "报告整改情况", (RectStatus.OPEN, RectStatus.IN_RECTIFICATION), RectStatus.REPORTED,
                   rule="SUP-RECT-FLOW", allowed=perms.can_work_rect, guards=(rect_has_report,)),
        Transition("verify", "核实销号", (RectStatus.REPORTED,), RectStatus.CLOSED,
                   rule="SUP-RECT-FLOW", allowed=perms.can_verify_rect),
        Transition("return", "退回继续整改", (RectStatus.REPORTED,), RectStatus.IN_RECTIFICATION,
                   rule="SUP-RECT-FLOW", allowed=perms.can_verify_rect, needs_note=True, style="secondary"),
    ],
)


# ---- inquiries ------------------------------------------------------------------------------------------
def inquiry_ready(inq: Inquiry, *, opinions: str | None = None, **_) -> None:
    if not inq.questions.exists():
        raise rules.violation("SUP-INQUIRY-FLOW", "尚未记录询问和回答")
    text = opinions if opinions is not None else inq.opinions
    if not (text or "").strip():
        raise rules.violation("SUP-INQUIRY-FLOW", "须汇总专题询问中提出的意见")


def inquiry_has_handling(inq: Inquiry, *, text: str = "", **_) -> None:
    if not (text or "").strip():
        raise rules.violation("SUP-INQUIRY-HANDLING", "须填写研究处理情况报告")


def _inquiry_prepare(inq: Inquiry, t: Transition, *, actor, note: str = "", **ctx) -> None:
    on = _day(ctx)
    if t.action == "hold":
        inq.held_on = ctx.get("on") or inq.meeting_date or on
    elif t.action == "send_opinions":
        if ctx.get("opinions") is not None:
            inq.opinions = ctx["opinions"].strip()
        inq.opinions_sent_on = on
        months = rules.param(inq.congress_id, "SUP-INQUIRY-HANDLING", "months")
        inq.handling_due = counting.months_after(inq.congress_id, on, months)
    elif t.action == "submit_handling":
        inq.handling_text = _text(ctx, "text")
        inq.handled_on = on
        inq.handling_late = counting.is_late(on, inq.handling_due)


INQUIRY_WORKFLOW = Workflow(
    name="supervision.inquiry",
    states=InquiryStatus,
    prepare=_inquiry_prepare,
    transitions=[
        Transition("hold", "登记举行专题询问", (InquiryStatus.PLANNED,), InquiryStatus.HELD,
                   rule="SUP-INQUIRY-FLOW", allowed=perms.can_manage_inquiry),
        Transition("send_opinions", "询问意见交办", (InquiryStatus.HELD,), InquiryStatus.OPINIONS_SENT,
                   rule="SUP-INQUIRY-FLOW", allowed=perms.is_office, guards=(inquiry_ready,)),
        Transition("submit_handling", "提交研究处理情况报告", (InquiryStatus.OPINIONS_SENT,), InquiryStatus.HANDLED,
                   rule="SUP-INQUIRY-HANDLING", allowed=perms.is_inquiry_answerer, guards=(inquiry_has_handling,)),
        Transition("close", "办结", (InquiryStatus.HANDLED,), InquiryStatus.CLOSED,
                   rule="SUP-INQUIRY-FLOW", allowed=perms.is_office),
    ],
)


# ---- interpellations ------------------------------------------------------------------------------------
def signer_threshold(congress_id: int) -> int:
    level = Congress.objects.filter(pk=congress_id).values_list("level", flat=True).first() or "city"
    return int(rules.param(congress_id, "SUP-INTERP-SIGNERS", level))


def interp_content(interp: Interpellation, **_) -> None:
    missing = []
    if not interp.target_id:
        missing.append("质询对象")
    if not (interp.questions or "").strip():
        missing.append("质询的问题")
    if not (interp.content or "").strip():
        missing.append("质询的内容")
    if missing:
        raise rules.violation("SUP-INTERP-CONTENT", f"质询案未写明{'、'.join(missing)}")
    target = interp.target
    if target.kind not in (*target.ORGAN_KINDS, target.Kind.GOV_DEPARTMENT) or target.organ() is None:
        raise rules.violation("SUP-INTERP-CONTENT", f"「{target}」不是可以质询的机关")


def interp_in_session(interp: Interpellation, *, on: dt.date | None = None, **_) -> None:
    day = on or timezone.localdate()
    if interp.meeting_date is None:
        raise rules.violation("SUP-INTERP-SESSION", "未载明提出质询案时的常委会会议")
    last = interp.meeting_end_date or interp.meeting_date
    if not (interp.meeting_date <= day <= last):
        raise rules.violation(
            "SUP-INTERP-SESSION",
            f"提出日期 {day:%Y-%m-%d} 不在常委会会议期间（{interp.meeting_date:%Y-%m-%d} 至 {last:%Y-%m-%d}）",
        )


def interp_signers(interp: Interpellation, *, on: dt.date | None = None, **_) -> None:
    day = on or timezone.localdate()
    signer_ids = set(interp.signers.values_list("person_id", flat=True))
    members = counting.member_ids_on(interp.congress_id, day)
    outsiders = signer_ids - members
    if outsiders:
        from renda.core.models import Person

        names = "、".join(Person.objects.filter(pk__in=outsiders).order_by("id").values_list("name", flat=True))
        raise rules.violation("SUP-INTERP-SIGNERS", f"{names}在 {day:%Y-%m-%d} 不是常务委员会组成人员")
    needed = signer_threshold(interp.congress_id)
    if not counting.at_least(len(signer_ids), needed):
        raise rules.violation("SUP-INTERP-SIGNERS", f"联名人数为 {len(signer_ids)} 人，须 {needed} 人以上")


def interp_mode(interp: Interpellation, *, answer_mode: str = "", committee=None, **_) -> None:
    if answer_mode not in AnswerMode.values:
        raise rules.violation("SUP-INTERP-DECIDE", "须决定答复方式（口头答复或者书面答复）")
    wrong_committee = committee is None or committee.kind != committee.Kind.SPECIAL_COMMITTEE \
        or committee.congress_id != interp.congress_id
    if answer_mode == AnswerMode.ORAL_COMMITTEE and wrong_committee:
        raise rules.violation("SUP-INTERP-DECIDE", "在专门委员会会议上答复的，须指定本级人大的专门委员会")


def interp_answer(interp: Interpellation, *, text: str = "", answerer_name: str = "", answerer_title: str = "",
                  is_head: bool = False, **_) -> None:
    if not (text or "").strip():
        raise rules.violation("SUP-INTERP-ANSWER", "须填写答复内容")
    who = "签署人" if interp.answer_mode == AnswerMode.WRITTEN else "到会答复的人"
    if not (answerer_name or "").strip() or not (answerer_title or "").strip():
        raise rules.violation("SUP-INTERP-ANSWER", f"须填写{who}的姓名和职务")
    if not is_head:
        raise rules.violation("SUP-INTERP-ANSWER", f"{who}须为受质询机关的负责人")


def unsatisfied_majority(interp: Interpellation, **_) -> None:
    proposers = interp.signers.count()
    unsatisfied = InterpellationRating.objects.filter(
        interpellation=interp, round=interp.round, satisfied=False,
        person_id__in=interp.signers.values("person_id"),
    ).count()
    if not counting.more_than_half(unsatisfied, proposers):
        raise rules.violation(
            "SUP-INTERP-REANSWER",
            f"提质询案的 {proposers} 名组成人员中有 {unsatisfied} 名对答复不满意，未过半数",
        )


def _interp_prepare(interp: Interpellation, t: Transition, *, actor, note: str = "", **ctx) -> None:
    on = _day(ctx)
    if t.action == "submit":
        interp.submitted_on = on
    elif t.action == "decide":
        interp.answer_mode = ctx["answer_mode"]
        interp.committee = ctx.get("committee") if ctx["answer_mode"] == AnswerMode.ORAL_COMMITTEE else None
        interp.decided_on = on
        interp.round += 1
    elif t.action == "answer":
        interp.answered_on = on
        interp.answer_text = _text(ctx, "text")
        interp.answerer_name = _text(ctx, "answerer_name")
        interp.answerer_title = _text(ctx, "answerer_title")
        interp.answerer_is_head = bool(ctx.get("is_head"))
    elif t.action == "close":
        interp.closed_on = on


def _signer_or_office(user, interp) -> bool:
    return perms.can_submit_interpellation(user, interp)


INTERP_WORKFLOW = Workflow(
    name="supervision.interpellation",
    states=InterpStatus,
    prepare=_interp_prepare,
    transitions=[
        Transition("submit", "书面提出质询案", (InterpStatus.DRAFTING,), InterpStatus.SUBMITTED,
                   rule="SUP-INTERP-SIGNERS", allowed=_signer_or_office,
                   guards=(interp_content, interp_in_session, interp_signers)),
        Transition("decide", "主任会议决定答复方式", (InterpStatus.SUBMITTED, InterpStatus.REANSWER),
                   InterpStatus.DECIDED, rule="SUP-INTERP-DECIDE", allowed=perms.is_office_or_leader,
                   guards=(interp_mode,)),
        Transition("answer", "登记受质询机关的答复", (InterpStatus.DECIDED,), InterpStatus.ANSWERED,
                   rule="SUP-INTERP-ANSWER", allowed=perms.is_interp_answerer, guards=(interp_answer,)),
        Transition("demand_reanswer", "要求再作答复", (InterpStatus.ANSWERED,), InterpStatus.REANSWER,
                   rule="SUP-INTERP-REANSWER", allowed=_signer_or_office, guards=(unsatisfied_majority,),
                   style="secondary"),
        Transition("close", "办结", (InterpStatus.ANSWERED,), InterpStatus.CLOSED,
                   rule="SUP-INTERP-DECIDE", allowed=perms.is_office_or_leader),
    ],
)


# ---- special-question investigations --------------------------------------------------------------------
def committee_composed(inv: Investigation, **_) -> None:
    members = list(inv.members.all())
    if not any(m.role == InvestigatorRole.CHAIR for m in members):
        raise rules.violation("SUP-INVEST-COMMITTEE", "调查委员会尚未确定主任委员")
    if not any(m.role == InvestigatorRole.MEMBER for m in members):
        raise rules.violation("SUP-INVEST-COMMITTEE", "调查委员会尚无委员")


def inv_has_report(inv: Investigation, *, text: str = "", **_) -> None:
    if not (text or "").strip():
        raise rules.violation("SUP-INVEST-REPORT", "须填写调查报告")


def inv_has_decision(inv: Investigation, *, text: str = "", **_) -> None:
    if not (text or "").strip():
        raise rules.violation("SUP-INVEST-REPORT", "须填写常务委员会根据调查报告作出的决议、决定")


def _inv_prepare(inv: Investigation, t: Transition, *, actor, note: str = "", **ctx) -> None:
    on = _day(ctx)
    if t.action == "establish":
        inv.established_on = on
    elif t.action == "report":
        inv.report_text = _text(ctx, "text")
        inv.reported_on = on
    elif t.action == "decide":
        inv.decision_text = _text(ctx, "text")
        inv.decided_on = on


INVESTIGATION_WORKFLOW = Workflow(
    name="supervision.investigation",
    states=InvestigationStatus,
    prepare=_inv_prepare,
    transitions=[
        Transition("establish", "全体会议决定组织调查委员会", (InvestigationStatus.PROPOSED,),
                   InvestigationStatus.ESTABLISHED, rule="SUP-INVEST-COMMITTEE", allowed=perms.is_office_or_leader,
                   guards=(committee_composed,)),
        Transition("reject", "全体会议决定不组织", (InvestigationStatus.PROPOSED,), InvestigationStatus.REJECTED,
                   rule="SUP-INVEST-PROPOSE", allowed=perms.is_office_or_leader, needs_note=True, style="danger"),
        Transition("report", "提出调查报告", (InvestigationStatus.ESTABLISHED,), InvestigationStatus.REPORTED,
                   rule="SUP-INVEST-REPORT", allowed=perms.can_record_investigation, guards=(inv_has_report,)),
        Transition("decide", "常委会作出决议、决定", (InvestigationStatus.REPORTED,), InvestigationStatus.DECIDED,
                   rule="SUP-INVEST-REPORT", allowed=perms.is_office_or_leader, guards=(inv_has_decision,)),
    ],
)


# ---- filing review --------------------------------------------------------------------------------------
def review_basis_given(doc: NormativeDocument, *, basis: str = "", **_) -> None:
    if basis not in ReviewBasis.values:
        raise rules.violation("SUP-REVIEW-FLOW", "须选择审查方式（主动审查、依申请审查或者专项审查）")


def review_opinion_given(doc: NormativeDocument, *, opinion: str = "", **_) -> None:
    if not (opinion or "").strip():
        raise rules.violation("SUP-REVIEW-FLOW", "须填写审查意见")


def grounds_given(doc: NormativeDocument, *, grounds=None, opinion: str = "", **_) -> None:
    review_opinion_given(doc, opinion=opinion)
    chosen = [g for g in (grounds or []) if g in Ground.values]
    if not chosen:
        raise rules.violation("SUP-REVIEW-FLOW", "须指明属于监督法第三十九条规定的哪一种不适当情形")


def result_given(doc: NormativeDocument, *, result: str = "", **_) -> None:
    if not (result or "").strip():
        raise rules.violation("SUP-REVIEW-FLOW", "须填写处理结果")


def _filing_prepare(doc: NormativeDocument, t: Transition, *, actor, note: str = "", **ctx) -> None:
    on = _day(ctx)
    if t.action == "start_review":
        doc.review_basis = ctx["basis"]
        doc.review_started_on = on
        if ctx.get("reviewer") is not None:
            doc.reviewer = ctx["reviewer"]
        elif doc.reviewer_id is None and getattr(actor, "role", "") == "committee":
            doc.reviewer_id = actor.organization_id
    elif t.action in ("pass", "find_problem"):
        doc.review_opinion = _text(ctx, "opinion")
        doc.reviewed_on = on
        if t.action == "find_problem":
            doc.grounds = [g for g in Ground.values if g in (ctx.get("grounds") or [])]
    elif t.action == "request_correction":
        doc.correction_requested_on = on
        months = rules.param(doc.congress_id, "SUP-REVIEW-CORRECT", "months")
        doc.correction_due = counting.months_after(doc.congress_id, on, months)
    elif t.action in ("record_corrected", "revoke"):
        doc.result = _text(ctx, "result") or note
        doc.result_on = on


FILING_WORKFLOW = Workflow(
    name="supervision.filing",
    states=FilingStatus,
    prepare=_filing_prepare,
    transitions=[
        Transition("start_review", "开始审查", (FilingStatus.FILED,), FilingStatus.REVIEWING,
                   rule="SUP-REVIEW-FLOW", allowed=perms.can_review_filing, guards=(review_basis_given,)),
        Transition("pass", "审查未发现问题", (FilingStatus.REVIEWING,), FilingStatus.PASSED,
                   rule="SUP-REVIEW-FLOW", allowed=perms.can_review_filing, guards=(review_opinion_given,)),
        Transition("find_problem", "审查发现问题", (FilingStatus.REVIEWING,), FilingStatus.PROBLEM,
                   rule="SUP-REVIEW-FLOW", allowed=perms.can_review_filing, guards=(grounds_given,),
                   style="secondary"),
        Transition("request_correction", "向制定机关提出纠正意见", (FilingStatus.PROBLEM,), FilingStatus.CORRECTION,
                   rule="SUP-REVIEW-CORRECT", allowed=perms.is_office),
        Transition("record_corrected", "登记制定机关已纠正", (FilingStatus.CORRECTION,), FilingStatus.CORRECTED,
                   rule="SUP-REVIEW-FLOW", allowed=perms.can_review_filing, guards=(result_given,)),
        Transition("revoke", "常委会决定予以撤销", (FilingStatus.CORRECTION,), FilingStatus.REVOKED,
                   rule="SUP-REVIEW-FLOW", allowed=perms.is_office_or_leader, needs_note=True, style="danger"),
    ],
)


# ---- review requests ------------------------------------------------------------------------------------
def request_document(req: ReviewRequest, *, document=None, **_) -> None:
    doc = document or req.document
    if doc is None:
        raise rules.violation("SUP-REVIEW-REQUEST", "受理须对应一件已备案的规范性文件")
    if doc.congress_id != req.congress_id:
        raise rules.violation("SUP-REVIEW-REQUEST", "所选文件不属于本人大备案的文件")


def request_reply(req: ReviewRequest, *, reply: str = "", **_) -> None:
    if not (reply or "").strip():
        raise rules.violation("SUP-REVIEW-REQUEST", "须填写反馈意见")


def request_concludable(req: ReviewRequest, *, reply: str = "", **_) -> None:
    request_reply(req, reply=reply)
    if req.document is None or req.document.status in (FilingStatus.FILED, FilingStatus.REVIEWING):
        raise rules.violation("SUP-REVIEW-REQUEST", "对应文件尚未形成审查结论，暂不能反馈审查结果")


def _request_prepare(req: ReviewRequest, t: Transition, *, actor, note: str = "", **ctx) -> None:
    on = _day(ctx)
    if t.action == "accept":
        if ctx.get("document") is not None:
            req.document = ctx["document"]
    elif t.action == "transfer":
        req.transferred_to = _text(ctx, "transferred_to")
    if t.action in ("decline", "transfer", "conclude"):
        req.reply = _text(ctx, "reply") or note
        req.replied_on = on


def _request_applied(req: ReviewRequest, t: Transition, *, actor, note: str = "", **ctx) -> None:
    if t.action != "accept":
        return
    document = NormativeDocument.objects.get(pk=req.document_id)
    if document.status == FilingStatus.FILED:
        FILING_WORKFLOW.apply(document, "start_review", actor=actor, basis=ReviewBasis.REQUEST,
                              note=f"依审查建议（查询码 {req.tracking_code}）启动审查", on=ctx.get("on"))


def transferred_to_given(req: ReviewRequest, *, transferred_to: str = "", **_) -> None:
    if not (transferred_to or "").strip():
        raise rules.violation("SUP-REVIEW-REQUEST", "须写明移送的机关")


REQUEST_WORKFLOW = Workflow(
    name="supervision.review_request",
    states=RequestStatus,
    prepare=_request_prepare,
    on_applied=_request_applied,
    transitions=[
        Transition("accept", "受理并审查", (RequestStatus.RECEIVED,), RequestStatus.ACCEPTED,
                   rule="SUP-REVIEW-REQUEST", allowed=perms.can_handle_request, guards=(request_document,)),
        Transition("decline", "不予受理", (RequestStatus.RECEIVED,), RequestStatus.NOT_ACCEPTED,
                   rule="SUP-REVIEW-REQUEST", allowed=perms.can_handle_request, guards=(request_reply,),
                   style="secondary"),
        Transition("transfer", "移送有关机关", (RequestStatus.RECEIVED,), RequestStatus.TRANSFERRED,
                   rule="SUP-REVIEW-REQUEST", allowed=perms.can_handle_request,
                   guards=(transferred_to_given, request_reply), style="secondary"),
        Transition("conclude", "反馈审查结果", (RequestStatus.ACCEPTED,), RequestStatus.CONCLUDED,
                   rule="SUP-REVIEW-REQUEST", allowed=perms.can_handle_request, guards=(request_concludable,)),
    ],
)

WORKFLOWS = {
    "report": REPORT_WORKFLOW,
    "prelim": PRELIM_WORKFLOW,
    "inspection": INSPECTION_WORKFLOW,
    "rectification": RECT_WORKFLOW,
    "inquiry": INQUIRY_WORKFLOW,
    "interpellation": INTERP_WORKFLOW,
    "investigation": INVESTIGATION_WORKFLOW,
    "filing": FILING_WORKFLOW,
    "request": REQUEST_WORKFLOW,
}
