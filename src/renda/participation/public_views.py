"""The anonymous pages: submit an opinion, see the tracking code, follow it with the code.

Defences (renda.core.public): the body size is checked before anything is parsed (413), then the per-source
rate limit (429), then CSRF, the honeypot and the signed submission token. The token's id is stored in
`Opinion.submission_id` (unique), so a retried POST finds the first opinion and redirects to the same code.
The code travels in a signed cookie to the receipt page and in POST bodies to the tracking page, never in a URL,
so it stays out of access logs.
"""

from __future__ import annotations

import time
from types import SimpleNamespace

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import (
    RequestDataTooBig,
    SuspiciousOperation,
    ValidationError,
)
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, ensure_csrf_cookie

from renda.core import cookies, intake, public, rules
from renda.core.errors import RuleViolation
from renda.core.models import Congress, IntakeEntry
from renda.participation import selectors, services
from renda.participation.forms import OpinionForm
from renda.participation.models import Category, Opinion, format_code, normalize_code

RECEIPT_COOKIE = "po_receipt"
RECEIPT_SALT = "renda.participation.receipt"
RECEIPT_AGE = 3600
TEXT_ALLOWANCE = 512 * 1024  # the form's text fields, generously


def _congress(code: str) -> Congress:
    return get_object_or_404(Congress, code=code)


CONFIG_SECONDS = 10  # how long a process reuses a congress's form configuration (0 under the test suite)
_CONFIG: dict[str, tuple[float, Congress, list, dict]] = {}


def _config(code: str) -> tuple[Congress, list, dict]:
    """The congress, its active categories and the PO-INTAKE parameters — read once per CONFIG_SECONDS per process,
    so a burst of submissions does not re-read them per request. A category withdrawn or a limit changed meanwhile
    is applied by the intake's processor (the submission is then refused with the reason on the tracking page)."""
    seconds = 0 if getattr(settings, "TESTING", False) else CONFIG_SECONDS
    now = time.monotonic()
    hit = _CONFIG.get(code)
    if hit is not None and now - hit[0] < seconds:
        return hit[1], hit[2], hit[3]
    congress = _congress(code)
    categories = list(selectors.categories(congress))
    limits = services.rule_params(congress.pk, "PO-INTAKE")
    if seconds:
        _CONFIG[code] = (now, congress, categories, limits)
    return congress, categories, limits


class _KnownCategory(forms.ModelChoiceField):
    """The form's category field checked against the categories already read (no query per submission)."""

    def __init__(self, base: forms.ModelChoiceField, categories: list):
        super().__init__(queryset=base.queryset, label=base.label, empty_label=base.empty_label,
                         error_messages=base.error_messages)
        self._by_pk = {str(c.pk): c for c in categories}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        category = self._by_pk.get(str(value))
        if category is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                  params={"value": value})
        return category


def body_limit(limits: dict) -> int:
    return limits["max_files"] * limits["max_file_mb"] * 1024 * 1024 + TEXT_ALLOWANCE


def _too_large(request, congress, limits: dict) -> HttpResponse:
    mb = max(1, body_limit(limits) // (1024 * 1024))
    html = render_to_string("participation/public_error.html", {
        "congress": congress, "title": "提交的内容过大",
        "message": f"提交的内容超过了允许的大小（约 {mb} MB）。请精简文字，附件不超过 "
                   f"{limits['max_files']} 个、每个不超过 {limits['max_file_mb']} MB 后重新提交。",
    }, request=request)
    return HttpResponse(html, status=413)


def _bad(request, congress, title: str, message: str, status: int = 400) -> HttpResponse:
    html = render_to_string("participation/public_error.html",
                            {"congress": congress, "title": title, "message": message}, request=request)
    return HttpResponse(html, status=status)


def _guard(request, congress, scope: str, per_hour: int, limits: dict):
    """Size, rate and CSRF checks for a public POST, in that order; a response when refused, else None."""
    if public.too_big(request, body_limit(limits)):
        return _too_large(request, congress, limits)
    if not public.allow(request, scope, per_hour):
        return public.limited_response(request, rule=rules.get("PO-INTAKE"))
    try:
        refused = CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {})
        request.POST, request.FILES  # noqa: B018 - parse now, inside the guard
    except RequestDataTooBig:
        return _too_large(request, congress, limits)
    except (SuspiciousOperation, ValueError):  # too many fields or files, a broken multipart body
        return _bad(request, congress, "请求有误", "提交的内容无法识别，请刷新页面后重新填写。")
    return refused


