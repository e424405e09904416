"""The processes of filing review (监督法 第五章): a filed normative document, and a review request."""

from __future__ import annotations

from django import forms

from renda.core import rules
from renda.core.workflow import Transition, Workflow, step_date
from renda.supervision import permissions as perms
from renda.supervision.deadlines import months_after, text
from renda.supervision.models import (
    FilingStatus,
    Ground,
    NormativeDocument,
    RequestStatus,
    ReviewBasis,
    ReviewRequest,
)
from renda.supervision.steps import (
    DateForm,
    ScopedChoiceField,
    on_field,
    recorded,
    requires_text,
    text_field,
    text_form,
)


# ---- filed documents ------------------------------------------------------------------------------------
def review_basis_given(doc: NormativeDocument, *, basis: str = "", **_) -> None:
    if basis not in ReviewBasis.values:
        raise rules.violation("SUP-REVIEW-FLOW", "须选择审查方式（主动审查、依申请审查或者专项审查）")


review_opinion_given = requires_text("SUP-REVIEW-FLOW", "须填写审查意见", "opinion")


def grounds_given(doc: NormativeDocument, *, grounds=None, opinion: str = "", **_) -> None:
    review_opinion_given(doc, opinion=opinion)
    chosen = [g for g in (grounds or []) if g in Ground.values]
    if not chosen:
        raise rules.violation("SUP-REVIEW-FLOW", "须指明属于监督法第三十九条规定的哪一种不适当情形")


result_given = requires_text("SUP-REVIEW-FLOW", "须填写处理结果", "result")


class StartReviewForm(forms.Form):
    basis = forms.ChoiceField(label="审查方式", choices=ReviewBasis.choices)
    on = on_field()


class ProblemForm(forms.Form):
    opinion = text_field("审查意见")
    grounds = forms.MultipleChoiceField(label="不适当的情形（监督法第三十九条）", choices=Ground.choices,
                                        widget=forms.CheckboxSelectMultiple)
    on = on_field()


def _review_started(doc: NormativeDocument, *, actor, **ctx) -> None:
    doc.review_basis = ctx["basis"]
    doc.review_started_on = step_date(ctx)
    if ctx.get("reviewer") is not None:
        doc.reviewer = ctx["reviewer"]
    elif doc.reviewer_id is None and getattr(actor, "role", "") == "committee":
        doc.reviewer_id = actor.organization_id


_reviewed = recorded("review_opinion", "reviewed_on", "opinion")


def _problem_found(doc: NormativeDocument, **ctx) -> None:
    _reviewed(doc, **ctx)
    doc.grounds = [g for g in Ground.values if g in (ctx.get("grounds") or [])]


def _correction_requested(doc: NormativeDocument, **ctx) -> None:
    doc.correction_requested_on = step_date(ctx)
    doc.correction_due = months_after(doc.congress_id, doc.correction_requested_on, "SUP-REVIEW-CORRECT")


def _concluded(doc: NormativeDocument, *, note: str = "", **ctx) -> None:
    doc.result = text(ctx, "result") or note
    doc.result_on = step_date(ctx)


FILING_WORKFLOW = Workflow(
    name="supervision.filing",
    states=FilingStatus,
    transitions=[
        Transition("start_review", "开始审查", (FilingStatus.FILED,), FilingStatus.REVIEWING,
                   rule="SUP-REVIEW-FLOW", allowed=perms.can_review_filing, guards=(review_basis_given,),
                   form=StartReviewForm, effect=_review_started),
        Transition("pass", "审查未发现问题", (FilingStatus.REVIEWING,), FilingStatus.PASSED,
                   rule="SUP-REVIEW-FLOW", allowed=perms.can_review_filing, guards=(review_opinion_given,),
                   form=text_form("opinion", "审查意见"), effect=_reviewed),
        Transition("find_problem", "审查发现问题", (FilingStatus.REVIEWING,), FilingStatus.PROBLEM,
                   rule="SUP-REVIEW-FLOW", allowed=perms.can_review_filing, guards=(grounds_given,),
                   style="secondary", form=ProblemForm, effect=_problem_found,
                   next_hint="办公厅可以向制定机关提出纠正意见。"),
        Transition("request_correction", "向制定机关提出纠正意见", (FilingStatus.PROBLEM,), FilingStatus.CORRECTION,
                   rule="SUP-REVIEW-CORRECT", allowed=perms.is_office, form=DateForm, effect=_correction_requested,
                   next_hint="制定机关在规定期限内研究纠正并反馈。"),
        Transition("record_corrected", "登记制定机关已纠正", (FilingStatus.CORRECTION,), FilingStatus.CORRECTED,
                   rule="SUP-REVIEW-FLOW", allowed=perms.can_review_filing, guards=(result_given,),
                   form=text_form("result", "处理结果"), effect=_concluded),
        Transition("revoke", "常委会决定予以撤销", (FilingStatus.CORRECTION,), FilingStatus.REVOKED,
                   rule="SUP-REVIEW-FLOW", allowed=perms.is_office_or_leader, needs_note=True, style="danger",
                   form=DateForm, effect=_concluded),
    ],
)


