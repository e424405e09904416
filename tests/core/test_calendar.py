import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from renda.core.calendar import WorkCalendar, add_months, calendar_for
from renda.core.models import HolidayDate
from renda.demo.builders import load_national_holidays

D = dt.date
NATIONAL_DAY = WorkCalendar(
    holidays=frozenset(D(2026, 10, d) for d in range(1, 8)),
    workdays=frozenset({D(2026, 9, 20), D(2026, 10, 10)}),
)


def test_weekdays_weekends_holidays_and_adjusted_workdays():
    cal = NATIONAL_DAY
    assert cal.is_working_day(D(2026, 9, 30))  # Wednesday
    assert not cal.is_working_day(D(2026, 10, 1))  # National Day, a Thursday
    assert cal.is_working_day(D(2026, 10, 10))  # Saturday, worked (调休)
    assert not cal.is_working_day(D(2026, 10, 11))  # Sunday
    assert cal.is_working_day(D(2026, 9, 20))  # Sunday, worked


def test_five_working_days_across_the_national_day_holiday():
    # Received on Tue 29 Sep: 30 Sep (1), 1-7 Oct off, 8 Oct (2), 9 Oct (3), Sat 10 Oct worked (4), 12 Oct (5)
    assert NATIONAL_DAY.add_working_days(D(2026, 9, 29), 5) == D(2026, 10, 12)
    assert NATIONAL_DAY.working_days_between(D(2026, 9, 29), D(2026, 10, 12)) == 5


def test_periods_in_days_and_months_roll_past_holidays():
    # 30 days from 1 Sep ends 1 Oct, a holiday: the period ends on the next working day (民法典 第二百零三条)
    assert NATIONAL_DAY.add_days(D(2026, 9, 1), 30) == D(2026, 10, 8)
    assert add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert add_months(D(2026, 11, 15), 3) == D(2027, 2, 15)
    assert NATIONAL_DAY.add_months(D(2026, 7, 3), 3) == D(2026, 10, 8)


@given(start=st.dates(min_value=D(2026, 1, 1), max_value=D(2026, 12, 31)), n=st.integers(min_value=1, max_value=40))
def test_add_working_days_lands_on_a_working_day_and_counts_exactly(start, n):
    end = NATIONAL_DAY.add_working_days(start, n)
    assert NATIONAL_DAY.is_working_day(end)
    assert NATIONAL_DAY.working_days_between(start, end) == n


@pytest.mark.django_db
def test_calendar_from_the_database_national_rows_and_a_congress_override(cast):
    load_national_holidays()
    cal = calendar_for(cast.congress)
    assert not cal.is_working_day(D(2026, 10, 1))
    assert cal.is_working_day(D(2026, 10, 10))
    # the city declares a local holiday on a Monday
    HolidayDate.objects.create(congress=cast.congress, date=D(2026, 11, 30), kind=HolidayDate.Kind.HOLIDAY, name="地方")
    assert not calendar_for(cast.congress).is_working_day(D(2026, 11, 30))
    assert calendar_for(cast.other.congress).is_working_day(D(2026, 11, 30))
