"""Reads of special inquiries and interpellations, visibility-aware, a fixed number of queries."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from renda.core.selectors import one_or_404, visible
from renda.supervision import permissions as perms
from renda.supervision.listing import ListFilters, filtered_page
from renda.supervision.models import Inquiry, InquiryStatus, Interpellation


def inquiries_for(user) -> QuerySet[Inquiry]:
    return visible(Inquiry, perms.inquiry_filter(user)).select_related("lead_body", "organ")


def inquiry_for(user, pk: int) -> Inquiry:
    qs = inquiries_for(user).select_related("report", "inspection", "workplan_item")
    return one_or_404(qs, pk, "没有找到该专题询问。")


def inquiry_page(user, f: ListFilters, page=1):
    return filtered_page(inquiries_for(user).annotate(question_count=Count("questions")), f, page,
                         order=("-year", "-id"), stages={"pending": Q(status=InquiryStatus.OPINIONS_SENT)})


def interpellations_for(user) -> QuerySet[Interpellation]:
    return visible(Interpellation, perms.interp_filter(user)).select_related("target", "organ")


def interpellation_for(user, pk: int) -> Interpellation:
    return one_or_404(interpellations_for(user).select_related("committee"), pk, "没有找到该质询案。")


def interp_year_q(year: int) -> Q:
    return Q(submitted_on__year=year) | Q(submitted_on__isnull=True, meeting_date__year=year)


def interpellation_page(user, f: ListFilters, page=1):
    return filtered_page(interpellations_for(user).annotate(signer_count=Count("signers")), f, page,
                         order=("-created_at", "-id"), year=interp_year_q)


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

