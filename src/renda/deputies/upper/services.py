from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from renda.core import rules, thresholds
from renda.core.models import Person, Position
from renda.deputies.immunity.workflow import in_session
from renda.deputies.upper import permissions as perms
from renda.deputies.upper.models import UpperDeputy, UpperDeputyCase
from renda.deputies.upper.workflow import RULE, UPPER_WORKFLOW
from renda.deputies.writes import insert

Kind = UpperDeputyCase.Kind
P = UpperDeputyCase.Proposer
FIELDS = ["kind", "deputy", "candidate", "proposer", "cosigners", "received_on", "reason", "seats", "candidates_count"]


@transaction.atomic
def case_create(*, actor, kind: str, reason: str, proposer: str, deputy: UpperDeputy | None = None,
                candidate: Person | None = None, cosigners: int | None = None, seats: int | None = None,
                candidates_count: int | None = None, received_on: dt.date | None = None) -> UpperDeputyCase:
    if not perms.can_manage(actor):
        raise PermissionDenied("由常委会办公厅登记。")
    day = received_on or timezone.localdate()
    rule = RULE.get(kind, "DEP-UPPER-RECALL")
    if not (reason or "").strip():
        raise rules.violation(rule, "须写明理由" if kind != Kind.RESIGNATION else "辞职须书面提出并写明理由")
    if in_session(actor.congress_id, day):
        raise rules.violation(rule, "人民代表大会举行会议期间由大会办理，常委会在闭会期间办理")
    for obj in (deputy, candidate):
        if obj is not None and obj.congress_id != actor.congress_id:
            raise ValidationError({"deputy": "所选人员不属于本人大。"})
    if kind in (Kind.RECALL, Kind.RESIGNATION) and (deputy is None or deputy.status != UpperDeputy.Status.SERVING):
        raise rules.violation(rule, "须选择在任的由本级人民代表大会选出的上一级人大代表")
    if kind == Kind.RECALL:
        if proposer == P.MEMBERS:
            total = len(Position.standing_committee_ids_on(actor.congress_id, day))
            if not thresholds.at_least_fraction(cosigners or 0, total, 1, 5):
                raise rules.violation(
                    rule, f"联名的组成人员 {cosigners or 0} 人，不足常委会组成人员 {total} 名的五分之一")
        elif proposer != P.CHAIRS:
            raise rules.violation(rule, "闭会期间的罢免案由主任会议或者常委会五分之一以上组成人员联名提出")
    elif kind == Kind.RESIGNATION:
        proposer = P.DEPUTY
    elif kind == Kind.BY_ELECTION:
        proposer = P.OFFICE
        if candidate is None or not seats:
            raise rules.violation(rule, "须登记候选人和应选名额")
        if (candidates_count or 0) < seats:
            raise rules.violation(rule, f"候选人 {candidates_count or 0} 名少于应选名额 {seats} 名")
    case = UpperDeputyCase(congress_id=actor.congress_id, kind=kind, deputy=deputy, candidate=candidate,
                           proposer=proposer, cosigners=cosigners, received_on=day, reason=reason.strip(),
                           seats=seats, candidates_count=candidates_count)
    return insert(case, actor=actor, fields=FIELDS, rule=rules.get(rule))


def case_transition(*, actor, case: UpperDeputyCase, action: str, note: str = "", **data) -> UpperDeputyCase:
    return UPPER_WORKFLOW.apply(case, action, actor=actor, note=note, **data)
