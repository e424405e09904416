"""The one way a meeting record's fields are changed: renda.core.writes with meetings' audit snapshot."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from renda.core import writes
from renda.core.writes import known_fields  # noqa: F401 - re-exported for meetings' services
from renda.meetings.common import snap


def save_update(*, actor, locked, data: dict[str, Any], adjust: Callable[[Any], None] | None = None):
    """Set `data` on the row (`adjust(row)` may then derive what depends on it), check, bump, save, audit."""
    return writes.save_update(locked, data, actor=actor, snap=snap, check=adjust)
