"""Checks every supervision service makes: references within the congress, the right kind of organ or body,
members of the standing committee on the day, permissions, optimistic locking, clean texts and late notes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from renda.core import locking, rules
from renda.core.errors import ConflictError
from renda.core.models import Organization, Person, Position
from renda.supervision import counting


def same_congress(congress_id: int, obj, field: str, label: str) -> None:
    if obj is not None and obj.congress_id != congress_id:
        raise ValidationError({field: f"{label}不属于本人大。"})


def organ(congress_id: int, org: Organization | None, field: str = "organ", label: str = "报告机关") -> None:
    if org is None:
        raise ValidationError({field: f"请选择{label}。"})
    same_congress(congress_id, org, field, label)
    if not org.is_organ:
        raise ValidationError({field: f"{label}须为本级人民政府、监察委员会、人民法院或者人民检察院。"})


def body(congress_id: int, org: Organization | None, field: str = "lead_body") -> None:
    if org is None:
        raise ValidationError({field: "请选择负责的专门委员会或工作机构。"})
    same_congress(congress_id, org, field, "委员会")
    if org.kind not in Organization.CONGRESS_BODY_KINDS:
        raise ValidationError({field: "须为常委会的专门委员会或工作机构。"})


WORKPLAN_CATEGORIES = {
    "report": {"special_report"},
    "financial": {"special_report", "budget"},
    "inspection": {"enforcement"},
    "inquiry": {"inquiry"},
}


def workplan_item(congress_id: int, item, kind: str, year: int | None) -> None:
    if item is None:
        return
    same_congress(congress_id, item, "workplan_item", "工作要点事项")
    allowed = WORKPLAN_CATEGORIES[kind]
    if item.category not in allowed:
        labels = "、".join(sorted(allowed))
        raise ValidationError({"workplan_item": f"所选工作要点事项的类别不符（应为 {labels} 类事项）。"})
    if year is not None and item.plan.year != year:
        raise ValidationError({"workplan_item": f"所选工作要点事项属于 {item.plan.year} 年，与本项工作的年度不一致。"})


def person_in(congress_id: int, person: Person | None, field: str = "person") -> None:
    if person is None:
        raise ValidationError({field: "请选择人员。"})
    same_congress(congress_id, person, field, "人员")


def member_on(congress_id: int, person: Person, day: dt.date, field: str = "person") -> None:
    """The person is a member of the standing committee on `day`."""
    if person.pk not in Position.standing_committee_ids_on(congress_id, day):
        raise ValidationError({field: f"{person.name}在 {day:%Y-%m-%d} 不是常务委员会组成人员。"})


def signer(actor, person: Person | None) -> Person | None:
    """Who signs (联名): a member only for himself; the office records another member's signature given on paper."""
    if actor.role == "member":
        if person is not None and person.pk != actor.person_id:
            raise PermissionDenied("组成人员只能本人联名。")
        return actor.person
    return person


def signed_on(congress_id: int, person: Person | None, on: dt.date | None) -> dt.date:
    """The day of a signature (today when none is given): the signer is a member of the standing committee then."""
    person_in(congress_id, person)
    day = on or today()
    member_on(congress_id, person, day)
    return day


def own_committee(actor, lead_body: Organization | None, message: str) -> None:
    """A committee's staff organise only what their own committee is in charge of."""
    if actor.role == "committee" and lead_body is not None and lead_body.pk != actor.organization_id:
        raise PermissionDenied(message)


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def today() -> dt.date:
    return timezone.localdate()


def clean(value: str | None) -> str:
    return (value or "").strip()


def versioned(obj, seen, message: str | None = None) -> None:
    """`renda.core.locking.check_version` (a missing version is refused like a stale one), with the message that
    tells what was not saved when the version is stale."""
    if message and locking.parse_version(seen) not in (None, obj.lock_version):
        raise ConflictError(message)
    locking.check_version(obj, seen)


def late(due: Callable[[Any], dt.date | None], rule: str | Callable[[Any], str]) -> Callable[..., str]:
    """A step's default note (Transition.default_note): its label, and how late it was taken (on the step's date,
    today when none is given) against `due(obj)` under `rule` (an id, or a function of the object giving one).
    Lateness is recorded, never refused."""
    def note(obj, *, step, **data) -> str:
        rule_id = rule(obj) if callable(rule) else rule
        return late_note(step.label, data.get("on") or today(), due(obj), rule_id)

    return note


def late_note(label: str, on: dt.date, due: dt.date | None, rule_id: str) -> str:
    """The audit note of a step: its label, and how late it was against which rule."""
    if not counting.is_late(on, due):
        return label
    rule = rules.get(rule_id)
    return (f"{label}（逾期 {counting.days_late(on, due)} 日：应于 {due:%Y-%m-%d} 前，实际 {on:%Y-%m-%d}；"
            f"依据「{rule.title}」，{rule.basis_text}）")
