"""The page shapes deputies' views share: a form page that saves through a service, a POST that records something
on an object's page and goes back to it, and the small parsers of query strings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from renda.core import history as records_history
from renda.core import kit, web


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


def service_data(cleaned: dict) -> dict:
    """What a record's form gives its service: every field but the version the form read, a multiple choice (a
    queryset) as a list."""
    return {k: list(v) if isinstance(v, QuerySet) else v for k, v in cleaned.items() if k != "lock_version"}


def detail_view(name: str, load: Callable[[Any, int], Any], template: str, key: str,
                context: Callable[[Any, Any], dict] | None = None, *, history: bool = False):
    """The view `name` (signed in) of a record's page: the record `load(user, pk)` gives this user (404 otherwise)
    as `key` in `template`, with `context(user, record)` and, with `history`, its history as this user may see it."""

    @login_required
    def view(request, pk: int):
        user = request.user
        obj = load(user, pk)
        ctx = {key: obj, **(context(user, obj) if context else {})}
        if history:
            ctx["history"] = records_history.for_user(user, obj)
        return render(request, template, ctx)

    view.__name__ = view.__qualname__ = name
    return view


def create_page(name: str, form: Callable[[Any], Any], service: Callable[..., Any], *, may: Callable[[Any], bool],
                refused: str, title: str, back: str, to: str, done: Callable[[Any], str], note: str = ""):
    """The view `name` (signed in) of the page that registers a new record: 403 with `refused` unless `may(user)`;
    `form(request)` is the form; a valid POST saves through `service(actor=…, **data)` and goes to the record's
    page (`to`, a URL name taking its pk) saying `done(record)`; the page links back to the list `back`."""

    @login_required
    def view(request):
        kit.ensure(may(request.user), refused)
        return form_page(request, form(request), save=lambda d: service(actor=request.user, **service_data(d)),
                         title=title, back=(back,), to=to, done=done, note=note)

    view.__name__ = view.__qualname__ = name
    return view


def record_pages(name: str, load: Callable[[Any, int], Any], form_class, *, may: Callable[[Any, Any], bool],
                 refused: str | tuple[str, str], create: Callable[..., Any], update: Callable[..., Any],
                 titles: tuple[str, str], list_url: str, what: Callable[[Any], str],
                 initial: Callable[[Any], dict] | None = None):
    """The two views of a record kept through a form (a station, an activity, a course, a delegation):
    `<name>_create` and `<name>_edit` (the record `load(user, pk)` gives this user, or 404). Refused with 403 and
    `refused` (or its create/edit halves) unless `may(user, record or None)`; the form is `form_class(POST,
    instance=…, congress=…, initial=initial(request) when creating)`; a valid POST saves through
    `create(actor=…, **data)` or `update(actor=…, <name>=record, lock_version=…, **data)` and goes to the
    record's page `deputies:<name>` saying "已保存：<what(record)>"."""
    to = f"deputies:{name}"

    def page(request, obj=None):
        user = request.user
        kit.ensure(may(user, obj), refused if isinstance(refused, str) else refused[obj is not None])
        extra = {"initial": initial(request)} if initial and obj is None else {}
        form = form_class(request.POST or None, instance=obj, congress=user.congress, **extra)

        def save(cleaned):
            if obj is None:
                return create(actor=user, **service_data(cleaned))
            return update(actor=user, **{name: obj}, lock_version=cleaned.get("lock_version"),
                          **service_data(cleaned))

        return form_page(request, form, save=save, title=titles[1] if obj else titles[0],
                         back=(to, obj.pk) if obj else (list_url,), to=to, done=lambda saved: f"已保存：{what(saved)}")

    @login_required
    def create_view(request):
        return page(request)

    @login_required
    def edit_view(request, pk: int):
        return page(request, load(request.user, pk))

    create_view.__name__, edit_view.__name__ = f"{name}_create", f"{name}_edit"
    return create_view, edit_view


def record_on(request, obj, to: str, run: Callable[[], Any], done: Callable[[Any], str] | str, *,
              form=None, invalid: str = "") -> HttpResponse:
    """A POST that records something on `obj`'s page (an issue, a meeting, an enrollment, an upload): the form
    (when given) must be valid, then `run()`; a refusal or bad input is a Chinese message on the same page."""
    return web.post_back(request, form, lambda _d: run(), done, reverse(to, args=[obj.pk]), invalid)


def parse_date(raw: str | None, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat((raw or "").strip()[:10])
    except ValueError:
        return default


def parse_int(raw: str | None) -> int | None:
    raw = (raw or "").strip()
    return int(raw) if raw.isdigit() and len(raw) < 12 else None

