"""What 任免法定时限和备案事项 offers the platform: its workflow on the kit (buttons, endpoint, API, inbox) and its demo data.
Registered by the meetings app's own wiring (renda.meetings.wiring.register())."""

from __future__ import annotations

from renda.core import kit, wiring
from renda.meetings.appointment_duties import demo, selectors, services
from renda.meetings.appointment_duties.models import AppointmentDuty
from renda.meetings.appointment_duties.workflow import DUTY_WORKFLOW


def register() -> None:
    wiring.workflow_object(
        "meetings.appointmentduty", AppointmentDuty, DUTY_WORKFLOW, selectors.duty_for, page="meetings:duty",
        perform=kit.perform(services, "duty_transition", "duty"),
        queryset=selectors.duties_for, due=services.due_of, label="任免时限和备案")
    wiring.demo("meetings.duties", demo.load, order=25)
