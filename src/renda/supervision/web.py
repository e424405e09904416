"""What the supervision pages share: the create/edit page, the small forms on a detail page, the list context."""

from __future__ import annotations

from collections.abc import Callable

from django.shortcuts import render
from django.utils import timezone

from renda.core import history, web
from renda.core.models import Organization

run = web.run


def side_post(request, form, call: Callable[..., object], success: str, back: str, invalid: str = ""):
    """A small form on a detail page (a remark, a visit, a problem …): validate, call, say what happened, go back."""
    return web.post_back(request, form, lambda d: call(**d), success, back, invalid)


def form_page(request, form, save: Callable[[dict], tuple[str, str]], *, title: str, back: str,
              multipart: bool = False):
    """A create or edit page (renda.core.web.form_view): `save(cleaned_data)` returns (the page to show next, the
    message)."""
    return web.form_view(request, form, save, lambda: render(request, "supervision/form.html", {
        "form": form, "title": title, "back": back, "multipart": multipart}))


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
