"""Endpoints for handling units' own systems (bearer token per unit) and the UI. A unit sees only its own items."""

from __future__ import annotations

import datetime as dt
import json

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, ValidationError
from django.db.models import Prefetch
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import ValidationError as PydanticValidationError

from renda.core import attachments
from renda.core.api_kit import attachment_download
from renda.proposals import selectors, services
from renda.proposals.models import Communication, Proposal, ResultClass

router = Router(tags=["议案建议"])


class AttachmentOut(Schema):
    id: int
    name: str
    size: int
    media_type: str


class MergedOut(Schema):
    """A suggestion merged into the item (并案): the unit answers its lead deputy too."""

    number: str
    title: str
    content: str
    lead_deputy: str
    delegation: str


class AssignmentOut(Schema):
    id: int
    proposal_id: int
    number: str
    title: str
    content: str
    role: str
    role_label: str
    part: str
    status: str
    status_label: str
    assigned_on: dt.date
    return_due: dt.date
    opinion_due: dt.date | None
    reply_due: dt.date | None
    key_supervision: bool
    merged: list[MergedOut]


class ProgressOut(Schema):
    id: int
    reported_on: dt.date
    reporter: str
    text: str
    attachments: list[AttachmentOut]


class ProgressIn(Schema):
    text: str = Field(..., min_length=1)
    reported_on: dt.date | None = None


class CommitmentOut(Schema):
    id: int
    year: int
    text: str
    due_date: dt.date
    status: str
    status_label: str
    done_on: dt.date | None
    note: str
    carried_from_id: int | None
    lock_version: int


LOCK_VERSION_DOC = "读取时的 lock_version（乐观锁）：他人已更新的或省略的，返回 409"


class CommitmentDoneIn(Schema):
    done_on: dt.date
    note: str = Field(..., min_length=1, description="落实情况")
    lock_version: int | None = Field(None, ge=0, le=2_147_483_647, description=LOCK_VERSION_DOC)


class CommitmentCarryIn(Schema):
    due_date: dt.date = Field(..., description="下一年度的承诺完成时间")
    note: str = Field(..., min_length=1, description="未能完成的原因和工作进度安排")
    lock_version: int | None = Field(None, ge=0, le=2_147_483_647, description=LOCK_VERSION_DOC)


class CommitmentIn(Schema):
    text: str = Field(..., min_length=1, max_length=300)
    due_date: dt.date


class ProposalReplyIn(Schema):
    text: str = Field(..., min_length=1)
    result_class: ResultClass
    communication: Communication
    signer: str = Field(..., min_length=1, max_length=40)
    commitments: list[CommitmentIn] = []


class ReturnIn(Schema):
    reason: str = Field(..., min_length=4)


def _out(a) -> dict:
    p = a.proposal
    return {
        "id": a.pk, "proposal_id": p.pk, "number": p.number, "title": p.title, "content": p.content,
        "role": a.role, "role_label": a.get_role_display(), "part": a.part, "status": a.status,
        "status_label": a.get_status_display(), "assigned_on": a.assigned_on, "return_due": a.return_due,
        "opinion_due": a.opinion_due, "reply_due": a.reply_due, "key_supervision": p.key_supervision,
        "merged": [
            {"number": m.number, "title": m.title, "content": m.content,
             "lead_deputy": m.lead_deputy.person.name if m.lead_deputy else "",
             "delegation": m.delegation.name if m.delegation else ""}
            for m in p.merged.all()
        ],
    }


def _with_merged(qs):
    merged = Proposal.objects.filter(status="merged").select_related("lead_deputy__person", "delegation")
    return qs.prefetch_related(Prefetch("proposal__merged", queryset=merged.order_by("number")))


def _commitment_out(c) -> dict:
    return {"id": c.pk, "year": c.year, "text": c.text, "due_date": c.due_date, "status": c.status,
            "status_label": c.get_status_display(), "done_on": c.done_on, "note": c.note,
            "carried_from_id": c.carried_from_id, "lock_version": c.lock_version}


@router.get("/assignments", response=list[AssignmentOut], summary="本单位的交办件")
def list_assignments(request):
    return [_out(a) for a in _with_merged(selectors.assignments_for(request.user))[:1000]]


@router.get("/assignments/{assignment_id}", response=AssignmentOut, summary="交办件")
def get_assignment(request, assignment_id: int):
    selectors.assignment_for(request.user, assignment_id)
    return _out(_with_merged(selectors.assignments_for(request.user)).get(pk=assignment_id))


@router.get("/assignments/{assignment_id}/attachments", response=list[AttachmentOut], summary="附件列表")
def list_attachments(request, assignment_id: int):
    a = selectors.assignment_for(request.user, assignment_id)
    return list(attachments.for_object(a.proposal))


@router.get("/assignments/{assignment_id}/attachments/{attachment_id}", summary="下载附件")
def download_attachment(request, assignment_id: int, attachment_id: int):
    a = selectors.assignment_for(request.user, assignment_id)
    return attachment_download(a.proposal, attachment_id)


@router.post("/assignments/{assignment_id}/reply", response={201: dict}, summary="答复代表")
def submit_reply(request, assignment_id: int, payload: ProposalReplyIn):
    a = selectors.assignment_for(request.user, assignment_id)
    reply = services.reply_submit(
        actor=request.user, assignment=a, text=payload.text, result_class=payload.result_class,
        communication=payload.communication, signer=payload.signer,
        commitments=[services.CommitmentIn(c.text, c.due_date) for c in payload.commitments],
    )
    return Status(201, {"id": reply.pk, "round": reply.round, "on_time": reply.on_time})