def _render_form(request, congress, form, categories, token: str, limits: dict, status: int = 200,
                 error: str = ""):
    response = render(request, "participation/public_submit.html", {
        "congress": congress, "form": form, "token": token, "error": error, "limits": limits,
        "categories": categories,
        "honeypot": public.HONEYPOT_FIELD, "token_field": public.TOKEN_FIELD,
    }, status=status)
    response["Cache-Control"] = "no-store"  # each rendering carries its own submission token
    return response


class PendingOpinion:
    """What the public pages show of an accepted submission (renda.core.intake) before its opinion exists: the
    citizen's own text with the state "已受理，正在处理" (or "不予受理" and the reason, when the processor refused it)."""

    def __init__(self, entry: IntakeEntry, category_name: str):
        data = intake.payload_of(entry)
        self.entry = entry
        self.code = entry.code
        self.category = SimpleNamespace(name=category_name)
        self.place = data.get("place", "")
        self.text = data.get("text", "")
        self.email = data.get("email", "")
        self.submitted_at = entry.received_at
        rejected = entry.status == IntakeEntry.Status.REJECTED
        self.status = "rejected" if rejected else "accepted"
        self.reject_reason = entry.last_error if rejected else ""
        self.published_reply = ""
        self._label = "不予受理" if rejected else "已受理，正在处理"

    def get_status_display(self) -> str:
        return self._label

    def steps(self) -> list[dict]:
        return [{"at": self.submitted_at, "label": self._label}]


def _shown(congress, entry: IntakeEntry | None):
    """The opinion an intake row became, or the row as a PendingOpinion; None for no row."""
    if entry is None:
        return None
    if entry.status == IntakeEntry.Status.DONE and entry.result_id:
        op = Opinion.objects.filter(congress=congress, pk=entry.result_id).select_related("category").first()
        if op is not None:
            return op
    cat = Category.objects.filter(congress=congress, pk=intake.payload_of(entry).get("category")).first()
    return PendingOpinion(entry, cat.name if cat else "")


def _intake_by_code(congress, raw: str) -> IntakeEntry | None:
    code = normalize_code(raw)
    if not code:
        return None
    return IntakeEntry.objects.filter(congress=congress, kind=services.INTAKE_KIND, code=code).first()


def _receipt(congress, op: Opinion | IntakeEntry) -> HttpResponse:
    response = redirect(reverse("participation:public_done", kwargs={"code": congress.code}), permanent=False)
    response.status_code = 303
    value = f"i{op.pk}" if isinstance(op, IntakeEntry) else str(op.pk)
    cookies.set_cookie(response, RECEIPT_COOKIE, value, salt=RECEIPT_SALT, max_age=RECEIPT_AGE,
                       path=f"/participation/public/{congress.code}/")  # Secure, HttpOnly, SameSite=Lax
    return response


