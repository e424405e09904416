"""Reads of the law book, visibility first: staff pages through the permission filters, public pages published law
only (every regulation in the book is published law) of the congress named by the address."""

from __future__ import annotations

import datetime as dt

from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from renda.core.models import Congress
from renda.core.selectors import one_or_404, visible
from renda.lawbook import permissions as perms
from renda.lawbook.models import (
    IN_FORCE_STATES,
    UPPER_KINDS,
    CleanupCampaign,
    CleanupItem,
    PackageAmendment,
    Regulation,
    RegulationEvent,
    ReviewFinding,
)
from renda.lawbook.services import compare_dates, current_version, text_at  # noqa: F401  (re-exported reads)
from renda.supervision.models import FilerKind, NormativeDocument


# ---- staff ------------------------------------------------------------------------------------------------------
def regulations_for(user) -> QuerySet[Regulation]:
    return visible(Regulation, perms.regulation_filter(user))


def regulation_for(user, pk: int) -> Regulation:
    return one_or_404(regulations_for(user), pk, "没有找到该法规。")


def regulation_list(user, *, status: str = "", year: int | None = None, kind: str = "", q: str = ""):
    qs = regulations_for(user).annotate(n_versions=Count("versions"))
    if status:
        qs = qs.filter(status=status)
    if kind == "upper":
        qs = qs.filter(kind__in=UPPER_KINDS)
    elif kind:
        qs = qs.filter(kind=kind)
    if year:
        qs = qs.filter(events__date__year=year).distinct()
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(number__icontains=q))
    return qs.order_by("kind", "title")


def upper_laws_for(user) -> QuerySet[Regulation]:
    """What a document may be reviewed against: every regulation in force in the book (for a government's
    normative document the city's own regulations are upper law too), the upper laws first."""
    return (regulations_for(user).filter(status__in=IN_FORCE_STATES)
            .annotate(upper_first=Case(When(kind__in=UPPER_KINDS, then=Value(0)), default=Value(1),
                                       output_field=IntegerField()))
            .order_by("upper_first", "title"))


def events_of(regulation: Regulation) -> list[RegulationEvent]:
    return list(regulation.events.select_related("package", "bill").order_by("date", "id"))


def packages_for(user) -> QuerySet[PackageAmendment]:
    return visible(PackageAmendment, perms.internal_filter(user))


def package_for(user, pk: int) -> PackageAmendment:
    return one_or_404(packages_for(user), pk, "没有找到该修改决定。")


def campaigns_for(user) -> QuerySet[CleanupCampaign]:
    return visible(CleanupCampaign, perms.internal_filter(user)).select_related("lead")


def campaign_for(user, pk: int) -> CleanupCampaign:
    return one_or_404(campaigns_for(user), pk, "没有找到该法规清理项目。")


def items_of(campaign: CleanupCampaign) -> list[CleanupItem]:
    return list(campaign.items.select_related("regulation", "committee", "decided_by").order_by("id"))


def item_for(user, pk: int) -> CleanupItem:
    return one_or_404(visible(CleanupItem, perms.item_filter(user)).select_related("campaign", "regulation", "committee"),
                pk, "没有找到该清理事项。")


def findings_for(user) -> QuerySet[ReviewFinding]:
    return visible(ReviewFinding, perms.internal_filter(user))


def finding_for(user, pk: int) -> ReviewFinding:
    return one_or_404(findings_for(user), pk, "没有找到该审查提示。")


def findings_of(user, *, document=None, bill_version=None) -> list[ReviewFinding]:
    qs = findings_for(user).select_related("decided_by", "upper")
    if document is not None:
        qs = qs.filter(document=document)
    if bill_version is not None:
        qs = qs.filter(bill_version=bill_version)
    return list(qs.order_by("id"))


# ---- public ------------------------------------------------------------------------------------------------------
def congress_by_code(code: str) -> Congress:
    congress = Congress.objects.filter(code=code).first()
    if congress is None:
        raise Http404("没有找到该人大。")
    return congress


def public_regulations(congress: Congress, *, in_force_only=True) -> QuerySet[Regulation]:
    qs = Regulation.objects.filter(congress=congress, kind="local")
    if in_force_only:
        qs = qs.filter(status__in=IN_FORCE_STATES)
    return qs.prefetch_related(Prefetch("events", queryset=RegulationEvent.objects.order_by("date", "id")))\
        .order_by("title")


def public_regulation(congress: Congress, pk: int) -> Regulation:
    return one_or_404(Regulation.objects.filter(congress=congress), pk, "没有找到该法规。")


def public_events(congress: Congress, limit: int = 50) -> list[RegulationEvent]:
    return list(RegulationEvent.objects.filter(congress=congress, regulation__kind="local")
                .select_related("regulation").order_by("-date", "-id")[:limit])


FILING_PUBLIC_FIELDS = ("id", "title", "doc_number", "filer_kind", "issued_on", "filed_on")


def filing_catalogue(congress: Congress, year: int) -> list[dict]:
    """The 备案目录: the documents filed in a year, their public fields only (title, number, maker, dates)."""
    labels = dict(FilerKind.choices)
    rows = list(NormativeDocument.objects.filter(congress=congress, filed_on__year=year)
                .select_related("filer_org", "filer_congress").order_by("filed_on", "id"))
    out = []
    for d in rows:
        maker = d.filer_org.name if d.filer_org_id else (d.filer_congress.short_name if d.filer_congress_id else "")
        out.append({"title": d.title, "doc_number": d.doc_number, "maker": maker,
                    "kind": labels.get(d.filer_kind, ""), "issued_on": d.issued_on, "filed_on": d.filed_on})
    return out


def filing_years(congress: Congress) -> list[int]:
    return sorted({d.year for d in NormativeDocument.objects.filter(congress=congress)
                   .dates("filed_on", "year")}, reverse=True)


def today() -> dt.date:
    return timezone.localdate()
