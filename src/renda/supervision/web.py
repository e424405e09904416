"""What the supervision pages share: the create/edit page, the small forms on a detail page, the list context."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone

from renda.core import history, kit
from renda.core.errors import ConflictError, RuleViolation
from renda.core.models import Organization


def run(request, fn: Callable[[], object], success: str) -> bool:
    """Call a service for a small form on a detail page; a refusal or bad input becomes a Chinese message there."""
    try:
        fn()
    except (RuleViolation, ConflictError) as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        messages.error(request, kit.validation_text(exc))
    else:
        messages.success(request, success)
        return True
    return False


def side_post(request, form, call: Callable[..., object], success: str, back: str, invalid: str = ""):
    """A small form on a detail page (a remark, a visit, a problem …): validate, call, say what happened, go back."""
    if not form.is_valid():
        messages.error(request, invalid or f"提交的内容不完整或不正确（{kit.form_errors_text(form)}）")
    else:
        run(request, lambda: call(**form.cleaned_data), success)
    return redirect(back)


def form_page(request, form, save: Callable[[dict], tuple[str, str]], *, title: str, back: str,
              multipart: bool = False):
    """A create or edit page. On a valid POST `save(cleaned_data)` writes and returns (the page to show next, the
    message); bad input and refusals stay on the form, in Chinese."""
    if request.method == "POST" and form.is_valid():
        try:
            url, done = save(dict(form.cleaned_data))
        except ValidationError as exc:
            kit.add_validation_errors(form, exc)
        except (RuleViolation, ConflictError) as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, done)
            return redirect(url)
    return render(request, "supervision/form.html", {"form": form, "title": title, "back": back,
                                                     "multipart": multipart})


def without_version(data: dict) -> tuple[dict, int | None]:
    data = dict(data)
    return data, data.pop("lock_version", None)


def detail(user, obj, **ctx) -> dict:
    """What every detail page has: the object's history for those who may see it (renda.core.history), today."""
    return {"history": history.for_user(user, obj), "today": timezone.localdate(), **ctx}


def year_param(request) -> int:
    raw = request.GET.get("year") or ""
    if raw.isdigit() and 1990 <= int(raw) <= 2100:
        return int(raw)
    return timezone.localdate().year


def list_ctx(request, f, page, **extra) -> dict:
    organs = Organization.objects.filter(congress_id=request.user.congress_id, kind__in=Organization.ORGAN_KINDS) \
        .order_by("order", "id")
    return {"filters": f, "page": page, "organs": organs, "querystring": f.querystring(),
            "today": timezone.localdate(), "years": range(timezone.localdate().year + 1, 2018, -1), **extra}
