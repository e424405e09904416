"""Writes of the legislative plan (立法计划) and its projects."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max

from renda.core import audit, rules
from renda.core.locking import check_version
from renda.core.models import Organization
from renda.core.writes import known_fields, save_new, save_update
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
from renda.workplan.models import Category


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
    return save_new(plan, actor=actor, duplicate=lambda: ValidationError({"year": f"{year} 年的立法计划已经存在。"}))


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
    known_fields(data, PROJECT_FIELDS, "project")
    _check_project_refs(plan, data)
    data["scope_justification"] = (data.get("scope_justification") or "").strip()
    check_scope(plan.congress_id, data.get("subject_area", ""), bool(data.get("scope_override")),
                data["scope_justification"], what=f"《{data.get('title', '')}》")
    number = (plan.projects.aggregate(m=Max("number"))["m"] or 0) + 1
    project = PlanProject(congress_id=plan.congress_id, plan=plan, number=number, **data)
    return save_new(project, actor=actor)


@transaction.atomic
def project_update(*, actor, project: PlanProject, lock_version: int, **data) -> PlanProject:
    locked = PlanProject.objects.select_for_update().select_related("plan").get(pk=project.pk)
    if not perms.can_edit_plan(actor, locked.plan):
        if perms.can_draft_plan(actor, locked.plan):
            raise rules.violation("LEG-PLAN-FLOW", "立法计划已通过，调整项目须先启动调整")
        raise PermissionDenied("您没有编辑该立法计划的权限。")
    check_version(locked, lock_version)
    known_fields(data, PROJECT_FIELDS, "project")
    _check_project_refs(locked.plan, data)
    return save_update(locked, data, actor=actor, snap=audit.snapshot, check=_check_project_scope)


def _check_project_scope(project: PlanProject) -> None:
    """The project's subject must be within the congress's legislative power, or the override justified."""
    project.scope_justification = (project.scope_justification or "").strip()
    check_scope(project.congress_id, project.subject_area, project.scope_override, project.scope_justification,
                what=f"《{project.title}》")


def plan_transition(*, actor, plan: LegislativePlan, action: str, note: str = "", **ctx) -> LegislativePlan:
    return PLAN_WORKFLOW.apply(plan, action, actor=actor, note=note, **ctx)
