"""What 许可申请和拘留报告 offers the platform: its workflow on the kit (buttons, endpoint, API, inbox). Registered by the
deputies app's own wiring (renda.deputies.wiring.register())."""

from __future__ import annotations

from renda.core import kit, wiring
from renda.deputies.immunity import selectors, services
from renda.deputies.immunity.models import ImmunityCase
from renda.deputies.immunity.workflow import IMMUNITY_WORKFLOW


def register() -> None:
    wiring.workflow_object(
        "deputies.immunity", ImmunityCase, IMMUNITY_WORKFLOW, selectors.case_for, page="deputies:immunity_case",
        perform=kit.perform(services, "case_transition", "case"),
        queryset=selectors.cases_for, due=lambda c: c.received_on, label="许可申请和拘留报告")
