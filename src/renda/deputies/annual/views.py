"""Pages of the annual deputy-work plan: the list, one plan, drafting, and the public page of published plans.
Steps (主任会议通过, 向代表通报, 向社会公布) are the kit's (`deputies:workplan_transition`)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from renda.core import kit
from renda.core.models import Congress
from renda.deputies.annual import permissions as perms
from renda.deputies.annual import selectors, services
from renda.deputies.annual.forms import PlanForm
from renda.deputies.web import create_page, detail_view, form_page, visible

REFUSED = "年度代表工作计划由办公厅起草。"


@login_required
def index(request):
    user = request.user
    visible(perms.plan_filter(user))
    return render(request, "deputies/annual/index.html", {
        "plans": selectors.plans_for(user).order_by("-year"), "can_manage": perms.can_manage(user)})


detail = detail_view("detail", selectors.plan_for, "deputies/annual/detail.html", "plan",
                     lambda user, plan: {"can_edit": perms.can_manage(user, plan) and plan.status == "draft"},
                     history=True)


create = create_page("create", lambda request: PlanForm(request.POST or None), services.plan_create,
                     may=perms.can_manage, refused=REFUSED, title="起草年度代表工作计划", back="deputies:workplans",
                     to="deputies:workplan", done=lambda p: f"已保存：{p}")


@login_required
def edit(request, pk: int):
    user = request.user
    plan = selectors.plan_for(user, pk)
    kit.ensure(perms.can_manage(user, plan), REFUSED)
    return form_page(request, PlanForm(request.POST or None, plan=plan),
                     save=lambda d: services.plan_update(actor=user, plan=plan, lock_version=d.get("lock_version"),
                                                         title=d["title"], content=d["content"]),
                     title="修改年度代表工作计划", back=("deputies:workplan", plan.pk), to="deputies:workplan",
                     done=lambda p: f"已保存：{p}")


def public(request, code: str):
    """公开页面: the published annual deputy-work plans of one congress (代表法 第四十三条第二款: 向社会公布)."""
    congress = Congress.objects.filter(code=code).first()
    if congress is None:
        raise Http404("没有找到该人大。")
    return render(request, "deputies/annual/public.html", {
        "congress": congress, "plans": selectors.published(congress.pk)})
