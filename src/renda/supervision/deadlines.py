"""Deadlines of the supervision steps, which the workflows, the services and the pages all need.

Lateness is never a refusal: a step taken late is recorded with its flag and the rule it missed.
"""

from __future__ import annotations

import datetime as dt

from renda.core import rules
from renda.supervision import counting
from renda.supervision.models import PRELIM_KINDS, Report, ReportKind


def text(ctx: dict, name: str) -> str:
    return (ctx.get(name) or "").strip()


def months_after(congress_id: int, start: dt.date | None, rule_id: str) -> dt.date | None:
    """The deadline `months` (a parameter of the rule) after `start`."""
    return counting.months_after(congress_id, start, rules.param(congress_id, rule_id, "months"))


def draft_rule(report: Report) -> str:
    """Final accounts and budget adjustments go to preliminary review 30 days before the standing committee's meeting,
    the draft budget's preliminary plan 30 days before the people's congress's session (预算法 第四十四条)."""
    if report.kind == ReportKind.BUDGET_DRAFT:
        return "SUP-BUDGET-DRAFT-PRELIM"
    return "SUP-BUDGET-PRELIM" if report.kind in PRELIM_KINDS else "SUP-REPORT-DRAFT"


def report_deadline(report: Report, which: str) -> dt.date | None:
    """The deadline of one step: draft / revised / distribute count back from the meeting; handling forward."""
    cid = report.congress_id
    if which == "draft":
        return counting.days_before(cid, report.meeting_date, rules.param(cid, draft_rule(report), "days"))
    if which == "revised":
        return counting.days_before(cid, report.meeting_date, rules.param(cid, "SUP-REPORT-REVISED", "days"))
    if which == "distribute":
        return counting.days_before(cid, report.meeting_date, rules.param(cid, "SUP-REPORT-DISTRIBUTE", "days"))
    if which == "handling":
        return months_after(cid, report.opinions_sent_on, "SUP-REPORT-HANDLING")
    raise ValueError(which)
