"""The anonymous pages: submit an opinion, see the tracking code, follow it with the code.

Defences (renda.core.public): the body size is checked before anything is parsed (413), then the per-source
rate limit (429), then CSRF, the honeypot and the signed submission token. The token's id is stored in
`Opinion.submission_id` (unique), so a retried POST finds the first opinion and redirects to the same code.
The code travels in a signed cookie to the receipt page and in POST bodies to the tracking page, never in a URL,
so it stays out of access logs.
"""

from __future__ import annotations

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

from renda.core import cookies, public, rules
from renda.core.errors import RuleViolation
from renda.core.models import Congress
from renda.participation import selectors, services
from renda.participation.forms import OpinionForm
from renda.participation.models import Opinion, format_code

RECEIPT_COOKIE = "po_receipt"
RECEIPT_SALT = "renda.participation.receipt"
RECEIPT_AGE = 3600
TEXT_ALLOWANCE = 512 * 1024  # the form's text fields, generously


def _congress(code: str) -> Congress:
    return get_object_or_404(Congress, code=code)


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


def _receipt(congress, op: Opinion) -> HttpResponse:
    response = redirect(reverse("participation:public_done", kwargs={"code": congress.code}), permanent=False)
    response.status_code = 303
    cookies.set_cookie(response, RECEIPT_COOKIE, str(op.pk), salt=RECEIPT_SALT, max_age=RECEIPT_AGE,
                       path=f"/participation/public/{congress.code}/")  # Secure, HttpOnly, SameSite=Lax
    return response


@csrf_exempt  # checked inside _guard, after the size and rate checks
@ensure_csrf_cookie
def public_submit(request, code: str):
    congress = _congress(code)
    # A congress gets its categories when it is created (services.congress_created): a GET never writes.
    categories = list(selectors.categories(congress))
    choices = selectors.categories(congress)  # validation only: the page lists `categories` itself
    limits = services.rule_params(congress.pk, "PO-INTAKE")
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
    try:
        submission_id = public.claim_token(token)
    except ValidationError as exc:
        return _render_form(request, congress, form, categories, public.issue_token(), limits, status=400,
                            error=exc.messages[0])
    if not form.is_valid():
        return _render_form(request, congress, form, categories, token, limits, status=400)
    cd = form.cleaned_data
    try:
        op, _created = services.opinion_submit(
            congress=congress, category=cd["category"], place=cd["place"], text=cd["text"], name=cd["name"],
            phone=cd["phone"], email=cd["email"], files=request.FILES.getlist("files"), submission_id=submission_id,
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
        op = selectors.public_lookup(congress, raw)
        ctx["entered"] = raw[:20]
        if op is None:
            ctx["error"] = "没有找到该查询码对应的意见，请核对后重新输入（查询码为12位字母和数字，不区分大小写）。"
        else:
            ctx.update({"op": op, "steps": selectors.public_timeline(op), "code": format_code(op.code)})
    response = render(request, "participation/public_track.html", ctx, status=404 if ctx["error"] else 200)
    response["Cache-Control"] = "no-store"
    return response
