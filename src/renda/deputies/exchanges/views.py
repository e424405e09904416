"""External exchange pages: partners, delegations in and out, meetings, agreements.

A delegation's steps (批准, 登记完成, 取消) are taken through the kit (`deputies:visit_transition`)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_POST

from renda.deputies import permissions as perms
from renda.deputies.exchanges import selectors, services
from renda.deputies.forms import AgreementForm, MeetingForm, PartnerForm, VisitForm
from renda.deputies.models import Visit
from renda.deputies.web import create_page, detail_view, record_on, record_pages

OFFICE_ONLY = "对外交流事项由办公厅登记。"


@login_required
def index(request):
    user = request.user
    if perms.visit_filter(user) is None and perms.partner_filter(user) is None:
        raise Http404("没有找到该页面。")
    direction = request.GET.get("direction") or ""
    return render(request, "deputies/exchanges/index.html", {
        "partners": selectors.partners_for(user).order_by("country", "name"),
        "page": selectors.visit_page(user, direction=direction, page=request.GET.get("page") or 1),
        "direction": direction, "directions": Visit.Direction.choices,
        "agreements": selectors.agreements_for(user).order_by("-signed_on")[:20],
        "can_manage": perms.can_manage_exchanges(user),
    })


partner_detail = detail_view("partner_detail", selectors.partner_for, "deputies/exchanges/partner_detail.html",
                             "partner", lambda user, partner: {
    "visits": selectors.visits_for(user).filter(partner=partner).order_by("-start_date"),
    "agreements": partner.agreements.order_by("-signed_on")})


partner_create = create_page("partner_create", lambda request: PartnerForm(request.POST or None),
                             services.partner_create, may=perms.can_manage_exchanges, refused=OFFICE_ONLY,
                             title="登记友好城市或立法机构", back="deputies:exchanges", to="deputies:partner",
                             done=lambda p: f"已登记：{p}")


def _visit_page(user, visit) -> dict:
    can_manage = perms.can_manage_exchanges(user, visit)
    return {**selectors.visit_detail(visit), "can_manage": can_manage,
            "meeting_form": MeetingForm() if can_manage else None,
            "agreement_form": AgreementForm() if can_manage and visit.partner_id else None}


visit_detail = detail_view("visit_detail", selectors.visit_for, "deputies/exchanges/visit_detail.html", "visit",
                           _visit_page, history=True)


visit_create, visit_edit = record_pages(
    "visit", selectors.visit_for, VisitForm, may=perms.can_manage_exchanges, refused=OFFICE_ONLY,
    create=services.visit_create, update=services.visit_update, titles=("登记出访或来访", "修改团组"),
    list_url="deputies:exchanges", what=lambda v: v.title)


@login_required
@require_POST
def visit_meeting(request, pk: int):
    visit = selectors.visit_for(request.user, pk)
    form = MeetingForm(request.POST)
    return record_on(request, visit, "deputies:visit",
                     lambda: services.meeting_add(actor=request.user, visit=visit, **form.cleaned_data),
                     "已登记会见会谈。", form=form, invalid="请填写会见日期和对象。")


@login_required
@require_POST
def visit_agreement(request, pk: int):
    visit = selectors.visit_for(request.user, pk)
    form = AgreementForm(request.POST)
    if visit.partner is None:  # no one to sign with
        form.add_error(None, "该团组没有交流对象。")
    return record_on(request, visit, "deputies:visit",
                     lambda: services.agreement_add(actor=request.user, partner=visit.partner, visit=visit,
                                                    **form.cleaned_data),
                     "已登记签署的协议。", form=form, invalid="请填写协议名称、类别和签署日期。")