@csrf_exempt  # checked inside _guard, after the size and rate checks
@ensure_csrf_cookie
def public_submit(request, code: str):
    # A congress gets its categories when it is created (services.congress_created): a GET never writes.
    congress, categories, limits = _config(code)
    choices = selectors.categories(congress)  # the form's field; validated against `categories` (_KnownCategory)
    if request.method != "POST":
        return _render_form(request, congress, OpinionForm(categories=choices), categories, public.issue_token(),
                            limits)
    refused = _guard(request, congress, "participation.submit", limits["per_hour"], limits)
    if refused is not None:
        return refused
    data = request.POST
    token = data.get(public.TOKEN_FIELD, "")
    if public.honeypot_tripped(data):
        return _bad(request, congress, "提交未被接受", "提交未被接受。如您是正常填写，请刷新页面后重新提交。")
    form = OpinionForm(data, categories=choices)
    form.fields["category"] = _KnownCategory(form.fields["category"], categories)
    try:
        submission_id = public.claim_token(token)
    except ValidationError as exc:
        return _render_form(request, congress, form, categories, public.issue_token(), limits, status=400,
                            error=exc.messages[0])
    if not form.is_valid():
        return _render_form(request, congress, form, categories, token, limits, status=400)
    cd = form.cleaned_data
    files = request.FILES.getlist("files")
    try:
        if not files:  # the intake: one insert now, the opinion from the task queue (renda.core.intake)
            receipt = services.opinion_accept_public(congress=congress, request=request, submission_id=submission_id,
                                                     data=cd, limits=limits)
            return _receipt(congress, receipt.entry)
        # with attachments: checked and stored at once (the files must be read from this request)
        op, _created = services.opinion_submit(
            congress=congress, category=cd["category"], place=cd["place"], text=cd["text"], name=cd["name"],
            phone=cd["phone"], email=cd["email"], files=files, submission_id=submission_id,
            limits=limits)
    except RuleViolation as exc:
        return _render_form(request, congress, form, categories, token, limits, status=400, error=exc.message)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
            return _render_form(request, congress, form, categories, token, limits, status=400)
        return _render_form(request, congress, form, categories, token, limits, status=400,
                            error="；".join(exc.messages))
    return _receipt(congress, op)


def public_done(request, code: str):
    congress = _congress(code)
    try:
        pk = request.get_signed_cookie(RECEIPT_COOKIE, salt=RECEIPT_SALT, max_age=RECEIPT_AGE)
    except (KeyError, signing.BadSignature):
        pk = None
    if pk and pk.startswith("i") and pk[1:].isdigit():
        entry = IntakeEntry.objects.filter(congress=congress, pk=int(pk[1:]), kind=services.INTAKE_KIND).first()
        op = _shown(congress, entry)
    else:
        op = Opinion.objects.filter(congress=congress, pk=pk).first() if pk and pk.isdigit() else None
    if op is None:
        return redirect("participation:public_track", code=congress.code)
    response = render(request, "participation/public_done.html", {
        "congress": congress, "op": op, "code": format_code(op.code), "has_email": bool(op.email)})
    response["Cache-Control"] = "no-store"
    return response


@csrf_exempt  # checked inside _guard
@ensure_csrf_cookie
def public_track(request, code: str):
    congress = _congress(code)
    ctx = {"congress": congress, "op": None, "error": "", "entered": ""}
    if request.method == "POST":
        limits = services.rule_params(congress.pk, "PO-INTAKE")
        refused = _guard(request, congress, "participation.track", 10 * limits["per_hour"], limits)
        if refused is not None:
            return refused
        raw = request.POST.get("code", "")
        if services.BAD_CHAR in raw:
            raw = ""
        op = selectors.public_lookup(congress, raw) or _shown(congress, _intake_by_code(congress, raw))
        ctx["entered"] = raw[:20]
        if op is None:
            ctx["error"] = "没有找到该查询码对应的意见，请核对后重新输入（查询码为12位字母和数字，不区分大小写）。"
        else:
            steps = op.steps() if isinstance(op, PendingOpinion) else selectors.public_timeline(op)
            ctx.update({"op": op, "steps": steps, "code": format_code(op.code)})
    response = render(request, "participation/public_track.html", ctx, status=404 if ctx["error"] else 200)
    response["Cache-Control"] = "no-store"
    return response
