"""What 工作要点 offers the platform: its menu area, its home panel, the owners of its attachments, its workflows on the
kit, its search sources and its seed data. Registered once every app's models are loaded
(renda.core.appconfig.ModuleConfig calls register())."""

from __future__ import annotations

from renda.core import kit, wiring
from renda.core.roles import Role
from renda.workplan import selectors, services
from renda.workplan.models import WorkPlan, WorkPlanItem
from renda.workplan.seed import generate
from renda.workplan.workflow import ITEM_WORKFLOW, PLAN_WORKFLOW


def register() -> None:
    wiring.area("workplan", url_name="workplan:index", roles=set(Role.values))
    wiring.home_panel(selectors.home_panel, order=10)
    wiring.owner("workplan.workplanitem", selectors.item_for)
    wiring.seed("workplan", generate, order=10)
    wiring.workflow_object(
        "workplan.plan", WorkPlan, PLAN_WORKFLOW, selectors.plan_for, page="workplan:plan",
        perform=kit.perform(services, "plan_transition", "plan"), queryset=selectors.plans_for, label="工作要点")
    wiring.workflow_object(
        "workplan.item", WorkPlanItem, ITEM_WORKFLOW, selectors.item_for, page="workplan:item",
        perform=kit.perform(services, "item_transition", "item"),
        queryset=lambda user: selectors.items_for(user).select_related("plan"),
        due=lambda item: item.due_date, label="工作要点事项")
    wiring.search_source(
        "workplan.item", "工作要点事项", WorkPlanItem, page="workplan:item", title=lambda i: i.title,
        text=lambda i: f"{i.description or ''} {i.result or ''}", year=lambda i: i.plan.year,
        visible=lambda user: selectors.items_for(user))
    wiring.search_source(
        "workplan.plan", "工作要点", WorkPlan, page="workplan:plan", title=lambda p: p.title,
        year=lambda p: p.year, visible=selectors.plans_for)
