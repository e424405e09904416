"""Pages: the confidential list of requests for permission and detention reports, one record, and its registration.
Steps (审查, 许可, 不予许可, 听取报告, 撤回) are the kit's (`deputies:immunity_transition`)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from renda.core import history, kit
from renda.deputies.immunity import permissions as perms
from renda.deputies.immunity import selectors, services
from renda.deputies.immunity.forms import CaseForm
from renda.deputies.web import form_page, visible


@login_required
def index(request):
    user = request.user
    visible(perms.immunity_filter(user))
    return render(request, "deputies/immunity/index.html", {
        "cases": selectors.cases_for(user).order_by("-received_on", "-id")[:200],
        "can_manage": perms.can_manage(user),
    })


@login_required
def detail(request, pk: int):
    user = request.user
    case = selectors.case_for(user, pk)
    return render(request, "deputies/immunity/detail.html", {
        "case": case, "history": history.for_user(user, case),
    })


@login_required
def create(request):
    user = request.user
    kit.ensure(perms.can_manage(user), "许可申请和拘留报告由办公厅登记。")
    form = CaseForm(request.POST or None, congress=user.congress)
    return form_page(request, form, save=lambda data: services.case_create(actor=user, **data),
                     title="登记许可申请或者拘留报告", back=("deputies:immunity",), to="deputies:immunity_case",
                     done=lambda c: f"已登记：{c}",
                     note="本页内容保密，仅办公厅和常委会领导可以查看。")
