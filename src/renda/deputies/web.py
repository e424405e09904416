"""The page shapes deputies' views share: a form page that saves through a service, a POST that records something
on an object's page and goes back to it, an upload, and the small parsers of query strings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from renda.core import attachments, kit, web


def visible(q) -> None:
    """A list page whose visibility filter is None for this user does not exist for them."""
    if q is None:
        raise Http404("没有找到该页面。")


def list_page(request, page: str, table: str, target: str, ctx: dict) -> HttpResponse:
    """A filtered list (template `page`, with the query string for its pager); htmx asking for just the table (the
    element `target`) gets just the table (template `table`)."""
    partial = request.headers.get("HX-Request") and request.headers.get("HX-Target") == target
    return render(request, table if partial else page, {**ctx, "querystring": request.GET.urlencode()})


def form_page(request, form, *, save: Callable[[dict], Any], title: str, back: tuple, to: str,
              done: Callable[[Any], str], note: str = "") -> HttpResponse:
    """GET shows `form`; a valid POST runs `save(cleaned_data)` (a service) and goes to the saved object's page
    (`to`, a URL name taking its pk) with the message `done(obj)` (renda.core.web.form_view)."""
    def saved(d):
        obj = save(d)
        return reverse(to, args=[obj.pk]), done(obj)

    return web.form_view(request, form, saved, lambda: render(request, "deputies/form.html", {
        "form": form, "title": title, "back": back, "note": note}))


def create_or_edit(request, obj, form, *, create: Callable[..., Any], update: Callable[..., Any],
                   data: Callable[[dict], dict], titles: tuple[str, str], list_url: str, to: str,
                   what: Callable[[Any], str]) -> HttpResponse:
    """The page that creates a record (obj None) or edits it (with the version the form read): `data(cleaned)` is
    what the service takes, `create(**data)` / `update(obj, lock_version=…, **data)` save it."""

    def save(cleaned):
        if obj is None:
            return create(**data(cleaned))
        return update(obj, lock_version=cleaned.get("lock_version"), **data(cleaned))

    return form_page(request, form, save=save, title=titles[1] if obj else titles[0],
                     back=(to, obj.pk) if obj else (list_url,), to=to, done=lambda saved: f"已保存：{what(saved)}")


def form_views(name: str, form_page: Callable[..., HttpResponse], load: Callable[[Any, int], Any]):
    """The two views of a record's form page `form_page(request, obj=None)`: `<name>_create` (no record yet) and
    `<name>_edit` (the record `load(user, pk)` gives this user, or 404)."""

    @login_required
    def create(request):
        return form_page(request)

    @login_required
    def edit(request, pk: int):
        return form_page(request, load(request.user, pk))

    create.__name__, edit.__name__ = f"{name}_create", f"{name}_edit"
    return create, edit


def record_on(request, obj, to: str, run: Callable[[], Any], done: Callable[[Any], str] | str, *,
              form=None, invalid: str = "") -> HttpResponse:
    """A POST that records something on `obj`'s page (an issue, a meeting, an enrollment, an upload): the form
    (when given) must be valid, then `run()`; a refusal or bad input is a Chinese message on the same page."""
    return web.post_back(request, form, lambda _d: run(), done, reverse(to, args=[obj.pk]), invalid)


def upload(request, obj, to: str, *, allowed: bool, refused: str, done: str) -> HttpResponse:
    """An attachment uploaded on `obj`'s page by those who manage it."""
    kit.ensure(allowed, refused)
    return record_on(request, obj, to, lambda: attachments.attach(actor=request.user, obj=obj,
                                                                  upload=request.FILES.get("file")), done)


def parse_date(raw: str | None, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat((raw or "").strip()[:10])
    except ValueError:
        return default


def parse_int(raw: str | None) -> int | None:
    raw = (raw or "").strip()
    return int(raw) if raw.isdigit() and len(raw) < 12 else None

