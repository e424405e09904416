"""All reads of external exchanges, visibility-aware; the foreign-affairs calendar source."""

from __future__ import annotations

import datetime as dt

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import reverse

from renda.core.models import Person
from renda.core.registry import CalendarEvent
from renda.core.selectors import one_or_404, visible, visible_once
from renda.deputies import permissions as perms
from renda.deputies.models import Agreement, Partner, Visit, VisitStatus


def partners_for(user) -> QuerySet[Partner]:
    return visible(Partner, perms.partner_filter(user)).annotate(agreement_count=Count("agreements", distinct=True))


def partner_for(user, pk: int) -> Partner:
    return one_or_404(partners_for(user), pk, "没有找到该交流对象。")


def visits_for(user) -> QuerySet[Visit]:
    return visible_once(Visit, perms.visit_filter(user)).select_related("partner", "leader")


def visit_for(user, pk: int) -> Visit:
    return one_or_404(visits_for(user), pk, "没有找到该团组。")


def visit_page(user, *, direction: str = "", page=1, per_page: int = 50):
    qs = visits_for(user)
    if direction in Visit.Direction.values:
        qs = qs.filter(direction=direction)
    qs = qs.annotate(meeting_count=Count("meetings", distinct=True),
                     agreement_count=Count("agreements", distinct=True)).order_by("-start_date", "-id")
    return Paginator(qs, per_page).get_page(page)


def visit_detail(visit: Visit) -> dict:
    return {
        "members": list(visit.members.order_by("id")),
        "meetings": list(visit.meetings.order_by("date", "id")),
        "agreements": list(visit.agreements.select_related("partner").order_by("signed_on")),
    }


def agreements_for(user) -> QuerySet[Agreement]:
    return visible(Agreement, perms.partner_filter(user)).select_related("partner", "visit")


def visit_events(user, start: dt.date, end: dt.date, person_id: int | None = None) -> list[CalendarEvent]:
    qs = (
        visits_for(user)
        .exclude(status=VisitStatus.CANCELLED)
        .filter(start_date__lte=end, end_date__gte=start)
        .prefetch_related(Prefetch("members", queryset=Person.objects.only("id")))
        .order_by("start_date")
    )
    if person_id is not None:  # one person's calendar: the delegations they lead or belong to
        qs = qs.filter(Q(leader_id=person_id) | Q(pk__in=Visit.members.through.objects.filter(
            person_id=person_id).values("visit_id")))
    return [
        CalendarEvent(
            kind="exchange", title=f"{v.get_direction_display()}：{v.title}", start=v.start_date, end=v.end_date,
            url=reverse("deputies:visit", args=[v.pk]), congress_id=v.congress_id,
            person_ids=frozenset({*(p.pk for p in v.members.all()), *([v.leader_id] if v.leader_id else [])}),
            place=v.place,
        )
        for v in qs
    ]
