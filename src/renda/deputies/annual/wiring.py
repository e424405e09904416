from __future__ import annotations


def register() -> None:
    from django.urls import reverse

    from renda.core import kit
    from renda.deputies.annual import selectors, services
    from renda.deputies.annual.models import DeputyWorkPlan
    from renda.deputies.annual.workflow import PLAN_WORKFLOW

    kit.register(kit.WorkflowObject(
        key="deputies.workplan", model=DeputyWorkPlan, workflow=PLAN_WORKFLOW, loader=selectors.plan_for,
        url=lambda p: reverse("deputies:workplan", args=[p.pk]),
        perform=kit.perform(services, "plan_transition", "plan"),
        queryset=selectors.plans_for, label="年度代表工作计划"))
