"""What the write services of deputies' work add to renda.core.writes: the audit snapshot with a many-to-many
field's ids, a new row saved with that many-to-many set, and an edit likewise (the edit starts with
renda.core.locking.locked_for_edit)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from renda.core import audit, writes


def snap(obj, fields: Iterable[str], m2m: str | None = None) -> dict[str, Any]:
    """The audit snapshot of `fields`, with the sorted ids of the many-to-many field `m2m` when named."""
    out = audit.snapshot(obj, list(fields))
    if m2m:
        out[m2m] = sorted(getattr(obj, m2m).values_list("pk", flat=True))
    return out


def insert(obj, *, actor, fields: Iterable[str], m2m: str | None = None, related: Callable[[], list] | None = None,
           **record):
    """A new row checked and saved; then its many-to-many `m2m` set to `related()` (checked there), and the audit
    entry of its creation (`record`: e.g. the rule applied)."""
    def after_save(row):
        if m2m:
            getattr(row, m2m).set(related() if related else [])

    return writes.save_new(obj, actor=actor, snap=lambda row: snap(row, fields, m2m), after_save=after_save, **record)


def save_edit(locked, data: dict, *, actor, fields: Iterable[str], check: Callable[[Any], None] | None = None,
              m2m: str | None = None, related: Callable[[], list] | None = None):
    """An edit of the row `locked_for_edit` gave: `data` set on it, `check(row)` (the checks across fields), checked,
    saved with the next version; the many-to-many `m2m` set to `related()` when given; the audit entry with the
    row before and after (`fields`, and `m2m` when named)."""
    def after_save(row):
        if m2m and related is not None:
            getattr(row, m2m).set(related())

    return writes.save_update(locked, data, actor=actor, snap=lambda row: snap(row, fields, m2m), check=check,
                              after_save=after_save)
