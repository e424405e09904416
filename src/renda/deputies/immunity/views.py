"""Pages: the confidential list of requests for permission and detention reports, one record, and its registration.
Steps (审查, 许可, 不予许可, 听取报告, 撤回) are the kit's (`deputies:immunity_transition`)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from renda.deputies.immunity import permissions as perms
from renda.deputies.immunity import selectors, services
from renda.deputies.immunity.forms import CaseForm
from renda.deputies.web import create_page, detail_view, visible


@login_required
def index(request):
    user = request.user
    visible(perms.immunity_filter(user))
    return render(request, "deputies/immunity/index.html", {
        "cases": selectors.cases_for(user).order_by("-received_on", "-id")[:200],
        "can_manage": perms.can_manage(user),
    })


detail = detail_view("detail", selectors.case_for, "deputies/immunity/detail.html", "case", history=True)


create = create_page("create", lambda request: CaseForm(request.POST or None, congress=request.user.congress),
                     services.case_create, may=perms.can_manage, refused="许可申请和拘留报告由办公厅登记。",
                     title="登记许可申请或者拘留报告", back="deputies:immunity", to="deputies:immunity_case",
                     done=lambda c: f"已登记：{c}", note="本页内容保密，仅办公厅和常委会领导可以查看。")
