"""Writes of the legislative plan (立法计划) and its projects."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max

from renda.core import audit, rules
from renda.core.locking import check_version
from renda.core.models import Organization
from renda.legislation import permissions as perms
from renda.legislation.checks import (
    check_scope,
)
from renda.legislation.models import (
    LegislativePlan,
    PlanProject,
    ProjectKind,
)
from renda.legislation.services.common import _same_congress
from renda.legislation.workflow import (
    PLAN_WORKFLOW,
)


# ---- the legislative plan ---------------------------------------------------------------------------------
@transaction.atomic
def plan_create(*, actor, year: int, title: str | None = None) -> LegislativePlan:
    if not perms.can_create_plan(actor):
        raise PermissionDenied("只有办公厅和法制工作机构的工作人员可以拟订立法计划。")
    congress = actor.congress
    if LegislativePlan.objects.filter(congress=congress, year=year).exists():
        raise ValidationError({"year": f"{year} 年的立法计划已经存在。"})
    plan = LegislativePlan(congress=congress, year=year,
                           title=(title or f"{congress.standing_committee_name}{year}年立法计划")[:120])
    plan.full_clean()
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError:
        raise ValidationError({"year": f"{year} 年的立法计划已经存在。"}) from None
    audit.record(actor=actor, action="create", obj=plan, after=audit.snapshot(plan))
    return plan


PROJECT_FIELDS = ["kind", "title", "subject_area", "scope_override", "scope_justification", "drafting_unit",
                  "lead_body", "planned_meeting", "workplan_item", "note"]


def _check_project_refs(plan: LegislativePlan, data: dict[str, Any]) -> None:
    for name in ("drafting_unit", "lead_body", "workplan_item"):
        _same_congress(plan.congress_id, name, data.get(name))
    lead = data.get("lead_body")
    if lead is not None and lead.kind not in Organization.CONGRESS_BODY_KINDS:
        raise ValidationError({"lead_body": "牵头单位须为常委会的专门委员会或者工作机构。"})
    item = data.get("workplan_item")
    if item is not None:
        from renda.workplan.models import Category

        if item.category != Category.LEGISLATION:
            raise ValidationError({"workplan_item": "只能关联“立法”类别的工作要点事项。"})
        if item.plan.year != plan.year:
            raise ValidationError({"workplan_item": f"只能关联 {plan.year} 年工作要点的事项。"})
    if data.get("kind") is not None and data["kind"] not in ProjectKind.values:
        raise ValidationError({"kind": "项目类别不正确。"})


@transaction.atomic
def project_create(*, actor, plan: LegislativePlan, **data) -> PlanProject:
    plan = LegislativePlan.objects.select_for_update().get(pk=plan.pk)
    if not perms.can_edit_plan(actor, plan):
        if perms.can_draft_plan(actor, plan):
            raise rules.violation("LEG-PLAN-FLOW", f"立法计划处于「{plan.get_status_display()}」状态，调整须先启动调整")
        raise PermissionDenied("您没有编辑该立法计划的权限。")
    unknown = set(data) - set(PROJECT_FIELDS)
    if unknown:
        raise ValueError(f"unknown project fields: {sorted(unknown)}")
    _check_project_refs(plan, data)
    data["scope_justification"] = (data.get("scope_justification") or "").strip()
    check_scope(plan.congress_id, data.get("subject_area", ""), bool(data.get("scope_override")),
                data["scope_justification"], what=f"《{data.get('title', '')}》")
    number = (plan.projects.aggregate(m=Max("number"))["m"] or 0) + 1
    project = PlanProject(congress_id=plan.congress_id, plan=plan, number=number, **data)
    project.full_clean()
    project.save()
    audit.record(actor=actor, action="create", obj=project, after=audit.snapshot(project))
    return project


@transaction.atomic
def project_update(*, actor, project: PlanProject, lock_version: int, **data) -> PlanProject:
    locked = PlanProject.objects.select_for_update().select_related("plan").get(pk=project.pk)
    if not perms.can_edit_plan(actor, locked.plan):
        if perms.can_draft_plan(actor, locked.plan):
            raise rules.violation("LEG-PLAN-FLOW", "立法计划已通过，调整项目须先启动调整")
        raise PermissionDenied("您没有编辑该立法计划的权限。")
    check_version(locked, lock_version)
    unknown = set(data) - set(PROJECT_FIELDS)
    if unknown:
        raise ValueError(f"unknown project fields: {sorted(unknown)}")
    _check_project_refs(locked.plan, data)
    before = audit.snapshot(locked)
    for name, value in data.items():
        setattr(locked, name, value)
    locked.scope_justification = (locked.scope_justification or "").strip()
    check_scope(locked.congress_id, locked.subject_area, locked.scope_override, locked.scope_justification,
                what=f"《{locked.title}》")
    locked.full_clean()
    locked.lock_version += 1
    locked.save()
    audit.record(actor=actor, action="update", obj=locked, before=before, after=audit.snapshot(locked))
    return locked


def plan_transition(*, actor, plan: LegislativePlan, action: str, note: str = "", **ctx) -> LegislativePlan:
    return PLAN_WORKFLOW.apply(plan, action, actor=actor, note=note, **ctx)
