"""Liaison pages: stations, activities, the issues routing list, members' contacts."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from renda.core import attachments, audit, rules
from renda.core.errors import ConflictError
from renda.deputies import permissions as perms
from renda.deputies.forms import (
    ActivityForm,
    ActivityTransitionForm,
    ContactForm,
    IssueForm,
    IssueTransitionForm,
    StationForm,
)
from renda.deputies.liaison import selectors, services
from renda.deputies.models import ActivityKind, ActivityStatus, IssueSource, IssueStatus
from renda.deputies.web import do_transition, form_errors
from renda.deputies.workflow import ACTIVITY_WORKFLOW, ISSUE_WORKFLOW, reply_months


def _visible(q) -> None:
    if q is None:
        raise Http404("没有找到该页面。")


# ---- stations ------------------------------------------------------------------------------------------
@login_required
def stations(request):
    user = request.user
    _visible(perms.station_filter(user))
    return render(request, "deputies/liaison/stations.html", {
        "stations": selectors.stations_for(user), "can_manage": perms.can_manage_stations(user),
    })


@login_required
def station_detail(request, pk: int):
    user = request.user
    station = selectors.station_for(user, pk)
    return render(request, "deputies/liaison/station_detail.html", {
        "station": station,
        "deputies": station.deputies.select_related("person", "delegation").order_by("id"),
        "activities": selectors.activities_for(user).filter(station=station).order_by("-start")[:30],
        "can_manage": perms.can_manage_stations(user),
    })


def _station_form(request, station=None):
    user = request.user
    if not perms.can_manage_stations(user):
        raise PermissionDenied("只有办公厅或者代表工作机构可以维护联络站。")
    form = StationForm(request.POST or None, instance=station, congress=user.congress)
    if request.method == "POST" and form.is_valid():
        deputies = list(form.cleaned_data["deputies"])
        try:
            if station is None:
                station = services.station_create(actor=user, deputies=deputies, **form.station_data())
            else:
                services.station_update(actor=user, station=station, deputies=deputies,
                                        lock_version=form.cleaned_data.get("lock_version"), **form.station_data())
        except ConflictError as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, f"已保存联络站：{station.name}")
            return redirect("deputies:station", pk=station.pk)
    return render(request, "deputies/form.html", {
        "form": form, "title": "修改联络站" if station else "设立联络站",
        "back": ("deputies:station", station.pk) if station else ("deputies:stations",),
    })


@login_required
def station_create(request):
    return _station_form(request)


@login_required
def station_edit(request, pk: int):
    return _station_form(request, selectors.station_for(request.user, pk))


# ---- activities ----------------------------------------------------------------------------------------
@login_required
def activities(request):
    user = request.user
    _visible(perms.activity_filter(user))
    filters = selectors.ActivityFilters.from_querydict(request.GET)
    page = selectors.activity_page(user, filters, page=request.GET.get("page") or 1)
    ctx = {"page": page, "filters": filters, "kinds": ActivityKind.choices, "statuses": ActivityStatus.choices,
           "querystring": request.GET.urlencode(), "can_create": perms.can_create_activity(user)}
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "activity-table":
        return render(request, "deputies/liaison/_activities.html", ctx)
    return render(request, "deputies/liaison/activities.html", ctx)


@login_required
def activity_detail(request, pk: int):
    user = request.user
    activity = selectors.activity_for(user, pk)
    can_manage = perms.can_manage_activity(user, activity)
    people = selectors.participants(activity)
    return render(request, "deputies/liaison/activity_detail.html", {
        "activity": activity, "participants": people,
        "actions": ACTIVITY_WORKFLOW.allowed_actions(user, activity), "can_manage": can_manage,
        "issues": selectors.issues_for(user).filter(activity=activity).order_by("id"),
        "issue_form": IssueForm(deputies=activity.participants.select_related("person", "delegation")) if can_manage else None,
        "form": ActivityTransitionForm(), "attachments": attachments.for_object(activity),
        "history": audit.history(activity) if can_manage else None,
    })


def _activity_form(request, activity=None):
    user = request.user
    if activity is None and not perms.can_create_activity(user):
        raise PermissionDenied("您没有安排代表活动的权限。")
    if activity is not None and not perms.can_manage_activity(user, activity):
        raise PermissionDenied("您没有修改该活动的权限。")
    initial = {}
    if activity is None and request.GET.get("kind") in ActivityKind.values:
        initial["kind"] = request.GET["kind"]
    form = ActivityForm(request.POST or None, instance=activity, congress=user.congress, initial=initial)
    if request.method == "POST" and form.is_valid():
        participants = list(form.cleaned_data["participants"])
        try:
            if activity is None:
                activity = services.activity_create(actor=user, participants=participants, **form.activity_data())
            else:
                services.activity_update(actor=user, activity=activity, participants=participants,
                                         lock_version=form.cleaned_data.get("lock_version"), **form.activity_data())
        except ConflictError as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, f"已保存活动：{activity.title}")
            return redirect("deputies:activity", pk=activity.pk)
    return render(request, "deputies/form.html", {
        "form": form, "title": "修改活动" if activity else "安排代表活动",
        "back": ("deputies:activity", activity.pk) if activity else ("deputies:activities",),
    })


@login_required
def activity_create(request):
    return _activity_form(request)


@login_required
def activity_edit(request, pk: int):
    return _activity_form(request, selectors.activity_for(request.user, pk))


@login_required
@require_POST
def activity_transition(request, pk: int, action: str):
    user = request.user
    activity = selectors.activity_for(user, pk)
    form = ActivityTransitionForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    return do_transition(
        request,
        lambda: services.activity_transition(actor=user, activity=activity, action=action, note=data.get("note", ""),
                                             record=data.get("record", ""),
                                             people_received=data.get("people_received")),
        ACTIVITY_WORKFLOW.transition(action).label, "deputies:activity", activity.pk,
    )


@login_required
@require_POST
def activity_issue(request, pk: int):
    user = request.user
    activity = selectors.activity_for(user, pk)
    form = IssueForm(request.POST, deputies=activity.participants.all())
    if not form.is_valid():
        messages.error(request, "请填写意见的事由和具体内容。")
        return redirect("deputies:activity", pk=activity.pk)
    try:
        services.issue_create(actor=user, activity=activity, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, "已登记群众意见，请在意见清单中交办。")
    return redirect("deputies:activity", pk=activity.pk)


@login_required
@require_POST
def activity_attach(request, pk: int):
    user = request.user
    activity = selectors.activity_for(user, pk)
    if not perms.can_manage_activity(user, activity):
        raise PermissionDenied("您没有为该活动上传附件的权限。")
    try:
        attachments.attach(actor=user, obj=activity, upload=request.FILES.get("file"))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, "已上传附件。")
    return redirect("deputies:activity", pk=activity.pk)


# ---- issues -------------------------------------------------------------------------------------------
@login_required
def issues(request):
    user = request.user
    _visible(perms.issue_filter(user))
    filters = selectors.IssueFilters.from_querydict(request.GET)
    page = selectors.issue_page(user, filters, page=request.GET.get("page") or 1)
    ctx = {"page": page, "filters": filters, "statuses": IssueStatus.choices, "sources": IssueSource.choices,
           "counts": selectors.issue_counts(user), "today": timezone.localdate(),
           "querystring": request.GET.urlencode()}
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "issue-table":
        return render(request, "deputies/liaison/_issues.html", ctx)
    return render(request, "deputies/liaison/issues.html", ctx)


@login_required
def issue_detail(request, pk: int):
    user = request.user
    issue = selectors.issue_for(user, pk)
    rule_id, months = reply_months(issue)
    return render(request, "deputies/liaison/issue_detail.html", {
        "issue": issue, "actions": ISSUE_WORKFLOW.allowed_actions(user, issue), "today": timezone.localdate(),
        "form": IssueTransitionForm(congress=user.congress), "reply_rule": rule_id, "reply_months": months,
        "history": audit.history(issue) if user.role in perms.INTERNAL_ROLES else None,
    })


@login_required
@require_POST
def issue_transition(request, pk: int, action: str):
    user = request.user
    issue = selectors.issue_for(user, pk)
    form = IssueTransitionForm(request.POST, congress=user.congress)
    if not form.is_valid():
        messages.error(request, "所选交办单位不正确。")
        return redirect("deputies:issue", pk=issue.pk)
    data = form.cleaned_data
    return do_transition(
        request,
        lambda: services.issue_transition(actor=user, issue=issue, action=action, note=data.get("note", ""),
                                          routed_to=data.get("routed_to"), answer=data.get("answer", "")),
        ISSUE_WORKFLOW.transition(action).label, "deputies:issue", issue.pk,
    )


# ---- members' contacts ---------------------------------------------------------------------------------
@login_required
def contacts(request):
    user = request.user
    _visible(perms.contact_filter(user))
    return render(request, "deputies/liaison/contacts.html", {
        "page": selectors.contact_page(user, page=request.GET.get("page") or 1),
        "can_create": perms.can_create_contact(user),
        "months": rules.param(user.congress_id, "LIA-CONTACT-REPLY", "months"),
    })


@login_required
def contact_detail(request, pk: int):
    user = request.user
    contact = selectors.contact_for(user, pk)
    can_add = perms.can_record_contact_for(user, contact)
    return render(request, "deputies/liaison/contact_detail.html", {
        "contact": contact, "issues": selectors.issues_for(user).filter(contact=contact).order_by("id"),
        "can_add": can_add,
        "issue_form": IssueForm(deputies=contact.deputies.select_related("person", "delegation")) if can_add else None,
    })


@login_required
def contact_create(request):
    user = request.user
    if not perms.can_create_contact(user):
        raise PermissionDenied("您没有登记联系代表情况的权限。")
    fixed = None if perms.is_manager(user) else user.person
    form = ContactForm(request.POST or None, congress=user.congress, member_fixed=fixed,
                       initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        deputies = list(data.pop("deputies"))
        data["member"] = data.get("member") or fixed
        try:
            contact = services.contact_create(actor=user, deputies=deputies, **data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, "已登记联系代表情况。")
            return redirect("deputies:contact", pk=contact.pk)
    return render(request, "deputies/form.html", {"form": form, "title": "登记联系代表情况",
                                                  "back": ("deputies:contacts",)})


@login_required
@require_POST
def contact_issue(request, pk: int):
    user = request.user
    contact = selectors.contact_for(user, pk)
    form = IssueForm(request.POST, deputies=contact.deputies.all())
    if not form.is_valid():
        messages.error(request, "请填写意见的事由和具体内容。")
        return redirect("deputies:contact", pk=contact.pk)
    try:
        services.issue_create(actor=user, contact=contact, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, "已登记代表意见，转代表工作机构交办。")
    return redirect("deputies:contact", pk=contact.pk)
