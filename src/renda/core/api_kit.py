"""Small helpers the modules' API endpoints share (the selectors' shapes are in `renda.core.selectors`).

- `congress_row(Model, congress_id, pk)`: that row when it belongs to this congress, else None (also when no id was
  sent) — for an optional reference the endpoint decides about itself;
- `congress_ref(Model, congress_id, pk, "field")`: the row a request refers to by id — None when no id was sent,
  the row when it belongs to this congress, else 422 naming the field ("人员不存在或不属于本人大。"); a row of
  another congress answers as a missing one.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model


def congress_row(model: type[Model], congress_id: int, pk: Any):
    """The `model` row `pk` of congress `congress_id`; None when there is none or no `pk` (None, 0) was sent."""
    return model.objects.filter(pk=pk, congress_id=congress_id).first() if pk else None


def congress_ref(model: type[Model], congress_id: int, pk: Any, field: str):
    """The `model` row `pk` of congress `congress_id` (None for no `pk`), else 422 on `field`."""
    if pk is None:
        return None
    obj = congress_row(model, congress_id, pk)
    if obj is None:
        raise ValidationError({field: f"{model._meta.verbose_name}不存在或不属于本人大。"})
    return obj
