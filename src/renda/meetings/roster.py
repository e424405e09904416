"""An approved nomination writes the roster (the approve step's effect; the services re-export it)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from renda.core import audit
from renda.core.documents import format_doc_number
from renda.core.models import Position
from renda.meetings.common import snap as _snap
from renda.meetings.common import term_on
from renda.meetings.models import Appointment, Nomination, NominationKind


def _next_letter_number(nom: Nomination, day: dt.date) -> str:
    prefix = f"{nom.congress.doc_prefix or '人常'}任"
    taken = Nomination.objects.filter(congress_id=nom.congress_id, letter_number__startswith=f"{prefix}〔{day.year}〕")
    n = taken.count() + 1
    while taken.filter(letter_number=format_doc_number(prefix, day.year, n)).exists():
        n += 1
    return format_doc_number(prefix, day.year, n)


def apply_nomination_to_roster(nom: Nomination, *, actor) -> None:
    """An approved nomination writes the roster: posts of the congress's bodies as core Position rows."""
    day = nom.decided_on or timezone.localdate()
    if nom.kind == NominationKind.APPOINT:
        position = None
        if nom.position_role:
            position = Position(
                congress_id=nom.congress_id, person=nom.person, organization=nom.organ, role=nom.position_role,
                term=term_on(nom.congress_id, day), start_date=day, order=50,
            )
            position.full_clean()
            position.save()
            audit.record(actor=actor, action="create", obj=position, after=_snap(position),
                         note=f"依{nom}写入任职记录")
        appt = Appointment(congress_id=nom.congress_id, person=nom.person, organ=nom.organ,
                           post_title=nom.post_title, start_date=day, position=position, nomination=nom)
        appt.full_clean()
        appt.save()
        audit.record(actor=actor, action="appoint", obj=appt, after=_snap(appt))
        if not nom.letter_number:
            nom.letter_number = _next_letter_number(nom, day)
            nom.save(update_fields=["letter_number"])
        return
    ended = []
    if nom.target_id:
        appt = Appointment.objects.select_for_update().get(pk=nom.target_id)
        appt.end_date = max(day, appt.start_date)
        appt.ended_by = nom
        appt.save(update_fields=["end_date", "ended_by"])
        ended.append(appt)
        if appt.position_id:
            Position.objects.filter(pk=appt.position_id, end_date__isnull=True).update(end_date=appt.end_date)
    if nom.target_position_id:
        pos = Position.objects.select_for_update().get(pk=nom.target_position_id)
        pos.end_date = max(day, pos.start_date)
        pos.save(update_fields=["end_date"])
        ended.append(pos)
    for obj in ended:
        audit.record(actor=actor, action="remove", obj=obj, after={"end_date": day, "nomination": nom.pk},
                     note=str(nom))
