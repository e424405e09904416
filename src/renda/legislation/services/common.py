"""Helpers every services module of legislation uses."""

from __future__ import annotations

from django.core.exceptions import ValidationError


def _same_congress(congress_id: int, field: str, obj) -> None:
    if obj is not None and obj.congress_id != congress_id:
        raise ValidationError({field: "所选记录不属于本人大。"})
