"""Writes: a request for permission or a detention report received by the office; its steps through the workflow."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from renda.core import rules
from renda.deputies.immunity import permissions as perms
from renda.deputies.immunity.models import ImmunityCase
from renda.deputies.immunity.workflow import IMMUNITY_WORKFLOW, in_session
from renda.deputies.models import Deputy
from renda.deputies.writes import insert

FIELDS = ["kind", "deputy", "organ_kind", "organ", "received_on", "detained_on", "facts"]


@transaction.atomic
def case_create(*, actor, kind: str, deputy: Deputy, organ_kind: str, organ: str, facts: str,
                received_on: dt.date | None = None, detained_on: dt.date | None = None) -> ImmunityCase:
    if not perms.can_manage(actor):
        raise PermissionDenied("许可申请和拘留报告由办公厅登记。")
    if deputy.congress_id != actor.congress_id:
        raise ValidationError({"deputy": "该代表不是本级人民代表大会代表。"})
    received_on = received_on or timezone.localdate()
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": "收到日期不能晚于今天。"})
    if not deputy.is_active:
        raise rules.violation("DEP-IMMUNITY", f"该代表当前状态为「{deputy.get_status_display()}」，不是在任代表")
    if kind == ImmunityCase.Kind.DETENTION:
        if detained_on is None:
            raise ValidationError({"detained_on": "现行犯被拘留的报告须填写拘留日期。"})
        if detained_on > received_on:
            raise ValidationError({"detained_on": "拘留日期不能晚于收到报告的日期。"})
    else:
        detained_on = None
        if in_session(actor.congress_id, received_on):
            raise rules.violation("DEP-IMMUNITY", "人民代表大会举行会议期间，提请许可由大会主席团受理，常委会不受理")
    case = ImmunityCase(congress_id=actor.congress_id, kind=kind, deputy=deputy, organ_kind=organ_kind,
                        organ=(organ or "").strip(), received_on=received_on, detained_on=detained_on,
                        facts=(facts or "").strip())
    return insert(case, actor=actor, fields=FIELDS,
                  rule=rules.get("DEP-DETENTION-REPORT" if kind == ImmunityCase.Kind.DETENTION else "DEP-IMMUNITY"))


def case_transition(*, actor, case: ImmunityCase, action: str, note: str = "", **data) -> ImmunityCase:
    return IMMUNITY_WORKFLOW.apply(case, action, actor=actor, note=note, **data)
