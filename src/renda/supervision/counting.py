"""Counting days and people the way the law words them.

Days before a meeting: "在常务委员会举行会议的二十日前" — read as the congress chooses (rule CAL-BEFORE,
`renda.core.rules.periods`): strictly (the default) twenty whole days between arrival and meeting, neither
counted, a non-working last day moved back; or leniently, arrival on the meeting date minus twenty. Periods after an event ("六个月内", "三十日内") follow 民法典 第二百零一条、第二百零三条
through `renda.core.calendar` (rule CAL-PERIOD): the start day is not counted and a last day that is a
holiday moves to the next working day.

People: "五人以上" includes five (≥ 5); "过半数" is strictly more than half; "五分之一以上" includes one
fifth (民法典 第一千二百五十九条). Who is a member on a day comes from core `Position` rows of the
standing committee, active that day.
"""

from __future__ import annotations

import datetime as dt

from renda.core import thresholds
from renda.core.calendar import calendar_for
from renda.core.rules import periods


# ---- days -----------------------------------------------------------------------------------------------
def days_before(congress_id: int, meeting_date: dt.date | None, days: int) -> dt.date | None:
    """The last day a text may arrive for a meeting held on `meeting_date` ("会议举行的N日前", rule CAL-BEFORE)."""
    return periods.latest_before(congress_id, meeting_date, days)


def is_late(done_on: dt.date | None, due: dt.date | None) -> bool:
    return done_on is not None and due is not None and done_on > due


def days_late(done_on: dt.date, due: dt.date) -> int:
    return max(0, (done_on - due).days)


def months_after(congress_id: int, start: dt.date | None, months: int) -> dt.date | None:
    """The last day of a period of `months` months from `start` (民法典 period rules)."""
    if start is None:
        return None
    return calendar_for(congress_id).add_months(start, months)


def days_after(congress_id: int, start: dt.date | None, days: int) -> dt.date | None:
    if start is None:
        return None
    return calendar_for(congress_id).add_days(start, days)


# ---- people ---------------------------------------------------------------------------------------------
# One implementation for the whole platform, in integers: renda.core.thresholds.
at_least = thresholds.at_least
more_than_half = thresholds.more_than_half
at_least_fraction = thresholds.at_least_fraction
