"""External exchange pages: partners, delegations in and out, meetings, agreements."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from renda.core import audit
from renda.core.errors import ConflictError, RuleViolation
from renda.deputies import permissions as perms
from renda.deputies.exchanges import selectors, services
from renda.deputies.forms import AgreementForm, MeetingForm, PartnerForm, VisitForm, VisitTransitionForm
from renda.deputies.models import Visit
from renda.deputies.web import do_transition, form_errors
from renda.deputies.workflow import VISIT_WORKFLOW


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


@login_required
def partner_detail(request, pk: int):
    user = request.user
    partner = selectors.partner_for(user, pk)
    return render(request, "deputies/exchanges/partner_detail.html", {
        "partner": partner,
        "visits": selectors.visits_for(user).filter(partner=partner).order_by("-start_date"),
        "agreements": partner.agreements.order_by("-signed_on"),
    })


@login_required
def partner_create(request):
    user = request.user
    if not perms.can_manage_exchanges(user):
        raise PermissionDenied("对外交流事项由办公厅登记。")
    form = PartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            partner = services.partner_create(actor=user, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, f"已登记：{partner}")
            return redirect("deputies:partner", pk=partner.pk)
    return render(request, "deputies/form.html", {"form": form, "title": "登记友好城市或立法机构",
                                                  "back": ("deputies:exchanges",)})


@login_required
def visit_detail(request, pk: int):
    user = request.user
    visit = selectors.visit_for(user, pk)
    can_manage = perms.can_manage_exchanges(user, visit)
    return render(request, "deputies/exchanges/visit_detail.html", {
        "visit": visit, **selectors.visit_detail(visit), "can_manage": can_manage,
        "actions": VISIT_WORKFLOW.allowed_actions(user, visit), "form": VisitTransitionForm(),
        "meeting_form": MeetingForm() if can_manage else None,
        "agreement_form": AgreementForm() if can_manage and visit.partner_id else None,
        "history": audit.history(visit) if user.role in perms.INTERNAL_ROLES else None,
    })


def _visit_form(request, visit=None):
    user = request.user
    if not perms.can_manage_exchanges(user, visit):
        raise PermissionDenied("对外交流事项由办公厅登记。")
    form = VisitForm(request.POST or None, instance=visit, congress=user.congress)
    if request.method == "POST" and form.is_valid():
        members = list(form.cleaned_data["members"])
        try:
            if visit is None:
                visit = services.visit_create(actor=user, members=members, **form.visit_data())
            else:
                services.visit_update(actor=user, visit=visit, members=members,
                                      lock_version=form.cleaned_data.get("lock_version"), **form.visit_data())
        except ConflictError as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, f"已保存：{visit.title}")
            return redirect("deputies:visit", pk=visit.pk)
    return render(request, "deputies/form.html", {
        "form": form, "title": "修改团组" if visit else "登记出访或来访",
        "back": ("deputies:visit", visit.pk) if visit else ("deputies:exchanges",),
    })


@login_required
def visit_create(request):
    return _visit_form(request)


@login_required
def visit_edit(request, pk: int):
    return _visit_form(request, selectors.visit_for(request.user, pk))


@login_required
@require_POST
def visit_transition(request, pk: int, action: str):
    user = request.user
    visit = selectors.visit_for(user, pk)
    form = VisitTransitionForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    return do_transition(
        request,
        lambda: services.visit_transition(actor=user, visit=visit, action=action, note=data.get("note", ""),
                                          approval_ref=data.get("approval_ref", ""), outcomes=data.get("outcomes", "")),
        VISIT_WORKFLOW.transition(action).label, "deputies:visit", visit.pk,
    )


@login_required
@require_POST
def visit_meeting(request, pk: int):
    user = request.user
    visit = selectors.visit_for(user, pk)
    form = MeetingForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写会见日期和对象。")
        return redirect("deputies:visit", pk=visit.pk)
    try:
        services.meeting_add(actor=user, visit=visit, **form.cleaned_data)
    except (RuleViolation, ValidationError) as exc:
        messages.error(request, exc.message if isinstance(exc, RuleViolation) else "；".join(exc.messages))
    else:
        messages.success(request, "已登记会见会谈。")
    return redirect("deputies:visit", pk=visit.pk)


@login_required
@require_POST
def visit_agreement(request, pk: int):
    user = request.user
    visit = selectors.visit_for(user, pk)
    form = AgreementForm(request.POST)
    if not form.is_valid() or visit.partner is None:
        messages.error(request, "请填写协议名称、类别和签署日期。")
        return redirect("deputies:visit", pk=visit.pk)
    try:
        services.agreement_add(actor=user, partner=visit.partner, visit=visit, **form.cleaned_data)
    except (RuleViolation, ValidationError) as exc:
        messages.error(request, exc.message if isinstance(exc, RuleViolation) else "；".join(exc.messages))
    else:
        messages.success(request, "已登记签署的协议。")
    return redirect("deputies:visit", pk=visit.pk)
