"""All writes of external exchanges: partners, delegations in and out, their meetings and agreements."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from renda.core import audit, rules
from renda.core.locking import UNCHECKED, locked_for_edit
from renda.core.models import Person
from renda.core.writes import known_fields, save_new
from renda.deputies import permissions as perms
from renda.deputies.models import Agreement, ExchangeMeeting, Partner, Visit, VisitStatus
from renda.deputies.workflow import VISIT_WORKFLOW
from renda.deputies.writes import insert, save_edit

PARTNER_FIELDS = ["kind", "name", "country", "established_on", "notes", "active"]
VISIT_FIELDS = ["direction", "partner", "title", "purpose", "start_date", "end_date", "place", "leader", "visitors"]


def _require_office(actor) -> None:
    if not perms.can_manage_exchanges(actor):
        raise PermissionDenied("对外交流事项由办公厅登记。")


def _people(congress_id: int, people) -> list[Person]:
    people = list(people or [])
    if any(p.congress_id != congress_id for p in people):
        raise ValidationError({"members": "人员不属于本人大。"})
    return people


@transaction.atomic
def partner_create(*, actor, **data) -> Partner:
    _require_office(actor)
    known_fields(data, PARTNER_FIELDS, "partner")
    return insert(Partner(congress_id=actor.congress_id, **data), actor=actor, fields=PARTNER_FIELDS)


@transaction.atomic
def visit_create(*, actor, members=None, **data) -> Visit:
    _require_office(actor)
    known_fields(data, VISIT_FIELDS, "visit")
    for name in ("partner", "leader"):
        if data.get(name) is not None and data[name].congress_id != actor.congress_id:
            raise ValidationError({name: "所选对象不属于本人大。"})
    if data.get("start_date") and data.get("end_date") and data["end_date"] < data["start_date"]:
        raise ValidationError({"end_date": "结束日期不能早于开始日期。"})
    return insert(Visit(congress_id=actor.congress_id, **data), actor=actor, fields=VISIT_FIELDS, m2m="members",
                  related=lambda: _people(actor.congress_id, members))


def _dates_in_order(visit: Visit) -> None:
    if visit.end_date < visit.start_date:
        raise ValidationError({"end_date": "结束日期不能早于开始日期。"})


@transaction.atomic
def visit_update(*, actor, visit: Visit, lock_version=UNCHECKED, members=None, **data) -> Visit:
    locked = locked_for_edit(Visit, visit, actor=actor, lock_version=lock_version,
                             allowed=perms.can_manage_exchanges, refused="对外交流事项由办公厅登记。")
    if locked.status in (VisitStatus.COMPLETED, VisitStatus.CANCELLED):
        raise rules.violation("EXC-FLOW", f"团组{locked.get_status_display()}，不能修改")
    known_fields(data, VISIT_FIELDS, "visit")
    save_edit(locked, data, actor=actor, fields=VISIT_FIELDS, check=_dates_in_order)
    if members is not None:  # the delegation's members are not in its audit entry
        locked.members.set(_people(locked.congress_id, members))
    return locked


def visit_transition(*, actor, visit: Visit, action: str, note: str = "", **ctx) -> Visit:
    return VISIT_WORKFLOW.apply(visit, action, actor=actor, note=note, **ctx)


def _check_in_visit(visit: Visit, day: dt.date) -> None:
    if visit.status == VisitStatus.CANCELLED:
        raise rules.violation("EXC-FLOW", "团组已取消")
    if not (visit.start_date <= day <= visit.end_date):
        raise ValidationError({"date": "日期须在团组活动期间内。"})


@transaction.atomic
def meeting_add(*, actor, visit: Visit, date: dt.date, counterpart: str, topics: str = "") -> ExchangeMeeting:
    if not perms.can_manage_exchanges(actor, visit):
        raise PermissionDenied("对外交流事项由办公厅登记。")
    _check_in_visit(visit, date)
    meeting = ExchangeMeeting(congress_id=visit.congress_id, visit=visit, date=date,
                              counterpart=(counterpart or "").strip(), topics=(topics or "").strip())
    meeting.full_clean()
    meeting.save()
    audit.record(actor=actor, action="meeting", obj=visit, after={"date": date, "counterpart": meeting.counterpart})
    return meeting


@transaction.atomic
def agreement_add(*, actor, partner: Partner, kind: str, title: str, signed_on: dt.date,
                  visit: Visit | None = None, signatories: str = "") -> Agreement:
    if not perms.can_manage_exchanges(actor, partner):
        raise PermissionDenied("对外交流事项由办公厅登记。")
    if visit is not None:
        if visit.congress_id != partner.congress_id:
            raise ValidationError({"visit": "团组不属于本人大。"})
        _check_in_visit(visit, signed_on)
    agreement = Agreement(congress_id=partner.congress_id, partner=partner, visit=visit, kind=kind,
                          title=(title or "").strip(), signed_on=signed_on, signatories=signatories)
    return save_new(agreement, actor=actor,
                    snap=lambda row: audit.snapshot(row, ["partner", "visit", "kind", "title", "signed_on"]))
