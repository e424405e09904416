"""The page shapes deputies' views share: a form page that saves through a service, a POST that records something
on an object's page and goes back to it, an upload, and the small parsers of query strings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from renda.core import attachments, kit
from renda.core.errors import ConflictError, RuleViolation


def visible(q) -> None:
    """A list page whose visibility filter is None for this user does not exist for them."""
    if q is None:
        raise Http404("没有找到该页面。")


def form_page(request, form, *, save: Callable[[dict], Any], title: str, back: tuple, to: str,
              done: Callable[[Any], str], note: str = "") -> HttpResponse:
    """GET shows `form`; a valid POST runs `save(cleaned_data)` (a service) and goes to the saved object's page
    (`to`, a URL name taking its pk) with the message `done(obj)`. A conflict or a service's check of the input is
    shown on the form, by field where it names one."""
    if request.method == "POST" and form.is_valid():
        try:
            obj = save(form.cleaned_data)
        except ConflictError as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            kit.add_validation_errors(form, exc)
        else:
            messages.success(request, done(obj))
            return redirect(to, pk=obj.pk)
    return render(request, "deputies/form.html", {"form": form, "title": title, "back": back, "note": note})


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


def record_on(request, obj, to: str, run: Callable[[], Any], done: Callable[[Any], str] | str, *,
              form=None, invalid: str = "") -> HttpResponse:
    """A POST that records something on `obj`'s page (an issue, a meeting, an enrollment, an upload): the form
    (when given) must be valid, then `run()`; a refusal or bad input is a Chinese message on the same page."""
    if form is not None and not form.is_valid():
        messages.error(request, invalid or kit.form_errors_text(form))
        return redirect(to, pk=obj.pk)
    try:
        result = run()
    except (RuleViolation, ConflictError) as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        messages.error(request, kit.validation_text(exc))
    else:
        messages.success(request, done(result) if callable(done) else done)
    return redirect(to, pk=obj.pk)


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

