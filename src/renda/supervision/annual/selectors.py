"""Reads of the year's statutory reports."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet

from renda.core import rules
from renda.core.selectors import one_or_404, visible
from renda.supervision import permissions as perms
from renda.supervision.annual.models import AnnualDuty, AnnualKind, AnnualStatus
from renda.supervision.annual.services import due_for, kinds_for
from renda.supervision.annual.workflow import REPORT_KINDS, RULE_OF
from renda.supervision.models import HEARD_REPORT_STATES, Report


def duties_for(user) -> QuerySet[AnnualDuty]:
    return visible(AnnualDuty, perms.annual_filter(user)).select_related("report")


def duty_for(user, pk: int) -> AnnualDuty:
    return one_or_404(duties_for(user), pk, "没有找到该年度法定报告。")


def year_table(user, year: int, today: dt.date) -> list[dict[str, Any]]:
    """Each statutory report of the year: heard or missing, by when, under which rule. Two queries (+ the rules)."""
    rows = {d.kind: d for d in duties_for(user).filter(year=year)}
    reports: dict[str, Any] = {}
    for r in Report.objects.filter(congress_id=user.congress_id, year=year, kind__in=REPORT_KINDS,
                                   status__in=HEARD_REPORT_STATES).order_by("deliberated_on", "id"):
        reports.setdefault(r.kind, r)
    out = []
    for kind in kinds_for(user.congress_id, year):
        duty = rows.get(kind)
        report = reports.get(kind) or (duty.report if duty else None)
        heard = bool(report) or (duty is not None and duty.status == AnnualStatus.HEARD)
        due = duty.due if duty else due_for(kind, year)
        out.append({
            "kind": kind, "label": AnnualKind(kind).label, "duty": duty, "report": report, "heard": heard,
            "heard_on": (report.deliberated_on if report else None) or (duty.heard_on if duty else None),
            "due": due, "overdue": not heard and due < today, "rule": rules.get(RULE_OF[kind]),
        })
    return out
