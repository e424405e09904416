"""What 年度代表工作计划 offers the platform: its workflow on the kit (buttons, endpoint, API, inbox). Registered by the
deputies app's own wiring (renda.deputies.wiring.register())."""

from __future__ import annotations

from renda.core import kit, wiring
from renda.deputies.annual import selectors, services
from renda.deputies.annual.models import DeputyWorkPlan
from renda.deputies.annual.workflow import PLAN_WORKFLOW


def register() -> None:
    wiring.workflow_object(
        "deputies.workplan", DeputyWorkPlan, PLAN_WORKFLOW, selectors.plan_for, page="deputies:workplan",
        perform=kit.perform(services, "plan_transition", "plan"), queryset=selectors.plans_for, label="年度代表工作计划")
