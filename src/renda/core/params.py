"""Query parameters every list and calendar reads: page numbers, dates and years, bounded.

Out-of-range input must never reach arithmetic that overflows (`?page=99999999999999999999999` as an SQL
offset, `?date=0001-01-01` minus a month, `?date=9999-12-31` plus six months, a year 0 or 99999 in a date) — the
answer is a page of the list (clamped) or a Chinese 4xx, never a 500.

- `page_number(raw)`: a page number from a query string; anything that is not a positive whole number is page 1,
  a huge one is clamped to `MAX_PAGE` (Django's `Paginator.get_page` then shows the last page).
- `query_date(raw, default)`: a date from a query string (`YYYY-MM-DD`); unreadable → `default`, outside the
  platform's calendar (`MIN_DATE` … `MAX_DATE`) → clamped to it, so calendars can add or subtract months and
  years around it.
- `year_param(year)`: a year from a URL (`<int:year>`) or a query inside `MIN_YEAR` … `MAX_YEAR`, else a Chinese
  400 (`BadParameter`, shown by the platform's 400 page).
- `ApiDate`: the same bounds for a date in an API schema (django-ninja / pydantic): outside them a 422 with a
  Chinese message.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.core.exceptions import BadRequest
from pydantic import AfterValidator

MAX_PAGE = 100_000
MIN_YEAR, MAX_YEAR = 1900, 2199
MIN_DATE, MAX_DATE = dt.date(MIN_YEAR, 1, 1), dt.date(MAX_YEAR, 12, 31)
DATE_RANGE_TEXT = f"{MIN_DATE:%Y-%m-%d} 至 {MAX_DATE:%Y-%m-%d}"


class BadParameter(BadRequest):
    """A query or URL parameter out of range: a 400 whose (Chinese) message the 400 page shows."""


def page_number(raw, default: int = 1) -> int:
    """A 1-based page number: not a positive whole number → `default`; beyond `MAX_PAGE` → `MAX_PAGE`."""
    text = str(raw if raw is not None else "").strip()
    if not text.isascii() or not text.isdigit():
        return default
    if len(text) > len(str(MAX_PAGE)):
        return MAX_PAGE
    return min(max(int(text), 1), MAX_PAGE)


def clamp_date(day: dt.date) -> dt.date:
    return min(max(day, MIN_DATE), MAX_DATE)


def query_date(raw, default: dt.date) -> dt.date:
    """A date (`YYYY-MM-DD`) from a query string; unreadable → `default`, out of range → the nearest bound."""
    text = str(raw if raw is not None else "").strip()[:10]
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        return clamp_date(default)
    return clamp_date(day)


def year_in_range(year) -> bool:
    try:
        return MIN_YEAR <= int(year) <= MAX_YEAR
    except (TypeError, ValueError, OverflowError):
        return False


def year_param(year) -> int:
    """A year from a URL or a query, or a Chinese 400 when it lies outside the platform's calendar."""
    if not year_in_range(year):
        raise BadParameter(f"年份超出范围：请使用 {MIN_YEAR} 至 {MAX_YEAR} 年之间的年份。")
    return int(year)


def _date_in_range(day: dt.date) -> dt.date:
    if not MIN_DATE <= day <= MAX_DATE:
        raise ValueError(f"日期超出范围（{DATE_RANGE_TEXT}）。")
    return day


ApiDate = Annotated[dt.date, AfterValidator(_date_in_range)]
