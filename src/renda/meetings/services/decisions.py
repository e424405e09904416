"""Decisions and resolutions (决定、决议)."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.db import transaction

from renda.core import rules
from renda.core.models import Organization
from renda.core.roles import Role
from renda.meetings import permissions as perms
from renda.meetings.common import same_congress as _same_congress
from renda.meetings.models import (
    Decision,
    DecisionKind,
    DecisionStatus,
)
from renda.meetings.services._update import known_fields, locked_for_edit, save_new, save_update
from renda.meetings.workflow import (
    DECISION_WORKFLOW,
)

log = logging.getLogger(__name__)


# ---- decisions ------------------------------------------------------------------------------------------
DECISION_FIELDS = ["kind", "title", "text", "proposer", "drafting_body"]


@transaction.atomic
def decision_create(*, actor, title: str, text: str, kind: str = DecisionKind.DECISION,
                    proposer: Organization | None = None, drafting_body: Organization | None = None) -> Decision:
    if not perms.can_create_decision(actor):
        raise PermissionDenied("您没有起草决定、决议的权限。")
    congress_id = actor.congress_id
    _same_congress(congress_id, proposer, "proposer", "提请机关")
    _same_congress(congress_id, drafting_body, "drafting_body", "起草机构")
    if drafting_body is None and actor.role == Role.COMMITTEE:
        drafting_body = actor.organization
    dec = Decision(congress_id=congress_id, kind=kind, title=(title or "").strip(), text=(text or "").strip(),
                   proposer=proposer, drafting_body=drafting_body, created_by=actor)
    return save_new(dec, actor=actor)


@transaction.atomic
def decision_update(*, actor, decision: Decision, lock_version: int, **data) -> Decision:
    locked = locked_for_edit(Decision, decision, actor=actor, lock_version=lock_version,
                             can_edit=perms.can_edit_decision, rule="DEC-FLOW", what="草案")
    known_fields(data, DECISION_FIELDS, "decision")
    _same_congress(locked.congress_id, data.get("proposer"), "proposer", "提请机关")
    _same_congress(locked.congress_id, data.get("drafting_body"), "drafting_body", "起草机构")
    return save_update(actor=actor, locked=locked, data=data)


def decision_transition(*, actor, decision: Decision, action: str, note: str = "", **ctx) -> Decision:
    return DECISION_WORKFLOW.apply(decision, action, actor=actor, note=note, **ctx)


def decision_may_be_voted(dec: Decision) -> None:
    if dec.status != DecisionStatus.SUBMITTED:
        raise rules.violation("DEC-FLOW", f"草案处于「{dec.get_status_display()}」状态，不能提请表决")
