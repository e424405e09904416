from django.apps import AppConfig


class WorkplanConfig(AppConfig):
    name = "renda.workplan"
    label = "workplan"
    verbose_name = "工作要点"

    def ready(self) -> None:
        from renda.core.registry import register_area, register_home_panel
        from renda.core.roles import Role
        from renda.workplan import selectors

        register_area("workplan", url_name="workplan:index", roles=set(Role.values))
        register_home_panel(selectors.home_panel, order=10)
        from renda.core.attachments import register_owner

        register_owner("workplan.workplanitem", selectors.item_for)
        from renda.core.seeding import register_seed
        from renda.workplan.seed import generate

        register_seed("workplan", generate, order=10)

        from django.urls import reverse

        from renda.core import kit
        from renda.workplan import services
        from renda.workplan.models import WorkPlan, WorkPlanItem
        from renda.workplan.workflow import ITEM_WORKFLOW, PLAN_WORKFLOW

        kit.register(kit.WorkflowObject(
            key="workplan.plan", model=WorkPlan, workflow=PLAN_WORKFLOW, loader=selectors.plan_for,
            url=lambda plan: reverse("workplan:plan", args=[plan.pk]),
            perform=kit.perform(services, "plan_transition", "plan"),
            queryset=selectors.plans_for, label="工作要点"))
        kit.register(kit.WorkflowObject(
            key="workplan.item", model=WorkPlanItem, workflow=ITEM_WORKFLOW, loader=selectors.item_for,
            url=lambda item: reverse("workplan:item", args=[item.pk]),
            perform=kit.perform(services, "item_transition", "item"),
            queryset=lambda user: selectors.items_for(user).select_related("plan"),
            due=lambda item: item.due_date, label="工作要点事项"))

        from renda.core import search

        search.register(search.Source(
            kind="workplan.item", label="工作要点事项", model=WorkPlanItem,
            title=lambda i: i.title, text=lambda i: f"{i.description or ''} {i.result or ''}",
            year=lambda i: i.plan.year, url=lambda i: reverse("workplan:item", args=[i.pk]),
            visible=lambda user: selectors.items_for(user)))
        search.register(search.Source(
            kind="workplan.plan", label="工作要点", model=WorkPlan, title=lambda p: p.title, year=lambda p: p.year,
            url=lambda p: reverse("workplan:plan", args=[p.pk]), visible=selectors.plans_for))
