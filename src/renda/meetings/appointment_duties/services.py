"""Opening the duties: the office registers the new government's election; approved nominations open the filings
themselves (a `post_save` of Nomination, whichever path approved it: a vote, the API, the demo)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from renda.core import audit, rules
from renda.core.calendar import calendar_for
from renda.core.models import CongressSession, Organization
from renda.core.writes import save_new
from renda.meetings.appointment_duties import permissions as perms
from renda.meetings.appointment_duties.models import AppointmentDuty
from renda.meetings.appointment_duties.workflow import DUTY_WORKFLOW
from renda.meetings.models import Nomination, NominationKind, NominationStatus

FIELDS = ["kind", "title", "nomination", "occurred_on", "due_on"]
DECIDED = (NominationStatus.APPROVED, NominationStatus.SWORN)


@transaction.atomic
def open_new_government(*, actor, elected_on: dt.date) -> AppointmentDuty:
    """组织法 第七十一条: two months from the election of the new government's leaders."""
    if not perms.can_manage(actor):
        raise PermissionDenied("任免事项由办公厅登记。")
    if elected_on > timezone.localdate():
        raise ValidationError({"elected_on": "选举日期不能晚于今天。"})
    kind = AppointmentDuty.Kind.NEW_GOVERNMENT
    if AppointmentDuty.objects.filter(congress_id=actor.congress_id, kind=kind, occurred_on=elected_on).exists():
        raise ValidationError({"elected_on": "该日期的新一届政府提请任命事项已经登记。"})
    months = int(rules.param(actor.congress_id, "APPT-NEW-GOV", "months"))
    duty = AppointmentDuty(congress_id=actor.congress_id, kind=kind, occurred_on=elected_on,
                           due_on=calendar_for(actor.congress_id).add_months(elected_on, months),
                           title=f"新一届人民政府领导人员{elected_on.year}年{elected_on.month}月{elected_on.day}日"
                                 f"选举产生，{months}个月内提请任命政府组成部门负责人")
    return save_new(duty, actor=actor, snap=lambda row: audit.snapshot(row, FIELDS), rule=rules.get("APPT-NEW-GOV"))


def next_session_start(congress_id: int, after: dt.date) -> dt.date | None:
    return (CongressSession.objects.filter(congress_id=congress_id, start_date__gt=after)
            .order_by("start_date").values_list("start_date", flat=True).first())


def due_of(duty: AppointmentDuty) -> dt.date | None:
    """The due date the inbox shows: an accepted resignation registered before the next session was scheduled is due
    when that session opens."""
    if duty.due_on is None and duty.kind == AppointmentDuty.Kind.RESIGNATION:
        return next_session_start(duty.congress_id, duty.occurred_on)
    return duty.due_on


def is_acting_procurator(nom: Nomination) -> bool:
    return (nom.kind == NominationKind.APPOINT and nom.organ.kind == Organization.Kind.PROCURATORATE
            and "代理检察长" in nom.post_title)


def duty_for_nomination(nom: Nomination) -> AppointmentDuty | None:
    """The filing an approved nomination calls for, opened once (None when it calls for none)."""
    if nom.status not in DECIDED or AppointmentDuty.objects.filter(nomination=nom).exists():
        return None
    day = nom.decided_on or timezone.localdate()
    if nom.kind == NominationKind.RESIGN:
        kind, due = AppointmentDuty.Kind.RESIGNATION, next_session_start(nom.congress_id, day)
        title = f"接受{nom.person}辞去{nom.post_title}职务，报本级人民代表大会备案"
    elif is_acting_procurator(nom):
        days = int(rules.param(nom.congress_id, "APPT-FILING", "working_days"))
        kind, due = AppointmentDuty.Kind.ACTING_PROCURATOR, calendar_for(nom.congress_id).add_working_days(day, days)
        title = f"决定{nom.person}为{nom.post_title}，报上一级人民检察院和人大常委会备案"
    else:
        return None
    duty = AppointmentDuty(congress_id=nom.congress_id, kind=kind, nomination=nom, occurred_on=day, due_on=due,
                           title=title[:200])
    return save_new(duty, actor=None, snap=lambda row: audit.snapshot(row, FIELDS), rule=rules.get("APPT-FILING"),
                    note="任免案通过后登记备案事项")


@receiver(post_save, sender=Nomination, dispatch_uid="meetings.appointment_duties")
def _on_nomination_saved(sender, instance: Nomination, raw: bool = False, **_) -> None:
    if raw or instance.status not in DECIDED:
        return
    if instance.kind == NominationKind.RESIGN or "代理检察长" in (instance.post_title or ""):
        duty_for_nomination(instance)


def duty_transition(*, actor, duty: AppointmentDuty, action: str, note: str = "", **data) -> AppointmentDuty:
    return DUTY_WORKFLOW.apply(duty, action, actor=actor, note=note, **data)
