from __future__ import annotations


def register() -> None:
    from django.urls import reverse

    from renda.core import kit
    from renda.meetings.appointment_duties import (
        selectors,
        services,
    )
    from renda.meetings.appointment_duties.models import AppointmentDuty
    from renda.meetings.appointment_duties.workflow import DUTY_WORKFLOW

    kit.register(kit.WorkflowObject(
        key="meetings.appointmentduty", model=AppointmentDuty, workflow=DUTY_WORKFLOW, loader=selectors.duty_for,
        url=lambda d: reverse("meetings:duty", args=[d.pk]),
        perform=kit.perform(services, "duty_transition", "duty"),
        queryset=selectors.duties_for, due=services.due_of, label="任免时限和备案"))

    from renda.demo.registry import register_demo
    from renda.meetings.appointment_duties.demo import load

    register_demo("meetings.duties", load, order=25)
