"""Deadlines of proposals, counted on the congress's working calendar (`core.calendar.calendar_for`) with the periods
of the rules in proposals.toml. The services, the workflow's effects and the selectors all read them here."""

from __future__ import annotations

import datetime as dt

from renda.core import rules
from renda.core.calendar import calendar_for
from renda.proposals.models import Proposal, Status


def assign_deadline(congress, received_on: dt.date) -> dt.date:
    n = rules.param(congress, "PR-ASSIGN", "working_days")
    return calendar_for(congress).add_working_days(received_on, n)


def return_deadline(congress, assigned_on: dt.date) -> dt.date:
    n = rules.param(congress, "PR-RETURN", "working_days")
    return calendar_for(congress).add_working_days(assigned_on, n)


def opinion_deadline(congress, assigned_on: dt.date) -> dt.date:
    return calendar_for(congress).add_months(assigned_on, rules.param(congress, "PR-ASSIST", "months"))


def reply_deadline(congress, assigned_on: dt.date, *, extended: bool = False) -> dt.date:
    name = "max_months" if extended else "months"
    return calendar_for(congress).add_months(assigned_on, rules.param(congress, "PR-REPLY", name))


PROGRESS_STATES = (Status.ASSIGNED, Status.REPLIED, Status.DISPUTED, Status.REHANDLING)
PROGRESS_DUE_STATES = (Status.ASSIGNED, Status.REHANDLING)  # handling open: reports are due


def progress_due(proposal: Proposal, last_report: dt.date | None, interval: int | None = None) -> dt.date | None:
    """The next progress report's due date: `interval_days` after the last report, or after the item was
    both assigned and put under key supervision; None when no report is due (not key, not open)."""
    if not proposal.key_supervision or proposal.status not in PROGRESS_DUE_STATES or not proposal.assigned_on:
        return None
    base = last_report or max(d for d in (proposal.assigned_on, proposal.supervised_on) if d)
    if interval is None:
        interval = rules.param(proposal.congress_id, "PR-PROGRESS", "interval_days")
    return base + dt.timedelta(days=interval)
