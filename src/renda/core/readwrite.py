"""Read-your-writes with a replica: who has just written reads from the primary; a failing replica is bypassed.

`ReadYourWritesMiddleware` (settings.py puts it right after `RequestLogMiddleware` when a replica is configured,
renda.core.dbrouter):

- a request with an unsafe method (POST, PUT, PATCH, DELETE) may have written: its response carries a short-lived
  signed cookie `renda_rw` (`RENDA_REPLICA_MARKER_SECONDS`, a few seconds beyond the replica lag the router accepts,
  `RENDA_REPLICA_MAX_LAG_SECONDS`), so the same browser's next reads come from the primary — the citizen's receipt
  page after a submission, the staff member's search after an edit. The cookie carries no personal data and
  nothing a client gains by forging it (a forged or missing one only moves reads between the two copies); it is
  signed so the server can check its age without storing anything;
- a GET or HEAD of a lag-tolerant path (`dbrouter.lag_tolerant`) without a fresh marker runs with
  `dbrouter.replica_reads()`: the router may send its reads to the replica;
- when the replica failed during such a request (the router or the replica connection marked it down and the
  answer is a 5xx — usually the Chinese 503 of renda.core.logging), the request is answered again from the
  primary. A GET writes nothing (docs/ARCHITECTURE.md), so running it twice is safe; the person sees the page.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing

from renda.core import cookies, dbrouter

MARKER_COOKIE = "renda_rw"
MARKER_SALT = "renda.core.readwrite"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def marker_seconds() -> int:
    default = int(getattr(settings, "RENDA_REPLICA_MAX_LAG_SECONDS", 5)) + 5
    return int(getattr(settings, "RENDA_REPLICA_MARKER_SECONDS", default) or default)


def recently_wrote(request) -> bool:
    """Whether this browser made a write within the last `marker_seconds()` (signed cookie, checked for age)."""
    if MARKER_COOKIE not in request.COOKIES:
        return False
    try:
        request.get_signed_cookie(MARKER_COOKIE, salt=MARKER_SALT, max_age=marker_seconds())
    except (KeyError, signing.BadSignature):
        return False
    return True


def mark_written(response) -> None:
    cookies.set_cookie(response, MARKER_COOKIE, "1", max_age=marker_seconds(), salt=MARKER_SALT)


def may_use_replica(request) -> bool:
    return (request.method in ("GET", "HEAD") and dbrouter.lag_tolerant(request.path_info)
            and not recently_wrote(request))


class ReadYourWritesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not dbrouter.enabled():
            return self.get_response(request)
        if not may_use_replica(request):
            response = self.get_response(request)
        else:
            failures = dbrouter.health.failures
            with dbrouter.replica_reads():
                response = self.get_response(request)
            if response.status_code >= 500 and dbrouter.health.failures != failures:
                # The replica went away during this request: answer from the primary instead.
                request.replica_fallback = True
                response = self.get_response(request)
        if request.method not in SAFE_METHODS:
            mark_written(response)
        return response
