"""The shapes every module's selectors take, written once.

- `visible(Model or queryset, q)`: the rows a permissions filter lets a user see — `q` is what `permissions.*_filter`
  returns, a `Q`, or None when the user may see none of them (then an empty queryset, no query run);
- `visible_once(Model, q)`: the same, each row once, for a filter that joins through many rows (co-signers,
  assignments, members): the rows are reloaded by the ids the filter selects;
- `one_or_404(queryset, pk, "没有找到该……。")`: the row `pk` among those, or 404 with the Chinese message — the same
  answer whether it does not exist or may not be seen (existence does not leak);
- `one_within(queryset, pk, parents, "bill_id", "…")`: the same for a row whose visibility is its parent's (a bill's
  text, a plan's project): 404 unless the parent (`getattr(row, field)`) is among `parents` (and `also(row)`, when
  given, holds);
- `visible_one(Model or queryset, q, pk, "…")`: `visible` then `one_or_404`, for a detail loader;
- `acting_on(user, selectors.bill_for, pk, perms.can_register, "您没有……的权限。")`: the object a form or a POST
  acts on — loaded through the module's loader (404 when it may not be seen), then 403 with the Chinese refusal
  unless `allowed(user, obj)`;
- `narrow(qs, status=filters.status, year=filters.year)`: a list narrowed by the filters a page was given — each
  lookup whose value is set (a filter left empty does not narrow);
- `patch_fields(payload, not_null=("title",))`: what an API PATCH sent — the fields set (unset ones left out) and
  its `lock_version`; a field that may not be emptied, sent as null, is refused by name (422).

    def items_for(user):
        return visible(WorkPlanItem, perms.item_filter(user)).select_related("plan")

    def item_for(user, pk):
        return one_or_404(items_for(user), pk, "没有找到该事项。")
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, Q, QuerySet
from django.http import Http404


def _queryset(model_or_qs: type[Model] | QuerySet) -> QuerySet:
    if isinstance(model_or_qs, QuerySet):
        return model_or_qs
    return model_or_qs._default_manager.all()


def visible(model_or_qs: type[Model] | QuerySet, q: Q | None) -> QuerySet:
    """`model_or_qs` filtered by a permissions filter; nothing (`.none()`) when the filter is None."""
    qs = _queryset(model_or_qs)
    return qs.none() if q is None else qs.filter(q)


def visible_once(model: type[Model], q: Q | None) -> QuerySet:
    """`visible(model, q)` with each row once, however many joined rows the filter matched."""
    rows = visible(model, q)
    return rows if q is None else _queryset(model).filter(pk__in=rows.values("pk"))


def one_or_404(qs: QuerySet, pk: Any, missing: str):
    """The row `pk` of the rows `qs`, or 404 with `missing`."""
    obj = qs.filter(pk=pk).first()
    if obj is None:
        raise Http404(missing)
    return obj


def one_within(qs: QuerySet, pk: Any, parents: QuerySet, field: str, missing: str,
               also: Callable[[Any], bool] | None = None):
    """The row `pk` of `qs` whose parent (its `field`, e.g. "bill_id") is one of `parents` and, when given, for which
    `also(row)` holds (a further permission on the parent); 404 with `missing` otherwise."""
    obj = one_or_404(qs, pk, missing)
    if not parents.filter(pk=getattr(obj, field)).exists() or (also is not None and not also(obj)):
        raise Http404(missing)
    return obj


def visible_one(model_or_qs: type[Model] | QuerySet, q: Q | None, pk: Any, missing: str):
    """The row `pk` that the permissions filter `q` lets the user see, or 404 with `missing`."""
    return one_or_404(visible(model_or_qs, q), pk, missing)


def narrow(qs: QuerySet, **lookups: Any) -> QuerySet:
    """`qs` filtered by each lookup whose value is set: a filter the page left empty does not narrow the list."""
    return qs.filter(**{name: value for name, value in lookups.items() if value})


def acting_on(user, loader: Callable[[Any, Any], Any], pk: Any, allowed: Callable[[Any, Any], bool], refused: str):
    """`loader(user, pk)` (404 when the user may not see it), refused with 403 and `refused` unless
    `allowed(user, obj)`."""
    obj = loader(user, pk)
    if not allowed(user, obj):
        raise PermissionDenied(refused)
    return obj


def patch_fields(payload, not_null: tuple[str, ...] = ()) -> tuple[dict[str, Any], Any]:
    """The fields an API PATCH set (`payload.dict(exclude_unset=True)`) without its `lock_version`, and that
    lock_version; ValidationError naming the first of `not_null` sent as null ("该项不能为空。")."""
    data = payload.dict(exclude_unset=True)
    lock = data.pop("lock_version")
    for name in not_null:
        if name in data and data[name] is None:
            raise ValidationError({name: "该项不能为空。"})
    return data, lock
