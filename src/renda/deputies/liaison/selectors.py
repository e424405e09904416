"""All reads of liaison with the people, visibility-aware; calendar sources for the one calendar."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from renda.core.filters import QueryFilters, choice, flag, number, text
from renda.core.registry import CalendarEvent
from renda.core.selectors import narrow, one_or_404, visible, visible_once
from renda.deputies import permissions as perms
from renda.deputies.models import (
    Activity,
    ActivityKind,
    ActivityStatus,
    Deputy,
    Issue,
    IssueSource,
    IssueStatus,
    MemberContact,
    Station,
)


# ---- stations ------------------------------------------------------------------------------------------
def stations_for(user) -> QuerySet[Station]:
    return visible(Station, perms.station_filter(user)).select_related("delegation").annotate(
        deputy_count=Count("deputies", distinct=True)
    ).order_by("district", "name")


def station_for(user, pk: int) -> Station:
    return one_or_404(visible(Station, perms.station_filter(user)).select_related("delegation"), pk, "没有找到该联络站。")


# ---- activities ----------------------------------------------------------------------------------------
def activities_for(user) -> QuerySet[Activity]:
    return visible(Activity, perms.activity_filter(user)).select_related("station", "organizer", "lead")


def activity_for(user, pk: int) -> Activity:
    return one_or_404(activities_for(user), pk, "没有找到该活动。")


@dataclass
class ActivityFilters(QueryFilters):
    kind: str = choice(ActivityKind.values, label="活动类型")
    status: str = choice(ActivityStatus.values, label="状态")
    station: int | None = number(label="联络站")
    mine: bool = flag()
    q: str = text()

    def apply(self, qs, user):
        qs = narrow(qs, kind=self.kind, status=self.status, station_id=self.station)
        if self.mine and user.person_id:
            qs = qs.filter(pk__in=Activity.participants.through.objects.filter(
                deputy__person_id=user.person_id).values("activity_id"))
        if self.q:
            qs = qs.filter(Q(title__icontains=self.q) | Q(place__icontains=self.q))
        return qs


def activity_page(user, filters: ActivityFilters, page=1, per_page: int = 50):
    qs = filters.apply(activities_for(user), user).annotate(
        participant_count=Count("participants", distinct=True), issue_count=Count("issues", distinct=True)
    ).order_by("-start", "-id")
    return Paginator(qs, per_page).get_page(page)


def participants(activity: Activity) -> list[Deputy]:
    return list(activity.participants.select_related("person", "delegation").order_by("delegation__order", "id"))


# ---- issues -------------------------------------------------------------------------------------------
def issues_for(user) -> QuerySet[Issue]:
    return visible(Issue, perms.issue_filter(user)).select_related(
        "activity", "contact__member", "deputy__person", "routed_to"
    )


def issue_for(user, pk: int) -> Issue:
    return one_or_404(issues_for(user), pk, "没有找到该意见。")


@dataclass
class IssueFilters(QueryFilters):
    status: str = choice(IssueStatus.values, label="状态")
    source: str = choice(IssueSource.values, label="来源")
    routed_to: int | None = number(label="交办单位")
    overdue: bool = flag()
    q: str = text()

    def apply(self, qs, today: dt.date):
        qs = narrow(qs, status=self.status, source=self.source, routed_to_id=self.routed_to)
        if self.overdue:
            qs = qs.filter(overdue_q(today))
        if self.q:
            qs = qs.filter(Q(title__icontains=self.q) | Q(content__icontains=self.q))
        return qs


def overdue_q(today: dt.date) -> Q:
    return Q(status=IssueStatus.ROUTED, due_on__lt=today)


def issue_page(user, filters: IssueFilters, page=1, per_page: int = 50):
    today = timezone.localdate()
    qs = filters.apply(issues_for(user), today).order_by(
        "status", "due_on", "-id"
    )
    return Paginator(qs, per_page).get_page(page)


def issue_counts(user) -> dict[str, int]:
    today = timezone.localdate()
    agg = issues_for(user).order_by().aggregate(
        total=Count("id"),
        received=Count("id", filter=Q(status=IssueStatus.RECEIVED)),
        routed=Count("id", filter=Q(status=IssueStatus.ROUTED)),
        answered=Count("id", filter=Q(status=IssueStatus.ANSWERED)),
        closed=Count("id", filter=Q(status=IssueStatus.CLOSED)),
        overdue=Count("id", filter=overdue_q(today)),
    )
    return {k: v or 0 for k, v in agg.items()}


# ---- members' contacts ---------------------------------------------------------------------------------
def contacts_for(user) -> QuerySet[MemberContact]:
    return visible_once(MemberContact, perms.contact_filter(user)).select_related("member").prefetch_related(
        Prefetch("deputies", queryset=Deputy.objects.select_related("person"))
    )


def contact_for(user, pk: int) -> MemberContact:
    return one_or_404(contacts_for(user), pk, "没有找到该联系记录。")


def contact_page(user, page=1, per_page: int = 50):
    qs = contacts_for(user).annotate(issue_count=Count("issues", distinct=True)).order_by("-date", "-id")
    return Paginator(qs, per_page).get_page(page)


# ---- calendar sources ----------------------------------------------------------------------------------
def _aware(day: dt.date, end: bool = False) -> dt.datetime:
    moment = dt.datetime.combine(day + dt.timedelta(days=1) if end else day, dt.time.min)
    return timezone.make_aware(moment)


def activity_events(user, start: dt.date, end: dt.date, person_id: int | None = None) -> list[CalendarEvent]:
    qs = (
        activities_for(user)
        .exclude(status=ActivityStatus.CANCELLED)
        .filter(start__lt=_aware(end, end=True), end__gte=_aware(start))
        .prefetch_related(Prefetch("participants", queryset=Deputy.objects.only("id", "person_id")))
        .order_by("start")
    )
    if person_id is not None:  # one person's calendar: the activities they lead or take part in
        qs = qs.filter(Q(lead_id=person_id) | Q(pk__in=Activity.participants.through.objects.filter(
            deputy__person_id=person_id).values("activity_id")))
    out = []
    for a in qs:
        people = {d.person_id for d in a.participants.all()}
        if a.lead_id:
            people.add(a.lead_id)
        out.append(CalendarEvent(
            kind=a.kind, title=a.title, start=a.start, end=a.end, url=reverse("deputies:activity", args=[a.pk]),
            congress_id=a.congress_id, person_ids=frozenset(people), body_id=a.organizer_id, place=a.place,
        ))
    return out


def contact_events(user, start: dt.date, end: dt.date, person_id: int | None = None) -> list[CalendarEvent]:
    qs = contacts_for(user).filter(date__gte=start, date__lte=end)
    if person_id is not None:  # one person's calendar: the member who made the contact, or a deputy contacted
        qs = qs.filter(Q(member_id=person_id) | Q(pk__in=MemberContact.deputies.through.objects.filter(
            deputy__person_id=person_id).values("membercontact_id")))
    return [
        CalendarEvent(
            kind="visit", title=f"{c.member.name}联系代表（{c.get_mode_display()}）", start=c.date, end=c.date,
            url=reverse("deputies:contact", args=[c.pk]), congress_id=c.congress_id,
            person_ids=frozenset({c.member_id, *(d.person_id for d in c.deputies.all())}), place=c.place,
        )
        for c in qs
    ]


def deadline_events(user, start: dt.date, end: dt.date, person_id: int | None = None) -> list[CalendarEvent]:
    """The answer deadlines of routed issues, for the bodies that must answer (and the office); they book no one, so
    one person's calendar (`person_id`) gets none of them without a query."""
    if person_id is not None:
        return []
    qs = issues_for(user).filter(status=IssueStatus.ROUTED, due_on__gte=start, due_on__lte=end).order_by("due_on")
    return [
        CalendarEvent(
            kind="deadline", title=f"答复期限：{i.title}", start=i.due_on, end=i.due_on,
            url=reverse("deputies:issue", args=[i.pk]), congress_id=i.congress_id, body_id=i.routed_to_id,
        )
        for i in qs
    ]
