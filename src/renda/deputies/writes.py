"""The start every edit service of deputies' work shares: the row locked, who may edit it, the version the page
read (renda.core.locking: a missing or stale one is refused), and only the fields the service knows."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.core.exceptions import PermissionDenied

from renda.core.locking import check_version


def locked_for_edit(model, obj, *, actor, lock_version, allowed: Callable, refused: str):
    locked = model.objects.select_for_update().get(pk=obj.pk)
    if not allowed(actor, locked):
        raise PermissionDenied(refused)
    check_version(locked, lock_version)
    return locked


def only_known(data: dict, fields: Iterable[str], what: str) -> None:
    unknown = set(data) - set(fields)
    if unknown:
        raise ValueError(f"unknown {what} fields: {sorted(unknown)}")
