from __future__ import annotations

from django.db.models import QuerySet

from renda.core.selectors import one_or_404, visible
from renda.meetings.appointment_duties import permissions as perms
from renda.meetings.appointment_duties.models import AppointmentDuty


def duties_for(user) -> QuerySet[AppointmentDuty]:
    return visible(AppointmentDuty, perms.duty_filter(user)).select_related("nomination")


def duty_for(user, pk: int) -> AppointmentDuty:
    return one_or_404(duties_for(user), pk, "没有找到该事项。")
