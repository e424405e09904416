"""Endpoints for handling units' own systems (bearer token per unit) and the UI. A unit sees only its own items."""

from __future__ import annotations

import datetime as dt

from django.http import FileResponse, Http404
from ninja import Field, Router, Schema, Status

from renda.core import attachments
from renda.proposals import selectors, services
from renda.proposals.models import Communication, ResultClass

router = Router(tags=["议案建议"])


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


class AttachmentOut(Schema):
    id: int
    name: str
    size: int
    media_type: str


class CommitmentIn(Schema):
    text: str = Field(..., min_length=1, max_length=300)
    due_date: dt.date


class ReplyIn(Schema):
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
        "opinion_due": a.opinion_due, "reply_due": a.reply_due,
    }


@router.get("/assignments", response=list[AssignmentOut], summary="本单位的交办件")
def list_assignments(request):
    return [_out(a) for a in selectors.assignments_for(request.user)[:1000]]


@router.get("/assignments/{assignment_id}", response=AssignmentOut, summary="交办件")
def get_assignment(request, assignment_id: int):
    return _out(selectors.assignment_for(request.user, assignment_id))


@router.get("/assignments/{assignment_id}/attachments", response=list[AttachmentOut], summary="附件列表")
def list_attachments(request, assignment_id: int):
    a = selectors.assignment_for(request.user, assignment_id)
    return list(attachments.for_object(a.proposal))


@router.get("/assignments/{assignment_id}/attachments/{attachment_id}", summary="下载附件")
def download_attachment(request, assignment_id: int, attachment_id: int):
    a = selectors.assignment_for(request.user, assignment_id)
    att = attachments.for_object(a.proposal).filter(pk=attachment_id).first()
    if att is None:
        raise Http404("没有找到该附件。")
    return FileResponse(att.file.open("rb"), as_attachment=True, filename=att.name, content_type=att.media_type)


@router.post("/assignments/{assignment_id}/reply", response={201: dict}, summary="答复代表")
def submit_reply(request, assignment_id: int, payload: ReplyIn):
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