# ---- review requests ------------------------------------------------------------------------------------
def request_document(req: ReviewRequest, *, document=None, **_) -> None:
    doc = document or req.document
    if doc is None:
        raise rules.violation("SUP-REVIEW-REQUEST", "受理须对应一件已备案的规范性文件")
    if doc.congress_id != req.congress_id:
        raise rules.violation("SUP-REVIEW-REQUEST", "所选文件不属于本人大备案的文件")


request_reply = requires_text("SUP-REVIEW-REQUEST", "须填写反馈意见", "reply")


def request_concludable(req: ReviewRequest, *, reply: str = "", **_) -> None:
    request_reply(req, reply=reply)
    if req.document is None or req.document.status in (FilingStatus.FILED, FilingStatus.REVIEWING):
        raise rules.violation("SUP-REVIEW-REQUEST", "对应文件尚未形成审查结论，暂不能反馈审查结果")


transferred_to_given = requires_text("SUP-REVIEW-REQUEST", "须写明移送的机关", "transferred_to")


def _documents(req: ReviewRequest):
    docs = NormativeDocument.objects.filter(congress_id=req.congress_id).order_by("-filed_on", "-id")[:200]
    return [(d.pk, f"{d.title}（{d.filed_on:%Y-%m-%d}）") for d in docs]


class AcceptForm(forms.Form):
    document = ScopedChoiceField(label="对应的备案文件", choices_for=_documents)


REPLY_FIELD = "向提出人的反馈意见"


class TransferForm(forms.Form):
    transferred_to = forms.CharField(label="移送的机关", max_length=100)
    reply = text_field(REPLY_FIELD, max_length=5000)


def _accepted(req: ReviewRequest, *, actor, **ctx) -> None:
    """Accepting a request starts the review of its document (unless already under review)."""
    if ctx.get("document") is not None:
        req.document = ctx["document"]
    document = NormativeDocument.objects.get(pk=req.document_id)
    if document.status == FilingStatus.FILED:
        FILING_WORKFLOW.apply(document, "start_review", actor=actor, basis=ReviewBasis.REQUEST,
                              note=f"依审查建议（查询码 {req.tracking_code}）启动审查", on=ctx.get("on"))


def _replied(req: ReviewRequest, *, note: str = "", **ctx) -> None:
    if "transferred_to" in ctx:
        req.transferred_to = text(ctx, "transferred_to")
    req.reply = text(ctx, "reply") or note
    req.replied_on = step_date(ctx)


ReplyForm = text_form("reply", REPLY_FIELD, max_length=5000, dated=False)

REQUEST_WORKFLOW = Workflow(
    name="supervision.review_request",
    states=RequestStatus,
    transitions=[
        Transition("accept", "受理并审查", (RequestStatus.RECEIVED,), RequestStatus.ACCEPTED,
                   rule="SUP-REVIEW-REQUEST", allowed=perms.can_handle_request, guards=(request_document,),
                   form=AcceptForm, effect=_accepted, next_hint="对应文件形成审查结论后，向提出人反馈审查结果。"),
        Transition("decline", "不予受理", (RequestStatus.RECEIVED,), RequestStatus.NOT_ACCEPTED,
                   rule="SUP-REVIEW-REQUEST", allowed=perms.can_handle_request, guards=(request_reply,),
                   style="secondary", form=ReplyForm, effect=_replied),
        Transition("transfer", "移送有关机关", (RequestStatus.RECEIVED,), RequestStatus.TRANSFERRED,
                   rule="SUP-REVIEW-REQUEST", allowed=perms.can_handle_request,
                   guards=(transferred_to_given, request_reply), style="secondary", form=TransferForm,
                   effect=_replied),
        Transition("conclude", "反馈审查结果", (RequestStatus.ACCEPTED,), RequestStatus.CONCLUDED,
                   rule="SUP-REVIEW-REQUEST", allowed=perms.can_handle_request, guards=(request_concludable,),
                   form=ReplyForm, effect=_replied),
    ],
)
