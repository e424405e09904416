"""All reads of the portal.

Public reads take a `Congress` (from the address) and return only what is published: news with status
published; regulations promulgated (已公布/已备案) and their versions published to the public; drafts whose
comment period was opened (立法法 第四十条); the serving deputies' names, delegations and sectors; active liaison
stations; handled, non-confidential suggestions (the same filter as the proposals public page). Missing or
unpublished objects are 404, so existence does not leak. Each function runs a fixed number of queries.

Staff reads (the news desk) are visibility-aware through permissions.news_filter.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from renda.core.models import Congress, Term
from renda.core.selectors import one_or_404, visible
from renda.deputies.models import Delegation, Deputy, Station
from renda.legislation import selectors as leg_selectors
from renda.legislation.models import (
    STAGE_ORDER,
    Bill,
    BillComment,
    BillStatus,
    BillVersion,
    CommentPeriod,
    PeriodStatus,
    Stage,
)
from renda.portal import permissions as perms
from renda.portal.models import NewsArticle, NewsCategory
from renda.proposals import selectors as prop_selectors

PROMULGATED_STATES = (BillStatus.PROMULGATED, BillStatus.FILED)
NEWS_PER_PAGE = 10
DEPUTIES_PER_PAGE = 60


# ---- congresses --------------------------------------------------------------------------------------------------
def congress_by_code(code: str) -> Congress:
    congress = Congress.objects.filter(code=code).first()
    if congress is None:
        raise Http404("没有找到该人大。")
    return congress


def congresses() -> list[Congress]:
    """The congresses served, the higher levels first (a city before its counties)."""
    order = {Congress.Level.NATIONAL: 0, Congress.Level.PROVINCE: 1, Congress.Level.CITY: 2, Congress.Level.COUNTY: 3}
    return sorted(Congress.objects.all(), key=lambda c: (order.get(c.level, 9), c.pk))


# ---- news --------------------------------------------------------------------------------------------------------
def published_news(congress: Congress, category: str = "") -> QuerySet[NewsArticle]:
    qs = NewsArticle.objects.filter(perms.public_news_q(congress.pk), published_at__lte=timezone.now())
    if category in NewsCategory.values:
        qs = qs.filter(category=category)
    return qs.order_by("-published_at", "-id")


def news_page(congress: Congress, category: str = "", page: int | str = 1):
    return Paginator(published_news(congress, category).defer("body"), NEWS_PER_PAGE).get_page(page)


def latest_news(congress: Congress, n: int = 6) -> list[NewsArticle]:
    return list(published_news(congress).defer("body")[:n])


def public_article(congress: Congress, pk: int) -> NewsArticle:
    return one_or_404(published_news(congress), pk, "没有找到该文章。")


def news_for(user) -> QuerySet[NewsArticle]:
    return (visible(NewsArticle, perms.news_filter(user)).select_related("created_by")
            .order_by("status", "-published_at", "-id"))


def article_for(user, pk: int) -> NewsArticle:
    return one_or_404(news_for(user), pk, "没有找到该稿件。")


# ---- drafts open for comment -------------------------------------------------------------------------------------
@dataclass
class DraftRow:
    period: CommentPeriod
    title: str
    days_left: int  # days until closing, counting today (0 once closed)
    running: bool
    not_yet: bool


def _draft_row(period: CommentPeriod, today: dt.date) -> DraftRow:
    running = period.is_running(today)
    not_yet = period.status == PeriodStatus.OPEN and today < period.opens_on
    days_left = (period.closes_on - today).days + 1 if running else 0
    return DraftRow(period, period.bill.display_title, days_left, running, not_yet)


def _periods(congress: Congress) -> QuerySet[CommentPeriod]:
    return CommentPeriod.objects.filter(congress=congress).select_related("bill", "version")


def open_drafts(congress: Congress, today: dt.date | None = None) -> list[DraftRow]:
    """Drafts whose comment period is open and not past its closing date (running or about to open)."""
    today = today or timezone.localdate()
    qs = _periods(congress).filter(status=PeriodStatus.OPEN, closes_on__gte=today).defer("version__text")
    return [_draft_row(p, today) for p in qs.order_by("closes_on", "id")]


def past_drafts(congress: Congress, today: dt.date | None = None, limit: int = 50) -> list[DraftRow]:
    today = today or timezone.localdate()
    qs = _periods(congress).filter(Q(status=PeriodStatus.CLOSED) | Q(closes_on__lt=today)).defer("version__text")
    return [_draft_row(p, today) for p in qs.order_by("-closes_on", "-id")[:limit]]


def public_period(congress: Congress, pk: int) -> CommentPeriod:
    """A period that was opened for public comment (open or closed): its draft is public."""
    return one_or_404(_periods(congress), pk, "没有找到该征求意见稿。")


def draft_row(period: CommentPeriod, today: dt.date | None = None) -> DraftRow:
    return _draft_row(period, today or timezone.localdate())


# ---- published regulations ----------------------------------------------------------------------------------------
def _regulations(congress: Congress) -> QuerySet[Bill]:
    has_text = BillVersion.objects.filter(stage=Stage.PROMULGATED)
    return Bill.objects.filter(congress=congress, status__in=PROMULGATED_STATES,
                               pk__in=has_text.filter(congress=congress).values("bill_id"))


def regulations(congress: Congress) -> list[Bill]:
    return list(_regulations(congress).order_by("-promulgated_on", "-id"))


def regulation(congress: Congress, pk: int) -> Bill:
    return one_or_404(_regulations(congress), pk, "没有找到该法规。")


@dataclass
class VersionRow:
    version: BillVersion
    label: str
    date: dt.date | None
    what: str


def public_versions(bill: Bill) -> list[VersionRow]:
    """The texts of the bill that were published, oldest first, each with the date it was published."""
    versions = list(BillVersion.objects.filter(congress_id=bill.congress_id, bill=bill, published=True).defer("text"))
    opened = {}
    for p in CommentPeriod.objects.filter(congress_id=bill.congress_id, bill=bill).order_by("opens_on"):
        opened.setdefault(p.version_id, p.opens_on)
    rows = []
    for v in sorted(versions, key=lambda v: STAGE_ORDER[v.stage]):
        if v.stage == Stage.PROMULGATED:
            rows.append(VersionRow(v, "公布文本", bill.promulgated_on, "常委会公告公布"))
        else:
            rows.append(VersionRow(v, v.get_stage_display(), opened.get(v.pk), "向社会公布征求意见"))
    return rows


def promulgated_version(bill: Bill) -> BillVersion:
    version = BillVersion.objects.filter(congress_id=bill.congress_id, bill=bill, stage=Stage.PROMULGATED).first()
    if version is None:
        raise Http404("没有找到公布文本。")
    return version


def public_version(bill: Bill, pk) -> BillVersion | None:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return BillVersion.objects.filter(congress_id=bill.congress_id, bill=bill, published=True, pk=pk).first()


def closed_periods(bill: Bill) -> list[CommentPeriod]:
    """Closed periods, each with `n`: every comment received on its text from every source (the same count as the
    staff's bill page and analysis)."""
    total = (BillComment.objects.filter(version=OuterRef("version")).order_by().values("version")
             .annotate(c=Count("id")).values("c"))
    return list(CommentPeriod.objects.filter(congress_id=bill.congress_id, bill=bill, status=PeriodStatus.CLOSED)
                .select_related("version").annotate(n=Coalesce(Subquery(total, output_field=IntegerField()), 0))
                .order_by("opens_on"))


def feedback_notices(bill: Bill) -> list:
    """The published feedback notices on how the comments were handled (立法法 第四十条), newest first.

    They are written and published by the legislation module (FeedbackNotice, H3 of issue #5) and read here
    through its selector `published_feedback_notices(congress, bill)`; if that selector is absent (an older
    legislation module) the pages fall back to the period's own 征求意见情况通报 (CommentPeriod.feedback).
    """
    fn = getattr(leg_selectors, "published_feedback_notices", None)
    if fn is None:
        return []
    return list(fn(bill.congress_id, bill))


def all_feedback_notices(congress: Congress) -> list:
    fn = getattr(leg_selectors, "published_feedback_notices", None)
    return list(fn(congress.pk)) if fn is not None else []


# ---- deputies and liaison stations ---------------------------------------------------------------------------------
def _current_term(congress: Congress):
    today = timezone.localdate()
    terms = Term.objects.filter(congress=congress, start_date__lte=today).order_by("-start_date")
    return terms.first() or Term.objects.filter(congress=congress).order_by("-start_date").first()


def public_deputies(congress: Congress, delegation: int | None = None) -> QuerySet:
    """Serving deputies of the current term: name, delegation, sector only (never personal data)."""
    term = _current_term(congress)
    qs = Deputy.objects.filter(congress=congress, term=term, status__in=Deputy.ACTIVE_STATES)
    if delegation:
        qs = qs.filter(delegation_id=delegation)
    return (qs.select_related("person", "delegation")
            .only("id", "sector", "person__name", "delegation__name", "delegation__order")
            .order_by("delegation__order", "delegation_id", "id"))


def deputies_page(congress: Congress, delegation: int | None = None, page: int | str = 1):
    return Paginator(public_deputies(congress, delegation), DEPUTIES_PER_PAGE).get_page(page)


def delegations(congress: Congress) -> list:
    term = _current_term(congress)
    return list(Delegation.objects.filter(congress=congress, term=term).annotate(
        n=Count("deputy", filter=Q(deputy__status__in=("serving", "suspended")))).order_by("order", "id"))


def public_stations(congress: Congress) -> list:
    """Active liaison stations with their public particulars and the deputies who receive people there."""
    serving = Deputy.objects.filter(status__in=Deputy.ACTIVE_STATES).select_related("person").only(
        "id", "person__name")
    return list(Station.objects.filter(congress=congress, active=True)
                .only("id", "kind", "name", "district", "address", "schedule")
                .prefetch_related(Prefetch("deputies", queryset=serving))
                .order_by("district", "name"))


# ---- public suggestions (the proposals public page's own filter) ---------------------------------------------------
def public_suggestions(congress: Congress, limit: int = 500) -> list:
    return prop_selectors.public_page(congress.pk, limit=limit)  # merged (并案) items listed with their main item
