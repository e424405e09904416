from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from renda.core import rules
from renda.core.locking import UNCHECKED, locked_for_edit
from renda.deputies.annual import permissions as perms
from renda.deputies.annual.models import DeputyWorkPlan, PlanStatus
from renda.deputies.annual.workflow import PLAN_WORKFLOW
from renda.deputies.writes import insert, save_edit

FIELDS = ["year", "title", "content"]
REFUSED = "年度代表工作计划由办公厅起草。"


@transaction.atomic
def plan_create(*, actor, year: int, title: str, content: str) -> DeputyWorkPlan:
    if not perms.can_manage(actor):
        raise PermissionDenied(REFUSED)
    if DeputyWorkPlan.objects.filter(congress_id=actor.congress_id, year=year).exists():
        raise ValidationError({"year": f"{year}年度的代表工作计划已经登记。"})
    return insert(DeputyWorkPlan(congress_id=actor.congress_id, year=year, title=(title or "").strip(),
                                 content=(content or "").strip()), actor=actor, fields=FIELDS)


@transaction.atomic
def plan_update(*, actor, plan: DeputyWorkPlan, lock_version=UNCHECKED, **data) -> DeputyWorkPlan:
    locked = locked_for_edit(DeputyWorkPlan, plan, actor=actor, lock_version=lock_version,
                             allowed=perms.can_manage, refused=REFUSED)
    if locked.status != PlanStatus.DRAFT:
        raise rules.violation("DEP-WORK-PLAN", "计划已经主任会议通过，不能修改")
    return save_edit(locked, {name: (data[name] or "").strip() for name in ("title", "content") if name in data},
                     actor=actor, fields=FIELDS)


def plan_transition(*, actor, plan: DeputyWorkPlan, action: str, note: str = "", **data) -> DeputyWorkPlan:
    return PLAN_WORKFLOW.apply(plan, action, actor=actor, note=note, **data)
