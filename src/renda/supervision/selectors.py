"""All reads of supervision, visibility-aware, each a fixed number of queries whatever the volume."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from renda.core import audit
from renda.core.models import Organization
from renda.supervision import permissions as perms
from renda.supervision.models import (
    FINANCIAL_KINDS,
    HEARD_REPORT_STATES,
    OPEN_RECT_STATES,
    REVIEWED_FILING_STATES,
    FieldVisit,
    FiscalFigure,
    Inquiry,
    InquiryStatus,
    Inspection,
    Interpellation,
    InterpStatus,
    Investigation,
    NormativeDocument,
    PreliminaryReview,
    RectificationItem,
    Report,
    ReportDocument,
    ReportKind,
    ReportStatus,
    ReviewRequest,
)

PER_PAGE = 30


def _none_or(model, q: Q | None) -> QuerySet:
    return model.objects.none() if q is None else model.objects.filter(q)


def _get(qs: QuerySet, pk: int, message: str):
    obj = qs.filter(pk=pk).first()
    if obj is None:
        raise Http404(message)
    return obj


def _as_int(data, name: str) -> int | None:
    raw = (data.get(name) or "").strip()
    return int(raw) if raw.isdigit() and len(raw) < 10 else None


def _choice(data, name: str, values) -> str:
    raw = data.get(name) or ""
    return raw if raw in values else ""


# ---- reports --------------------------------------------------------------------------------------------
def reports_for(user) -> QuerySet[Report]:
    return _none_or(Report, perms.report_filter(user)).select_related(
        "organ", "lead_body", "reporting_unit", "workplan_item")


def report_for(user, pk: int) -> Report:
    qs = _none_or(Report, perms.report_filter(user)).select_related(
        "organ", "organ__parent", "lead_body", "reporting_unit", "workplan_item", "workplan_item__plan",
        "rectification_of", "congress", "meeting",
    )
    return _get(qs, pk, "没有找到该报告。")


@dataclass
class ListFilters:
    year: int | None = None
    organ: int | None = None
    kind: str = ""
    status: str = ""
    stage: str = ""  # picture links: heard | pending | open | overdue | reviewed …
    late: bool = False
    q: str = ""

    @classmethod
    def from_querydict(cls, data, kinds=(), statuses=()) -> ListFilters:
        year = _as_int(data, "year")
        return cls(
            year=year if year and 1990 <= year <= 2100 else None,
            organ=_as_int(data, "organ"),
            kind=_choice(data, "kind", kinds),
            status=_choice(data, "status", statuses),
            stage=_choice(data, "stage", STAGES),
            late=data.get("late") in ("1", "true", "on"),
            q=(data.get("q") or "").strip()[:50],
        )

    def querystring(self, **extra) -> str:
        from django.utils.http import urlencode

        params = {k: v for k, v in {"year": self.year, "organ": self.organ, "kind": self.kind,
                                    "status": self.status, "stage": self.stage,
                                    "late": "1" if self.late else "", "q": self.q, **extra}.items() if v}
        return urlencode(params)


STAGES = ("heard", "pending", "open", "overdue", "reviewed", "late", "all")


def _page(qs: QuerySet, page, per_page: int = PER_PAGE):
    return Paginator(qs, per_page).get_page(page)


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
    today = timezone.localdate()
    if f.year:
        qs = qs.filter(year=f.year)
    if f.organ:
        qs = qs.filter(organ_id=f.organ)
    if f.kind == "financial":
        qs = qs.filter(kind__in=FINANCIAL_KINDS)
    elif f.kind:
        qs = qs.filter(kind=f.kind)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.stage == "heard":
        qs = qs.filter(status__in=HEARD_REPORT_STATES)
    elif f.stage == "pending":
        qs = qs.filter(status=ReportStatus.OPINIONS_SENT)
    if f.late or f.stage == "late":
        qs = qs.filter(report_late_q(today))
    if f.q:
        qs = qs.filter(title__icontains=f.q)
    return _page(qs.order_by("-year", "meeting_date", "id"), page)


def report_documents(report: Report) -> list[ReportDocument]:
    return list(report.documents.select_related("submitted_by").order_by("created_at", "id"))


def report_detail(report: Report, user) -> dict[str, Any]:
    """Everything the report page shows besides the report itself, in a fixed number of queries; linked reports
    only as far as `user` may see them (a rectification report not yet distributed stays hidden from members)."""
    from renda.core.models import Attachment

    docs = report_documents(report)
    doc_atts = defaultdict(list)
    for att in Attachment.objects.filter(congress_id=report.congress_id, owner_type="supervision.reportdocument",
                                         owner_id__in=[str(d.pk) for d in docs]).order_by("uploaded_at"):
        doc_atts[att.owner_id].append(att)
    for d in docs:
        d.files = doc_atts.get(str(d.pk), [])
    return {
        "documents": docs,
        "research": list(report.research.order_by("date", "id")),
        "remarks": list(report.remarks.select_related("person").order_by("date", "id")),
        "rating": getattr(report, "rating", None) if _has_rating(report) else None,
        "follow_ups": list(report.follow_ups.order_by("date", "id")),
        "figures": list(report.figures.order_by("order", "indicator", "year")),
        "prelims": list(PreliminaryReview.objects.filter(report=report).select_related("body").order_by("id")),
        "rectifications": list(report.rectifications.select_related("owner_unit").order_by("number")),
        "rectification_reports": list(reports_for(user).filter(rectification_of=report).order_by("meeting_date", "id")),
        "timeline": report_timeline(report),
    }


def _has_rating(report: Report) -> bool:
    from renda.supervision.models import SatisfactionRating

    return SatisfactionRating.objects.filter(report=report).exists()


def report_timeline(report: Report) -> list[dict[str, Any]]:
    """The statutory steps before and after the meeting, with their deadlines and lateness."""
    from renda.supervision.workflow import draft_rule

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


# ---- inspections and rectification ----------------------------------------------------------------------
def inspections_for(user) -> QuerySet[Inspection]:
    return _none_or(Inspection, perms.inspection_filter(user)).select_related("lead_body", "organ", "parent")


def inspection_for(user, pk: int) -> Inspection:
    qs = _none_or(Inspection, perms.inspection_filter(user)).select_related(
        "lead_body", "organ", "parent", "workplan_item", "congress")
    return _get(qs, pk, "没有找到该执法检查。")


def inspection_page(user, f: ListFilters, page=1):
    qs = inspections_for(user).annotate(
        open_items=Count("rectifications", filter=Q(rectifications__status__in=OPEN_RECT_STATES)),
        item_count=Count("rectifications"),
    )
    if f.year:
        qs = qs.filter(year=f.year)
    if f.organ:
        qs = qs.filter(organ_id=f.organ)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.q:
        qs = qs.filter(Q(title__icontains=f.q) | Q(law_title__icontains=f.q))
    return _page(qs.order_by("-year", "-id"), page)


def inspection_detail(insp: Inspection, user) -> dict[str, Any]:
    from renda.core.models import Attachment

    visits = list(FieldVisit.objects.filter(inspection=insp).order_by("date", "id"))
    atts = defaultdict(list)
    for att in Attachment.objects.filter(congress_id=insp.congress_id, owner_type="supervision.fieldvisit",
                                         owner_id__in=[str(v.pk) for v in visits]).order_by("uploaded_at"):
        atts[att.owner_id].append(att)
    for v in visits:
        v.files = atts.get(str(v.pk), [])
    return {
        "team": list(insp.team.select_related("person").order_by("role", "id")),
        "visits": visits,
        "questionnaires": list(insp.questionnaires.order_by("id")),
        "problems": list(insp.problems.order_by("number")),
        "remarks": list(insp.remarks.select_related("person").order_by("date", "id")),
        "rectifications": list(insp.rectifications.select_related("owner_unit", "problem").order_by("number")),
        "follow_ups": list(inspections_for(user).filter(parent=insp).order_by("id")),  # only those `user` may see
    }


def rect_for_user(user) -> QuerySet[RectificationItem]:
    return _none_or(RectificationItem, perms.rect_filter(user)).select_related(
        "owner_unit", "organ", "inspection", "report")


def rectification_for(user, pk: int) -> RectificationItem:
    qs = rect_for_user(user).select_related("inspection__lead_body", "report__lead_body", "problem")
    return _get(qs, pk, "没有找到该整改事项。")


def overdue_rect_q(today: dt.date) -> Q:
    return Q(status__in=OPEN_RECT_STATES, deadline__lt=today)


def rect_page(user, f: ListFilters, page=1, *, inspection: int | None = None, unit: int | None = None):
    qs = rect_for_user(user)
    today = timezone.localdate()
    if f.year:
        qs = qs.filter(Q(inspection__year=f.year) | Q(report__year=f.year))
    if f.organ:
        qs = qs.filter(organ_id=f.organ)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.stage == "open":
        qs = qs.filter(status__in=OPEN_RECT_STATES)
    elif f.stage == "overdue":
        qs = qs.filter(overdue_rect_q(today))
    if inspection:
        qs = qs.filter(inspection_id=inspection)
    if unit:
        qs = qs.filter(owner_unit_id=unit)
    if f.q:
        qs = qs.filter(title__icontains=f.q)
    return _page(qs.order_by("deadline", "id"), page)


# ---- inquiries, interpellations, investigations ---------------------------------------------------------
def inquiries_for(user) -> QuerySet[Inquiry]:
    return _none_or(Inquiry, perms.inquiry_filter(user)).select_related("lead_body", "organ")


def inquiry_for(user, pk: int) -> Inquiry:
    qs = inquiries_for(user).select_related("report", "inspection", "workplan_item")
    return _get(qs, pk, "没有找到该专题询问。")


def inquiry_page(user, f: ListFilters, page=1):
    qs = inquiries_for(user).annotate(question_count=Count("questions"))
    if f.year:
        qs = qs.filter(year=f.year)
    if f.organ:
        qs = qs.filter(organ_id=f.organ)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.stage == "pending":
        qs = qs.filter(status=InquiryStatus.OPINIONS_SENT)
    if f.q:
        qs = qs.filter(title__icontains=f.q)
    return _page(qs.order_by("-year", "-id"), page)


def interpellations_for(user) -> QuerySet[Interpellation]:
    return _none_or(Interpellation, perms.interp_filter(user)).select_related("target", "organ")


def interpellation_for(user, pk: int) -> Interpellation:
    return _get(interpellations_for(user).select_related("committee"), pk, "没有找到该质询案。")


def interp_year_q(year: int) -> Q:
    return Q(submitted_on__year=year) | Q(submitted_on__isnull=True, meeting_date__year=year)


def interpellation_page(user, f: ListFilters, page=1):
    qs = interpellations_for(user).annotate(signer_count=Count("signers"))
    if f.year:
        qs = qs.filter(interp_year_q(f.year))
    if f.organ:
        qs = qs.filter(organ_id=f.organ)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.q:
        qs = qs.filter(title__icontains=f.q)
    return _page(qs.order_by("-created_at", "-id"), page)


def interpellation_detail(interp: Interpellation) -> dict[str, Any]:
    signers = list(interp.signers.select_related("person").order_by("id"))
    ratings = list(interp.ratings.select_related("person").order_by("round", "id"))
    current = [r for r in ratings if r.round == interp.round]
    return {
        "signers": signers,
        "ratings": ratings,
        "current_ratings": {r.person_id: r.satisfied for r in current},
        "unsatisfied": sum(1 for r in current if not r.satisfied),
        "satisfied": sum(1 for r in current if r.satisfied),
    }


def investigations_for(user) -> QuerySet[Investigation]:
    return _none_or(Investigation, perms.investigation_filter(user))


def investigation_for(user, pk: int) -> Investigation:
    return _get(investigations_for(user), pk, "没有找到该特定问题调查。")


# ---- filing review --------------------------------------------------------------------------------------
def filings_for(user) -> QuerySet[NormativeDocument]:
    return _none_or(NormativeDocument, perms.filing_filter(user)).select_related(
        "filer_org", "filer_congress", "reviewer")


def filing_for(user, pk: int) -> NormativeDocument:
    return _get(filings_for(user), pk, "没有找到该备案文件。")


def filing_page(user, f: ListFilters, page=1):
    qs = filings_for(user)
    if f.year:
        qs = qs.filter(filed_on__year=f.year)
    if f.organ:
        qs = qs.filter(filer_org_id=f.organ)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.stage == "reviewed":
        qs = qs.filter(status__in=REVIEWED_FILING_STATES)
    if f.late or f.stage == "late":
        qs = qs.filter(filing_late=True)
    if f.q:
        qs = qs.filter(Q(title__icontains=f.q) | Q(doc_number__icontains=f.q))
    return _page(qs.order_by("-filed_on", "-id"), page)


def requests_for(user) -> QuerySet[ReviewRequest]:
    return _none_or(ReviewRequest, perms.request_filter(user)).select_related("document")


def request_for(user, pk: int) -> ReviewRequest:
    return _get(requests_for(user), pk, "没有找到该审查建议。")


def request_page(user, f: ListFilters, page=1):
    qs = requests_for(user)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.year:
        qs = qs.filter(received_on__year=f.year)
    if f.q:
        qs = qs.filter(Q(document_title__icontains=f.q) | Q(tracking_code__icontains=f.q))
    return _page(qs.order_by("-received_on", "-id"), page)


def annual_filing_stats(congress_id: int, year: int) -> dict[str, Any]:
    """The figures of the annual filing-review report (监督法 第四十五条): three queries."""
    docs = NormativeDocument.objects.filter(congress_id=congress_id, filed_on__year=year)
    totals = docs.aggregate(
        filed=Count("id"),
        late=Count("id", filter=Q(filing_late=True)),
        reviewed=Count("id", filter=Q(status__in=REVIEWED_FILING_STATES)),
        passed=Count("id", filter=Q(status="passed")),
        problems=Count("id", filter=Q(status__in=("problem", "correction", "corrected", "revoked"))),
        corrected=Count("id", filter=Q(status="corrected")),
        revoked=Count("id", filter=Q(status="revoked")),
        pending_correction=Count("id", filter=Q(status="correction")),
    )
    by_filer = list(docs.values("filer_kind").annotate(n=Count("id"), late=Count("id", filter=Q(filing_late=True)))
                    .order_by("filer_kind"))
    requests = ReviewRequest.objects.filter(congress_id=congress_id, received_on__year=year).aggregate(
        received=Count("id"),
        from_portal=Count("id", filter=Q(source="portal")),
        accepted=Count("id", filter=Q(status__in=("accepted", "concluded"))),
        transferred=Count("id", filter=Q(status="transferred")),
        not_accepted=Count("id", filter=Q(status="not_accepted")),
        concluded=Count("id", filter=Q(status="concluded")),
    )
    problem_docs = list(docs.filter(status__in=("problem", "correction", "corrected", "revoked"))
                        .select_related("filer_org", "filer_congress").order_by("filed_on", "id"))
    from renda.supervision.models import FilerKind

    labels = dict(FilerKind.choices)
    for row in by_filer:
        row["label"] = labels.get(row["filer_kind"], row["filer_kind"])
    return {"year": year, "totals": totals, "by_filer": by_filer, "requests": requests, "problem_docs": problem_docs}


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
    from django.utils.http import urlencode

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
    from renda.supervision.workflow import draft_rule

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
def calendar_events(user, start: dt.date, end: dt.date) -> list:
    """Inspections, research and the statutory deadlines of reports, for the one calendar."""
    from renda.core.registry import CalendarEvent

    events = []
    inspections = inspections_for(user).filter(start_date__lte=end).filter(
        Q(end_date__gte=start) | Q(end_date__isnull=True, start_date__gte=start)).prefetch_related("team")
    for insp in inspections:
        events.append(CalendarEvent(kind="inspection", title=insp.title, start=insp.start_date,
                                    end=insp.end_date, url=reverse("supervision:inspection", args=[insp.pk]),
                                    congress_id=insp.congress_id, body_id=insp.lead_body_id,
                                    person_ids=frozenset(m.person_id for m in insp.team.all()),
                                    place=(insp.places or "")[:100]))
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


def history(obj) -> QuerySet:
    return audit.history(obj)


REPORT_KIND_LABELS = dict(ReportKind.choices)
