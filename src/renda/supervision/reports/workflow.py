"""The process of a special work or financial report (监督法 第二章、第三章) and of the preliminary review of
final accounts and budget adjustments; the cycle after the meeting is shared (supervision.cycle)."""

from __future__ import annotations

from django import forms

from renda.core import attachments, rules
from renda.core.forms import DATE_INPUT
from renda.core.models import Congress
from renda.core.workflow import Transition, Workflow, dated, step_date
from renda.supervision import counting
from renda.supervision import permissions as perms
from renda.supervision.annual import services as annual
from renda.supervision.checks import late
from renda.supervision.cycle import workflow as cycle
from renda.supervision.deadlines import draft_rule, months_after, text
from renda.supervision.models import (
    DocumentStage,
    PrelimStatus,
    Report,
    ReportDocument,
    ReportKind,
    ReportStatus,
)
from renda.supervision.resolutions import services as resolutions
from renda.supervision.steps import (
    DateForm,
    document_form,
    on_field,
    recorded,
    requires_text,
    text_field,
    text_form,
)


# ---- guards ---------------------------------------------------------------------------------------------
def has_document(report: Report, *, text: str = "", upload=None, **_) -> None:
    if not (text or "").strip() and upload is None:
        raise rules.violation("SUP-REPORT-SUBMITTER", "须填写报告正文或上传报告文件")


has_comments = requires_text("SUP-REPORT-FLOW", "须填写委员会的修改意见", "comments")


def has_opinions(report: Report, *, opinions: str | None = None, **_) -> None:
    text = opinions if opinions is not None else report.opinions
    if not (text or "").strip():
        raise rules.violation("SUP-REPORT-OPINIONS", "审议意见尚未汇总，不能交办")


def has_meeting_date(report: Report, **_) -> None:
    if report.meeting_date is None:
        raise rules.violation("SUP-REPORT-FLOW", "尚未确定审议该报告的常委会会议日期")


# ---- what the steps ask for -----------------------------------------------------------------------------
class SendOpinionsForm(forms.Form):
    on = on_field()
    resolution = text_field("常委会决议（作出决议的）", required=False, rows=2)
    resolution_due = forms.DateField(label="决议规定的报告期限", required=False, widget=DATE_INPUT)


CommentForm = text_form("comments", "委员会的修改意见", dated=False)


# ---- what the steps do ----------------------------------------------------------------------------------
def _document(stage: str, submitted: str, late: str, due: str):
    """The organ sends a text (typed in or uploaded): kept as a ReportDocument of its stage, late or not."""

    def effect(report: Report, *, actor, note: str = "", **ctx) -> None:
        on = step_date(ctx)
        setattr(report, submitted, on)
        deadline = getattr(report, due)
        setattr(report, late, counting.is_late(on, deadline))
        doc = ReportDocument(congress_id=report.congress_id, report=report, stage=stage, text=text(ctx, "text"),
                             submitted_on=on, due=deadline, late=counting.is_late(on, deadline),
                             submitted_by=actor if getattr(actor, "pk", None) else None)
        doc.full_clean()
        doc.save()
        if ctx.get("upload") is not None:
            attachments.attach(actor=actor, obj=doc, upload=ctx["upload"])

    return effect


def _comment(report: Report, **ctx) -> None:
    report.committee_comments = text(ctx, "comments")


def _distribute(report: Report, **ctx) -> None:
    report.distributed_on = step_date(ctx)
    report.distribute_late = counting.is_late(report.distributed_on, report.distribute_due)


def _deliberate(report: Report, **ctx) -> None:
    cycle.deliberated(report, **ctx)
    # A statutory report of the year (监督法 第十九条、第二十四条、第二十五条、第二十七条) is now heard.
    annual.report_heard(report, actor=ctx.get("actor"))
    if report.kind == ReportKind.AUDIT_WORK:
        report.rectification_due = months_after(report.congress_id, report.deliberated_on, "SUP-AUDIT-RECTIFY")


def _send_opinions(report: Report, **ctx) -> None:
    cycle.opinions_sent("SUP-REPORT-HANDLING")(report, **ctx)
    if text(ctx, "resolution"):
        report.resolution = text(ctx, "resolution")
        report.resolution_due = ctx.get("resolution_due")
        # The organ owes a report on carrying out the resolution by its due date (监督法 第十七条第一款).
        resolutions.record(actor=ctx.get("actor"), report=report, resolution=report.resolution,
                           due=report.resolution_due, adopted_on=report.deliberated_on or step_date(ctx))


