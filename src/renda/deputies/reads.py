"""The shapes every selector of deputies' work takes: the rows a visibility filter lets a user see, the one row a page
asks for (404 when this user may not see it), and a list narrowed by the filters a page was given."""

from __future__ import annotations

from django.http import Http404


def none_or(qs, q):
    """`qs` filtered by a permissions filter; nothing when the filter is None (the user sees none of it)."""
    return qs.none() if q is None else qs.filter(q)


def one_or_404(qs, pk: int, missing: str):
    """The row `pk` of the visible rows `qs`, or 404 with `missing` (the same answer whether it does not exist or
    may not be seen)."""
    obj = qs.filter(pk=pk).first()
    if obj is None:
        raise Http404(missing)
    return obj


def narrow(qs, **lookups):
    """`qs` filtered by each lookup whose value is set: a filter the page left empty does not narrow the list."""
    return qs.filter(**{name: value for name, value in lookups.items() if value})
