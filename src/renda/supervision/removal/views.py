"""撤职案 pages. Steps go through the kit (renda.core.kit)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from renda.core import rules
from renda.supervision import counting
from renda.supervision import permissions as perms
from renda.supervision.removal import forms, selectors, services
from renda.supervision.removal.models import RemovalProposer, RemovalStatus
from renda.supervision.web import detail, form_page, side_post


def _page(case) -> str:
    return reverse("supervision:removal", args=[case.pk])


@login_required
def removal_list(request):
    return render(request, "supervision/removal_list.html", {
        "page": selectors.removal_page(request.user, request.GET.get("page") or 1),
        "can_create": perms.can_create_removal(request.user)})


@login_required
def removal_create(request):
    user = request.user
    if not perms.can_create_removal(user):
        raise PermissionDenied("只有办公厅、常委会领导或组成人员可以起草撤职案。")
    form = forms.RemovalForm(request.POST or None, congress_id=user.congress_id)

    def save(data):
        case = services.removal_create(actor=user, **data)
        return _page(case), f"已起草撤职案：{case.title}"

    return form_page(request, form, save, title="起草撤职案", back=reverse("supervision:removals"))


@login_required
def removal_detail(request, pk: int):
    user = request.user
    case = selectors.removal_for(user, pk)
    cid = case.congress_id
    signers = list(case.signers.select_related("person").order_by("id"))
    members = len(counting.member_ids_on(cid, case.submitted_on or case.created_at.date()))
    members_route = case.proposer_kind == RemovalProposer.MEMBERS
    return render(request, "supervision/removal_detail.html", detail(
        user, case, case=case, signers=signers, members=members, members_route=members_route,
        needed=-(-members // 5) if members else 0,
        can_sign=members_route and case.status == RemovalStatus.DRAFTING and perms.can_sign_removal(user, case),
        sign_form=forms.RemovalSignForm(congress_id=cid),
        defence_form=forms.DefenceForm() if case.status == RemovalStatus.PLACED
        and perms.is_office_or_leader(user, case) else None,
        vote_rule=rules.get("SUP-REMOVAL-VOTE"), defence_rule=rules.get("SUP-REMOVAL-DEFENCE"),
    ))


@login_required
@require_POST
def removal_sign(request, pk: int):
    case = selectors.removal_for(request.user, pk)
    return side_post(request, forms.RemovalSignForm(request.POST, congress_id=case.congress_id),
                     lambda **d: services.removal_sign(actor=request.user, case=case, **d), "已联名。", _page(case))


@login_required
@require_POST
def removal_defence(request, pk: int):
    case = selectors.removal_for(request.user, pk)
    return side_post(request, forms.DefenceForm(request.POST),
                     lambda **d: services.removal_record_defence(actor=request.user, case=case, **d),
                     "已登记申辩情况。", _page(case), "请选择申辩方式并填写申辩意见。")
