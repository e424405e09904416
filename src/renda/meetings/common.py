"""Small helpers the services, the workflow's effects and the roster share (no imports of either)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError

from renda.core import audit
from renda.core.models import Term


def snap(obj, fields: list[str] | None = None) -> dict[str, Any]:
    """audit.snapshot, with times of day as text (the audit encoder knows dates, not times)."""
    return {k: (v.isoformat() if isinstance(v, dt.time) else v) for k, v in audit.snapshot(obj, fields).items()}


def same_congress(congress_id: int, obj, field: str, label: str) -> None:
    if obj is not None and obj.congress_id != congress_id:
        raise ValidationError({field: f"{label}不属于本人大。"})


def term_on(congress_id: int, day: dt.date) -> Term | None:
    return Term.objects.filter(congress_id=congress_id, start_date__lte=day).order_by("-start_date").first()


# Optimistic locking: renda.core.locking's one rule (UNCHECKED for callers that read no page).
from renda.core.locking import UNCHECKED, check_version  # noqa: E402,F401
