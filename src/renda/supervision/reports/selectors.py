"""Reads of reports, visibility-aware, each a fixed number of queries whatever the volume."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from renda.core.selectors import one_or_404, visible
from renda.supervision import permissions as perms
from renda.supervision.deadlines import draft_rule
from renda.supervision.listing import ListFilters, filtered_page, owned_by, with_files
from renda.supervision.models import (
    FINANCIAL_KINDS,
    HEARD_REPORT_STATES,
    FiscalFigure,
    PreliminaryReview,
    Report,
    ReportDocument,
    ReportStatus,
    SatisfactionRating,
)


def reports_for(user) -> QuerySet[Report]:
    return visible(Report, perms.report_filter(user)).select_related(
        "organ", "lead_body", "reporting_unit", "workplan_item")


def report_for(user, pk: int) -> Report:
    qs = visible(Report, perms.report_filter(user)).select_related(
        "organ", "organ__parent", "lead_body", "reporting_unit", "workplan_item", "workplan_item__plan",
        "rectification_of", "congress", "meeting",
    )
    return one_or_404(qs, pk, "没有找到该报告。")



def prelim_for(user, pk: int) -> PreliminaryReview:
    """A preliminary review, visible exactly when its report is."""
    return owned_by(PreliminaryReview, user, pk, "没有找到该初步审查意见。", report_for, "report_id")


def report_late_q(today: dt.date) -> Q:
    """Reports with a step taken late, or a deadline passed without the step."""
    return (
        Q(draft_late=True) | Q(revised_late=True) | Q(distribute_late=True) | Q(handling_late=True)
        | Q(schedule_late=True)
        | Q(status=ReportStatus.PLANNED, draft_due__lt=today)
        | Q(status__in=(ReportStatus.PLANNED, ReportStatus.DRAFT_SUBMITTED, ReportStatus.COMMENTED),
            revised_due__lt=today)
        | Q(status__in=(ReportStatus.PLANNED, ReportStatus.DRAFT_SUBMITTED, ReportStatus.COMMENTED,
                        ReportStatus.REVISED_SUBMITTED), distribute_due__lt=today)
        | Q(status=ReportStatus.OPINIONS_SENT, handling_due__lt=today)
    )


def report_page(user, f: ListFilters, page=1):
    qs = reports_for(user)
    if f.kind == "financial":
        qs = qs.filter(kind__in=FINANCIAL_KINDS)
    elif f.kind:
        qs = qs.filter(kind=f.kind)
    return filtered_page(qs, f, page, order=("-year", "meeting_date", "id"),
                         stages={"heard": Q(status__in=HEARD_REPORT_STATES),
                                 "pending": Q(status=ReportStatus.OPINIONS_SENT)},
                         late=report_late_q(timezone.localdate()))


def report_documents(report: Report) -> list[ReportDocument]:
    return list(report.documents.select_related("submitted_by").order_by("created_at", "id"))


def report_detail(report: Report, user) -> dict[str, Any]:
    """Everything the report page shows besides the report itself, in a fixed number of queries; linked reports
    only as far as `user` may see them (a rectification report not yet distributed stays hidden from members)."""
    docs = with_files(report.congress_id, "supervision.reportdocument", report_documents(report))
    return {
        "documents": docs,
        "research": list(report.research.order_by("date", "id")),
        "remarks": list(report.remarks.select_related("person").order_by("date", "id")),
        "rating": getattr(report, "rating", None) if _has_rating(report) else None,
        "follow_ups": list(report.follow_ups.order_by("date", "id")),
        "figures": list(report.figures.order_by("order", "indicator", "year")),
        "prelims": list(PreliminaryReview.objects.filter(report=report).select_related("body")
                        .prefetch_related("invited_deputies").order_by("id")),
        "rectifications": list(report.rectifications.select_related("owner_unit").order_by("number")),
        "rectification_reports": list(reports_for(user).filter(rectification_of=report).order_by("meeting_date", "id")),
        "timeline": report_timeline(report),
    }


def _has_rating(report: Report) -> bool:
    return SatisfactionRating.objects.filter(report=report).exists()


def report_timeline(report: Report) -> list[dict[str, Any]]:
    """The statutory steps before and after the meeting, with their deadlines and lateness."""
    today = timezone.localdate()

    def row(label, due, done, late, rule_id):
        overdue = done is None and due is not None and due < today
        return {"label": label, "due": due, "done": done, "late": late, "overdue": overdue, "rule": rule_id}

    return [
        row("送交征求意见稿", report.draft_due, report.draft_submitted_on, report.draft_late, draft_rule(report)),
        row("送交修改稿", report.revised_due, report.revised_submitted_on, report.revised_late, "SUP-REPORT-REVISED"),
        row("发给组成人员", report.distribute_due, report.distributed_on, report.distribute_late,
            "SUP-REPORT-DISTRIBUTE"),
        row("会议审议", report.meeting_date, report.deliberated_on, False, "SUP-REPORT-FLOW"),
        row("报告研究处理情况", report.handling_due, report.handled_on, report.handling_late, "SUP-REPORT-HANDLING"),
    ]


def figure_series(report: Report) -> dict[str, Any]:
    """Key figures of this report and of the same organ's earlier reports of the same kind, by indicator and
    year, for the year-on-year chart (two queries)."""
    rows = list(
        FiscalFigure.objects.filter(
            congress_id=report.congress_id, report__organ_id=report.organ_id, report__kind=report.kind,
            report__year__lte=report.year,
        ).select_related("report").order_by("report__year", "report_id", "order")
    )
    own = [r for r in rows if r.report_id == report.pk]
    indicators = list(dict.fromkeys(r.indicator for r in own))
    by_key: dict[tuple[str, int], FiscalFigure] = {}
    for r in rows:  # later reports win for the same indicator and year
        if r.indicator in indicators:
            by_key[(r.indicator, r.year)] = r
    charts = []
    for name in indicators:
        years = sorted({y for (i, y) in by_key if i == name})
        figs = [by_key[(name, y)] for y in years]

        def num(v):
            return float(v) if v is not None else None

        actual = [num(f.actual) for f in figs]
        growth = []
        for i, v in enumerate(actual):
            prev = actual[i - 1] if i else None
            growth.append(round(100.0 * (v - prev) / prev, 1) if v is not None and prev else None)
        charts.append({
            "indicator": name,
            "unit": figs[-1].unit if figs else "",
            "years": [str(y) for y in years],
            "budget": [num(f.budget) for f in figs],
            "adjusted": [num(f.adjusted) for f in figs],
            "actual": actual,
            "growth": growth,
        })
    return {"charts": charts}

