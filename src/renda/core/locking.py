"""Optimistic locking, one rule for every module, page and API.

A record edited by several people carries `lock_version` (incremented by every save through a service and by every
workflow step). A page or API client sends back the version it read; `check_version()` refuses the write with
`ConflictError` (409 "该记录已被他人修改…") when the version is stale — and when it is missing, since a write that
does not say what it read cannot be told from a blind overwrite. Call it on the row locked with
`select_for_update()`, inside the write's transaction: `lock_for_update()` does both, and `locked_for_edit()` checks
between the two that the writer may edit the row (a refusal for who may not edit comes before a stale version).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from renda.core.errors import ConflictError

MISSING = "提交的内容缺少记录的版本号，无法确认您看到的是最新内容，请刷新页面后重新提交。"


def parse_version(value) -> int | None:
    """A posted version ("3", 3) as an int; None when absent or not a whole number."""
    if value is None or value == "":
        return None
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if 0 <= number < 2**31 else None


def posted_version(request, field: str = "lock_version") -> int | None:
    """The version a form posted."""
    return parse_version(request.POST.get(field))


class _Unchecked:
    def __repr__(self) -> str:
        return "UNCHECKED"


# What a caller inside the platform passes (or leaves as the default) for `lock_version`: a step's effect, a task,
# the demo, a test's set-up — it read no page. Every page and API passes the version it read.
UNCHECKED = _Unchecked()


def check_version(obj, seen, stale: str = "") -> None:
    """Refuse unless `seen` is the object's current version; `stale` says what was changed meanwhile."""
    if seen is UNCHECKED:
        return
    number = parse_version(seen)
    if number is None:
        raise ConflictError(MISSING)
    if number != obj.lock_version:
        raise ConflictError(stale) if stale else ConflictError()


def lock_for_update(model, pk, seen):
    """The row locked for this transaction, after checking the version the writer read."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("lock_for_update() must run inside transaction.atomic()")
    obj = model.objects.select_for_update().get(pk=pk)
    check_version(obj, seen)
    return obj


def locked_for_edit(model, obj, *, actor, lock_version, allowed: Callable[[Any, Any], bool],
                    refused: str | Callable[[Any], Exception]):
    """`obj` locked for `actor`'s edit: refused unless `allowed(actor, row)`, then its version checked."""
    locked = model.objects.select_for_update().get(pk=obj.pk)
    if not allowed(actor, locked):
        # `refused` is the Chinese refusal (403), or makes the error to raise from the locked row.
        raise refused(locked) if callable(refused) else PermissionDenied(refused)
    check_version(locked, lock_version)
    return locked
