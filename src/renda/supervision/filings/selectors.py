"""Reads of filing review: filed documents, review requests (internal staff only) and the annual figures."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from renda.supervision import permissions as perms
from renda.supervision.listing import ListFilters, get_or_404, none_or, page_of
from renda.supervision.models import REVIEWED_FILING_STATES, FilerKind, NormativeDocument, ReviewRequest


def filings_for(user) -> QuerySet[NormativeDocument]:
    return none_or(NormativeDocument, perms.filing_filter(user)).select_related(
        "filer_org", "filer_congress", "reviewer")


def filing_for(user, pk: int) -> NormativeDocument:
    return get_or_404(filings_for(user), pk, "没有找到该备案文件。")


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
    return page_of(qs.order_by("-filed_on", "-id"), page)


def requests_for(user) -> QuerySet[ReviewRequest]:
    return none_or(ReviewRequest, perms.request_filter(user)).select_related("document")


def request_for(user, pk: int) -> ReviewRequest:
    return get_or_404(requests_for(user), pk, "没有找到该审查建议。")


def request_page(user, f: ListFilters, page=1):
    qs = requests_for(user)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.year:
        qs = qs.filter(received_on__year=f.year)
    if f.q:
        qs = qs.filter(Q(document_title__icontains=f.q) | Q(tracking_code__icontains=f.q))
    return page_of(qs.order_by("-received_on", "-id"), page)


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
    labels = dict(FilerKind.choices)
    for row in by_filer:
        row["label"] = labels.get(row["filer_kind"], row["filer_kind"])
    return {"year": year, "totals": totals, "by_filer": by_filer, "requests": requests, "problem_docs": problem_docs}

