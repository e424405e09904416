"""Liaison pages: stations, activities, the issues routing list, members' contacts.

The steps of an activity and of an issue are taken through the kit (renda.core.kit: `deputies:activity_transition`
and `deputies:issue_transition` are its endpoint; the buttons are `{% workflow_actions %}`)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_POST

from renda.core import attachments, history, kit, rules
from renda.core.web import upload_view
from renda.deputies import permissions as perms
from renda.deputies.forms import ActivityForm, ContactForm, IssueForm, StationForm
from renda.deputies.law import reply_months
from renda.deputies.liaison import selectors, services
from renda.deputies.models import ActivityKind, ActivityStatus, IssueSource, IssueStatus
from renda.deputies.web import detail_view, form_page, list_page, record_on, record_pages, visible


def _list(request, template: str, target: str, seen, filters_class, page, ctx: dict):
    """A filtered list of liaison records (none for a user whose visibility filter `seen` is None): the filters
    from the query string, the page of rows `page(user, filters, page=…)`, and `ctx`."""
    visible(seen)
    filters = filters_class.from_querydict(request.GET)
    rows = page(request.user, filters, page=request.GET.get("page") or 1)
    return list_page(request, f"deputies/liaison/{template}", f"deputies/liaison/_{template}", target,
                     {"page": rows, "filters": filters, **ctx})


# ---- stations ------------------------------------------------------------------------------------------
@login_required
def stations(request):
    user = request.user
    visible(perms.station_filter(user))
    return render(request, "deputies/liaison/stations.html", {
        "stations": selectors.stations_for(user), "can_manage": perms.can_manage_stations(user),
    })


station_detail = detail_view("station_detail", selectors.station_for, "deputies/liaison/station_detail.html", "station",
                             lambda user, station: {
    "deputies": station.deputies.select_related("person", "delegation").order_by("id"),
    "activities": selectors.activities_for(user).filter(station=station).order_by("-start")[:30],
    "can_manage": perms.can_manage_stations(user)})


station_create, station_edit = record_pages(
    "station", selectors.station_for, StationForm, may=lambda user, _station: perms.can_manage_stations(user),
    refused="只有办公厅或者代表工作机构可以维护联络站。", create=services.station_create, update=services.station_update,
    titles=("设立联络站", "修改联络站"), list_url="deputies:stations", what=lambda s: f"联络站{s.name}")


# ---- activities ----------------------------------------------------------------------------------------
@login_required
def activities(request):
    user = request.user
    return _list(request, "activities.html", "activity-table", perms.activity_filter(user), selectors.ActivityFilters,
                 selectors.activity_page, {"kinds": ActivityKind.choices, "statuses": ActivityStatus.choices,
                                           "can_create": perms.can_create_activity(user)})


def _activity_page(user, activity) -> dict:
    can_manage = perms.can_manage_activity(user, activity)
    return {
        "participants": selectors.participants(activity), "can_manage": can_manage,
        "issues": selectors.issues_for(user).filter(activity=activity).order_by("id"),
        "issue_form": IssueForm(deputies=activity.participants.select_related("person", "delegation")) if can_manage else None,
        "attachments": attachments.for_object(activity),
        # narrower than the platform's rule: those who run the activity
        "history": history.for_user(user, activity) if can_manage else None,
    }


activity_detail = detail_view("activity_detail", selectors.activity_for, "deputies/liaison/activity_detail.html",
                              "activity", _activity_page)


activity_create, activity_edit = record_pages(
    "activity", selectors.activity_for, ActivityForm,
    may=lambda user, a: perms.can_manage_activity(user, a) if a else perms.can_create_activity(user),
    refused=("您没有安排代表活动的权限。", "您没有修改该活动的权限。"),
    initial=lambda request: {"kind": request.GET["kind"]} if request.GET.get("kind") in ActivityKind.values else {},
    create=services.activity_create, update=services.activity_update, titles=("安排代表活动", "修改活动"),
    list_url="deputies:activities", what=lambda a: f"活动{a.title}")


def _issue_view(on: str, load, deputies, done: str):
    """The POST that records an opinion (an issue) raised at an activity or in a member's contact (`on`), by one of
    `deputies(record)` or the people, then back to the record's page."""

    @login_required
    @require_POST
    def view(request, pk: int):
        obj = load(request.user, pk)
        form = IssueForm(request.POST, deputies=deputies(obj).all())
        return record_on(request, obj, f"deputies:{on}",
                         lambda: services.issue_create(actor=request.user, **{on: obj}, **form.cleaned_data),
                         done, form=form, invalid="请填写意见的事由和具体内容。")

    view.__name__ = view.__qualname__ = f"{on}_issue"
    return view


activity_issue = _issue_view("activity", selectors.activity_for, lambda a: a.participants,
                             "已登记群众意见，请在意见清单中交办。")


activity_attach = upload_view(selectors.activity_for, "deputies:activity", may=perms.can_manage_activity,
                              refused="您没有为该活动上传附件的权限。", done="已上传附件。", name="activity_attach")


# ---- issues -------------------------------------------------------------------------------------------
@login_required
def issues(request):
    user = request.user
    return _list(request, "issues.html", "issue-table", perms.issue_filter(user), selectors.IssueFilters,
                 selectors.issue_page, {"statuses": IssueStatus.choices, "sources": IssueSource.choices,
                                        "counts": selectors.issue_counts(user), "today": timezone.localdate()})


def _issue_page(user, issue) -> dict:
    rule_id, months = reply_months(issue)
    return {"today": timezone.localdate(), "reply_rule": rule_id, "reply_months": months}


issue_detail = detail_view("issue_detail", selectors.issue_for, "deputies/liaison/issue_detail.html", "issue",
                           _issue_page, history=True)


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


def _contact_page(user, contact) -> dict:
    can_add = perms.can_record_contact_for(user, contact)
    return {
        "issues": selectors.issues_for(user).filter(contact=contact).order_by("id"), "can_add": can_add,
        "issue_form": IssueForm(deputies=contact.deputies.select_related("person", "delegation")) if can_add else None,
    }


contact_detail = detail_view("contact_detail", selectors.contact_for, "deputies/liaison/contact_detail.html", "contact",
                             _contact_page)


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


contact_issue = _issue_view("contact", selectors.contact_for, lambda c: c.deputies, "已登记代表意见，转代表工作机构交办。")
