"""A list page's filters from a query string: what the page offers is taken, an empty value is "all", anything else
is refused with a Chinese 400 (page) or 422 (API) naming the field — never ignored, never a 500
(renda.core.filters)."""

from dataclasses import dataclass

import pytest
from django.http import QueryDict
from hypothesis import given
from hypothesis import strategies as st

from renda.core.filters import FilterRefused, QueryFilters, choice, flag, number, text


@dataclass
class Sample(QueryFilters):
    kind: str = choice(("a", "b"), label="类别")
    status: str = choice(lambda: ("open", "closed", "all"), default="open")
    year: int | None = number(1990, 2100, label="年度")
    page_owner: int | None = number()
    late: bool = flag()
    q: str = text(5)


def test_values_the_page_offers_are_taken():
    f = Sample.from_querydict(QueryDict("kind=b&status=all&year=2026&page_owner=7&late=on&q=  河道治理工程  "))
    assert f == Sample(kind="b", status="all", year=2026, page_owner=7, late=True, q="河道治理工")


def test_empty_values_are_all_and_checkboxes_and_text_are_never_refused():
    f = Sample.from_querydict(QueryDict("kind=&status=&year=&page_owner=&late=yes&q="))
    assert f == Sample()  # defaults: status "open", the rest empty


@pytest.mark.parametrize(("query", "field", "message"), [
    ("kind=c", "kind", "类别“c”不在可选范围内"),
    ("year=1989", "year", "年度应为整数（1990 至 2100），而不是“1989”"),
    ("year=2101", "year", "年度应为整数（1990 至 2100）"),
    ("page_owner=-1", "page_owner", "数字应为整数"),
    ("page_owner=%C2%B2", "page_owner", "而不是“²”"),  # "²" is a digit to Python, not a number
])
def test_a_value_the_list_does_not_offer_is_refused_by_name(query, field, message):
    with pytest.raises(FilterRefused) as exc:
        Sample.from_querydict(QueryDict(query))
    assert list(exc.value.errors) == [field] and message in exc.value.errors[field]
    assert "筛选条件无效" in str(exc.value)


def test_every_refused_field_is_named_at_once():
    with pytest.raises(FilterRefused) as exc:
        Sample.from_querydict(QueryDict("kind=zz&year=abc&status=open"))
    assert set(exc.value.errors) == {"kind", "year"}


def test_the_caller_may_offer_the_values_at_the_call():
    assert Sample.from_querydict(QueryDict("kind=c"), kind=("c",)).kind == "c"
    with pytest.raises(FilterRefused):
        Sample.from_querydict(QueryDict("kind=a"), kind=("c",))


@given(st.dictionaries(st.sampled_from(["kind", "status", "year", "page_owner", "late", "q"]), st.text(max_size=30)))
def test_any_query_string_gives_filters_within_bounds_or_a_refusal(data):
    try:
        f = Sample.from_querydict(data)
    except FilterRefused as exc:
        assert exc.errors and set(exc.errors) <= {"kind", "status", "year", "page_owner"}
        return
    assert f.kind in ("", "a", "b") and f.status in ("open", "closed", "all") and len(f.q) <= 5
    assert f.year is None or 1990 <= f.year <= 2100
    assert f.page_owner is None or f.page_owner >= 0
