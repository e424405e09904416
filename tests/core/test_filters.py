"""A list page's filters from a query string: what the page offers is taken, anything else is ignored — never an
error (renda.core.filters)."""

from dataclasses import dataclass

from django.http import QueryDict
from hypothesis import given
from hypothesis import strategies as st

from renda.core.filters import QueryFilters, choice, flag, number, text


@dataclass
class Sample(QueryFilters):
    kind: str = choice(("a", "b"))
    status: str = choice(lambda: ("open", "closed", "all"), default="open")
    year: int | None = number(1990, 2100)
    page_owner: int | None = number()
    late: bool = flag()
    q: str = text(5)


def test_values_the_page_offers_are_taken():
    f = Sample.from_querydict(QueryDict("kind=b&status=all&year=2026&page_owner=7&late=on&q=  河道治理工程  "))
    assert f == Sample(kind="b", status="all", year=2026, page_owner=7, late=True, q="河道治理工")


def test_anything_else_is_ignored():
    f = Sample.from_querydict(QueryDict("kind=c&status=&year=1989&page_owner=-1&late=yes&q="))
    assert f == Sample()  # defaults: status "open", the rest empty
    assert Sample.from_querydict(QueryDict("year=2101&page_owner=%C2%B2")).year is None  # "²" is a digit, not a number
    assert Sample.from_querydict(QueryDict("page_owner=%C2%B2")).page_owner is None


def test_the_caller_may_offer_the_values_at_the_call():
    assert Sample.from_querydict(QueryDict("kind=c"), kind=("c",)).kind == "c"
    assert Sample.from_querydict(QueryDict("kind=a"), kind=("c",)).kind == ""


@given(st.dictionaries(st.sampled_from(["kind", "status", "year", "page_owner", "late", "q"]), st.text(max_size=30)))
def test_any_query_string_gives_filters_within_bounds(data):
    f = Sample.from_querydict(data)
    assert f.kind in ("", "a", "b") and f.status in ("open", "closed", "all") and len(f.q) <= 5
    assert f.year is None or 1990 <= f.year <= 2100
    assert f.page_owner is None or f.page_owner >= 0
