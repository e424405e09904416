"""Sign-ins, sign-outs and failures: audit trail, lock-out counters, session records and session flags.

Connected for every way of signing in (the login form, the TOTP step, `client.login()` in tests), so the
flags the middleware reads are always set at sign-in and nothing is queried on ordinary requests.
"""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.utils import timezone

from renda.accounts import selectors, services
from renda.accounts.models import LoginSession
from renda.core import audit

# Session keys (plain JSON values).
PENDING = "acct_pending"  # {"uid", "backend", "at", "next"}: password checked, second factor not yet
MFA_DONE = "acct_mfa"  # the second factor was given in this session
MFA_NEEDED = "acct_mfa_needed"  # the second factor is required for this session
PW_CHANGE = "acct_pw_change"  # "reset" | "expired": only the change-password page is reachable
LOGIN_AT = "acct_login_at"  # epoch seconds of the sign-in (absolute lifetime)
SEEN = "acct_seen"  # epoch seconds of the last activity (idle timeout)


def _ip(request) -> str:
    if request is None:
        return ""
    ip = request.META.get("REMOTE_ADDR", "")
    return "" if ip == "unknown" else ip


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    mfa = bool(getattr(request, "renda_mfa", False)) if request is not None else False
    note = f"登录 {_ip(request)}".strip() + ("（已完成两步验证）" if mfa else "")
    audit.record(actor=user, action="login", obj=user, congress_id=user.congress_id, note=note)
    services.failure_reset(username=user.get_username())
    session = getattr(request, "session", None) if request is not None else None
    if session is None:
        return
    now = timezone.now().timestamp()
    session[LOGIN_AT] = now
    session[SEEN] = now
    session[MFA_NEEDED] = selectors.mfa_needed(user)
    session[MFA_DONE] = mfa
    state = selectors.password_state(user)
    if state:
        session[PW_CHANGE] = state
    else:
        session.pop(PW_CHANGE, None)
    agent = request.META.get("HTTP_USER_AGENT", "")
    services.session_started(user=user, session_key=session.session_key or "", ip=_ip(request), user_agent=agent)


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is None:
        return
    reason = getattr(request, "renda_end_reason", None) if request is not None else None
    session = getattr(request, "session", None) if request is not None else None
    key = session.session_key if session is not None else None
    if reason is None:
        audit.record(actor=user, action="logout", obj=user, congress_id=user.congress_id, note=f"退出 {_ip(request)}".strip())
        reason = LoginSession.End.LOGOUT
    services.session_ended(user=user, session_key=key, reason=reason, ip=_ip(request))


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))
    ip = _ip(request)
    was_locked = bool(getattr(request, "renda_locked", False)) if request is not None else bool(
        selectors.locked_until(username=username, ip=ip)
    )
    services.failure_record(username=username, ip=ip, reason="locked" if was_locked else "password")
