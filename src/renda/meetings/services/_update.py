"""The one way a meeting record is created or its fields are changed: renda.core.writes with meetings' audit
snapshot."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied

from renda.core import locking, rules, writes
from renda.core.writes import known_fields  # noqa: F401 - re-exported for meetings' services
from renda.meetings import permissions as perms
from renda.meetings.common import snap


def locked_for_edit(model, obj, *, actor, lock_version: int, can_edit: Callable, rule: str, what: str):
    """The row locked for an edit, its version checked; refused by `rule` for the office, as a permission else."""
    def refusal(locked):
        if perms.is_office(actor, locked):
            return rules.violation(rule, f"{what}处于「{locked.get_status_display()}」状态，不能修改")
        return PermissionDenied(f"您没有修改该{what}的权限。")

    return locking.locked_for_edit(model, obj, actor=actor, lock_version=lock_version, allowed=can_edit,
                                   refused=refusal)


def save_new(row, *, actor, duplicate: Callable[[], Exception] | None = None, note: str = "", rule=None):
    """full_clean, save (a unique clash raises the error `duplicate()` makes) and audit a new record."""
    return writes.save_new(row, actor=actor, snap=snap, duplicate=duplicate, note=note, rule=rule)


def save_update(*, actor, locked, data: dict[str, Any], adjust: Callable[[Any], None] | None = None):
    """Set `data` on the row (`adjust(row)` may then derive what depends on it), check, bump, save, audit."""
    return writes.save_update(locked, data, actor=actor, snap=snap, check=adjust)
