"""撤职案 pages (the shapes: supervision/web.py). Steps go through the kit (renda.core.kit)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from renda.core import rules
from renda.core.models import Position
from renda.supervision import permissions as perms
from renda.supervision.forms import SignForm
from renda.supervision.removal import forms, selectors, services
from renda.supervision.removal.models import RemovalProposer, RemovalStatus
from renda.supervision.web import Kind, create_view, detail_view, scoped_form, side_view

REMOVAL = Kind("supervision:removal", selectors.removal_for)


@login_required
def removal_list(request):
    return render(request, "supervision/removal_list.html", {
        "page": selectors.removal_page(request.user, request.GET.get("page") or 1),
        "can_create": perms.can_create_removal(request.user)})


def _removal_ctx(user, case) -> dict:
    cid = case.congress_id
    members = len(Position.standing_committee_ids_on(cid, case.submitted_on or case.created_at.date()))
    members_route = case.proposer_kind == RemovalProposer.MEMBERS
    return {
        "signers": list(case.signers.select_related("person").order_by("id")), "members": members,
        "members_route": members_route, "needed": -(-members // 5) if members else 0,
        "can_sign": members_route and case.status == RemovalStatus.DRAFTING and perms.can_sign_removal(user, case),
        "sign_form": SignForm(congress_id=cid),
        "defence_form": forms.DefenceForm() if case.status == RemovalStatus.PLACED
        and perms.is_office_or_leader(user, case) else None,
        "vote_rule": rules.get("SUP-REMOVAL-VOTE"), "defence_rule": rules.get("SUP-REMOVAL-DEFENCE")}


removal_create = create_view(
    REMOVAL, allowed=perms.can_create_removal, denied="只有办公厅、常委会领导或组成人员可以起草撤职案。",
    form=scoped_form(forms.RemovalForm), create=services.removal_create, done="已起草撤职案：{title}",
    title="起草撤职案", back="supervision:removals")
removal_detail = detail_view(REMOVAL, "supervision/removal_detail.html", "case", _removal_ctx)
removal_sign = side_view(REMOVAL, SignForm, services.removal_sign, name="case", scoped=True,
                         done="已联名。")
removal_defence = side_view(REMOVAL, forms.DefenceForm, services.removal_record_defence, name="case",
                            done="已登记申辩情况。", invalid="请选择申辩方式并填写申辩意见。")
