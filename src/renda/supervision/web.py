"""What the supervision pages share: the create/edit page, the small forms on a detail page, the list context — and
the page shapes every part (reports/, inspections/, inquiries/, investigations/, filings/, removal/) declares instead
of writing: a list page, a create page, an edit page, a detail page and a small form posted on a detail page. Each
part keeps only what differs: its template, selector, form, service and messages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from renda.core import history, web
from renda.core.models import Organization
from renda.core.roles import Role
from renda.supervision.cycle.services import compile_opinions
from renda.supervision.listing import ListFilters

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


def forms_if(allowed: bool, **forms) -> dict:
    """The small forms a detail page offers: each one for whom `allowed`, None for the others."""
    return {name: form if allowed else None for name, form in forms.items()}


def opinions_draft(obj, remarks, deliberated) -> str:
    """The opinions' first draft (the members' remarks) while they are still to be compiled; else empty (the
    template's `default:` needs the name even once opinions exist)."""
    return compile_opinions(remarks) if obj.status == deliberated and not obj.opinions else ""


def lead_body_initial(user) -> dict:
    """A committee's staff organise for their own committee: the form starts with it."""
    return {"lead_body": user.organization_id} if user.role == Role.COMMITTEE else {}


def scoped_form(form_class, initial: Callable[[Any], dict] | None = None) -> Callable:
    """The create form of a record of the user's congress: `form(request)` bound to the POST (or blank)."""
    return lambda request: form_class(request.POST or None, congress_id=request.user.congress_id,
                                      initial=initial(request.user) if initial else {})


# ---- the page shapes ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Kind:
    """One kind of record as the pages know it: the URL name of its page and its loader — (user, pk) -> the object,
    or Http404 when this user may not see it (the selectors' `<entity>_for`)."""

    url: str
    load: Callable[[Any, int], Any]

    def page(self, obj) -> str:
        return reverse(self.url, args=[obj.pk])


def list_view(template: str, page: Callable, states, *, kinds: list | None = None, kind_values=(),
              allowed: Callable[[Any], bool] | None = None, denied: str = "", **flags: Callable[[Any], bool]):
    """A list page: the filters of the query string (a value the page does not offer is ignored), the page of the
    records the user may see (`page(user, filters, number)`), the filter bar's choices and `flags` — name -> a
    function of the user (`can_create` …) — for the buttons. `allowed` keeps out whom the whole list is not for."""

    @login_required
    def view(request):
        user = request.user
        if allowed is not None and not allowed(user):
            raise PermissionDenied(denied)
        f = ListFilters.from_querydict(request.GET, kinds=kind_values, statuses=states.values)
        extra = {"kinds": kinds} if kinds is not None else {}
        return render(request, template, list_ctx(
            request, f, page(user, f, request.GET.get("page") or 1), **extra, statuses=states.choices,
            **{name: flag(user) for name, flag in flags.items()}))

    return view


def create_view(kind: Kind, *, allowed: Callable[[Any], bool], denied: str, form: Callable, create: Callable,
                done: str, title: str, back: str, prepare: Callable[[dict], dict] | None = None):
    """A create page: who may (`allowed(user)`, else `denied`), the form (`form(request)`), the service
    (`create(actor=…, **data)`, the data through `prepare` first); done, the new record's page and `done` (with the
    record's `{title}`)."""

    @login_required
    def view(request):
        user = request.user
        if not allowed(user):
            raise PermissionDenied(denied)

        def save(data):
            obj = create(actor=user, **(prepare(data) if prepare else data))
            return kind.page(obj), done.format(title=obj.title)

        return form_page(request, form(request), save, title=title, back=reverse(back))

    return view


def edit_view(kind: Kind, *, allowed: Callable[[Any, Any], bool], denied: str, form_class, update: Callable,
              name: str):
    """The edit page of a record's own fields: optimistic locking (the form's `lock_version`) by the service
    `update(actor=…, <name>=obj, lock_version=…, **data)`."""

    @login_required
    def view(request, pk: int):
        obj = kind.load(request.user, pk)
        if not allowed(request.user, obj):
            raise PermissionDenied(denied)
        form = form_class(request.POST or None, instance=obj, congress_id=obj.congress_id)

        def save(data):
            data, seen = without_version(data)
            update(actor=request.user, **{name: obj}, lock_version=seen, **data)
            return kind.page(obj), "已保存。"

        return form_page(request, form, save, title=f"修改：{obj.title}", back=kind.page(obj))

    return view


def detail_view(kind: Kind, template: str, name: str, context: Callable[[Any, Any], dict] | None = None):
    """A record's page: the record (as `name`), its history, today and `context(user, obj)`."""

    @login_required
    def view(request, pk: int):
        obj = kind.load(request.user, pk)
        return render(request, template, detail(request.user, obj, **{name: obj},
                                                **(context(request.user, obj) if context else {})))

    return view


def side_view(kind: Kind | dict[str, Kind], form_class, service: Callable, *, name: str,
              done: str | Callable[[Any], str], invalid: str | Callable[[Any], str] = "", scoped: bool = False,
              prepare: Callable[[Any, dict], dict] | None = None):
    """A small form posted on a record's page: the form (`scoped`: it takes the record's congress), the service
    `service(actor=…, <name>=obj, **data)` (the data through `prepare(obj, data)` first), `done`, back to the page;
    bad input says `invalid` (or the form's errors) — either may be a function of the record. `kind` may be a table
    of kinds, chosen by the URL's `kind`."""

    @login_required
    @require_POST
    def view(request, pk: int, **url):
        the_kind = kind[url["kind"]] if isinstance(kind, dict) else kind
        obj = the_kind.load(request.user, pk)
        form = form_class(request.POST, **({"congress_id": obj.congress_id} if scoped else {}))

        def call(**data):
            return service(actor=request.user, **{name: obj}, **(prepare(obj, data) if prepare else data))

        return side_post(request, form, call, done(obj) if callable(done) else done, the_kind.page(obj),
                         invalid(obj) if callable(invalid) else invalid)

    return view
