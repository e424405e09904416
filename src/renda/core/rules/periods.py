"""Periods counted back from a meeting: "在会议举行的N日前" (rule CAL-BEFORE).

Two readings, a per-congress parameter (CAL-BEFORE.strict):

- strict (the default): N whole days lie between the day of arrival and the day of the meeting, neither of them
  counted (民法典 第二百零一条第一款: the day an act falls on is not counted). For a meeting on the 21st and
  "七日前", the 14th is too late and the 13th is the last day (the 14th–20th are the seven days). A last day that
  is not a working day moves back to the working day before it: a text cannot be handed to an office that is
  closed, and moving forward would shorten the N days.
- lenient: the text may arrive on the meeting date minus N (the 14th above), whatever day of the week it is.

`latest_before()` gives the last day a text may arrive (or a notice be given) in time.
"""

from __future__ import annotations

import datetime as dt

from renda.core import rules
from renda.core.calendar import calendar_for


def strict_reading(congress) -> bool:
    return bool(rules.param(congress, "CAL-BEFORE", "strict"))


def latest_before(congress, meeting_date: dt.date | None, days: int) -> dt.date | None:
    """The last day on which something due "在会议举行的`days`日前" is in time for a meeting on `meeting_date`."""
    if meeting_date is None:
        return None
    if not strict_reading(congress):
        return meeting_date - dt.timedelta(days=days)
    cal = calendar_for(congress)
    day = meeting_date - dt.timedelta(days=days + 1)
    while not cal.is_working_day(day):
        day -= dt.timedelta(days=1)
    return day
