"""Reads of identity: lock state, what a sign-in must do, the user's second factor, session state."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from renda.accounts import conf
from renda.accounts.models import LoginSession, LoginThrottle, PasswordHistory, RecoveryCode, TotpDevice


def _username_key(username: str) -> str:
    return (username or "").strip()[:150]


def _lock_message(until: datetime) -> str:
    minutes = max(1, int((until - timezone.now()).total_seconds() + 59) // 60)
    return f"登录失败次数过多，已暂时锁定，请 {minutes} 分钟后再试，或联系系统管理员解除锁定。"


def _throttle_keys(username: str, ip: str) -> list[tuple[str, str, int]]:
    keys = [(LoginThrottle.Kind.USERNAME, _username_key(username), conf.lockout_username_failures())]
    if ip:
        keys.append((LoginThrottle.Kind.IP, ip[:150], conf.lockout_ip_failures()))
    return [k for k in keys if k[1] and k[2] > 0]


def locked_until(*, username: str, ip: str = "") -> datetime | None:
    """When the lock on this user name or address ends (the later one), or None when sign-in is open."""
    now = timezone.now()
    q = Q()
    for kind, key, _ in _throttle_keys(username, ip):
        q |= Q(kind=kind, key=key)
    if not q:
        return None
    until = LoginThrottle.objects.filter(q, locked_until__gt=now).order_by("-locked_until").values_list(
        "locked_until", flat=True
    ).first()
    return until


def lock_message(*, username: str, ip: str = "") -> str | None:
    """The Chinese lock-out notice, the same whether the user name exists or not; None when not locked."""
    until = locked_until(username=username, ip=ip)
    return _lock_message(until) if until else None


def password_state(user) -> str:
    """"reset" (set by an administrator), "expired", or "" — what the user must do at sign-in."""
    latest = PasswordHistory.objects.filter(user_id=user.pk).order_by("-created_at", "-id").first()
    if latest is not None and latest.must_change:
        return "reset"
    max_age = conf.password_max_age_days()
    if max_age and user.has_usable_password():
        since = latest.created_at if latest is not None else user.date_joined
        if since is None or timezone.now() - since > timedelta(days=max_age):
            return "expired"
    return ""


def totp_required(user) -> bool:
    """Staff and leadership (RENDA_TOTP_ROLES) and superusers must use a second factor when it is enforced."""
    if not conf.totp_required() or user is None or not getattr(user, "pk", None):
        return False
    return user.is_superuser or str(user.role) in conf.totp_roles()


def device_of(user) -> TotpDevice | None:
    return TotpDevice.objects.filter(user_id=user.pk).first()


def has_confirmed_device(user) -> bool:
    return TotpDevice.objects.filter(user_id=user.pk, confirmed_at__isnull=False).exists()


def mfa_needed(user) -> bool:
    """A second factor is asked at sign-in: required for the role, or enrolled by choice."""
    return totp_required(user) or has_confirmed_device(user)


def recovery_codes_left(user) -> int:
    return RecoveryCode.objects.filter(user_id=user.pk, used_at__isnull=True).count()


def session_superseded(session_key: str) -> bool:
    return LoginSession.objects.filter(session_key=session_key, end_reason=LoginSession.End.SUPERSEDED).exists()
