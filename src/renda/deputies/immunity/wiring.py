"""What the deputies app registers for this sub-package in `ready()`: the kit object (buttons, endpoint, API, inbox)."""

from __future__ import annotations


def register() -> None:
    from django.urls import reverse

    from renda.core import kit
    from renda.deputies.immunity import selectors, services
    from renda.deputies.immunity.models import ImmunityCase
    from renda.deputies.immunity.workflow import IMMUNITY_WORKFLOW

    kit.register(kit.WorkflowObject(
        key="deputies.immunity", model=ImmunityCase, workflow=IMMUNITY_WORKFLOW, loader=selectors.case_for,
        url=lambda c: reverse("deputies:immunity_case", args=[c.pk]),
        perform=kit.perform(services, "case_transition", "case"),
        queryset=selectors.cases_for, due=lambda c: c.received_on, label="许可申请和拘留报告"))
