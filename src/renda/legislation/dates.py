"""Dates of the legislative process: "today" (the demo city's fixed day while it loads), the date of an act, and
the statutory deadlines. Imported by the workflow, the services and the selectors (none of which it imports)."""

from __future__ import annotations

import contextvars
import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone

from renda.core import rules
from renda.core.calendar import calendar_for
from renda.legislation.models import Bill


def fmt(day: dt.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else "—"


# The demo city lives on a fixed day (DemoContext.today); while it is loaded, "today" is that day.
REFERENCE_TODAY: contextvars.ContextVar[dt.date | None] = contextvars.ContextVar("leg_today", default=None)


def today() -> dt.date:
    return max(timezone.localdate(), REFERENCE_TODAY.get() or dt.date.min)


def act_date(ctx: dict) -> dt.date:
    """The date of the act: given, or today; never in the future."""
    on = ctx.get("on") or today()
    if isinstance(on, dt.datetime):
        on = on.date()
    if on > today():
        raise ValidationError({"on": "日期不能晚于今天。"})
    return on


def filing_deadline(bill: Bill) -> dt.date | None:
    """The last day for filing: 30 days after promulgation (rolled past holidays, rule CAL-PERIOD)."""
    if bill.promulgated_on is None:
        return None
    days = rules.param(bill.congress_id, "LEG-FILING", "days")
    return calendar_for(bill.congress_id).add_days(bill.promulgated_on, days)


def approval_deadline(bill: Bill) -> dt.date | None:
    """When the province's four months run out (立法法 第八十一条第一款)."""
    if bill.approval_submitted_on is None:
        return None
    months = rules.param(bill.congress_id, "LEG-APPROVAL", "months")
    return calendar_for(bill.congress_id).add_months(bill.approval_submitted_on, months)  # rule CAL-PERIOD