@router.post("/assignments/{assignment_id}/return", response={201: dict}, summary="申请退回")
def request_return(request, assignment_id: int, payload: ReturnIn):
    a = selectors.assignment_for(request.user, assignment_id)
    rr = services.return_request(actor=request.user, assignment=a, reason=payload.reason)
    return Status(201, {"id": rr.pk, "decision": rr.decision})


@router.get("/assignments/{assignment_id}/progress", response=list[ProgressOut], summary="重点督办件办理进展（本单位报送的）")
def list_progress(request, assignment_id: int):
    a = selectors.assignment_for(request.user, assignment_id)
    return [
        {"id": r.pk, "reported_on": r.reported_on, "reporter": r.reporter.name, "text": r.text,
         "attachments": list(r.files)}
        for r in selectors.progress_reports(request.user, a.proposal)
    ]


PROGRESS_BODY = {
    "required": True,
    "content": {
        "application/json": {"schema": ProgressIn.model_json_schema()},
        "multipart/form-data": {"schema": {
            "type": "object", "required": ["text"],
            "properties": {
                "text": {"type": "string", "description": "办理进展"},
                "reported_on": {"type": "string", "format": "date", "description": "报告日期（默认今天）"},
                "attachment": {"type": "string", "format": "binary",
                               "description": "附件（可选；PDF、Word、Excel、PNG、JPEG，按文件内容识别，限大小）"},
            },
        }},
    },
}


def _progress_input(request) -> tuple[ProgressIn, object | None]:
    """The body as JSON (`{"text", "reported_on"}`) or as multipart/form-data with an optional `attachment`."""
    upload = None
    if request.content_type == "multipart/form-data":
        data = {k: request.POST[k] for k in ("text", "reported_on") if request.POST.get(k, "").strip()}
        upload = request.FILES.get("attachment")
    else:
        try:
            data = json.loads(request.body or b"{}")
        except (ValueError, UnicodeDecodeError):
            raise HttpError(400, "请求体不是有效的 JSON。") from None
        if not isinstance(data, dict):
            raise HttpError(400, "请求体应为 JSON 对象。")
    try:
        return ProgressIn.model_validate(data), upload
    except PydanticValidationError as exc:
        raise NinjaValidationError(
            [{"loc": ("body", "payload", *e.get("loc", ())), "msg": e.get("msg", "")} for e in exc.errors()]
        ) from None


@router.post("/assignments/{assignment_id}/progress", response={201: dict, 400: dict, 413: dict},
             summary="报送重点督办件办理进展", openapi_extra={"requestBody": PROGRESS_BODY},
             description="JSON，或 multipart/form-data（字段 text、reported_on，可附 attachment 文件）。"
                         "附件类型按内容识别，不允许的类型返回 400，超过大小限制返回 413。")
def submit_progress(request, assignment_id: int):
    a = selectors.assignment_for(request.user, assignment_id)
    try:
        payload, upload = _progress_input(request)
    except RequestDataTooBig:
        return Status(413, {"detail": "请求数据过大。"})
    try:
        r = services.progress_report_file(actor=request.user, proposal=a.proposal, text=payload.text,
                                          reported_on=payload.reported_on, attachment=upload)
    except ValidationError as exc:
        errors = getattr(exc, "message_dict", {})
        if "attachment" not in errors:
            raise  # other fields: 422 like every other body error
        too_big = upload is not None and upload.size > settings.RENDA_MAX_UPLOAD_BYTES
        return Status(413 if too_big else 400, {"detail": "；".join(errors["attachment"]),
                                                "errors": {"attachment": errors["attachment"]}})
    return Status(201, {"id": r.pk, "reported_on": r.reported_on,
                        "attachments": [{"id": f.pk, "name": f.name, "size": f.size, "media_type": f.media_type}
                                        for f in attachments.for_object(r)]})


@router.get("/assignments/{assignment_id}/commitments", response=list[CommitmentOut], summary="本件答复中的承诺事项")
def list_commitments(request, assignment_id: int):
    a = selectors.assignment_for(request.user, assignment_id)
    return [_commitment_out(c) for c in selectors.commitments_for(request.user).filter(reply__assignment=a)]


@router.post("/commitments/{commitment_id}/done", response=CommitmentOut, summary="承诺事项已完成")
def commitment_done(request, commitment_id: int, payload: CommitmentDoneIn):
    c = selectors.commitment_for(request.user, commitment_id)
    return _commitment_out(services.commitment_done(actor=request.user, commitment=c, done_on=payload.done_on,
                                                    note=payload.note, lock_version=payload.lock_version))


@router.post("/commitments/{commitment_id}/carry", response={201: CommitmentOut}, summary="承诺事项结转下一年度")
def commitment_carry(request, commitment_id: int, payload: CommitmentCarryIn):
    c = selectors.commitment_for(request.user, commitment_id)
    new = services.commitment_carry(actor=request.user, commitment=c, due_date=payload.due_date, note=payload.note,
                                    lock_version=payload.lock_version)
    return Status(201, _commitment_out(new))


@router.get("/assignments/{assignment_id}/progress/{report_id}/attachments/{attachment_id}",
            summary="下载办理进展附件")
def download_progress_attachment(request, assignment_id: int, report_id: int, attachment_id: int):
    a = selectors.assignment_for(request.user, assignment_id)
    report = selectors.progress_report_for(request.user, report_id)
    return attachment_download(report if report.proposal_id == a.proposal_id else None, attachment_id)


# the yearly handling report (代表法 第五十一条第三款)
from renda.proposals.report.api import router as handling_report_router  # noqa: E402

router.add_router("/handling-reports", handling_report_router)
