"""The supervision dashboard. Each part has its own pages (reports/, inspections/, inquiries/, investigations/,
filings/ `views.py`, cycle/views.py for the steps after the meeting); every workflow step is the kit's
(renda.core.kit.transition_view, wired in urls.py)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from renda.core.registry import topic_hints
from renda.core.roles import Role
from renda.supervision import permissions as perms
from renda.supervision import selectors
from renda.supervision.web import year_param


@login_required
def index(request):
    user = request.user
    year = year_param(request)
    if user.role == Role.UNIT:
        return render(request, "supervision/unit_index.html", {
            "reports": selectors.reports_for(user).order_by("-year", "meeting_date")[:50],
            "rects": selectors.rect_for_user(user).order_by("status", "deadline")[:100],
            "interps": selectors.interpellations_for(user).order_by("-id")[:50],
            "inquiries": selectors.inquiries_for(user).order_by("-id")[:50],
            "filings": selectors.filings_for(user).order_by("-filed_on")[:50],
            "today": timezone.localdate(),
        })
    pic = selectors.picture(user, year) if perms.can_view_picture(user) else None
    return render(request, "supervision/index.html", {
        "year": year, "picture": pic, "chart_data": selectors.picture_chart(pic) if pic else None,
        "years": range(timezone.localdate().year + 1, 2018, -1),
        "can_create": perms.can_create_report(user),
        # candidate supervision topics other modules offer (core.registry; staff and leadership only)
        "topic_hints": topic_hints(user, year),
    })
