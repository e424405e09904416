"""Liaison pages: stations, activities, the issues routing list, members' contacts.

The steps of an activity and of an issue are taken through the kit (renda.core.kit: `deputies:activity_transition`
and `deputies:issue_transition` are its endpoint; the buttons are `{% workflow_actions %}`)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_POST

from renda.core import attachments, history, kit, rules
from renda.deputies import permissions as perms
from renda.deputies.forms import ActivityForm, ContactForm, IssueForm, StationForm
from renda.deputies.law import reply_months
from renda.deputies.liaison import selectors, services
from renda.deputies.models import ActivityKind, ActivityStatus, IssueSource, IssueStatus
from renda.deputies.web import create_or_edit, form_page, form_views, list_page, record_on, upload, visible


def _list(request, template: str, target: str, ctx: dict):
    return list_page(request, f"deputies/liaison/{template}", f"deputies/liaison/_{template}", target, ctx)


# ---- stations ------------------------------------------------------------------------------------------
@login_required
def stations(request):
    user = request.user
    visible(perms.station_filter(user))
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
    kit.ensure(perms.can_manage_stations(user), "只有办公厅或者代表工作机构可以维护联络站。")
    form = StationForm(request.POST or None, instance=station, congress=user.congress)
    return create_or_edit(
        request, station, form, data=lambda d: {**form.station_data(), "deputies": list(d["deputies"])},
        create=lambda **d: services.station_create(actor=user, **d),
        update=lambda obj, **d: services.station_update(actor=user, station=obj, **d),
        titles=("设立联络站", "修改联络站"), list_url="deputies:stations", to="deputies:station",
        what=lambda s: f"联络站{s.name}")


station_create, station_edit = form_views("station", _station_form, selectors.station_for)


# ---- activities ----------------------------------------------------------------------------------------
@login_required
def activities(request):
    user = request.user
    visible(perms.activity_filter(user))
    filters = selectors.ActivityFilters.from_querydict(request.GET)
    return _list(request, "activities.html", "activity-table", {
        "page": selectors.activity_page(user, filters, page=request.GET.get("page") or 1), "filters": filters,
        "kinds": ActivityKind.choices, "statuses": ActivityStatus.choices,
        "can_create": perms.can_create_activity(user)})


@login_required
def activity_detail(request, pk: int):
    user = request.user
    activity = selectors.activity_for(user, pk)
    can_manage = perms.can_manage_activity(user, activity)
    return render(request, "deputies/liaison/activity_detail.html", {
        "activity": activity, "participants": selectors.participants(activity), "can_manage": can_manage,
        "issues": selectors.issues_for(user).filter(activity=activity).order_by("id"),
        "issue_form": IssueForm(deputies=activity.participants.select_related("person", "delegation")) if can_manage else None,
        "attachments": attachments.for_object(activity),
        # narrower than the platform's rule: those who run the activity
        "history": history.for_user(user, activity) if can_manage else None,
    })


def _activity_form(request, activity=None):
    user = request.user
    if activity is None:
        kit.ensure(perms.can_create_activity(user), "您没有安排代表活动的权限。")
    else:
        kit.ensure(perms.can_manage_activity(user, activity), "您没有修改该活动的权限。")
    initial = {}
    if activity is None and request.GET.get("kind") in ActivityKind.values:
        initial["kind"] = request.GET["kind"]
    form = ActivityForm(request.POST or None, instance=activity, congress=user.congress, initial=initial)
    return create_or_edit(
        request, activity, form, data=lambda d: {**form.activity_data(), "participants": list(d["participants"])},
        create=lambda **d: services.activity_create(actor=user, **d),
        update=lambda obj, **d: services.activity_update(actor=user, activity=obj, **d),
        titles=("安排代表活动", "修改活动"), list_url="deputies:activities", to="deputies:activity",
        what=lambda a: f"活动{a.title}")


activity_create, activity_edit = form_views("activity", _activity_form, selectors.activity_for)


@login_required
@require_POST
def activity_issue(request, pk: int):
    activity = selectors.activity_for(request.user, pk)
    form = IssueForm(request.POST, deputies=activity.participants.all())
    return record_on(request, activity, "deputies:activity",
                     lambda: services.issue_create(actor=request.user, activity=activity, **form.cleaned_data),
                     "已登记群众意见，请在意见清单中交办。", form=form, invalid="请填写意见的事由和具体内容。")


@login_required
@require_POST
def activity_attach(request, pk: int):
    activity = selectors.activity_for(request.user, pk)
    return upload(request, activity, "deputies:activity", allowed=perms.can_manage_activity(request.user, activity),
                  refused="您没有为该活动上传附件的权限。", done="已上传附件。")


# ---- issues -------------------------------------------------------------------------------------------
@login_required
def issues(request):
    user = request.user
    visible(perms.issue_filter(user))
    filters = selectors.IssueFilters.from_querydict(request.GET)
    return _list(request, "issues.html", "issue-table", {
        "page": selectors.issue_page(user, filters, page=request.GET.get("page") or 1), "filters": filters,
        "statuses": IssueStatus.choices, "sources": IssueSource.choices, "counts": selectors.issue_counts(user),
        "today": timezone.localdate()})


@login_required
def issue_detail(request, pk: int):
    user = request.user
    issue = selectors.issue_for(user, pk)
    rule_id, months = reply_months(issue)
    return render(request, "deputies/liaison/issue_detail.html", {
        "issue": issue, "today": timezone.localdate(), "reply_rule": rule_id, "reply_months": months,
        "history": history.for_user(user, issue),
    })


# ---- members' contacts ---------------------------------------------------------------------------------
@login_required
def contacts(request):
    user = request.user
    visible(perms.contact_filter(user))
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
    kit.ensure(perms.can_create_contact(user), "您没有登记联系代表情况的权限。")
    fixed = None if perms.is_manager(user) else user.person
    form = ContactForm(request.POST or None, congress=user.congress, member_fixed=fixed,
                       initial={"date": timezone.localdate()})

    def save(data):
        data = dict(data)
        deputies = list(data.pop("deputies"))
        data["member"] = data.get("member") or fixed
        return services.contact_create(actor=user, deputies=deputies, **data)

    return form_page(request, form, save=save, title="登记联系代表情况", back=("deputies:contacts",),
                     to="deputies:contact", done=lambda c: "已登记联系代表情况。")


@login_required
@require_POST
def contact_issue(request, pk: int):
    contact = selectors.contact_for(request.user, pk)
    form = IssueForm(request.POST, deputies=contact.deputies.all())
    return record_on(request, contact, "deputies:contact",
                     lambda: services.issue_create(actor=request.user, contact=contact, **form.cleaned_data),
                     "已登记代表意见，转代表工作机构交办。", form=form, invalid="请填写意见的事由和具体内容。")
