"""The handling figures of one year's suggestions, counted on a day (the report's statistics)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Min

from renda.proposals.models import Kind, Proposal, Status

NOT_COUNTED = (Status.DRAFT, Status.WITHDRAWN, Status.DISMISSED)
LABELS = {
    "total": "建议总数", "assigned": "已交办", "replied": "已答复", "replied_in_time": "在答复期限内答复",
    "late": "逾期答复", "overdue": "逾期未答复", "closed": "已办结", "key": "重点督办",
}


def count(congress_id: int, year: int, day: dt.date) -> dict[str, int]:
    rows = list(
        Proposal.objects.filter(congress_id=congress_id, year=year, kind=Kind.SUGGESTION)
        .exclude(status__in=NOT_COUNTED)
        .annotate(first_reply=Min("replies__replied_on"))
        .values("status", "assigned_on", "reply_due", "key_supervision", "first_reply")
    )
    out = dict.fromkeys(LABELS, 0)
    for r in rows:
        out["total"] += 1
        out["assigned"] += r["assigned_on"] is not None
        out["closed"] += r["status"] == Status.CLOSED
        out["key"] += bool(r["key_supervision"])
        first, due = r["first_reply"], r["reply_due"]
        if first is not None and first <= day:
            out["replied"] += 1
            if due is None or first <= due:
                out["replied_in_time"] += 1
            else:
                out["late"] += 1
        elif due is not None and due < day:
            out["overdue"] += 1
    return out


def labelled(figures: dict) -> list[tuple[str, int]]:
    return [(LABELS[k], figures[k]) for k in LABELS if k in figures]
