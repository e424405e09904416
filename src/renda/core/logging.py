"""Request logging: a request id on every request and log line, one access record per request.

`RequestLogMiddleware` (first in MIDDLEWARE)

- behind the reverse proxy (REMOTE_ADDR in RENDA_TRUSTED_PROXIES), takes the client address from the
  X-Real-IP header nginx sets;
- takes the caller's `X-Request-ID` (nginx sets it to `$request_id`) when it is a plain token of at most
  64 characters, or makes one; returns it in the response header and puts it on every log record made
  while the request runs (`RequestContextFilter`);
- writes one record per request on the `renda.request` logger with method, path, status, duration_ms
  and user_id (never the query string, form data or personal data);
- turns a full disk (ENOSPC outside the attachment store, e.g. the upload temp dir) into a Chinese 507;
- turns a database outage (OperationalError, InterfaceError: refused, dropped or closed connections) into a clear Chinese 503 page (or JSON for /api/) that needs no database to
  render, instead of a 500 whose error page itself fails while PostgreSQL restarts.

With RENDA_LOG_FORMAT=json, settings use `JsonFormatter` (python-json-logger): one JSON object per line
with timestamp, level, logger, message, request_id, user_id, method, path, status, duration_ms.
Plain text otherwise (development).
"""

from __future__ import annotations

import contextvars
import errno
import logging
import os
import re
import time
import uuid

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.utils.html import escape
from pythonjsonlogger.json import JsonFormatter as _JsonFormatter

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("renda_request_id", default="-")
_request: contextvars.ContextVar[object | None] = contextvars.ContextVar("renda_request", default=None)
_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
_VALID_IP = re.compile(r"^[0-9A-Fa-f:.]{2,45}$")

access_log = logging.getLogger("renda.request")

PLAIN_PAGE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title></head>
<body><main><h1>{title}</h1><p>{message}</p><p>请求编号：{request_id}</p></main></body></html>
"""
UNAVAILABLE_TEXT = "系统暂时不可用：数据库正在维护或重新启动，请稍后重试；您刚才提交的内容如未显示“已保存”，请重新提交。"


def current_request_id() -> str:
    return _request_id.get()


class RequestContextFilter(logging.Filter):
    """Adds request_id and user_id to every record (a dash outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = _request_id.get()
        if not hasattr(record, "user_id"):
            record.user_id = _loaded_user_id(_request.get())
        return True


def _loaded_user_id(request) -> str:
    """The signed-in user's id if the request has already loaded it (never a query from a log call)."""
    user = getattr(request, "_cached_user", None) if request is not None else None
    if user is not None and getattr(user, "is_authenticated", False):
        return str(user.pk)
    return "-"


class JsonFormatter(_JsonFormatter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("rename_fields", {"asctime": "timestamp", "levelname": "level", "name": "logger"})
        kwargs.setdefault("json_ensure_ascii", False)
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s %(user_id)s", *args,
                         **kwargs)


def _plain(request, status: int, title: str, message: str, request_id: str):
    """A page that needs neither the database nor the template engine's context processors."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=status, json_dumps_params={"ensure_ascii": False})
    body = PLAIN_PAGE.format(title=escape(title), message=escape(message), request_id=escape(request_id))
    return HttpResponse(body, status=status, content_type="text/html; charset=utf-8")


def _unavailable(request, request_id: str):
    response = _plain(request, 503, "系统暂时不可用", UNAVAILABLE_TEXT, request_id)
    response["Retry-After"] = "5"
    return response


NO_SPACE_TEXT = "服务器存储空间不足，您提交的内容未能保存：请稍后重试，或联系系统管理员。"


def _no_space(request, request_id: str):
    return _plain(request, 507, "存储空间不足", NO_SPACE_TEXT, request_id)


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        # The reverse proxy's addresses (gunicorn sees nginx as the peer). From these only, X-Real-IP (which
        # nginx sets from its real-IP module, overwriting whatever the client sent) becomes REMOTE_ADDR,
        # so rate limits and logs see the citizen's address, not nginx's.
        self.trusted_proxies = {ip.strip() for ip in os.environ.get("RENDA_TRUSTED_PROXIES", "").split(",")
                                if ip.strip()}

    def __call__(self, request):
        if self.trusted_proxies and request.META.get("REMOTE_ADDR") in self.trusted_proxies:
            real = request.META.get("HTTP_X_REAL_IP", "").strip()
            if real and _VALID_IP.match(real):
                request.META["REMOTE_ADDR"] = real
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _VALID_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token_r = _request_id.set(request_id)
        token_q = _request.set(request)
        started = time.perf_counter()
        try:
            try:
                response = self.get_response(request)
            except (OperationalError, InterfaceError):
                # The 500 handler itself needed the database (session, navigation): answer without it.
                logging.getLogger("renda.request").exception("database unavailable")
                response = _unavailable(request, request_id)
            response["X-Request-ID"] = request_id
            user_id = _loaded_user_id(request)
            duration = round((time.perf_counter() - started) * 1000, 1)
            level = logging.ERROR if response.status_code >= 500 else logging.INFO
            access_log.log(level, "%s %s %s %.1fms", request.method, request.path, response.status_code, duration,
                           extra={"user_id": user_id, "method": request.method, "path": request.path,
                                  "status": response.status_code, "duration_ms": duration})
            return response
        finally:
            _request_id.reset(token_r)
            _request.reset(token_q)

    def process_exception(self, request, exception):
        if isinstance(exception, OperationalError | InterfaceError):
            logging.getLogger("renda.request").error("database unavailable: %s", type(exception).__name__)
            return _unavailable(request, getattr(request, "request_id", "-"))
        if isinstance(exception, OSError) and exception.errno in (errno.ENOSPC, errno.EDQUOT):
            # A full disk outside the attachment store (the upload temp dir): say so, not a 500 traceback.
            logging.getLogger("renda.request").error("no space left on device")
            return _no_space(request, getattr(request, "request_id", "-"))
        return None
