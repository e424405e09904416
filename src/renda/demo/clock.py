"""The demo's calendar: the demo city is written on fixed dates and loaded relative to the day it is loaded.

Every date in the demo modules is written as it stands in the canonical story — the first year of the term, 2026,
seen on its narrative day `CANONICAL_TODAY` (Thursday 26 November 2026): a year of meetings, bills, supervision and
suggestions behind it, comment periods and hearings running, deadlines and engagements just ahead. `renda demo`
moves that whole calendar by a whole number of weeks so that the narrative day falls on the day of loading (within
three days): every "upcoming", "overdue" and "due in N days" is then the same on any day the demo is loaded, and
weekdays (meetings on working days) stay what they were. Year numbers of the story (〔2026〕, 2026年, a plan's year)
follow the moved calendar through `Y()` — the calendar year where most of the story's dates fall once moved: loaded
a year later, the demo is the 2027 story on 2027's dates.

    from renda.demo.clock import D, Y, at
    D(2026, 6, 24)        # that day, moved
    at(D(2026, 6, 24), 9) # 09:00 local time on it
    f"X人常发〔{Y(2026)}〕3号"

The holiday calendar moves with it (the 2026 national holidays are loaded shifted, see builders.load_national_holidays),
so statutory periods counted in working days come out the same. Loading on a day far from late November keeps
the relations between dates exact; only month-based labels (a plan item "planned for December") then fall in
another month of the moved calendar. docs/ARCHITECTURE.md, "The demo city and the clock".
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import re

from django.utils import timezone

CANONICAL_TODAY = dt.date(2026, 11, 26)
CANONICAL_YEAR = CANONICAL_TODAY.year

_offset: contextvars.ContextVar[dt.timedelta] = contextvars.ContextVar("demo_offset", default=dt.timedelta(0))


def offset_for(today: dt.date) -> dt.timedelta:
    """Whole weeks from the canonical narrative day to `today` (rounded to the nearest week)."""
    days = (today - CANONICAL_TODAY).days
    return dt.timedelta(weeks=round(days / 7))


@contextlib.contextmanager
def loading_on(today: dt.date):
    """Within the block, D()/Y()/at() give the calendar moved to `today`; yields the moved narrative day."""
    token = _offset.set(offset_for(today))
    try:
        yield CANONICAL_TODAY + _offset.get()
    finally:
        _offset.reset(token)


def offset() -> dt.timedelta:
    return _offset.get()


def D(year: int, month: int, day: int) -> dt.date:
    """A date of the canonical story, moved to the loading day's calendar."""
    return dt.date(year, month, day) + _offset.get()


def shift(value: dt.date) -> dt.date:
    """An already built canonical date (e.g. parsed from "2026-06-24"), moved."""
    return value + _offset.get()


def iso(text: str) -> dt.date:
    """A canonical date written "YYYY-MM-DD", moved."""
    return shift(dt.date.fromisoformat(text))


# The middle of the story's year: moved by at most half a year either way it stays in the year where most of the
# story's dates fall, which is the year that plans, reports and labels carry.
_STORY_MIDDLE = dt.date(CANONICAL_YEAR, 7, 2)


def Y(year: int) -> int:
    """A year number of the story (in text, or a plan's year), moved with the calendar: the story's year is the one
    where most of its dates fall once moved."""
    return year + (_STORY_MIDDLE + _offset.get()).year - CANONICAL_YEAR


def at(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    """A local time on a (moved) day."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def today() -> dt.date:
    """The narrative day on the moved calendar."""
    return CANONICAL_TODAY + _offset.get()


# A year in running text: "2026年", "2026年度", "〔2026〕" — not a law's version ("2025年修正") nor an ISO date.
_YEAR_IN_TEXT = re.compile(r"(?<![\d\-])(20[12]\d)(?=年(?!修正|修订|修改)|〕|年度)")


def text(value: str) -> str:
    """Running text of the canonical story with its years moved ("2026年工作要点" → "2027年工作要点")."""
    return _YEAR_IN_TEXT.sub(lambda m: str(Y(int(m.group(1)))), value)


def moved(value):
    """Module-level demo data (tuples, lists, dicts of dates and texts) moved to the loading day's calendar."""
    if isinstance(value, dt.datetime):
        return value + _offset.get()
    if isinstance(value, dt.date):
        return shift(value)
    if isinstance(value, str):
        return text(value)
    if isinstance(value, tuple):
        return tuple(moved(v) for v in value)
    if isinstance(value, list):
        return [moved(v) for v in value]
    if isinstance(value, dict):
        return {k: moved(v) for k, v in value.items()}
    return value
