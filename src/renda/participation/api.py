"""/api/v1/participation: the opinions routed to the caller (a handling unit's own system, bearer token) and
the reply. Contact data (name, phone, email) is never part of any response (rule PO-CONTACT); an opinion not
routed to the caller is 404, whether it exists or not."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Router, Schema, Status

from renda.core import attachments
from renda.core.api_kit import attachment_download
from renda.participation import selectors, services
from renda.participation.models import Opinion

router = Router(tags=["联系群众"])


class AttachmentOut(Schema):
    id: int
    name: str
    size: int
    media_type: str


class OpinionOut(Schema):
    id: int
    code: str
    category: str
    place: str
    text: str
    status: str
    status_label: str
    submitted_at: dt.datetime
    route_kind: str
    assignee: str
    instructions: str
    handle_due: dt.date | None
    reply_state: str
    reply_text: str
    published_reply: str


class OpinionReplyIn(Schema):
    text: str = Field(..., min_length=10, max_length=20000, description="答复意见（经办公厅审核后公开）")


def _out(op: Opinion) -> dict:
    return {
        "id": op.pk, "code": op.code_display, "category": op.category.name, "place": op.place, "text": op.text,
        "status": op.status, "status_label": op.get_status_display(), "submitted_at": op.submitted_at,
        "route_kind": op.route_kind, "assignee": op.assignee_label, "instructions": op.instructions,
        "handle_due": op.handle_due, "reply_state": op.reply_state, "reply_text": op.reply_text,
        "published_reply": op.published_reply,
    }


@router.get("/opinions", response=list[OpinionOut], summary="分办给本单位的群众意见（不含联系方式）")
def list_opinions(request, status: str = ""):
    qs = selectors.opinions_for(request.user)
    if status:
        qs = qs.filter(status=status)
    return [_out(op) for op in qs[:1000]]


@router.get("/opinions/{opinion_id}", response=OpinionOut, summary="群众意见（不含联系方式）")
def get_opinion(request, opinion_id: int):
    return _out(selectors.opinion_for(request.user, opinion_id))


@router.get("/opinions/{opinion_id}/attachments", response=list[AttachmentOut], summary="附件列表")
def list_attachments(request, opinion_id: int):
    return list(attachments.for_object(selectors.opinion_for(request.user, opinion_id)))


@router.get("/opinions/{opinion_id}/attachments/{attachment_id}", summary="下载附件")
def download_attachment(request, opinion_id: int, attachment_id: int):
    op = selectors.opinion_for(request.user, opinion_id)
    return attachment_download(op, attachment_id)


@router.post("/opinions/{opinion_id}/reply", response={201: OpinionOut}, summary="提交答复意见")
def submit_reply(request, opinion_id: int, payload: OpinionReplyIn):
    op = selectors.opinion_for(request.user, opinion_id)
    op = services.opinion_reply(actor=request.user, opinion=op, text=payload.text)
    return Status(201, _out(selectors.opinion_for(request.user, op.pk)))
