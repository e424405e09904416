"""Special-question investigation pages. Steps go through the kit (renda.core.kit)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from renda.supervision import forms
from renda.supervision import permissions as perms
from renda.supervision.investigations import selectors, services
from renda.supervision.listing import page_of
from renda.supervision.models import InvestigationStatus
from renda.supervision.web import detail, form_page, side_post


def _page(inv) -> str:
    return reverse("supervision:investigation", args=[inv.pk])


@login_required
def investigation_list(request):
    qs = selectors.investigations_for(request.user).order_by("-proposed_on", "-id")
    return render(request, "supervision/investigation_list.html", {
        "page": page_of(qs, request.GET.get("page") or 1),
        "can_create": perms.can_propose_investigation(request.user)})


@login_required
def investigation_create(request):
    user = request.user
    if not perms.can_propose_investigation(user):
        raise PermissionDenied("您没有提议组织特定问题调查委员会的权限。")
    form = forms.InvestigationForm(request.POST or None, congress_id=user.congress_id)

    def save(data):
        inv = services.investigation_propose(actor=user, **{**data, "proposers": list(data["proposers"])})
        return _page(inv), f"已登记提议：{inv.title}"

    return form_page(request, form, save, title="提议组织特定问题调查委员会",
                     back=reverse("supervision:investigations"))


@login_required
def investigation_detail(request, pk: int):
    user = request.user
    inv = selectors.investigation_for(user, pk)
    nominating = perms.is_office_or_leader(user, inv) and inv.status == InvestigationStatus.PROPOSED
    return render(request, "supervision/investigation_detail.html", detail(
        user, inv, inv=inv, proposers=list(inv.proposers.select_related("person")),
        members=list(inv.members.select_related("person").order_by("role", "id")),
        member_form=forms.InvestigatorForm(congress_id=inv.congress_id) if nominating else None,
    ))


@login_required
@require_POST
def investigation_member(request, pk: int):
    inv = selectors.investigation_for(request.user, pk)
    return side_post(request, forms.InvestigatorForm(request.POST, congress_id=inv.congress_id),
                     lambda **d: services.investigation_add_member(actor=request.user, investigation=inv, **d),
                     "已提名。", _page(inv), "请选择职务和人员。")
