"""All writes of the registry: deputies' data, bulk updates of the composition, changes during the term.

Personal data (ID number, phone) never reaches the audit trail: `safe_snapshot` records only that it changed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from renda.core import audit, crypto, rules
from renda.core.locking import UNCHECKED, locked_for_edit
from renda.core.models import Person, Term
from renda.core.writes import known_fields, save_new
from renda.deputies import permissions as perms
from renda.deputies.models import (
    ChangeKind,
    Delegation,
    Deputy,
    DeputyChange,
    Education,
)
from renda.deputies.snapshots import (
    CHANGED,
    DEPUTY_FIELDS,
    PERSON_FIELDS,
    PRIVATE_FIELDS,
    safe_snapshot,
)
from renda.deputies.workflow import CHANGE_WORKFLOW, apply_change  # noqa: F401 - apply_change: the effect of 接受

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_RE = re.compile(r"^\d{17}[\dX]$")
_PHONE_RE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")


def normalize_id_number(value: str) -> str:
    """A citizen ID number (GB 11643): 18 characters with a valid check digit; '' stays ''."""
    value = (value or "").strip().upper().replace(" ", "")
    if not value:
        return ""
    if not _ID_RE.match(value):
        raise ValidationError({"id_number": "公民身份号码应为18位（前17位为数字，最后一位为数字或X）。"})
    check = _ID_CHECK[sum(int(d) * w for d, w in zip(value[:17], _ID_WEIGHTS, strict=True)) % 11]
    if value[17] != check:
        raise ValidationError({"id_number": "公民身份号码的校验码不正确，请核对。"})
    return value


def id_number_check_digit(first17: str) -> str:
    return _ID_CHECK[sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


def normalize_phone(value: str) -> str:
    value = (value or "").strip().replace(" ", "")
    if not value:
        return ""
    if not _PHONE_RE.match(value):
        raise ValidationError({"phone": "联系电话应为11位手机号码或带区号的固定电话。"})
    return value


def _person_snapshot(person: Person) -> dict[str, Any]:
    return audit.snapshot(person, PERSON_FIELDS)


def _check_delegation(deputy_or_term, delegation: Delegation | None) -> None:
    if delegation is None:
        return
    if delegation.congress_id != deputy_or_term.congress_id or delegation.term_id != (
        deputy_or_term.term_id if isinstance(deputy_or_term, Deputy) else deputy_or_term.pk
    ):
        raise ValidationError({"delegation": "代表团不属于本届人大。"})


def _set_private(deputy: Deputy, data: dict[str, Any]) -> list[str]:
    changed = []
    if "id_number" in data:
        value = normalize_id_number(data["id_number"])
        if value != deputy.id_number:
            digest = crypto.digest(value, context="deputies.deputy.id_number")
            if value and Deputy.objects.filter(term_id=deputy.term_id, id_digest=digest).exclude(pk=deputy.pk).exists():
                raise rules.violation("DEP-REGISTRY", "该公民身份号码已登记在本届其他代表名下")
            deputy.id_number = value
            deputy.id_digest = digest
            changed.append("id_number")
    if "phone" in data:
        value = normalize_phone(data["phone"])
        if value != deputy.phone:
            deputy.phone = value
            changed.append("phone")
    return changed


@transaction.atomic
def deputy_update(*, actor, deputy: Deputy, lock_version=UNCHECKED, **data) -> Deputy:
    """Change a deputy's registry entry (the deputies' working committee). Person fields go to the person.
    `lock_version` is the version the page or API client read (renda.core.locking)."""
    locked = locked_for_edit(Deputy, deputy, actor=actor, lock_version=lock_version, allowed=perms.can_edit_deputy,
                             refused="只有代表工作机构的工作人员可以修改代表名册。")
    known_fields(data, [*DEPUTY_FIELDS, *PERSON_FIELDS, *PRIVATE_FIELDS], "deputy")
    _check_delegation(locked, data.get("delegation"))
    before = safe_snapshot(locked)
    person_before = _person_snapshot(locked.person)
    for name in DEPUTY_FIELDS:
        if name in data:
            setattr(locked, name, data[name])
    changed_private = _set_private(locked, data)
    person = locked.person
    for name in PERSON_FIELDS:
        if name in data:
            setattr(person, name, data[name] if data[name] is not None else ("" if name != "birth_year" else None))
    locked.full_clean(exclude=["id_number", "phone"])
    person.full_clean()
    locked.lock_version += 1
    locked.save()
    person.save()
    after = safe_snapshot(locked)
    for name in changed_private:
        before[name], after[name] = "", CHANGED
    after_person = _person_snapshot(person)
    audit.record(actor=actor, action="update", obj=locked, before={**before, **person_before},
                 after={**after, **after_person})
    return locked


@transaction.atomic
def deputy_register(*, actor, term: Term, person: Person, delegation: Delegation | None = None,
                    elected_on: dt.date | None = None, **data) -> Deputy:
    """Enter an elected deputy into the registry of a term."""
    if not perms.is_deputy_affairs(actor) or term.congress_id != actor.congress_id:
        raise PermissionDenied("只有代表工作机构的工作人员可以登记代表。")
    if person.congress_id != term.congress_id:
        raise ValidationError({"person": "人员不属于本人大。"})
    _check_delegation(term, delegation)
    if Deputy.objects.filter(term=term, person=person).exists():
        raise rules.violation("DEP-REGISTRY", f"{person.name}已登记为本届代表")
    deputy = Deputy(congress_id=term.congress_id, term=term, person=person, delegation=delegation,
                    elected_on=elected_on or term.start_date)
    for name in ("sector", "occupation", "constituency", "education", "reelected"):
        if name in data:
            setattr(deputy, name, data[name])
    _set_private(deputy, data)
    deputy.full_clean(exclude=["id_number", "phone"])
    try:
        with transaction.atomic():
            deputy.save()
    except IntegrityError:
        raise rules.violation("DEP-REGISTRY", f"{person.name}已登记为本届代表") from None
    audit.record(actor=actor, action="create", obj=deputy, after=safe_snapshot(deputy))
    return deputy


# ---- bulk composition update (imports and the demo loader) ---------------------------------------------
@dataclass
class ImportReport:
    updated: int = 0
    errors: list[str] = field(default_factory=list)


VALID_GENDERS = {"M", "F", ""}


@transaction.atomic
def registry_bulk_update(*, actor, term: Term, rows: list[dict[str, Any]], note: str = "批量更新代表结构信息") -> ImportReport:
    """Set composition dimensions for many deputies at once: all or nothing, one audit record.

    Each row: {"deputy": id, and any of gender, ethnicity, party, birth_year, sector, occupation,
    education, reelected, constituency}. Rows are validated first; one bad row refuses the whole import
    with a report naming every bad row. `actor=None` is the system (the demo loader, imports by command).
    """
    if actor is not None and not perms.is_deputy_affairs(actor):
        raise PermissionDenied("只有代表工作机构的工作人员可以导入代表信息。")
    deputies = {d.pk: d for d in Deputy.objects.filter(term=term).select_related("person")}
    report = ImportReport()
    education_values = set(Education.values) | {""}
    current_year = timezone.localdate().year
    for n, row in enumerate(rows, start=1):
        deputy = deputies.get(row.get("deputy"))
        if deputy is None:
            report.errors.append(f"第{n}行：代表不存在或不属于本届")
            continue
        if row.get("gender", "") not in VALID_GENDERS:
            report.errors.append(f"第{n}行：性别应为“男”或“女”")
        by = row.get("birth_year")
        try:
            by_ok = by is None or 1900 <= int(by) <= current_year - 18
        except (TypeError, ValueError):
            by_ok = False
        if not by_ok:
            report.errors.append(f"第{n}行：出生年份不正确")
        if row.get("education", "") not in education_values:
            report.errors.append(f"第{n}行：学历不正确")
    if report.errors:
        raise ValidationError(report.errors)
    people, deps = [], []
    person_fields, deputy_fields = set(), set()
    for row in rows:
        deputy = deputies[row["deputy"]]
        for name in PERSON_FIELDS:
            if name in row:
                setattr(deputy.person, name, row[name])
                person_fields.add(name)
        for name in ("sector", "occupation", "education", "reelected", "constituency"):
            if name in row:
                setattr(deputy, name, row[name])
                deputy_fields.add(name)
        people.append(deputy.person)
        deps.append(deputy)
    _update_grouped(Person, people, sorted(person_fields))
    _update_grouped(Deputy, deps, sorted(deputy_fields))
    _bump_versions([d.pk for d in deps])
    report.updated = len(rows)
    audit.record(actor=actor, action="import", obj=term, congress_id=term.congress_id,
                 after={"deputies": report.updated, "fields": sorted(person_fields | deputy_fields)}, note=note)
    return report


def _bump_versions(pks: list[int]) -> None:
    """An import changes the rows too: an edit form opened before it must not save its stale values over it."""
    for i in range(0, len(pks), 500):
        Deputy.objects.filter(pk__in=pks[i:i + 500]).update(lock_version=F("lock_version") + 1)


def _update_grouped(model, objs, fields: list[str]) -> None:
    """One UPDATE per distinct value of each field (composition values repeat a lot): fast for thousands."""
    for name in fields:
        groups: dict[Any, list[int]] = {}
        for obj in objs:
            groups.setdefault(getattr(obj, name), []).append(obj.pk)
        for value, pks in groups.items():
            for i in range(0, len(pks), 500):
                model.objects.filter(pk__in=pks[i:i + 500]).update(**{name: value})


@transaction.atomic
def registry_bulk_private(*, actor, term: Term, rows: list[dict[str, str]]) -> ImportReport:
    """Load ID numbers and phones for many deputies (all or nothing); the audit records counts only."""
    if actor is not None and not perms.is_deputy_affairs(actor):
        raise PermissionDenied("只有代表工作机构的工作人员可以导入代表个人信息。")
    deputies = {d.pk: d for d in Deputy.objects.filter(term=term)}
    report = ImportReport()
    seen: dict[str, int] = {}
    for n, row in enumerate(rows, start=1):
        deputy = deputies.get(row.get("deputy"))
        if deputy is None:
            report.errors.append(f"第{n}行：代表不存在或不属于本届")
            continue
        try:
            id_number = normalize_id_number(row.get("id_number", ""))
            phone = normalize_phone(row.get("phone", ""))
        except ValidationError as exc:
            report.errors.append(f"第{n}行：" + "；".join(exc.messages))
            continue
        if id_number and id_number in seen:
            report.errors.append(f"第{n}行：公民身份号码与第{seen[id_number]}行重复")
        seen[id_number] = n
        deputy.id_number, deputy.phone = id_number, phone
        deputy.id_digest = crypto.digest(id_number, context="deputies.deputy.id_number")
    if report.errors:
        raise ValidationError(report.errors)
    touched = [deputies[row["deputy"]] for row in rows]
    for d in touched:  # each value is its own ciphertext: one row at a time
        Deputy.objects.filter(pk=d.pk).update(id_number=d.id_number, phone=d.phone, id_digest=d.id_digest,
                                              lock_version=F("lock_version") + 1)
    report.updated = len(touched)
    audit.record(actor=actor, action="import", obj=term, congress_id=term.congress_id,
                 after={"deputies": report.updated, "fields": ["id_number", "phone"]}, note="导入代表个人信息（加密存储）")
    return report


# ---- changes during the term ---------------------------------------------------------------------------
@transaction.atomic
def change_create(*, actor, kind: str, occurred_on: dt.date, deputy: Deputy | None = None,
                  delegation: Delegation | None = None, person: Person | None = None, reason: str = "",
                  decision_ref: str = "", credentials_reviewed: bool = False) -> DeputyChange:
    if not perms.can_register_change(actor):
        raise PermissionDenied("只有代表工作机构的工作人员可以登记代表变动。")
    if kind not in ChangeKind.values:
        raise ValidationError({"kind": "变动类别不正确。"})
    congress_id = actor.congress_id
    if kind == ChangeKind.BY_ELECTION:
        if delegation is None or person is None:
            raise ValidationError({"person": "补选须选择代表团和补选产生的代表。"})
        if delegation.congress_id != congress_id or person.congress_id != congress_id:
            raise ValidationError({"delegation": "代表团或人员不属于本人大。"})
        term = delegation.term
        deputy = None
    else:
        if deputy is None:
            raise ValidationError({"deputy": "请选择代表。"})
        if deputy.congress_id != congress_id:
            raise ValidationError({"deputy": "代表不属于本人大。"})
        deputy = Deputy.objects.select_for_update().get(pk=deputy.pk)
        if kind == ChangeKind.RESTORATION:
            if deputy.status != Deputy.Status.SUSPENDED:
                raise rules.violation("DEP-SUSPEND", "该代表未暂停执行代表职务")
        elif not deputy.is_active:
            raise rules.violation("DEP-CHANGE", f"该代表当前状态为「{deputy.get_status_display()}」，代表资格已终止")
        term = deputy.term
        delegation = deputy.delegation
        person = None
        if DeputyChange.objects.filter(deputy=deputy, status__in=["registered", "reported"]).exists():
            raise rules.violation("DEP-CHANGE", "该代表已有正在办理的变动")
    change = DeputyChange(
        congress_id=congress_id, term=term, kind=kind, deputy=deputy, delegation=delegation, person=person,
        occurred_on=occurred_on, reason=(reason or "").strip(), decision_ref=(decision_ref or "").strip()[:120],
        credentials_reviewed=credentials_reviewed,
    )
    return save_new(change, actor=actor)


def change_transition(*, actor, change: DeputyChange, action: str, note: str = "", **ctx) -> DeputyChange:
    return CHANGE_WORKFLOW.apply(change, action, actor=actor, note=note, **ctx)
