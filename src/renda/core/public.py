"""Shared defences for the anonymous forms of the public portal (no captcha).

Every public form uses the same four pieces:

- **Rate limit per source** — `allow(request, scope, limit, window)` counts one use in a fixed window in the
  cache (Redis in production, so all workers share the count) and returns False once over the limit;
  `limited_response()` answers 429 in Chinese with Retry-After.
- **Honeypot** — a text field named `HONEYPOT_FIELD`, hidden from people by CSS (class `hp`), left empty
  by people and filled by naive bots; `honeypot_tripped(data)` tells.
- **Submission token** — `issue_token()` puts a signed random id in each rendered form; `claim_token(value)`
  checks the signature and age and returns the id. The id is stored in a unique column of the record the
  form creates, so a retried POST (double click, flaky network) finds the first record instead of making a
  second one: that is the idempotency guarantee, and it holds across processes because the database enforces it.
- **Size limit** — `too_big(request, max_bytes)` reads Content-Length before the body is parsed; Django's
  DATA_UPLOAD_MAX_MEMORY_SIZE is the outer bound and answers 400 through the Chinese error page.
- **Anonymous JSON endpoints** (the public API of supervision) — `api_guard(max_bytes)`, applied with
  django-ninja's `decorate_view` so it runs before the body is parsed: 413 over the size, 415 unless the body is
  declared `application/json`. A cross-site page can make a browser post `text/plain`, form-encoded or
  multipart bodies without asking (no CORS preflight, no CSRF token needed by an endpoint without a session) —
  but not `application/json`. Such endpoints also take the honeypot field and the rate limit.

Every 429 carries Retry-After (`limited_response`, `json_error(..., retry_after=…)`).

Sources are a keyed hash of the client address (never stored raw).
"""

from __future__ import annotations

import hashlib
import json
import secrets
from functools import wraps

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

HONEYPOT_FIELD = "website"
TOKEN_FIELD = "submission_token"  # noqa: S105 (a form field name)
TOKEN_SALT = "renda.public.submission"  # noqa: S105 (a signing namespace)
TOKEN_MAX_AGE = 24 * 3600


def client_ip(request: HttpRequest) -> str:
    """The client address. Behind the reverse proxy, nginx sets REMOTE_ADDR via the real-IP module
    (see deploy/); X-Forwarded-For is not trusted here because any client can send it."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def source(request: HttpRequest) -> str:
    raw = f"{client_ip(request)}:{settings.SECRET_KEY}"
    return hashlib.sha256(raw.encode()).hexdigest()[:24]


def allow(request: HttpRequest, scope: str, limit: int, window: int = 3600) -> bool:
    """Count one use of `scope` by this source in the current window; False once over `limit`."""
    bucket = int(timezone.now().timestamp()) // window
    key = f"public-rl:{scope}:{source(request)}:{bucket}"
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        count = 1
    return count <= limit


def limited_response(request: HttpRequest, *, retry_after: int = 3600, rule=None) -> HttpResponse:
    """429 with a Chinese page (JSON for /api/) and Retry-After."""
    message = "提交过于频繁，请稍后再试。"
    if rule is not None:
        message += f"依据「{rule.title}」：{rule.statement}"
    if request.path.startswith("/api/"):
        response = HttpResponse(json.dumps({"detail": message}, ensure_ascii=False),
                                content_type="application/json; charset=utf-8", status=429)
    else:
        html = render_to_string("core/error.html", {"status": 429, "title": "请求过于频繁", "message": message},
                                request=request)
        response = HttpResponse(html, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def json_error(status: int, detail: str, *, retry_after: int | None = None, **extra) -> HttpResponse:
    """A JSON error in the API's shape (`detail` in Chinese, plus `extra`); Retry-After when given."""
    response = HttpResponse(json.dumps({"detail": detail, **extra}, ensure_ascii=False),
                            content_type="application/json; charset=utf-8", status=status)
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response


def api_guard(max_bytes: int):
    """A view decorator for an anonymous django-ninja operation (`@decorate_view(public.api_guard(…))`): size and
    content type are checked before the body is read or parsed."""
    def decorator(run):
        @wraps(run)
        def guarded(request, *args, **kwargs):
            if request.method in ("POST", "PUT", "PATCH"):
                if too_big(request, max_bytes):
                    return json_error(413, f"提交的内容过大（不超过 {max(1, max_bytes // 1024)} KB），请精简后重试。")
                if request.content_type != "application/json":
                    return json_error(415, "请以 JSON 格式提交（Content-Type: application/json）。")
            return run(request, *args, **kwargs)
        return guarded
    return decorator


def too_big(request: HttpRequest, max_bytes: int) -> bool:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > max_bytes
    except ValueError:
        return True


def honeypot_tripped(data) -> bool:
    return bool((data.get(HONEYPOT_FIELD) or "").strip())


def issue_token() -> str:
    return signing.dumps(secrets.token_hex(16), salt=TOKEN_SALT)


def claim_token(value: str | None) -> str:
    """The token's random id, or ValidationError in Chinese if it is missing, forged or too old."""
    if not value:
        raise ValidationError("表单缺少提交凭证，请刷新页面后重新填写。")
    try:
        return signing.loads(value, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.SignatureExpired:
        raise ValidationError("表单已过期，请刷新页面后重新填写。") from None
    except signing.BadSignature:
        raise ValidationError("提交凭证无效，请刷新页面后重新填写。") from None
