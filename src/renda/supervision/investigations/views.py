"""Special-question investigation pages (the shapes: supervision/web.py). Steps go through the kit
(renda.core.kit)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from renda.supervision import forms
from renda.supervision import permissions as perms
from renda.supervision.investigations import selectors, services
from renda.supervision.listing import page_of
from renda.supervision.models import InvestigationStatus
from renda.supervision.web import Kind, create_view, detail_view, scoped_form, side_view

INVESTIGATION = Kind("supervision:investigation", selectors.investigation_for)


@login_required
def investigation_list(request):
    qs = selectors.investigations_for(request.user).order_by("-proposed_on", "-id")
    return render(request, "supervision/investigation_list.html", {
        "page": page_of(qs, request.GET.get("page") or 1),
        "can_create": perms.can_propose_investigation(request.user)})


def _investigation_ctx(user, inv) -> dict:
    nominating = perms.is_office_or_leader(user, inv) and inv.status == InvestigationStatus.PROPOSED
    return {"proposers": list(inv.proposers.select_related("person")),
            "members": list(inv.members.select_related("person").order_by("role", "id")),
            "member_form": forms.InvestigatorForm(congress_id=inv.congress_id) if nominating else None}


investigation_create = create_view(
    INVESTIGATION, allowed=perms.can_propose_investigation, denied="您没有提议组织特定问题调查委员会的权限。",
    form=scoped_form(forms.InvestigationForm), create=services.investigation_propose,
    prepare=lambda data: {**data, "proposers": list(data["proposers"])}, done="已登记提议：{title}",
    title="提议组织特定问题调查委员会", back="supervision:investigations")
investigation_detail = detail_view(INVESTIGATION, "supervision/investigation_detail.html", "inv",
                                   _investigation_ctx)
investigation_member = side_view(
    INVESTIGATION, forms.InvestigatorForm, services.investigation_add_member, name="investigation", scoped=True,
    done="已提名。", invalid="请选择职务和人员。")
