"""What 上一级人大代表的罢免、辞职和补选 offers the platform: its workflow on the kit (buttons, endpoint, API, inbox) and its demo data.
Registered by the deputies app's own wiring (renda.deputies.wiring.register())."""

from __future__ import annotations

from renda.core import kit, wiring
from renda.deputies.upper import demo, selectors, services
from renda.deputies.upper.models import UpperDeputyCase
from renda.deputies.upper.workflow import UPPER_WORKFLOW


def register() -> None:
    wiring.workflow_object(
        "deputies.uppercase", UpperDeputyCase, UPPER_WORKFLOW, selectors.case_for, page="deputies:upper_case",
        perform=kit.perform(services, "case_transition", "case"),
        queryset=selectors.cases_for, label="上一级人大代表的罢免、辞职和补选")
    wiring.demo("deputies.statutory", demo.load, order=65)
