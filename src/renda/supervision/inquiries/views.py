"""Special inquiry and interpellation pages. Steps go through the kit (renda.core.kit); an inquiry's opinions and
follow-up are cycle/views.py."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from renda.core.roles import Role
from renda.supervision import forms
from renda.supervision import permissions as perms
from renda.supervision.inquiries import selectors, services
from renda.supervision.inquiries.workflow import signer_threshold
from renda.supervision.listing import ListFilters
from renda.supervision.models import InquiryStatus, InterpStatus
from renda.supervision.web import detail, form_page, list_ctx, side_post


def _inquiry_page(inq) -> str:
    return reverse("supervision:inquiry", args=[inq.pk])


def _interp_page(interp) -> str:
    return reverse("supervision:interpellation", args=[interp.pk])


# ---- special inquiries ----------------------------------------------------------------------------------
@login_required
def inquiry_list(request):
    f = ListFilters.from_querydict(request.GET, statuses=InquiryStatus.values)
    page = selectors.inquiry_page(request.user, f, request.GET.get("page") or 1)
    return render(request, "supervision/inquiry_list.html", list_ctx(
        request, f, page, statuses=InquiryStatus.choices, can_create=perms.can_create_report(request.user)))


@login_required
def inquiry_create(request):
    user = request.user
    if not perms.can_create_report(user):
        raise PermissionDenied("只有办公厅或委员会工作人员可以组织专题询问。")
    form = forms.InquiryCreateForm(request.POST or None, congress_id=user.congress_id,
                                   initial={"lead_body": user.organization_id} if user.role == Role.COMMITTEE else {})

    def save(data):
        inq = services.inquiry_create(actor=user, **data)
        return _inquiry_page(inq), f"已建立：{inq.title}"

    return form_page(request, form, save, title="组织专题询问", back=reverse("supervision:inquiries"))


@login_required
def inquiry_detail(request, pk: int):
    user = request.user
    inq = selectors.inquiry_for(user, pk)
    manage = perms.can_manage_inquiry(user, inq)
    return render(request, "supervision/inquiry_detail.html", detail(
        user, inq, inq=inq, manage=manage,
        questions=list(inq.questions.select_related("asker", "answerer_org").order_by("number")),
        follow_ups=list(inq.follow_ups.order_by("date", "id")),
        question_form=forms.QuestionForm(congress_id=inq.congress_id) if manage else None,
    ))


@login_required
@require_POST
def inquiry_question(request, pk: int):
    inq = selectors.inquiry_for(request.user, pk)
    return side_post(request, forms.QuestionForm(request.POST, congress_id=inq.congress_id),
                     lambda **d: services.inquiry_add_question(actor=request.user, inquiry=inq, **d),
                     "已记录询问和回答。", _inquiry_page(inq), "请完整填写询问人、询问、应询人及其职务和回答。")


# ---- interpellations ------------------------------------------------------------------------------------
@login_required
def interpellation_list(request):
    f = ListFilters.from_querydict(request.GET, statuses=InterpStatus.values)
    page = selectors.interpellation_page(request.user, f, request.GET.get("page") or 1)
    return render(request, "supervision/interp_list.html", list_ctx(
        request, f, page, statuses=InterpStatus.choices,
        can_create=perms.can_create_interpellation(request.user)))


@login_required
def interpellation_create(request):
    user = request.user
    if not perms.can_create_interpellation(user):
        raise PermissionDenied("只有常委会组成人员或办公厅可以起草质询案。")
    form = forms.InterpellationForm(request.POST or None, congress_id=user.congress_id)

    def save(data):
        interp = services.interpellation_create(actor=user, **data)
        return _interp_page(interp), f"已起草质询案：{interp.title}"

    return form_page(request, form, save, title="起草质询案", back=reverse("supervision:interpellations"))


@login_required
def interpellation_detail(request, pk: int):
    user = request.user
    interp = selectors.interpellation_for(user, pk)
    cid = interp.congress_id
    office = perms.is_office(user, interp)
    return render(request, "supervision/interp_detail.html", detail(
        user, interp, interp=interp, **selectors.interpellation_detail(interp),
        threshold=signer_threshold(cid), is_office=office,
        can_sign=interp.status == InterpStatus.DRAFTING and perms.can_sign_interpellation(user, interp),
        can_rate=interp.status == InterpStatus.ANSWERED and (office or perms.is_signer(user, interp)),
        sign_form=forms.SignForm(congress_id=cid), rate_form=forms.RateForm(congress_id=cid),
    ))


@login_required
@require_POST
def interpellation_sign(request, pk: int):
    interp = selectors.interpellation_for(request.user, pk)
    return side_post(request, forms.SignForm(request.POST, congress_id=interp.congress_id),
                     lambda **d: services.interpellation_sign(actor=request.user, interpellation=interp,
                                                              on=interp.meeting_date, **d),
                     "已联名。", _interp_page(interp))


@login_required
@require_POST
def interpellation_rate(request, pk: int):
    interp = selectors.interpellation_for(request.user, pk)
    return side_post(request, forms.RateForm(request.POST, congress_id=interp.congress_id),
                     lambda **d: services.interpellation_rate(actor=request.user, interpellation=interp, **d),
                     "已记录对答复的意见。", _interp_page(interp), "请选择满意或不满意。")
