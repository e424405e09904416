"""The commitments ledger (承诺事项台账, PR-COMMIT): done or carried to the next year, on its workflow."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction

from renda.core.workflow import or_today
from renda.proposals import permissions as perms
from renda.proposals.locking import UNCHECKED, check_version
from renda.proposals.models import (
    Commitment,
)
from renda.proposals.workflow import COMMITMENT_WORKFLOW

# ---- 承诺事项台账 (PR-COMMIT) ---------------------------------------------------------------------------------
COMMITMENT_FIELDS = ["status", "due_date", "done_on", "note", "year"]
COMMITMENT_CONFLICT = "该承诺事项已被他人更新：请刷新页面，核对最新的落实情况后再提交（您这次提交的内容未保存）。"


def commitment_transition(*, actor, commitment: Commitment, action: str, note: str = "",
                          lock_version=UNCHECKED, **ctx) -> Commitment:
    """A step of the commitment's workflow (done / carry), after checking who takes it and the version read."""
    with transaction.atomic():
        if not perms.can_update_commitment(actor, commitment):
            raise PermissionDenied("只有作出承诺的承办单位可以更新承诺事项。")
        locked = Commitment.objects.select_for_update().get(pk=commitment.pk)
        check_version(locked, lock_version, COMMITMENT_CONFLICT)
        return COMMITMENT_WORKFLOW.apply(locked, action, actor=actor, note=note, **ctx)


def commitment_done(*, actor, commitment: Commitment, done_on: dt.date | None, note: str,
                    today: dt.date | None = None, lock_version=UNCHECKED) -> Commitment:
    """Mark an open commitment done; `lock_version` is the version the unit read."""
    return commitment_transition(actor=actor, commitment=commitment, action="done", note=note, done_on=done_on,
                                 today=or_today(today), lock_version=lock_version)


def commitment_carry(*, actor, commitment: Commitment, due_date: dt.date | None, note: str,
                     today: dt.date | None = None, lock_version=UNCHECKED) -> Commitment:
    """Carry an open commitment to the next year's ledger with a new completion date (跨年度办理); returns the
    next year's row. `lock_version` is the version the unit read."""
    carried = commitment_transition(actor=actor, commitment=commitment, action="carry", note=note,
                                    due_date=due_date, today=or_today(today), lock_version=lock_version)
    return Commitment.objects.get(carried_from=carried)