REPORT_WORKFLOW = Workflow(
    name="supervision.report",
    states=ReportStatus,
    transitions=[
        Transition("submit_draft", "送交征求意见稿", (ReportStatus.PLANNED,), ReportStatus.DRAFT_SUBMITTED,
                   rule="SUP-REPORT-DRAFT", allowed=perms.is_report_submitter, guards=(has_document,),
                   form=document_form("报告正文（或上传文件）"),
                   effect=_document(DocumentStage.DRAFT, "draft_submitted_on", "draft_late", "draft_due"),
                   default_note=late(lambda r: r.draft_due, draft_rule), next_hint="负责的委员会可以反馈修改意见。"),
        Transition("comment", "反馈修改意见", (ReportStatus.DRAFT_SUBMITTED,), ReportStatus.COMMENTED,
                   rule="SUP-REPORT-FLOW", allowed=perms.can_manage_report, guards=(has_comments,),
                   form=CommentForm, effect=_comment, next_hint="报告机关据此送交修改稿。"),
        Transition("submit_revised", "送交修改稿", (ReportStatus.DRAFT_SUBMITTED, ReportStatus.COMMENTED),
                   ReportStatus.REVISED_SUBMITTED, rule="SUP-REPORT-REVISED", allowed=perms.is_report_submitter,
                   guards=(has_document,), form=document_form("修改后的报告正文（或上传文件）"),
                   effect=_document(DocumentStage.REVISED, "revised_submitted_on", "revised_late", "revised_due"),
                   default_note=late(lambda r: r.revised_due, "SUP-REPORT-REVISED")),
        Transition("distribute", "发给组成人员", (ReportStatus.REVISED_SUBMITTED,), ReportStatus.DISTRIBUTED,
                   rule="SUP-REPORT-DISTRIBUTE", allowed=perms.is_office, form=DateForm, effect=_distribute,
                   default_note=late(lambda r: r.distribute_due, "SUP-REPORT-DISTRIBUTE")),
        Transition("deliberate", "登记会议审议", (ReportStatus.DISTRIBUTED,), ReportStatus.DELIBERATED,
                   rule="SUP-REPORT-FLOW", allowed=perms.is_office, guards=(has_meeting_date,), form=DateForm,
                   effect=_deliberate, next_hint="根据组成人员的发言汇总审议意见。"),
        Transition("send_opinions", "审议意见交办", (ReportStatus.DELIBERATED,), ReportStatus.OPINIONS_SENT,
                   rule="SUP-REPORT-OPINIONS", allowed=perms.is_office, guards=(has_opinions,),
                   form=SendOpinionsForm, effect=_send_opinions,
                   next_hint="报告机关在规定期限内报告研究处理情况。"),
        Transition("submit_handling", "报告研究处理情况", (ReportStatus.OPINIONS_SENT,), ReportStatus.HANDLED,
                   rule="SUP-REPORT-HANDLING", allowed=perms.is_report_submitter, guards=(has_document,),
                   form=document_form("研究处理情况报告"),
                   effect=_document(DocumentStage.HANDLING, "handled_on", "handling_late", "handling_due"),
                   default_note=late(lambda r: r.handling_due, "SUP-REPORT-HANDLING"),
                   next_hint="办公厅可以组织满意度测评。"),
        Transition("publish", "向代表通报并向社会公布", (ReportStatus.HANDLED,), ReportStatus.PUBLISHED,
                   rule="SUP-REPORT-PUBLISH", allowed=perms.is_office, form=DateForm, effect=cycle.published),
    ],
)


# ---- preliminary review ---------------------------------------------------------------------------------
has_handling = requires_text("SUP-PRELIM-REVIEW", "须填写初步审查意见的办理情况", "handling")


_prelim_sent = dated("sent_on")


_prelim_handled = recorded("handling", "handled_on", "handling")


def deputies_missing(obj) -> bool:
    """设区的市、自治州以上 the committee's preliminary review invites deputies (预算法 第二十二条第五款): flagged on the
    report's page and in the sending step's record when none is recorded (like lateness, never a refusal)."""
    level = Congress.objects.filter(pk=obj.congress_id).values_list("level", flat=True).first()
    return level != "county" and not obj.invited_deputies.exists()


def _prelim_note(prelim, **_) -> str:
    """The sending step's record says when no invited deputy is recorded."""
    if deputies_missing(prelim):
        return "送交政府研究办理（初步审查未登记邀请的人大代表，预算法第二十二条第五款）"
    return ""


_prelim_distributed = dated("distributed_on")


def _prelim_manage(user, obj) -> bool:
    return perms.can_manage_report(user, obj.report)


def _prelim_handler(user, obj) -> bool:
    return perms.is_report_submitter(user, obj.report)


PRELIM_WORKFLOW = Workflow(
    name="supervision.prelim",
    states=PrelimStatus,
    transitions=[
        Transition("send", "送交政府研究办理", (PrelimStatus.DRAFTING,), PrelimStatus.SENT,
                   rule="SUP-PRELIM-REVIEW", allowed=_prelim_manage, effect=_prelim_sent, default_note=_prelim_note),
        Transition("handle", "反馈办理情况", (PrelimStatus.SENT,), PrelimStatus.HANDLED,
                   rule="SUP-PRELIM-REVIEW", allowed=_prelim_handler, guards=(has_handling,),
                   form=text_form("handling", "办理情况"), effect=_prelim_handled,
                   next_hint="初步审查意见和财政部门的处理情况报告印发本级人民代表大会代表。"),
        Transition("distribute", "印发本级人大代表", (PrelimStatus.HANDLED,), PrelimStatus.DISTRIBUTED,
                   rule="SUP-PRELIM-REVIEW", allowed=perms.is_office, form=DateForm, effect=_prelim_distributed),
    ],
)
