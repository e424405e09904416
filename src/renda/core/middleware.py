"""Refusals reach the user as a clear Chinese page (or JSON for the API), never a 500."""

import json

from django.conf import settings
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from renda.core.errors import ConflictError, RuleViolation
from renda.core.views import _error, page_not_found

NUL_MESSAGE = "提交的内容含有不可见的控制字符（NUL），请删除后重新提交。"


def _json_has_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_json_has_nul(k) or _json_has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_json_has_nul(v) for v in value)
    return False


def _has_nul(values) -> bool:
    return any("\x00" in v for v in values if isinstance(v, str))


class InputSanityMiddleware:
    """Text with a NUL character cannot be stored (PostgreSQL refuses it) and is never legitimate in a form or
    a JSON field: every request carrying one, in its path, query string, url-encoded form, small multipart form or
    JSON body, is refused up front with a clear Chinese 400 (422 for the API, as its other validation errors).
    Uploaded files are not text and are not checked; the text fields of large uploads are left to Django's form
    fields, which refuse NULs themselves."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._carries_nul(request):
            status = 422 if request.path.startswith("/api/") else 400
            return _error(request, status, "请求有误", NUL_MESSAGE)
        return self.get_response(request)

    @staticmethod
    def _carries_nul(request) -> bool:
        if "\x00" in request.path or _has_nul(v for vs in request.GET.lists() for v in vs[1]):
            return True
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return False
        ctype = request.content_type or ""
        if ctype == "application/json" or ctype.endswith("+json"):
            try:
                body = request.body
            except Exception:  # too big or unreadable: the view's own handling reports it
                return False
            if b"\x00" in body:
                return True
            if b"\\u0000" not in body.lower():
                return False
            try:
                return _json_has_nul(json.loads(body))
            except ValueError:
                return False  # not JSON at all: the API's own parser reports it
        if ctype == "application/x-www-form-urlencoded":
            # the raw body, not request.POST: parsing here would turn a too-big body into an empty form for the
            # view (Django marks the parse as failed) instead of the view's own clear "too big" answer
            try:
                body = request.body
            except Exception:  # too big: the view's own handling reports it
                return False
            return b"%00" in body or b"\x00" in body
        if ctype == "multipart/form-data":
            # small multipart forms (a sign-in, a form with a few fields) are parsed here and their text fields
            # checked (files may hold NULs); large uploads are left to the view's own size checks and to the form
            # fields, which refuse NULs themselves. A malformed small body raises Django's own 400.
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                return False
            if length > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
                return False
            return _has_nul(v for vs in request.POST.lists() for v in vs[1])
        return False
        return False


class RuleViolationMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, RuleViolation):
            ctx = {"title": "操作未被允许", "message": exception.message, "rule": exception.rule}
        elif isinstance(exception, ConflictError):
            ctx = {"title": "记录已被修改", "message": exception.message, "rule": None}
        elif isinstance(exception, OverflowError):  # an id beyond any stored key (SQLite refuses to bind it)
            return page_not_found(request)
        else:
            return None
        ctx["back"] = _same_site_referer(request)
        template = "core/_refusal.html" if request.headers.get("HX-Request") else "core/refusal.html"
        return render(request, template, ctx, status=exception.status_code)


def _same_site_referer(request) -> str:
    """The page the refused form was on (to go back to it), only when it is one of ours."""
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()},
                                                   require_https=request.is_secure()):
        return referer
    return ""
