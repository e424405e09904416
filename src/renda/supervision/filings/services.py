"""Writes of filing review: registering a filed document, its review, and review requests (from the portal too)."""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction

from renda.core import attachments, audit, rules
from renda.core.models import Congress, Organization
from renda.supervision import checks, counting
from renda.supervision import permissions as perms
from renda.supervision.filings.workflow import FILING_WORKFLOW, REQUEST_WORKFLOW
from renda.supervision.models import (
    ORGAN_FILER_KINDS,
    FilerKind,
    NormativeDocument,
    RequesterKind,
    RequestSource,
    ReviewRequest,
)


# ---- filing review --------------------------------------------------------------------------------------
@transaction.atomic
def filing_register(*, actor, filer_kind: str, title: str, issued_on: dt.date, filed_on: dt.date | None = None,
                    filer_org: Organization | None = None, filer_congress: Congress | None = None,
                    doc_number: str = "", text: str = "", upload=None) -> NormativeDocument:
    checks.require(perms.can_register_filing(actor), "您没有报送备案的权限。")
    cid = actor.congress_id
    if filer_kind not in FilerKind.values:
        raise ValidationError({"filer_kind": "请选择制定机关类别。"})
    if actor.role == "unit":
        filer_org = actor.organization
        filer_congress = None
    if filer_kind in ORGAN_FILER_KINDS:
        if filer_org is None:
            raise ValidationError({"filer_org": "请选择制定机关。"})
        checks.same_congress(cid, filer_org, "filer_org", "制定机关")
        if filer_org.kind != ORGAN_FILER_KINDS[filer_kind]:
            raise ValidationError({"filer_org": f"制定机关须为{FilerKind(filer_kind).label}。"})
        filer_congress = None
    else:
        if filer_congress is None or filer_congress.parent_id != cid:
            raise ValidationError({"filer_congress": "须为本级人大的下一级人民代表大会（或其常委会）。"})
        filer_org = None
    if issued_on is None:
        raise ValidationError({"issued_on": "请填写公布（印发）日期。"})
    filed_on = filed_on or checks.today()
    if filed_on < issued_on:
        raise ValidationError({"filed_on": "报送备案日期不能早于公布日期。"})
    days = rules.param(cid, "SUP-FILING-DEADLINE", "days")
    due = counting.days_after(cid, issued_on, days)
    doc = NormativeDocument(congress_id=cid, filer_kind=filer_kind, filer_org=filer_org,
                            filer_congress=filer_congress, title=checks.clean(title),
                            doc_number=checks.clean(doc_number), issued_on=issued_on, filed_on=filed_on,
                            filing_due=due, filing_late=counting.is_late(filed_on, due), text=checks.clean(text),
                            created_by=actor)
    doc.full_clean()
    doc.save()
    note = checks.late_note("报送备案", filed_on, due, "SUP-FILING-DEADLINE")
    audit.record(actor=actor, action="create", obj=doc, rule=rules.get("SUP-FILING-DEADLINE"), note=note,
                 after=audit.snapshot(doc))
    if upload is not None:
        attachments.attach(actor=actor, obj=doc, upload=upload)
    return doc


def filing_transition(*, actor, document: NormativeDocument, action: str, note: str = "", **ctx):
    on = ctx.get("on") or checks.today()
    if ctx.get("reviewer") is not None:
        checks.body(document.congress_id, ctx["reviewer"], "reviewer")
    return FILING_WORKFLOW.apply(document, action, actor=actor, note=note, **{**ctx, "on": on})


# ---- review requests ------------------------------------------------------------------------------------
TRACKING_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def new_tracking_code() -> str:
    raw = "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(12))
    return f"BA-{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def normalize_tracking_code(value: str) -> str:
    cleaned = "".join(ch for ch in (value or "").upper() if ch.isalnum())
    if cleaned.startswith("BA"):
        cleaned = cleaned[2:]
    if len(cleaned) != 12:
        return ""
    return f"BA-{cleaned[:4]}-{cleaned[4:8]}-{cleaned[8:]}"


REQUEST_LIMITS = {"requester_name": 60, "contact": 100, "document_title": 200, "document_number": 60,
                  "issuer": 100, "reasons": 5000}


@transaction.atomic
def review_request_submit(*, congress: Congress, requester_name: str, contact: str, document_title: str,
                          reasons: str, document_number: str = "", issuer: str = "",
                          requester_kind: str = RequesterKind.CITIZEN, source: str = RequestSource.PORTAL,
                          actor=None, received_on: dt.date | None = None) -> ReviewRequest:
    """A review request; from the portal `actor` is None (a member of the public)."""
    if actor is not None:
        checks.require(actor.congress_id == congress.pk and actor.role in ("office", "committee"),
                 "您没有登记审查建议的权限。")
    data = {"requester_name": requester_name, "contact": contact, "document_title": document_title,
            "document_number": document_number, "issuer": issuer, "reasons": reasons}
    data = {k: checks.clean(v) for k, v in data.items()}
    errors = {}
    for name, label in (("requester_name", "姓名或名称"), ("contact", "联系方式"), ("document_title", "文件名称"),
                        ("reasons", "审查建议的理由")):
        if not data[name]:
            errors[name] = f"请填写{label}。"
    for name, limit in REQUEST_LIMITS.items():
        if len(data[name]) > limit:
            errors[name] = f"不得超过 {limit} 个字。"
    if data["reasons"] and len(data["reasons"]) < 10 and "reasons" not in errors:
        errors["reasons"] = "请具体说明认为该文件存在的问题（不少于 10 个字）。"
    if requester_kind not in RequesterKind.values:
        errors["requester_kind"] = "请选择提出人类别。"
    if errors:
        raise ValidationError(errors)
    for _ in range(5):
        code = new_tracking_code()
        if not ReviewRequest.objects.filter(tracking_code=code).exists():
            break
    req = ReviewRequest(congress=congress, tracking_code=code, source=source, requester_kind=requester_kind,
                        received_on=received_on or checks.today(), **data)
    req.full_clean()
    req.save()
    audit.record(actor=actor, action="create", obj=req, rule=rules.get("SUP-REVIEW-REQUEST"),
                 after={"tracking_code": code, "source": source, "document_title": req.document_title},
                 note="公众通过门户网站提交审查建议" if actor is None else "登记审查建议")
    return req


def request_transition(*, actor, request: ReviewRequest, action: str, note: str = "", **ctx):
    on = ctx.get("on") or checks.today()
    document = ctx.get("document")
    if document is not None:
        checks.same_congress(request.congress_id, document, "document", "备案文件")
    return REQUEST_WORKFLOW.apply(request, action, actor=actor, note=note, **{**ctx, "on": on})


def request_step(*, actor, obj: ReviewRequest, action: str, document=None, **data):
    """A step taken on the page or through /api/v1/workflow: the document is looked up within the congress."""
    if document is not None:
        document = NormativeDocument.objects.filter(pk=document, congress_id=obj.congress_id).first()
    return request_transition(actor=actor, request=obj, action=action, document=document, **data)
