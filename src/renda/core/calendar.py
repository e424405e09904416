"""Working days and statutory periods on a configurable holiday calendar.

The calendar is Monday–Friday, less the 法定节假日 that fall on weekdays, plus
the 调休 weekend days that are worked (both kept in `HolidayDate`, national rows
plus a congress's own). Periods follow 民法典 第二百零一条、第二百零三条 (rule
CAL-PERIOD): the start day is not counted, and a period whose last day is a
holiday ends on the next working day.
"""

from __future__ import annotations

import calendar as _cal
import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from renda.core.models import HolidayDate


@dataclass(frozen=True)
class WorkCalendar:
    holidays: frozenset[dt.date]
    workdays: frozenset[dt.date]

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        """The n-th working day after `start` (start itself not counted)."""
        if n < 0:
            raise ValueError("n must be >= 0")
        day = start
        counted = 0
        while counted < n:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                counted += 1
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start` up to and including `end`."""
        if end <= start:
            return 0
        return sum(1 for i in range(1, (end - start).days + 1) if self.is_working_day(start + dt.timedelta(days=i)))

    def roll_forward(self, day: dt.date) -> dt.date:
        """A period ending on a holiday or rest day ends on the next working day."""
        while not self.is_working_day(day):
            day += dt.timedelta(days=1)
        return day

    def add_days(self, start: dt.date, n: int) -> dt.date:
        """A period of n calendar days from `start`, last day rolled past holidays."""
        return self.roll_forward(start + dt.timedelta(days=n))

    def add_months(self, start: dt.date, n: int) -> dt.date:
        """A period of n months: the same day n months on (or the month's last day), rolled past holidays."""
        return self.roll_forward(add_months(start, n))


def add_months(day: dt.date, n: int) -> dt.date:
    month_index = day.month - 1 + n
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    last = _cal.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


def calendar_for(congress=None) -> WorkCalendar:
    """The working calendar of a congress: national rows plus its own (its own win on the same date)."""
    congress_id = getattr(congress, "pk", congress)
    q = Q(congress__isnull=True)
    if congress_id:
        q |= Q(congress_id=congress_id)
    national: dict[dt.date, str] = {}
    own: dict[dt.date, str] = {}
    for date, kind, cid in HolidayDate.objects.filter(q).values_list("date", "kind", "congress_id"):
        (national if cid is None else own)[date] = kind
    by_date = {**national, **own}
    return WorkCalendar(
        holidays=frozenset(d for d, k in by_date.items() if k == HolidayDate.Kind.HOLIDAY),
        workdays=frozenset(d for d, k in by_date.items() if k == HolidayDate.Kind.WORKDAY),
    )
