"""The identity settings, read at call time (so override_settings works). Defaults are in settings.py;
the fallbacks here only matter when a setting is missing altogether."""

from __future__ import annotations

from django.conf import settings

from renda.core.roles import Role


def password_history() -> int:
    return max(0, int(getattr(settings, "RENDA_PASSWORD_HISTORY", 5)))


def password_max_age_days() -> int:
    return max(0, int(getattr(settings, "RENDA_PASSWORD_MAX_AGE_DAYS", 0)))


def password_min_classes() -> int:
    return min(4, max(0, int(getattr(settings, "RENDA_PASSWORD_MIN_CLASSES", 3))))


def lockout_username_failures() -> int:
    return int(getattr(settings, "RENDA_LOCKOUT_USERNAME_FAILURES", 5))


def lockout_ip_failures() -> int:
    return int(getattr(settings, "RENDA_LOCKOUT_IP_FAILURES", 20))


def lockout_window_seconds() -> int:
    return int(getattr(settings, "RENDA_LOCKOUT_WINDOW_MINUTES", 15)) * 60


def lockout_seconds() -> int:
    return int(getattr(settings, "RENDA_LOCKOUT_MINUTES", 30)) * 60


def totp_required() -> bool:
    return bool(getattr(settings, "RENDA_TOTP_REQUIRED", False))


def totp_roles() -> set[str]:
    default = [Role.OFFICE, Role.COMMITTEE, Role.LEADER, Role.ADMIN]
    return {str(r) for r in getattr(settings, "RENDA_TOTP_ROLES", default)}


def totp_issuer() -> str:
    return str(getattr(settings, "RENDA_TOTP_ISSUER", "人大履职平台"))


def session_idle_seconds() -> int:
    return max(0, int(getattr(settings, "RENDA_SESSION_IDLE_MINUTES", 30))) * 60


def single_session() -> bool:
    return bool(getattr(settings, "RENDA_SINGLE_SESSION", False))


def pending_seconds() -> int:
    """How long a password-checked sign-in waits for its second factor."""
    return int(getattr(settings, "RENDA_LOGIN_PENDING_SECONDS", 300))
