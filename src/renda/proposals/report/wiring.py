"""What 代表建议办理情况报告 offers the platform: its workflow on the kit (buttons, endpoint, API, inbox) and its demo data.
Registered by the proposals app's own wiring (renda.proposals.wiring.register())."""

from __future__ import annotations

from renda.core import kit, wiring
from renda.proposals.report import demo, selectors, services
from renda.proposals.report.models import HandlingReport
from renda.proposals.report.workflow import REPORT_WORKFLOW


def register() -> None:
    wiring.workflow_object(
        "proposals.handlingreport", HandlingReport, REPORT_WORKFLOW, selectors.report_for,
        page="proposals:handling_report", perform=kit.perform(services, "report_transition", "report"),
        queryset=selectors.reports_for, label="代表建议办理情况报告")
    wiring.demo("proposals.handling_report", demo.load, order=75)
