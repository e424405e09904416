"""What every supervision list read shares: the list filters of the pages and the API, a filtered page, pagination
and the files of related rows in one query (the visibility filter and one object or 404: renda.core.selectors)."""

from __future__ import annotations

import operator
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce

from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.utils.http import urlencode

from renda.core.filters import QueryFilters, choice, flag, number, text
from renda.core.models import Attachment
from renda.core.selectors import one_or_404

PER_PAGE = 30


@dataclass
class ListFilters(QueryFilters):
    year: int | None = number(1990, 2100, label="年度")
    organ: int | None = number(label="监督对象")
    kind: str = choice(label="类别")  # the page's own kinds and statuses, passed by the caller
    status: str = choice(label="状态")
    stage: str = choice(lambda: STAGES, label="阶段")  # picture links: heard | pending | open | overdue | reviewed …
    late: bool = flag()
    q: str = text()

    @classmethod
    def from_querydict(cls, data, kinds=(), statuses=()) -> ListFilters:
        return super().from_querydict(data, kind=kinds, status=statuses)

    def querystring(self, **extra) -> str:
        params = {k: v for k, v in {"year": self.year, "organ": self.organ, "kind": self.kind,
                                    "status": self.status, "stage": self.stage,
                                    "late": "1" if self.late else "", "q": self.q, **extra}.items() if v}
        return urlencode(params)


STAGES = ("heard", "pending", "open", "overdue", "reviewed", "late", "all")


def owned_by(model, user, pk, missing: str, parent_for: Callable, field: str):
    """A row visible exactly when its parent is (a report's text, a visit's evidence): the row `pk` of the user's
    congress (404 with `missing`), then its parent through `parent_for(user, <field>)` — 404 when it may not be
    seen."""
    row = one_or_404(model.objects.filter(congress_id=getattr(user, "congress_id", None)), pk, missing)
    parent_for(user, getattr(row, field))
    return row


def page_of(qs: QuerySet, page, per_page: int = PER_PAGE):
    return Paginator(qs, per_page).get_page(page)


def filtered_page(qs: QuerySet, f: ListFilters, page, *, order: tuple[str, ...],
                  year: str | Callable[[int], Q] | None = "year", organ: str | None = "organ_id",
                  search: tuple[str, ...] = ("title",), stages: dict[str, Q] | None = None, late: Q | None = None):
    """One page of a list, filtered as the list pages and the API ask (`ListFilters`): the year (a field, or a
    function of the year giving a Q), the organ (a field), the status, the picture's `stages` (stage -> Q), the late
    flag (`late`: also the stage "late") and the search text in any of the `search` fields; then `order`."""
    if f.year and year:
        qs = qs.filter(year(f.year) if callable(year) else Q(**{year: f.year}))
    if f.organ and organ:
        qs = qs.filter(**{organ: f.organ})
    if f.status:
        qs = qs.filter(status=f.status)
    if stages and f.stage in stages:
        qs = qs.filter(stages[f.stage])
    if late is not None and (f.late or f.stage == "late"):
        qs = qs.filter(late)
    if f.q:
        qs = qs.filter(reduce(operator.or_, (Q(**{f"{name}__icontains": f.q}) for name in search)))
    return page_of(qs.order_by(*order), page)


def with_files(congress_id: int, owner_type: str, rows: list) -> list:
    """Each row gets `.files`: its attachments, for all rows in one query."""
    by_owner = defaultdict(list)
    for att in Attachment.objects.filter(congress_id=congress_id, owner_type=owner_type,
                                         owner_id__in=[str(r.pk) for r in rows]).order_by("uploaded_at"):
        by_owner[att.owner_id].append(att)
    for r in rows:
        r.files = by_owner.get(str(r.pk), [])
    return rows
