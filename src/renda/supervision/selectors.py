"""All reads of supervision, visibility-aware, each a fixed number of queries whatever the volume.

Each part keeps its own reads (reports/, inspections/, inquiries/, investigations/, filings/ `selectors.py`); this
module has what spans them — the supervision picture, the home panel, the calendar — and offers them all under one
name: `from renda.supervision import selectors; selectors.<name>`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from renda.core.models import Organization
from renda.core.registry import CalendarEvent
from renda.supervision import permissions as perms
from renda.supervision.deadlines import draft_rule
from renda.supervision.filings.selectors import (  # noqa: F401 - offered as selectors.<name>
    annual_filing_stats,
    filing_for,
    filing_page,
    filings_for,
    request_for,
    request_page,
    requests_for,
)
from renda.supervision.inquiries.selectors import (  # noqa: F401 - offered as selectors.<name>
    inquiries_for,
    inquiry_for,
    inquiry_page,
    interp_year_q,
    interpellation_detail,
    interpellation_for,
    interpellation_page,
    interpellations_for,
)
from renda.supervision.inspections.selectors import (  # noqa: F401 - offered as selectors.<name>
    inspection_detail,
    inspection_for,
    inspection_page,
    inspections_for,
    overdue_rect_q,
    rect_for_user,
    rect_page,
    rectification_for,
)
from renda.supervision.investigations.selectors import investigation_for, investigations_for  # noqa: F401
from renda.supervision.listing import PER_PAGE, STAGES, ListFilters, page_of  # noqa: F401
from renda.supervision.models import (
    HEARD_REPORT_STATES,
    OPEN_RECT_STATES,
    REVIEWED_FILING_STATES,
    InquiryStatus,
    InspectionTeamMember,
    InterpStatus,
    Report,
    ReportKind,
    ReportStatus,
)
from renda.supervision.reports.selectors import (  # noqa: F401 - offered as selectors.<name>
    figure_series,
    prelim_for,
    report_detail,
    report_documents,
    report_for,
    report_late_q,
    report_page,
    report_timeline,
    reports_for,
)

# ---- the supervision picture ----------------------------------------------------------------------------
PICTURE_COLUMNS = [
    ("reports_heard", "听取审议报告"),
    ("opinions_pending", "审议意见待报告"),
    ("rect_open", "整改未完成"),
    ("rect_overdue", "整改逾期"),
    ("inquiries", "专题询问"),
    ("interpellations", "质询案"),
    ("filings_reviewed", "文件已审查"),
]


def picture(user, year: int) -> dict[str, Any]:
    """For each organ and the year: the numbers of the supervision picture, each with the link to its items.

    One grouped query per column plus the organs (eight queries), whatever the volume.
    """
    if not perms.can_view_picture(user):
        return {"rows": [], "columns": PICTURE_COLUMNS, "year": year, "totals": {}}
    today = timezone.localdate()
    cid = user.congress_id
    organs = list(Organization.objects.filter(congress_id=cid, kind__in=Organization.ORGAN_KINDS, active=True)
                  .order_by("order", "id"))

    def grouped(qs, field="organ_id") -> dict[int, int]:
        return {row[field]: row["n"] for row in qs.values(field).annotate(n=Count("id")).order_by()}

    reports = reports_for(user).filter(year=year)
    rects = rect_for_user(user).filter(Q(inspection__year=year) | Q(report__year=year))
    counts = {
        "reports_heard": grouped(reports.filter(status__in=HEARD_REPORT_STATES)),
        "opinions_pending": _merge(
            grouped(reports.filter(status=ReportStatus.OPINIONS_SENT)),
            grouped(inquiries_for(user).filter(year=year, status=InquiryStatus.OPINIONS_SENT)),
        ),
        "rect_open": grouped(rects.filter(status__in=OPEN_RECT_STATES)),
        "rect_overdue": grouped(rects.filter(overdue_rect_q(today))),
        "inquiries": grouped(inquiries_for(user).filter(year=year)),
        "interpellations": grouped(interpellations_for(user).filter(interp_year_q(year)).exclude(
            status=InterpStatus.DRAFTING)),
        "filings_reviewed": grouped(filings_for(user).filter(filed_on__year=year,
                                                             status__in=REVIEWED_FILING_STATES), "filer_org_id"),
    }
    links = {
        "reports_heard": ("supervision:reports", {"stage": "heard"}),
        "opinions_pending": ("supervision:reports", {"stage": "pending"}),
        "rect_open": ("supervision:rectifications", {"stage": "open"}),
        "rect_overdue": ("supervision:rectifications", {"stage": "overdue"}),
        "inquiries": ("supervision:inquiries", {}),
        "interpellations": ("supervision:interpellations", {}),
        "filings_reviewed": ("supervision:filings", {"stage": "reviewed"}),
    }
    rows = []
    totals = {key: 0 for key, _ in PICTURE_COLUMNS}
    for organ in organs:
        cells = []
        for key, _label in PICTURE_COLUMNS:
            n = counts[key].get(organ.pk, 0)
            url_name, extra = links[key]
            cells.append({"key": key, "n": n,
                          "url": f"{reverse(url_name)}?{urlencode({'year': year, 'organ': organ.pk, **extra})}"})
        rows.append({"organ": organ, "cells": cells})
    total_cells = []
    for key, _label in PICTURE_COLUMNS:
        url_name, extra = links[key]
        totals[key] = sum(counts[key].values())  # all of the congress's items, lower congresses' filings included
        total_cells.append({"key": key, "n": totals[key],
                            "url": f"{reverse(url_name)}?{urlencode({'year': year, **extra})}"})
    return {"rows": rows, "columns": PICTURE_COLUMNS, "year": year, "totals": totals, "total_cells": total_cells}


def _merge(*dicts: dict[int, int]) -> dict[int, int]:
    out: dict[int, int] = defaultdict(int)
    for d in dicts:
        for k, v in d.items():
            out[k] += v
    return dict(out)


def picture_chart(pic: dict[str, Any]) -> dict[str, Any]:
    labels = [r["organ"].short_name or r["organ"].name for r in pic["rows"]]
    series = []
    for i, (key, label) in enumerate(pic["columns"]):
        series.append({"name": label, "key": key, "data": [r["cells"][i]["n"] for r in pic["rows"]]})
    return {"picture": {"labels": labels, "series": series}}


# ---- home panel -----------------------------------------------------------------------------------------
def home_panel(user) -> dict[str, Any] | None:
    """Leadership sees late steps with their rules; units see what they must send; committees what they follow."""
    if not getattr(user, "is_authenticated", False) or not user.congress_id:
        return None
    today = timezone.localdate()
    role = user.role
    panel: dict[str, Any] = {"title": "监督工作", "template": "supervision/_home_panel.html", "today": today}
    if role in perms.LEADERSHIP_ROLES or role == "committee":
        reports = reports_for(user)
        if role == "committee":
            reports = reports.filter(lead_body_id=user.organization_id)
        late = list(reports.filter(report_late_q(today)).order_by("meeting_date", "id")[:10])
        for r in late:
            r.flags = _report_flags(r, today)
        panel["late_reports"] = late
        rects = rect_for_user(user)
        if role == "committee":
            rects = rects.filter(Q(inspection__lead_body_id=user.organization_id)
                                 | Q(report__lead_body_id=user.organization_id))
        panel["overdue_rect"] = rects.filter(overdue_rect_q(today)).count()
        panel["late_filings"] = filings_for(user).filter(filing_late=True, filed_on__year=today.year).count()
        panel["awaiting_decision"] = interpellations_for(user).filter(
            status__in=(InterpStatus.SUBMITTED, InterpStatus.REANSWER)).count()
        panel["new_requests"] = requests_for(user).filter(status="received").count()
        panel["show_leadership"] = True
        return panel
    if role == "unit":
        reports = reports_for(user).filter(status__in=(
            ReportStatus.PLANNED, ReportStatus.DRAFT_SUBMITTED, ReportStatus.COMMENTED, ReportStatus.OPINIONS_SENT))
        panel["my_reports"] = list(reports.order_by("meeting_date", "id")[:10])
        panel["my_rects"] = list(rect_for_user(user).filter(status__in=OPEN_RECT_STATES).order_by("deadline")[:10])
        panel["my_interps"] = list(interpellations_for(user).filter(status=InterpStatus.DECIDED)[:10])
        if not (panel["my_reports"] or panel["my_rects"] or panel["my_interps"]):
            return None
        return panel
    if role == "member":
        panel["my_interps"] = list(interpellations_for(user).filter(
            status__in=(InterpStatus.DRAFTING, InterpStatus.ANSWERED)).order_by("-id")[:10])
        panel["distributed"] = list(reports_for(user).filter(status=ReportStatus.DISTRIBUTED)
                                    .order_by("meeting_date")[:10])
        if not (panel["my_interps"] or panel["distributed"]):
            return None
        return panel
    return None


def _report_flags(r: Report, today: dt.date) -> list[dict[str, str]]:
    flags = []
    for field, label, rule_id in (("draft_late", "征求意见稿逾期送交", draft_rule(r)),
                                  ("revised_late", "修改稿逾期送交", "SUP-REPORT-REVISED"),
                                  ("distribute_late", "逾期发给组成人员", "SUP-REPORT-DISTRIBUTE"),
                                  ("handling_late", "研究处理情况逾期报告", "SUP-REPORT-HANDLING")):
        if getattr(r, field):
            flags.append({"label": label, "rule": rule_id})
    for label in r.overdue_steps(today):
        flags.append({"label": label, "rule": ""})
    if r.schedule_late:
        flags.append({"label": r.schedule_note, "rule": ""})
    return flags


# ---- calendar -------------------------------------------------------------------------------------------
def calendar_events(user, start: dt.date, end: dt.date, person_id: int | None = None) -> list:
    """Inspections, research and the statutory deadlines of reports, for the one calendar; with `person_id` only the
    inspections whose team holds that person (no one is booked for a deadline)."""
    events = []
    inspections = inspections_for(user).filter(start_date__lte=end).filter(
        Q(end_date__gte=start) | Q(end_date__isnull=True, start_date__gte=start)).prefetch_related("team")
    if person_id is not None:
        inspections = inspections.filter(pk__in=InspectionTeamMember.objects.filter(person_id=person_id)
                                         .values("inspection_id"))
    for insp in inspections:
        events.append(CalendarEvent(kind="inspection", title=insp.title, start=insp.start_date,
                                    end=insp.end_date, url=reverse("supervision:inspection", args=[insp.pk]),
                                    congress_id=insp.congress_id, body_id=insp.lead_body_id,
                                    person_ids=frozenset(m.person_id for m in insp.team.all()),
                                    place=(insp.places or "")[:100]))
    if person_id is not None:
        return events
    reports = reports_for(user).filter(
        Q(draft_due__range=(start, end)) | Q(revised_due__range=(start, end)) | Q(distribute_due__range=(start, end))
        | Q(handling_due__range=(start, end)))
    for r in reports:
        for due, label in ((r.draft_due, "征求意见稿送交时限"), (r.revised_due, "修改稿送交时限"),
                           (r.distribute_due, "发给组成人员时限"), (r.handling_due, "研究处理情况报告时限")):
            if due and start <= due <= end:
                events.append(CalendarEvent(kind="deadline", title=f"{r.title}：{label}", start=due, end=None,
                                            url=reverse("supervision:report", args=[r.pk]),
                                            congress_id=r.congress_id, body_id=r.lead_body_id))
    return events



REPORT_KIND_LABELS = dict(ReportKind.choices)
