"""Small helpers the modules' API endpoints share (the selectors' shapes are in `renda.core.selectors`).

- `congress_row(Model, congress_id, pk)`: that row when it belongs to this congress, else None (also when no id was
  sent) — for an optional reference the endpoint decides about itself;
- `congress_ref(Model, congress_id, pk, "field")`: the row a request refers to by id — None when no id was sent,
  the row when it belongs to this congress, else 422 naming the field ("人员不存在或不属于本人大。"); a row of
  another congress answers as a missing one;
- `congress_rows(Model, congress_id, ids, "field")`: the rows a request lists by id, all of this congress, else 422;
- `page_out(page, items)`: one page of a list as the API answers it (count, page, pages, items);
- `ref_out(obj)` / `named_ref_out(obj)`: a referenced row as {id, name} (its str, or its full `name`);
- `attachment_download(owner, attachment_id)`: the file of one attachment of `owner`, else 404.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model

from renda.core import attachments


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


def congress_rows(model: type[Model], congress_id: int, ids: list, field: str) -> list:
    """The `model` rows `ids` of congress `congress_id`; 422 on `field` when any of them is missing or not ours."""
    rows = list(model.objects.filter(congress_id=congress_id, pk__in=ids))
    if len(rows) != len(set(ids)):
        raise ValidationError({field: f"{model._meta.verbose_name}不存在或不属于本人大。"})
    return rows


def page_out(page, items: list) -> dict:
    """One page of a list (a Django Paginator page) with its already serialized `items`, as the *Page schemas read it."""
    return {"count": page.paginator.count, "page": page.number, "pages": page.paginator.num_pages, "items": items}


def ref_out(obj) -> dict | None:
    """A referenced row as {id, name} with `str(obj)` as its name (an organ's short name); None for no row."""
    return {"id": obj.pk, "name": str(obj)} if obj is not None else None


def named_ref_out(obj) -> dict | None:
    """A referenced row as {id, name} with its full `name` (else `str(obj)`) as its name; None for no row."""
    return {"id": obj.pk, "name": getattr(obj, "name", None) or str(obj)} if obj is not None else None


def attachment_download(owner, attachment_id: int):
    """The file response of attachment `attachment_id` of `owner`; 404 when there is no owner (None: not this
    route's) or it has no such attachment."""
    found = attachments.for_object(owner).filter(pk=attachment_id).first() if owner is not None else None
    return attachments.download(found)
