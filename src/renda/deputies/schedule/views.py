"""The one calendar: month, week and list views per person, per body or for the whole congress; iCalendar."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from renda.core import params
from renda.core.calendar import add_months
from renda.core.http import ICS, download
from renda.core.models import Organization, Person
from renda.core.roles import Role
from renda.deputies import permissions as perms
from renda.deputies.schedule import ics, selectors
from renda.deputies.web import parse_int

VIEWS = ("month", "week", "list")


@dataclass
class Scope:
    view: str
    anchor: dt.date
    scope: str
    person: Person | None
    body: Organization | None
    label: str


def read_scope(request) -> Scope:
    user = request.user
    if not perms.can_view_calendar(user):
        raise Http404("没有找到该页面。")
    view = request.GET.get("view") if request.GET.get("view") in VIEWS else "month"
    anchor = params.query_date(request.GET.get("date"), timezone.localdate())  # clamped: never out of range
    default = "me" if user.role in (Role.DEPUTY, Role.MEMBER) else ("body" if user.role == Role.COMMITTEE else "all")
    scope = request.GET.get("scope") if request.GET.get("scope") in selectors.SCOPES else default
    person = body = None
    if scope == "me":
        person = user.person
        label = "我的日程"
        if person is None:
            scope, label = "all", "全部日程"
    elif scope == "person":
        pid = parse_int(request.GET.get("person"))
        person = Person.objects.filter(congress_id=user.congress_id, pk=pid).first() if pid else None
        if person is None or user.role not in perms.INTERNAL_ROLES:
            raise Http404("没有找到该人员。")
        label = f"{person.name}的日程"
    elif scope == "body":
        bid = parse_int(request.GET.get("body")) or user.organization_id
        body = Organization.objects.filter(congress_id=user.congress_id, pk=bid).first() if bid else None
        if body is None:
            scope, label = "all", "全部日程"
        else:
            label = f"{body.name}的日程"
    else:
        label = f"{user.congress.short_name}全部日程"
    return Scope(view, anchor, scope, person, body, label)


@login_required
def calendar(request):
    s = read_scope(request)
    user = request.user
    cv = selectors.calendar_view(user, view=s.view, anchor=s.anchor, person_id=s.person.pk if s.person else None,
                                 body_id=s.body.pk if s.body else None)
    if s.view == "week":
        prev, nxt = s.anchor - dt.timedelta(days=7), s.anchor + dt.timedelta(days=7)
    elif s.view == "list":
        prev, nxt = s.anchor - dt.timedelta(days=60), s.anchor + dt.timedelta(days=60)
    else:
        prev, nxt = add_months(s.anchor.replace(day=1), -1), add_months(s.anchor.replace(day=1), 1)
    query = {"view": s.view, "scope": s.scope}
    if s.person and s.scope == "person":
        query["person"] = s.person.pk
    if s.body:
        query["body"] = s.body.pk
    qs = "&".join(f"{k}={v}" for k, v in query.items())
    return render(request, "deputies/schedule/calendar.html", {
        "cv": cv, "s": s, "prev": prev, "next": nxt, "qs": qs,
        "bodies": Organization.objects.filter(congress_id=user.congress_id,
                                              kind__in=[Organization.Kind.STANDING_COMMITTEE,
                                                        *Organization.CONGRESS_BODY_KINDS]).order_by("kind", "order"),
        "weekdays": ["一", "二", "三", "四", "五", "六", "日"],
    })


@login_required
def calendar_ics(request):
    s = read_scope(request)
    user = request.user
    start = s.anchor.replace(day=1)
    end = add_months(start, 6)
    items = selectors.scoped(selectors.collect(user, start, end), person_id=s.person.pk if s.person else None,
                             body_id=s.body.pk if s.body else None)
    data = ics.calendar_ics(items, name=s.label, base_url=request.build_absolute_uri("/"),
                            host=request.get_host().split(":")[0] or "renda")
    return download(data, "renda-calendar.ics", ICS)
