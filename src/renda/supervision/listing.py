"""What every supervision list and detail read shares: the visibility filter applied, one object or 404, the list
filters of the pages and the API, pagination and the files of related rows in one query."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404

from renda.core.filters import QueryFilters, choice, flag, number, text
from renda.core.models import Attachment

PER_PAGE = 30


def none_or(model, q: Q | None) -> QuerySet:
    return model.objects.none() if q is None else model.objects.filter(q)


def get_or_404(qs: QuerySet, pk: int, message: str):
    obj = qs.filter(pk=pk).first()
    if obj is None:
        raise Http404(message)
    return obj


@dataclass
class ListFilters(QueryFilters):
    year: int | None = number(1990, 2100)
    organ: int | None = number()
    kind: str = choice()  # the page's own kinds and statuses, passed by the caller
    status: str = choice()
    stage: str = choice(lambda: STAGES)  # picture links: heard | pending | open | overdue | reviewed …
    late: bool = flag()
    q: str = text()

    @classmethod
    def from_querydict(cls, data, kinds=(), statuses=()) -> ListFilters:
        return super().from_querydict(data, kind=kinds, status=statuses)

    def querystring(self, **extra) -> str:
        from django.utils.http import urlencode

        params = {k: v for k, v in {"year": self.year, "organ": self.organ, "kind": self.kind,
                                    "status": self.status, "stage": self.stage,
                                    "late": "1" if self.late else "", "q": self.q, **extra}.items() if v}
        return urlencode(params)


STAGES = ("heard", "pending", "open", "overdue", "reviewed", "late", "all")


def page_of(qs: QuerySet, page, per_page: int = PER_PAGE):
    return Paginator(qs, per_page).get_page(page)


def with_files(congress_id: int, owner_type: str, rows: list) -> list:
    """Each row gets `.files`: its attachments, for all rows in one query."""
    by_owner = defaultdict(list)
    for att in Attachment.objects.filter(congress_id=congress_id, owner_type=owner_type,
                                         owner_id__in=[str(r.pk) for r in rows]).order_by("uploaded_at"):
        by_owner[att.owner_id].append(att)
    for r in rows:
        r.files = by_owner.get(str(r.pk), [])
    return rows
