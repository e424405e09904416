"""Session rules on every request: second factor, forced password change, idle and absolute timeouts, one
active session. Reads only the session's own flags (set at sign-in), so an ordinary request costs no query;
the single-session check (off by default) costs one.

Bearer-token API calls carry no session cookie: none of this applies to them (units' machine access).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils import timezone

from renda.accounts import conf, selectors
from renda.accounts.models import LoginSession
from renda.accounts.signals import LOGIN_AT, MFA_DONE, MFA_NEEDED, PENDING, PW_CHANGE, SEEN

ALWAYS_OPEN = ("/static/", "/healthz", "/readyz", "/favicon.ico")
SEEN_GRANULARITY = 60  # seconds: the activity mark is written at most once a minute

END_MESSAGES = {
    LoginSession.End.IDLE: "由于长时间未操作，您已自动退出，请重新登录。",
    LoginSession.End.EXPIRED: "本次登录已超过最长时限，请重新登录。",
    LoginSession.End.SUPERSEDED: "您的账号已在其他地点登录，本会话已结束。如非本人操作，请立即修改密码并联系系统管理员。",
    LoginSession.End.MFA: "本次登录未完成两步验证，请重新登录。",
}


def _is_api(request) -> bool:
    return request.path_info.startswith("/api/")


def _redirect(request, url: str) -> HttpResponse:
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


class AccountSecurityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if path.startswith(ALWAYS_OPEN) or not hasattr(request, "session"):
            return self.get_response(request)
        if not request.user.is_authenticated:
            if request.session.get(PENDING):
                response = self._pending(request)
                if response is not None:
                    return response
            return self.get_response(request)
        response = self._signed_in(request)
        if response is not None:
            return response
        return self.get_response(request)

    # A password was checked; the second factor is still to come.
    def _pending(self, request):
        pending = request.session[PENDING]
        stage_page = reverse("accounts:enrol" if pending.get("stage") == "enrol" else "accounts:verify")
        open_paths = {reverse("login"), reverse("logout"), stage_page}
        if timezone.now().timestamp() - float(pending.get("at", 0)) > conf.pending_seconds():
            request.session.pop(PENDING, None)
            messages.warning(request, "两步验证超时，请重新登录。")
            if request.path_info == reverse("login"):
                return None
            return _redirect(request, reverse("login"))
        if request.path_info in open_paths:
            return None
        if _is_api(request):
            return JsonResponse({"detail": "请先完成两步验证。"}, status=401)
        return _redirect(request, stage_page)

    def _signed_in(self, request):
        session = request.session
        now = timezone.now().timestamp()
        login_at = session.get(LOGIN_AT)
        if login_at is not None and now - float(login_at) > settings.SESSION_COOKIE_AGE:
            return self._end(request, LoginSession.End.EXPIRED)
        idle = conf.session_idle_seconds()
        seen = session.get(SEEN)
        if idle and seen is not None and now - float(seen) > idle:
            return self._end(request, LoginSession.End.IDLE)
        if conf.single_session() and session.session_key and selectors.session_superseded(session.session_key):
            return self._end(request, LoginSession.End.SUPERSEDED)
        needed = session.get(MFA_NEEDED)
        if needed is None:  # a session opened before these rules: decide by role
            needed = selectors.totp_required(request.user)
        if needed and not session.get(MFA_DONE):
            return self._end(request, LoginSession.End.MFA)
        if seen is None or now - float(seen) > SEEN_GRANULARITY:
            session[SEEN] = now
        if session.get(PW_CHANGE):
            allowed = {reverse("accounts:password"), reverse("logout")}
            if request.path_info not in allowed:
                if _is_api(request):
                    return JsonResponse({"detail": "请先修改密码后再使用本平台。"}, status=403)
                return _redirect(request, reverse("accounts:password"))
        return None

    def _end(self, request, reason: str):
        request.renda_end_reason = reason
        next_path = request.get_full_path() if request.method == "GET" and not _is_api(request) else None
        logout(request)  # the logout signal records the end and its reason
        if _is_api(request):
            return JsonResponse({"detail": END_MESSAGES[reason]}, status=401)
        messages.warning(request, END_MESSAGES[reason])
        if next_path:
            return _redirect(request, redirect_to_login(next_path).url)
        return _redirect(request, reverse("login"))
