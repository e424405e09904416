"""All writes of external exchanges: partners, delegations in and out, their meetings and agreements."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from renda.core import audit, rules
from renda.core.locking import UNCHECKED
from renda.core.models import Person
from renda.deputies import permissions as perms
from renda.deputies.models import Agreement, ExchangeMeeting, Partner, Visit, VisitStatus
from renda.deputies.workflow import VISIT_WORKFLOW
from renda.deputies.writes import locked_for_edit, only_known

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
    only_known(data, PARTNER_FIELDS, "partner")
    partner = Partner(congress_id=actor.congress_id, **data)
    partner.full_clean()
    partner.save()
    audit.record(actor=actor, action="create", obj=partner, after=audit.snapshot(partner, PARTNER_FIELDS))
    return partner


@transaction.atomic
def visit_create(*, actor, members=None, **data) -> Visit:
    _require_office(actor)
    only_known(data, VISIT_FIELDS, "visit")
    for name in ("partner", "leader"):
        if data.get(name) is not None and data[name].congress_id != actor.congress_id:
            raise ValidationError({name: "所选对象不属于本人大。"})
    if data.get("start_date") and data.get("end_date") and data["end_date"] < data["start_date"]:
        raise ValidationError({"end_date": "结束日期不能早于开始日期。"})
    visit = Visit(congress_id=actor.congress_id, **data)
    visit.full_clean()
    visit.save()
    visit.members.set(_people(actor.congress_id, members))
    snap = audit.snapshot(visit, VISIT_FIELDS)
    snap["members"] = sorted(p.pk for p in visit.members.all())
    audit.record(actor=actor, action="create", obj=visit, after=snap)
    return visit


@transaction.atomic
def visit_update(*, actor, visit: Visit, lock_version=UNCHECKED, members=None, **data) -> Visit:
    locked = locked_for_edit(Visit, visit, actor=actor, lock_version=lock_version,
                             allowed=perms.can_manage_exchanges, refused="对外交流事项由办公厅登记。")
    if locked.status in (VisitStatus.COMPLETED, VisitStatus.CANCELLED):
        raise rules.violation("EXC-FLOW", f"团组{locked.get_status_display()}，不能修改")
    only_known(data, VISIT_FIELDS, "visit")
    before = audit.snapshot(locked, VISIT_FIELDS)
    for name, value in data.items():
        setattr(locked, name, value)
    if locked.end_date < locked.start_date:
        raise ValidationError({"end_date": "结束日期不能早于开始日期。"})
    locked.full_clean()
    locked.lock_version += 1
    locked.save()
    if members is not None:
        locked.members.set(_people(locked.congress_id, members))
    audit.record(actor=actor, action="update", obj=locked, before=before, after=audit.snapshot(locked, VISIT_FIELDS))
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
    agreement.full_clean()
    agreement.save()
    audit.record(actor=actor, action="create", obj=agreement,
                 after=audit.snapshot(agreement, ["partner", "visit", "kind", "title", "signed_on"]))
    return agreement
