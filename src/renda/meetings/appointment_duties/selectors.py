from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from renda.meetings.appointment_duties import permissions as perms
from renda.meetings.appointment_duties.models import AppointmentDuty


def duties_for(user) -> QuerySet[AppointmentDuty]:
    q = perms.duty_filter(user)
    if q is None:
        return AppointmentDuty.objects.none()
    return AppointmentDuty.objects.filter(q).select_related("nomination")


def duty_for(user, pk: int) -> AppointmentDuty:
    duty = duties_for(user).filter(pk=pk).first()
    if duty is None:
        raise Http404("没有找到该事项。")
    return duty
