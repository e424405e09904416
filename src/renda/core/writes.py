"""The one way a service creates a row or changes a row's fields, for every module: only the fields the service
knows, the checks across fields, the model's own checks, the lock version bumped (renda.core.locking checked it when
the row was locked), the creation audited with the new row and the change with the row before and after."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db import IntegrityError, transaction

from renda.core import audit


def known_fields(data: dict[str, Any], allowed: Iterable[str], what: str) -> None:
    """A programming error (not the user's) when a caller passes a field the service does not change."""
    unknown = set(data) - set(allowed)
    if unknown:
        raise ValueError(f"unknown {what} fields: {sorted(unknown)}")


def stripped(data: dict[str, Any], *, blank_none: bool = False) -> dict[str, Any]:
    """`data` with its text values stripped of surrounding white space (other values as they are); with
    `blank_none`, a None (an optional text field left out) becomes ""."""
    def clean(value):
        if value is None and blank_none:
            return ""
        return value.strip() if isinstance(value, str) else value
    return {name: clean(value) for name, value in data.items()}


def save_update(locked, data: dict[str, Any], *, actor, snap: Callable[[Any], dict],
                check: Callable[[Any], None] | None = None, after_save: Callable[[Any], None] | None = None):
    """Set `data` on the locked row, `check(row)` (checks across fields, or what derives from the new values),
    full_clean, bump `lock_version`, save, `after_save(row)` (e.g. a many-to-many set), and one audit record with
    `snap(row)` before and after."""
    before = snap(locked)
    for name, value in data.items():
        setattr(locked, name, value)
    if check is not None:
        check(locked)
    locked.full_clean()
    locked.lock_version += 1
    locked.save()
    if after_save is not None:
        after_save(locked)
    audit.record(actor=actor, action="update", obj=locked, before=before, after=snap(locked))
    return locked


def save_new(row, *, actor, snap: Callable[[Any], dict] | None = None,
             duplicate: Callable[[], Exception] | None = None, after_save: Callable[[Any], None] | None = None,
             note: str = "", rule=None):
    """full_clean and save a new row (a unique clash raises the error `duplicate()` makes), `after_save(row)`,
    and one audit record of the creation with `snap(row)` (audit.snapshot by default)."""
    row.full_clean()
    if duplicate is None:
        row.save()
    else:
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError:
            raise duplicate() from None
    if after_save is not None:
        after_save(row)
    after = snap(row) if snap is not None else audit.snapshot(row)
    audit.record(actor=actor, action="create", obj=row, after=after, note=note, rule=rule)
    return row
