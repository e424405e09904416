from __future__ import annotations


def register() -> None:
    from django.urls import reverse

    from renda.core import kit
    from renda.deputies.upper import selectors, services
    from renda.deputies.upper.models import UpperDeputyCase
    from renda.deputies.upper.workflow import UPPER_WORKFLOW

    kit.register(kit.WorkflowObject(
        key="deputies.uppercase", model=UpperDeputyCase, workflow=UPPER_WORKFLOW, loader=selectors.case_for,
        url=lambda c: reverse("deputies:upper_case", args=[c.pk]),
        perform=kit.perform(services, "case_transition", "case"),
        queryset=selectors.cases_for, label="上一级人大代表的罢免、辞职和补选"))

    from renda.demo.registry import register_demo
    from renda.deputies.upper.demo import load

    register_demo("deputies.statutory", load, order=65)
