"""States and transitions of the work plan and its items (one mechanism: renda.core.workflow)."""

from __future__ import annotations

from django import forms

from renda.core import rules
from renda.core.workflow import Transition, Workflow, step_date
from renda.workplan import permissions as perms
from renda.workplan.models import ORGAN_CATEGORIES, Category, ItemStatus, PlanStatus, WorkPlan, WorkPlanItem
from renda.workplan.versions import snapshot_version


# ---- guards -------------------------------------------------------------------------------------------
def items_complete(plan: WorkPlan, **_) -> None:
    """Every item has its owners (WP-ITEM-OWNER) and every organ item its organ (WP-ITEM-ORGAN)."""
    items = list(plan.items.select_related("counterpart", "counterpart__parent").exclude(status=ItemStatus.CANCELLED))
    if not items:
        raise rules.violation("WP-ITEM-OWNER", "工作要点还没有任何事项")
    missing = [i for i in items if not (i.category and i.vice_chair_id and i.lead_body_id)]
    if missing:
        numbers = "、".join(str(i.number) for i in missing[:10])
        raise rules.violation("WP-ITEM-OWNER", f"第 {numbers} 项尚未明确分管副主任或牵头工委（办）")
    no_organ = [i for i in items if i.category in ORGAN_CATEGORIES and (not i.counterpart or not i.counterpart.organ())]
    if no_organ:
        numbers = "、".join(str(i.number) for i in no_organ[:10])
        raise rules.violation("WP-ITEM-ORGAN", f"第 {numbers} 项尚未明确报告机关")


def plan_in_force(item: WorkPlanItem, **_) -> None:
    if not item.plan.is_in_force:
        raise rules.violation("WP-ITEM-EXECUTE", "工作要点尚未印发")


def plan_under_revision(item: WorkPlanItem, **_) -> None:
    if item.plan.status != PlanStatus.REVISING:
        raise rules.violation("WP-ITEM-CHANGE", "工作要点不在修订中，不能取消或恢复事项")


def has_result(item: WorkPlanItem, *, result: str = "", **_) -> None:
    minimum = rules.param(item.congress_id, "WP-ITEM-COMPLETE", "min_result_chars")
    if len((result or "").strip()) < minimum:
        raise rules.violation("WP-ITEM-COMPLETE", f"完成情况说明不少于 {minimum} 个字")


# ---- what each step asks for ---------------------------------------------------------------------------------
class IssueForm(forms.Form):
    doc_number = forms.CharField(label="发文字号", required=False, max_length=40,
                                 help_text="如：X人常发〔2026〕3号")


class CompleteForm(forms.Form):
    result = forms.CharField(label="完成情况", max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


# ---- what each step does, inside its transaction ---------------------------------------------------------------
def _issue(plan: WorkPlan, *, actor, note: str = "", **ctx) -> None:
    plan.issued_on = step_date(ctx, "issued_on")
    if ctx.get("doc_number"):
        plan.doc_number = ctx["doc_number"]
    plan.current_version += 1
    snapshot_version(plan=plan, actor=actor, label=note or ("印发" if plan.current_version == 1 else "修订后印发"))


def _complete(item: WorkPlanItem, *, actor, note: str = "", **ctx) -> None:
    item.result = (ctx.get("result") or "").strip()
    item.completed_on = step_date(ctx, "completed_on")


def _reopen(item: WorkPlanItem, **_) -> None:
    item.completed_on = None


PLAN_WORKFLOW = Workflow(
    name="workplan.plan",
    states=PlanStatus,
    transitions=[
        Transition("submit", "提请党组会议研究", (PlanStatus.DRAFTING,), PlanStatus.PARTY_GROUP,
                   rule="WP-PLAN-FLOW", allowed=perms.is_office, guards=(items_complete,)),
        Transition("return", "退回修改", (PlanStatus.PARTY_GROUP,), PlanStatus.DRAFTING,
                   rule="WP-PLAN-FLOW", allowed=perms.is_office_or_leader, needs_note=True, style="secondary",
                   awaited=False),
        Transition("adopt", "主任会议通过", (PlanStatus.PARTY_GROUP,), PlanStatus.ADOPTED,
                   rule="WP-PLAN-FLOW", allowed=perms.is_leader, guards=(items_complete,)),
        Transition("adopt_revision", "主任会议通过修订", (PlanStatus.REVISING,), PlanStatus.ADOPTED,
                   rule="WP-PLAN-REVISE", allowed=perms.is_leader, guards=(items_complete,)),
        Transition("issue", "印发", (PlanStatus.ADOPTED,), PlanStatus.ISSUED,
                   rule="WP-PLAN-FLOW", allowed=perms.is_office, form=IssueForm, effect=_issue,
                   next_hint="工作要点生效，各事项可以启动并填报进展。"),
        Transition("revise", "启动修订", (PlanStatus.ISSUED,), PlanStatus.REVISING,
                   rule="WP-PLAN-REVISE", allowed=perms.is_office_or_leader, needs_note=True, style="secondary",
                   awaited=False),
    ],
)

ITEM_WORKFLOW = Workflow(
    name="workplan.item",
    states=ItemStatus,
    transitions=[
        Transition("start", "启动", (ItemStatus.PLANNED,), ItemStatus.IN_PROGRESS,
                   rule="WP-ITEM-EXECUTE", allowed=perms.can_carry_out_item, guards=(plan_in_force,)),
        Transition("complete", "办结", (ItemStatus.PLANNED, ItemStatus.IN_PROGRESS), ItemStatus.COMPLETED,
                   rule="WP-ITEM-COMPLETE", allowed=perms.can_carry_out_item, guards=(plan_in_force, has_result),
                   form=CompleteForm, effect=_complete),
        Transition("reopen", "重新打开", (ItemStatus.COMPLETED,), ItemStatus.IN_PROGRESS,
                   rule="WP-ITEM-EXECUTE", allowed=perms.is_office, needs_note=True, style="secondary",
                   effect=_reopen, awaited=False),
        Transition("cancel", "取消事项", (ItemStatus.PLANNED, ItemStatus.IN_PROGRESS), ItemStatus.CANCELLED,
                   rule="WP-ITEM-CHANGE", allowed=perms.is_office, guards=(plan_under_revision,),
                   needs_note=True, style="danger", awaited=False),
        Transition("restore", "恢复事项", (ItemStatus.CANCELLED,), ItemStatus.PLANNED,
                   rule="WP-ITEM-CHANGE", allowed=perms.is_office, guards=(plan_under_revision,), style="secondary",
                   awaited=False),
    ],
)

CATEGORY_LABELS = dict(Category.choices)
