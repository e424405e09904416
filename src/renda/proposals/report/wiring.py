from __future__ import annotations


def register() -> None:
    from django.urls import reverse

    from renda.core import kit
    from renda.proposals.report import selectors, services
    from renda.proposals.report.models import HandlingReport
    from renda.proposals.report.workflow import REPORT_WORKFLOW

    kit.register(kit.WorkflowObject(
        key="proposals.handlingreport", model=HandlingReport, workflow=REPORT_WORKFLOW, loader=selectors.report_for,
        url=lambda r: reverse("proposals:handling_report", args=[r.pk]),
        perform=kit.perform(services, "report_transition", "report"),
        queryset=selectors.reports_for, label="代表建议办理情况报告"))

    from renda.demo.registry import register_demo
    from renda.proposals.report.demo import load

    register_demo("proposals.handling_report", load, order=75)
