"""Law-book endpoints of /api/v1 (thin: selectors read, services write). The clean-up campaign's steps go through
the kit's `POST /api/v1/workflow/lawbook.campaign/{id}/{action}`."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from ninja import Field, Query, Router, Schema

from renda.core.params import ApiDate
from renda.core.schemas import Id
from renda.lawbook import permissions as perms
from renda.lawbook import selectors, services
from renda.lawbook.models import CleanupDecision, RegulationStatus
from renda.lawbook.workflow import CAMPAIGN_WORKFLOW

router = Router(tags=["法规库"])


class LawbookRegulationOut(Schema):
    id: int
    title: str
    kind: str
    kind_label: str
    number: str
    status: str
    status_label: str


class LawbookEventOut(Schema):
    kind: str
    kind_label: str
    date: dt.date
    ref: str


class LawbookRegulationDetailOut(LawbookRegulationOut):
    events: list[LawbookEventOut]


class LawbookTextOut(Schema):
    regulation_id: int
    date: dt.date
    in_force: bool
    effective_from: dt.date | None = None
    effective_to: dt.date | None = None
    text: str = ""


class LawbookTextQuery(Schema):
    date: ApiDate | None = None


class LawbookListQuery(Schema):
    status: RegulationStatus | None = None


class LawbookItemOut(Schema):
    id: int
    regulation_id: int
    regulation: str
    committee: str
    decision: str
    decision_label: str
    reason: str
    lock_version: int


class LawbookActionOut(Schema):
    action: str
    label: str
    rule: str


class LawbookCampaignOut(Schema):
    id: int
    title: str
    year: int
    status: str
    status_label: str
    lock_version: int
    items: list[LawbookItemOut]
    actions: list[LawbookActionOut]


class LawbookDecisionIn(Schema):
    decision: CleanupDecision
    reason: str = Field(min_length=1, max_length=4000)
    proposed_text: str = Field("", max_length=400_000)
    lock_version: int = Field(..., ge=0, le=2_147_483_647)


def _reader(request):
    if not perms.can_read_lawbook(request.auth):
        raise PermissionDenied("法规库仅供本级人大常委会工作人员和组成人员使用。")


def _reg(r) -> dict:
    return {"id": r.pk, "title": r.title, "kind": r.kind, "kind_label": r.get_kind_display(), "number": r.number,
            "status": r.status, "status_label": r.get_status_display()}


@router.get("/regulations", response=list[LawbookRegulationOut])
def regulation_list(request, q: Query[LawbookListQuery]):
    _reader(request)
    return [_reg(r) for r in selectors.regulation_list(request.auth, status=q.status or "")[:500]]


@router.get("/regulations/{pk}", response=LawbookRegulationDetailOut)
def regulation_detail(request, pk: Id):
    reg = selectors.regulation_for(request.auth, pk)
    events = [{"kind": e.kind, "kind_label": e.get_kind_display(), "date": e.date, "ref": e.ref}
              for e in selectors.events_of(reg)]
    return {**_reg(reg), "events": events}


@router.get("/regulations/{pk}/text", response=LawbookTextOut)
def regulation_text(request, pk: Id, q: Query[LawbookTextQuery]):
    reg = selectors.regulation_for(request.auth, pk)
    day = q.date or selectors.today()
    v = selectors.text_at(reg, day)
    if v is None:
        return {"regulation_id": reg.pk, "date": day, "in_force": False}
    return {"regulation_id": reg.pk, "date": day, "in_force": True, "effective_from": v.effective_from,
            "effective_to": v.effective_to, "text": v.text}


def _campaign(user, c) -> dict:
    items = [{"id": i.pk, "regulation_id": i.regulation_id, "regulation": i.regulation.title,
              "committee": i.committee.name if i.committee_id else "", "decision": i.decision,
              "decision_label": i.get_decision_display() if i.decision else "未提出", "reason": i.reason,
              "lock_version": i.lock_version} for i in selectors.items_of(c)]
    actions = [{"action": t.action, "label": t.label, "rule": t.rule}
               for t in CAMPAIGN_WORKFLOW.allowed_actions(user, c)]
    return {"id": c.pk, "title": c.title, "year": c.year, "status": c.status, "status_label": c.get_status_display(),
            "lock_version": c.lock_version, "items": items, "actions": actions}


@router.get("/campaigns", response=list[LawbookCampaignOut])
def campaign_list(request):
    return [_campaign(request.auth, c) for c in selectors.campaigns_for(request.auth)[:100]]


@router.get("/campaigns/{pk}", response=LawbookCampaignOut)
def campaign_detail(request, pk: Id):
    return _campaign(request.auth, selectors.campaign_for(request.auth, pk))


@router.post("/campaign-items/{pk}/decision", response=LawbookItemOut)
def item_decision(request, pk: Id, body: LawbookDecisionIn):
    item = selectors.item_for(request.auth, pk)
    item = services.item_decide(actor=request.auth, item=item, decision=body.decision, reason=body.reason,
                                proposed_text=body.proposed_text, seen=body.lock_version)
    return {"id": item.pk, "regulation_id": item.regulation_id, "regulation": item.regulation.title,
            "committee": item.committee.name if item.committee_id else "", "decision": item.decision,
            "decision_label": item.get_decision_display(), "reason": item.reason, "lock_version": item.lock_version}
