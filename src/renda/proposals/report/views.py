"""Pages of the yearly handling report: list, one report, drafting, and the public page. Steps are the kit's."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from renda.core import history, kit, web
from renda.core.models import Congress
from renda.proposals.report import figures, selectors, services
from renda.proposals.report import permissions as perms

REFUSED = "代表建议办理情况报告由办公厅起草。"


class HandlingReportForm(forms.Form):
    year = forms.IntegerField(label="建议年度", min_value=2000, max_value=2100)
    title = forms.CharField(label="标题", max_length=200)
    text = forms.CharField(label="报告正文", widget=forms.Textarea(attrs={"rows": 14}), max_length=50000)
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def _form_page(request, form, save, title, back):
    def saved(cleaned):
        obj = save(cleaned)
        return reverse("proposals:handling_report", args=[obj.pk]), f"已保存：{obj}"

    return web.form_view(request, form, saved, lambda: render(
        request, "proposals/report/form.html", {"form": form, "title": title, "back": back}))


@login_required
def index(request):
    user = request.user
    if perms.report_filter(user) is None:
        raise Http404("没有找到该页面。")
    return render(request, "proposals/report/index.html", {
        "reports": selectors.reports_for(user).order_by("-year"), "can_manage": perms.can_manage(user)})


@login_required
def detail(request, pk: int):
    user = request.user
    report = selectors.report_for(user, pk)
    return render(request, "proposals/report/detail.html", {
        "report": report, "figures": figures.labelled(report.figures or {}),
        "can_edit": perms.can_manage(user, report) and report.status == "draft",
        "history": history.for_user(user, report)})


@login_required
def create(request):
    user = request.user
    kit.ensure(perms.can_manage(user), REFUSED)
    form = HandlingReportForm(request.POST or None, initial={"year": timezone.localdate().year})
    return _form_page(request, form, lambda d: services.report_create(actor=user, year=d["year"], title=d["title"],
                                                                      text=d["text"]),
                      "起草代表建议办理情况报告", "proposals:handling_reports")


@login_required
def edit(request, pk: int):
    user = request.user
    report = selectors.report_for(user, pk)
    kit.ensure(perms.can_manage(user, report), REFUSED)
    form = HandlingReportForm(request.POST or None, initial={
        "year": report.year, "title": report.title, "text": report.text, "lock_version": report.lock_version})
    form.fields["year"].disabled = True
    return _form_page(request, form, lambda d: services.report_update(
        actor=user, report=report, lock_version=d.get("lock_version"), title=d["title"], text=d["text"]),
        "修改代表建议办理情况报告", "proposals:handling_reports")


def public(request, code: str):
    """公开页面 (代表法 第五十一条第三款: 办理情况的报告，应当予以公开)."""
    congress = Congress.objects.filter(code=code).first()
    if congress is None:
        raise Http404("没有找到该人大。")
    reports = [(r, figures.labelled(r.figures or {})) for r in selectors.published(congress.pk)]
    return render(request, "proposals/report/public.html", {"congress": congress, "reports": reports})
