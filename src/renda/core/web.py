"""The page shapes every module's views share: a form page that saves through a service, a small POST on an
object's page that records something and goes back, and the one way a refusal is shown on a form.

A refusal is the same everywhere (docs/ARCHITECTURE.md, "The kit"): a rule's refusal or a conflict re-renders the
form the user filled in (kept typed in) with the message above it and HTTP 409, as the refusal page and the API
answer; bad input — the form's own checks or a service's (kit.add_validation_errors) — is shown by field, as
Django's forms do.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from renda.core import attachments, kit
from renda.core.errors import ConflictError, RuleViolation


def refuse_on_form(form, exc: ValidationError | RuleViolation | ConflictError) -> int:
    """Show `exc` on `form`; return the HTTP status the re-rendered page takes."""
    if isinstance(exc, ValidationError):
        kit.add_validation_errors(form, exc)
        return 200
    form.add_error(None, exc.message)
    return 409


def form_view(request, form, save: Callable[[dict], tuple[str, str]], page: Callable[[], HttpResponse]) -> HttpResponse:
    """GET renders `page()`; a valid POST runs `save(cleaned_data)` — a service call that returns (the address to go
    to next, what to tell the user) — and redirects there with that message. A refusal stays on the form."""
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            url, done = save(dict(form.cleaned_data))
        except (ValidationError, RuleViolation, ConflictError) as exc:
            status = refuse_on_form(form, exc)
        else:
            if done:
                messages.success(request, done)
            return redirect(url)
    response = page()
    if status != 200 and response.status_code == 200:
        response.status_code = status
    return response


def run(request, fn: Callable[[], Any], success: str | Callable[[Any], str]) -> bool:
    """Call a service for a small form on a detail page; a refusal or bad input becomes a Chinese message there."""
    try:
        result = fn()
    except (RuleViolation, ConflictError) as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        messages.error(request, kit.validation_text(exc))
    else:
        messages.success(request, success(result) if callable(success) else success)
        return True
    return False


def post_back(request, form, call: Callable[[dict], Any], success: str | Callable[[Any], str], back: str,
              invalid: str = "") -> HttpResponse:
    """A small form on a detail page (a remark, a visit, an upload …): validate, call, say what happened, go back."""
    if form is not None and not form.is_valid():
        messages.error(request, invalid or f"提交的内容不完整或不正确（{kit.form_errors_text(form)}）")
    else:
        run(request, lambda: call(dict(form.cleaned_data) if form is not None else {}), success)
    return redirect(back)


def submit(request, form, call: Callable[[dict], Any], success: str | Callable[[Any], str],
           to: str | Callable[[Any], str], back: str) -> HttpResponse:
    """A small form posted from an object's page, refused on the refusal page: bad input — the form's own checks or
    the service's ValidationError — is a 400 with the reason and a link `back`; a rule's refusal or a conflict
    propagates to the middleware (409). Done: say `success`, go `to` (an address, or one made from the result)."""
    if form is not None and not form.is_valid():
        return kit.bad_input(request, kit.form_errors_text(form), back)
    try:
        result = call(dict(form.cleaned_data) if form is not None else {})
    except ValidationError as exc:
        return kit.bad_input(request, kit.validation_text(exc), back)
    messages.success(request, success(result) if callable(success) else success)
    return redirect(to(result) if callable(to) else to)


def upload(request, obj, to: str, *, allowed: bool, refused: str, done: str) -> HttpResponse:
    """A file posted (field `file`) on `obj`'s page — `to`, a URL name taking its pk — by those who manage it:
    refused with 403 and `refused` unless `allowed`; a bad file is a Chinese message there, as post_back."""
    kit.ensure(allowed, refused)
    return post_back(request, None, lambda _d: attachments.attach(actor=request.user, obj=obj,
                                                                  upload=request.FILES.get("file")),
                     done, reverse(to, args=[obj.pk]))


def upload_view(load: Callable[[Any, Any], Any], to: str, *, may: Callable[[Any, Any], bool], refused: str, done: str,
                name: str = "upload"):
    """The view (signed in, POST only, named `name`) of `upload` on the record `load(user, pk)` gives this user
    (404 otherwise), allowed when `may(user, record)`."""

    @login_required
    @require_POST
    def view(request, pk: int):
        obj = load(request.user, pk)
        return upload(request, obj, to, allowed=may(request.user, obj), refused=refused, done=done)

    view.__name__ = view.__qualname__ = name
    return view
