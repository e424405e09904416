"""open ─登记办结→ done. A duty is awaited (a to-do in the inbox with its due date) until recorded done."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from renda.core import rules
from renda.core.workflow import Transition, Workflow, or_today, step_date_field
from renda.meetings.appointment_duties import permissions as perms
from renda.meetings.appointment_duties.models import AppointmentDuty, DutyStatus
from renda.meetings.models import Nomination, NominationKind, Nominator

RULE_OF = {
    AppointmentDuty.Kind.NEW_GOVERNMENT: "APPT-NEW-GOV",
    AppointmentDuty.Kind.ACTING_PROCURATOR: "APPT-FILING",
    AppointmentDuty.Kind.RESIGNATION: "APPT-FILING",
}


class DoneForm(forms.Form):
    done_on = step_date_field("办结日期")
    done_ref = forms.CharField(label="报送文件或者提请情况", max_length=200,
                               help_text="如：已报上一级人民检察院和人大常委会备案（文号）；已在第X次会议上报告。")


def done_properly(duty: AppointmentDuty, *, done_on=None, done_ref: str = "", **_) -> None:
    day = or_today(done_on)
    rule = RULE_OF[duty.kind]
    if day > timezone.localdate():
        raise rules.violation(rule, "办结日期不能晚于今天")
    if day < duty.occurred_on:
        raise rules.violation(rule, "办结日期不能早于起算日期")
    if not (done_ref or "").strip():
        raise rules.violation(rule, "须登记报送文件或者提请情况")
    if duty.kind == AppointmentDuty.Kind.NEW_GOVERNMENT:
        received = Nomination.objects.filter(
            congress_id=duty.congress_id, kind=NominationKind.APPOINT, nominator=Nominator.MAYOR,
            received_on__gte=duty.occurred_on, received_on__lte=day).count()
        if not received:
            raise rules.violation("APPT-NEW-GOV", "起算日期以来尚未收到市长提请任命的任免案")


def _done(duty: AppointmentDuty, *, done_on=None, done_ref: str = "", **_) -> None:
    duty.done_on = or_today(done_on)
    duty.done_ref = done_ref.strip()[:200]


DUTY_WORKFLOW = Workflow(
    name="meetings.appointmentduty",
    states=DutyStatus,
    transitions=[
        Transition("done", "登记办结", (DutyStatus.OPEN,), DutyStatus.DONE, rule="APPT-FILING",
                   allowed=perms.can_manage, guards=(done_properly,), form=DoneForm, effect=_done,
                   next_hint="办结晚于期限的，记录中标为逾期。"),
    ],
)
