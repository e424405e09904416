"""The one way a service changes a row's fields, for every module: only the fields the service knows, the checks
across fields, the model's own checks, the lock version bumped (renda.core.locking checked it when the row was
locked), the change audited with the row before and after."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from renda.core import audit


def known_fields(data: dict[str, Any], allowed: Iterable[str], what: str) -> None:
    """A programming error (not the user's) when a caller passes a field the service does not change."""
    unknown = set(data) - set(allowed)
    if unknown:
        raise ValueError(f"unknown {what} fields: {sorted(unknown)}")


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
