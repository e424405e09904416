"""The news desk (staff pages): the office writes, edits, publishes and withdraws the portal's articles.

Thin: reads through selectors (404 for what the user may not see), writes through services.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from renda.core import history, web
from renda.core.errors import RuleViolation
from renda.core.selectors import acting_on
from renda.portal import permissions as perms
from renda.portal import selectors, services
from renda.portal.forms import NewsForm


def _desk(user) -> None:
    if not perms.can_view_desk(user):
        raise Http404("没有找到该页面。")


@login_required
def news_admin(request):
    user = request.user
    _desk(user)
    status = request.GET.get("status", "")
    qs = selectors.news_for(user)
    if status in ("draft", "published"):
        qs = qs.filter(status=status)
    raw = request.GET.get("page", "1")
    page = Paginator(qs.defer("body"), 30).get_page(raw if raw.isdigit() else 1)
    return render(request, "portal/manage/news_list.html", {
        "page": page, "status": status, "can_create": perms.can_create_news(user),
    })


@login_required
def news_create(request):
    user = request.user
    _desk(user)
    if not perms.can_create_news(user):
        raise PermissionDenied("您没有撰写新闻宣传稿件的权限。")
    form = NewsForm(request.POST or None)

    def save(d):
        article = services.news_create(actor=user, title=d["title"], category=d["category"], body=d["body"],
                                       summary=d["summary"], source=d["source"])
        return reverse("portal:news_admin_detail", args=[article.pk]), "稿件已保存为草稿。"

    return web.form_view(request, form, save,
                         lambda: render(request, "portal/manage/news_form.html", {"form": form, "title": "撰写稿件"}))


@login_required
def news_edit(request, pk: int):
    user = request.user
    article = acting_on(user, selectors.article_for, pk, perms.can_edit_news, "您没有修改该稿件的权限。")
    form = NewsForm(request.POST or None, instance=article, initial={"lock_version": article.lock_version})

    def save(d):
        services.news_update(actor=user, article=article, lock_version=d.get("lock_version"),
                             **{k: d[k] for k in services.NEWS_FIELDS})
        return reverse("portal:news_admin_detail", args=[article.pk]), "稿件已保存。"

    return web.form_view(request, form, save, lambda: render(request, "portal/manage/news_form.html", {
        "form": form, "title": f"修改稿件：{article.title}", "article": article}))


@login_required
def news_admin_detail(request, pk: int):
    user = request.user
    article = selectors.article_for(user, pk)
    return render(request, "portal/manage/news_detail.html", {
        "article": article, "can_edit": perms.can_edit_news(user, article),
        "history": history.for_user(user, article),
        "can_delete": perms.can_edit_news(user, article) and article.status == "draft",
    })


@login_required
@require_POST
def news_delete(request, pk: int):
    user = request.user
    article = selectors.article_for(user, pk)
    try:
        services.news_delete(actor=user, article=article)
    except RuleViolation as exc:
        messages.error(request, exc.message)
        return redirect("portal:news_admin_detail", pk=article.pk)
    messages.success(request, f"已删除稿件《{article.title}》。")
    return redirect("portal:news_admin")
