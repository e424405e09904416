"""The year's statutory reports: which the standing committee has heard and which are still missing."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from renda.supervision import permissions as perms
from renda.supervision.annual import selectors, services


def _year(request, year: int) -> int:
    if perms.annual_filter(request.user) is None:
        raise PermissionDenied("您没有查看年度法定报告的权限。")
    if not 1990 <= year <= 2100:
        raise Http404("年度超出范围。")
    return year


@login_required
def annual_index(request):
    return redirect("supervision:annual", year=timezone.localdate().year)


@login_required
def annual(request, year: int):
    year = _year(request, year)
    today = timezone.localdate()
    rows = selectors.year_table(request.user, year, today)
    return render(request, "supervision/annual.html", {
        "year": year, "rows": rows, "today": today, "missing": sum(1 for r in rows if not r["heard"]),
        "has_list": any(r["duty"] for r in rows), "can_ensure": perms.is_internal(request.user),
        "years": range(today.year + 1, today.year - 5, -1)})


@login_required
@require_POST
def annual_ensure(request, year: int):
    year = _year(request, year)
    if not perms.is_internal(request.user):
        raise PermissionDenied("只有常委会工作人员可以建立清单。")
    services.annual_ensure(congress_id=request.user.congress_id, year=year, actor=request.user)
    messages.success(request, f"已建立{year}年法定报告清单。")
    return redirect(reverse("supervision:annual", args=[year]))
