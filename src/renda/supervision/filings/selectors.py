"""Reads of filing review: filed documents, review requests (internal staff only) and the annual figures."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from renda.core.selectors import one_or_404, visible
from renda.supervision import permissions as perms
from renda.supervision.listing import ListFilters, filtered_page
from renda.supervision.models import REVIEWED_FILING_STATES, FilerKind, NormativeDocument, ReviewRequest


def filings_for(user) -> QuerySet[NormativeDocument]:
    return visible(NormativeDocument, perms.filing_filter(user)).select_related(
        "filer_org", "filer_congress", "reviewer")


def filing_for(user, pk: int) -> NormativeDocument:
    return one_or_404(filings_for(user), pk, "没有找到该备案文件。")


def filing_page(user, f: ListFilters, page=1):
    return filtered_page(filings_for(user), f, page, order=("-filed_on", "-id"), year="filed_on__year",
                         organ="filer_org_id", search=("title", "doc_number"),
                         stages={"reviewed": Q(status__in=REVIEWED_FILING_STATES)}, late=Q(filing_late=True))


def requests_for(user) -> QuerySet[ReviewRequest]:
    return visible(ReviewRequest, perms.request_filter(user)).select_related("document")


def request_for(user, pk: int) -> ReviewRequest:
    return one_or_404(requests_for(user), pk, "没有找到该审查建议。")


def request_page(user, f: ListFilters, page=1):
    return filtered_page(requests_for(user), f, page, order=("-received_on", "-id"), year="received_on__year",
                         organ=None, search=("document_title", "tracking_code"))


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

