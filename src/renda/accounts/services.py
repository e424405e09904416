"""All writes of identity: lock-out counters, passwords, the TOTP second factor, sign-in sessions.

Every change goes to the audit trail (renda.core.audit). Writes are keyword-only and atomic.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from datetime import timedelta
from importlib import import_module

import pyotp
import segno
from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from renda.accounts import conf
from renda.accounts.models import LoginSession, LoginThrottle, PasswordHistory, RecoveryCode, TotpDevice
from renda.accounts.permissions import can_manage_user, can_unlock_addresses, is_account_admin
from renda.accounts.selectors import (  # noqa: F401 - re-exported for callers of services
    _lock_message,
    _throttle_keys,
    _username_key,
    device_of,
    has_confirmed_device,
    lock_message,
    locked_until,
    mfa_needed,
    password_state,
    recovery_codes_left,
    session_superseded,
    totp_required,
)
from renda.core import audit, crypto
from renda.core.models import User

TOTP_STEP = 30
TOTP_DIGITS = 6
RECOVERY_CODES = 10
RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def _chain(user) -> int | None:
    return getattr(user, "congress_id", None)






# ---- lock-out -----------------------------------------------------------------------------------------








def _what(row: LoginThrottle) -> str:
    return "用户名" if row.kind == LoginThrottle.Kind.USERNAME else "地址"


def _lock_target(row: LoginThrottle):
    """The user a user-name lock is about (None for an address lock or an unknown name)."""
    if row.kind != LoginThrottle.Kind.USERNAME:
        return None
    return User.objects.filter(username=row.key).first()


def _audit_refused_while_locked(row: LoginThrottle) -> None:
    """The one summary row of a lock-out window: how many more attempts were refused after the first one.

    While a lock lasts, `failures` counts the attempts it refused (it was set to 0 when the lock began); the
    first of them wrote a `login_locked` row, the rest only count. Written when the lock is seen to have ended
    (the next failure, a successful sign-in, an unlock); nothing when no further attempt came."""
    more = row.failures - 1
    if more <= 0:
        return
    target = _lock_target(row)
    audit.record(actor=None, action="login_locked", obj=target, congress_id=_chain(target),
                 note=f"锁定期间又有 {more} 次尝试（共 {row.failures} 次被拒绝）：{_what(row)} {row.key}，"
                      f"锁定至 {timezone.localtime(row.locked_until):%Y-%m-%d %H:%M} 已结束")


def _close_ended_lock(row: LoginThrottle, now) -> None:
    """A lock whose time is over: summarise its refused attempts and start counting afresh (unsaved)."""
    _audit_refused_while_locked(row)
    row.locked_until = None
    row.failures = 0
    row.window_start = now


def _refused_while_locked(*, username: str, ip: str) -> None:
    """An attempt refused by a lock: counted on the lock's own row; only the first of a lock-out window is an
    audit row (naming the lock, never the text typed in this attempt), however many follow."""
    now = timezone.now()
    for kind, key, _limit in _throttle_keys(username, ip):
        row = LoginThrottle.objects.select_for_update().filter(kind=kind, key=key, locked_until__gt=now).first()
        if row is None:
            continue  # this name or address is not the locked one: nothing is stored for it
        row.failures += 1
        row.last_failure_at = now
        row.save(update_fields=["failures", "last_failure_at"])
        if row.failures == 1:
            target = _lock_target(row)
            audit.record(actor=None, action="login_locked", obj=target, congress_id=_chain(target),
                         note=f"锁定期间尝试登录：{_what(row)} {row.key}，锁定至 "
                              f"{timezone.localtime(row.locked_until):%Y-%m-%d %H:%M}（此后的尝试只计数，锁定结束时汇总）")


@transaction.atomic
def failure_record(*, username: str, ip: str = "", reason: str = "password") -> bool:
    """Count one failed sign-in for the user name and the address; lock those over their limit.

    Returns True when this failure locked something. Audits the failure and every lock-out; an attempt refused
    by a lock is aggregated (one audit row per lock-out window, a summary when the lock has ended).
    """
    if reason == "locked":
        _refused_while_locked(username=username, ip=ip)
        return False
    user = User.objects.filter(username=_username_key(username)).first()
    label = {"password": "登录失败", "totp": "两步验证失败"}.get(reason, "登录失败")
    note = f"{label}：{_username_key(username)[:80]} {ip}".strip()
    audit.record(actor=None, action="totp_failed" if reason == "totp" else "login_failed", obj=user,
                 congress_id=_chain(user), note=note)
    now = timezone.now()
    window = timedelta(seconds=conf.lockout_window_seconds())
    locked = []
    for kind, key, limit in _throttle_keys(username, ip):
        try:
            with transaction.atomic():
                LoginThrottle.objects.get_or_create(kind=kind, key=key, defaults={"window_start": now})
        except IntegrityError:  # created meanwhile by a parallel failure
            pass
        row = LoginThrottle.objects.select_for_update().get(kind=kind, key=key)
        if row.locked_until and row.locked_until > now:
            continue  # already locked: the lock is not extended
        if row.locked_until:
            _close_ended_lock(row, now)
        if row.window_start < now - window:
            row.failures, row.window_start = 0, now
        row.failures += 1
        row.last_failure_at = now
        if row.failures >= limit:
            row.locked_until = now + timedelta(seconds=conf.lockout_seconds())
            row.failures = 0
            row.window_start = now
            locked.append(row)
        row.save()
    for row in locked:
        target = user if row.kind == LoginThrottle.Kind.USERNAME else None
        audit.record(actor=None, action="lockout", obj=target, congress_id=_chain(target),
                     note=f"{_what(row)} {row.key} 连续登录失败，锁定至 {timezone.localtime(row.locked_until):%Y-%m-%d %H:%M}")
    return bool(locked)


def failure_reset(*, username: str) -> None:
    """A complete sign-in clears the user name's failure count (the address keeps its own), and a lock of the
    name that has ended (its refused attempts summarised first)."""
    mine = LoginThrottle.objects.filter(kind=LoginThrottle.Kind.USERNAME, key=_username_key(username))
    mine.filter(locked_until__isnull=True).delete()
    with transaction.atomic():
        for row in mine.select_for_update().filter(locked_until__lte=timezone.now()):
            _audit_refused_while_locked(row)
            row.delete()


def _check_admin_of(actor, user) -> None:
    if not can_manage_user(actor, user):
        if not is_account_admin(actor):
            raise PermissionDenied("只有系统管理员可以执行该操作。")
        raise PermissionDenied("只能管理本级人大的用户。")


@transaction.atomic
def throttle_unlock(*, actor, username: str = "", ip: str = "", everything: bool = False) -> int:
    """Lift locks (and failure counts) of a user name, an address, or all. Returns the rows cleared."""
    user = User.objects.filter(username=_username_key(username)).first() if username else None
    if everything or ip:
        if not can_unlock_addresses(actor):
            raise PermissionDenied("只有超级管理员可以解除按地址或全部的锁定。")
    else:
        _check_admin_of(actor, user)
    qs = LoginThrottle.objects.all()
    if not everything:
        q = Q(pk__in=[])
        if username:
            q |= Q(kind=LoginThrottle.Kind.USERNAME, key=_username_key(username))
        if ip:
            q |= Q(kind=LoginThrottle.Kind.IP, key=ip)
        qs = qs.filter(q)
    rows = [f"{r.get_kind_display()} {r.key}"
            + (f"（锁定期间 {r.failures} 次尝试被拒绝）" if r.locked_until and r.failures else "")
            for r in qs]
    count, _ = qs.delete()
    if count:
        audit.record(actor=actor, action="unlock", obj=user, congress_id=_chain(user) or _chain(actor),
                     note="解除登录锁定：" + "、".join(rows)[:500])
    return count


# ---- passwords ------------------------------------------------------------------------------------------




@transaction.atomic
def password_change(*, actor, old_password: str, new_password: str) -> None:
    """The user changes their own password (old one required; the whole policy applies)."""
    errors: dict[str, list[str]] = {}
    if not actor.check_password(old_password):
        errors["old_password"] = ["原密码不正确。"]
    if new_password == old_password and "old_password" not in errors:
        errors.setdefault("new_password1", []).append("新密码不能与原密码相同。")
    try:
        password_validation.validate_password(new_password, actor)
    except ValidationError as exc:
        errors.setdefault("new_password1", []).extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    actor.set_password(new_password)
    actor.save(update_fields=["password"])  # PasswordHistoryValidator.password_changed records the new hash
    audit.record(actor=actor, action="password_change", obj=actor, congress_id=_chain(actor), note="本人修改密码")


@transaction.atomic
def password_force_change(*, actor, user, note: str = "管理员重置密码") -> None:
    """The user must choose a new password at the next sign-in (after an administrator set one)."""
    _check_admin_of(actor, user)
    latest = PasswordHistory.objects.filter(user_id=user.pk).order_by("-created_at", "-id").first()
    if latest is None or (user.password and latest.password != user.password):
        latest = PasswordHistory.objects.create(user_id=user.pk, password=user.password)
    PasswordHistory.objects.filter(pk=latest.pk).update(must_change=True)
    audit.record(actor=actor, action="password_reset", obj=user, congress_id=_chain(user),
                 note=f"{note}：下次登录须修改密码")


# ---- TOTP -----------------------------------------------------------------------------------------------










def _totp(device: TotpDevice) -> pyotp.TOTP:
    return pyotp.TOTP(device.secret, digits=TOTP_DIGITS, interval=TOTP_STEP)


def provisioning_uri(device: TotpDevice) -> str:
    return _totp(device).provisioning_uri(name=device.user.username, issuer_name=conf.totp_issuer())


def qr_data_uri(device: TotpDevice) -> str:
    """The enrolment QR code as an SVG data URL (segno, made here: nothing goes over the network)."""
    return segno.make(provisioning_uri(device), error="m", micro=False).svg_data_uri(scale=5, border=2)


def _normal(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def _matching_step(device: TotpDevice, code: str, now: float | None = None) -> int | None:
    """The 30-second step (current, previous or next: clock drift) whose code equals `code`."""
    code = _normal(code)
    if len(code) != TOTP_DIGITS or not code.isdigit():
        return None
    totp = _totp(device)
    current = int((now if now is not None else time.time()) // TOTP_STEP)
    for step in (current, current - 1, current + 1):
        if hmac.compare_digest(totp.at(step * TOTP_STEP), code):
            return step
    return None


def _consume_step(device: TotpDevice, step: int) -> bool:
    """Accept a step once: a code (or an older one) already used is refused (replay protection)."""
    return TotpDevice.objects.filter(pk=device.pk, last_used_step__lt=step).update(last_used_step=step) == 1


@transaction.atomic
def totp_begin(*, actor, secret: str | None = None) -> TotpDevice:
    """Start enrolment: store the (unconfirmed) device with `secret` (the one the enrolment page showed) or a new
    one; an unconfirmed device already stored keeps its secret."""
    device = device_of(actor)
    if device is not None and device.confirmed:
        raise ValidationError("两步验证已启用；如需更换设备，请先停用或请管理员重置。")
    if device is None:
        device = TotpDevice.objects.create(user=actor, secret=secret or pyotp.random_base32(32))
        audit.record(actor=actor, action="totp_begin", obj=actor, congress_id=_chain(actor), note="开始设置两步验证")
    return device


def _recovery_hash(user_id: int, code: str) -> str:
    key = hashlib.sha256(f"renda-recovery:{settings.SECRET_KEY}".encode()).digest()
    return crypto.hmac_sm3(key, f"{user_id}:{_normal(code)}".encode()).hex()


def _new_recovery_codes(user) -> list[str]:
    RecoveryCode.objects.filter(user_id=user.pk).delete()
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
    RecoveryCode.objects.bulk_create([RecoveryCode(user_id=user.pk, code_hash=_recovery_hash(user.pk, c)) for c in codes])
    return codes


@transaction.atomic
def totp_confirm(*, actor, code: str) -> list[str]:
    """Confirm enrolment with a first code; returns the recovery codes (shown once, stored hashed)."""
    device = TotpDevice.objects.select_for_update().filter(user_id=actor.pk).first()
    if device is None:
        raise ValidationError("请先开始设置两步验证。")
    if device.confirmed:
        raise ValidationError("两步验证已启用。")
    step = _matching_step(device, code)
    if step is None or not _consume_step(device, step):
        raise ValidationError("验证码不正确，请核对手机上的时间后输入验证器当前显示的 6 位数字。")
    device.refresh_from_db()
    device.confirmed_at = timezone.now()
    device.save(update_fields=["confirmed_at"])
    codes = _new_recovery_codes(actor)
    audit.record(actor=actor, action="totp_enrol", obj=actor, congress_id=_chain(actor),
                 note=f"启用两步验证，生成 {len(codes)} 个恢复码")
    return codes


def second_factor_check(*, user, code: str) -> str | None:
    """Check a TOTP code (each accepted once) or a recovery code (each usable once).

    Returns "totp", "recovery" or None. Writes only the replay marker / the used code, and audits a
    recovery code's use.
    """
    device = TotpDevice.objects.filter(user_id=user.pk, confirmed_at__isnull=False).first()
    if device is None:
        return None
    step = _matching_step(device, code)
    if step is not None:
        return "totp" if _consume_step(device, step) else None
    normal = _normal(code)
    if len(normal) != 10:
        return None
    with transaction.atomic():
        used = RecoveryCode.objects.filter(
            user_id=user.pk, code_hash=_recovery_hash(user.pk, normal), used_at__isnull=True
        ).update(used_at=timezone.now())
        if used != 1:
            return None
        left = RecoveryCode.objects.filter(user_id=user.pk, used_at__isnull=True).count()
        audit.record(actor=user, action="recovery_code_used", obj=user, congress_id=_chain(user),
                     note=f"使用恢复码登录，剩余 {left} 个")
    return "recovery"


@transaction.atomic
def recovery_codes_regenerate(*, actor, code: str) -> list[str]:
    if second_factor_check(user=actor, code=code) != "totp":
        raise ValidationError("验证码不正确或已使用。")
    codes = _new_recovery_codes(actor)
    audit.record(actor=actor, action="recovery_codes_new", obj=actor, congress_id=_chain(actor),
                 note="重新生成恢复码（旧恢复码作废）")
    return codes


@transaction.atomic
def totp_disable(*, actor, code: str) -> None:
    """The user switches off an optional second factor (never one the role requires)."""
    if totp_required(actor):
        raise ValidationError("您的角色必须使用两步验证，不能停用；更换设备请联系系统管理员重置。")
    if second_factor_check(user=actor, code=code) is None:
        raise ValidationError("验证码不正确或已使用。")
    TotpDevice.objects.filter(user_id=actor.pk).delete()
    RecoveryCode.objects.filter(user_id=actor.pk).delete()
    audit.record(actor=actor, action="totp_reset", obj=actor, congress_id=_chain(actor), note="本人停用两步验证")


@transaction.atomic
def totp_reset(*, actor, user) -> None:
    """An administrator removes a user's authenticator (lost phone): the user enrols again at next sign-in."""
    _check_admin_of(actor, user)
    TotpDevice.objects.filter(user_id=user.pk).delete()
    RecoveryCode.objects.filter(user_id=user.pk).delete()
    ended = sessions_end_all(user=user, reason=LoginSession.End.MFA)  # whoever holds the lost phone is signed out
    audit.record(actor=actor, action="totp_reset", obj=user, congress_id=_chain(user),
                 note=f"管理员重置两步验证，结束该用户的 {ended} 个会话")


def sessions_end_all(*, user, reason: str) -> int:
    """End every open session of the user (their Django sessions deleted, the records closed). Returns how many."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    open_sessions = LoginSession.objects.filter(user_id=user.pk, ended_at__isnull=True)
    keys = list(open_sessions.values_list("session_key", flat=True))
    for key in keys:
        store(session_key=key).delete()
    open_sessions.update(ended_at=timezone.now(), end_reason=reason)
    return len(keys)




def format_secret(secret: str) -> str:
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


# ---- sessions -------------------------------------------------------------------------------------------


@transaction.atomic
def session_started(*, user, session_key: str, ip: str = "", user_agent: str = "") -> int:
    """Record a sign-in; with RENDA_SINGLE_SESSION end the user's other sessions. Returns how many ended."""
    ended = 0
    now = timezone.now()
    if conf.single_session():
        ended = (
            LoginSession.objects.filter(user_id=user.pk, ended_at__isnull=True)
            .exclude(session_key=session_key)
            .update(ended_at=now, end_reason=LoginSession.End.SUPERSEDED)
        )
        if ended:
            audit.record(actor=user, action="session_superseded", obj=user, congress_id=_chain(user),
                         note=f"新的登录（{ip}）结束了此前的 {ended} 个会话")
    if session_key:
        LoginSession.objects.create(user_id=user.pk, session_key=session_key, ip=ip[:45], user_agent=user_agent[:200])
    return ended




@transaction.atomic
def session_ended(*, user, session_key: str | None, reason: str, ip: str = "") -> None:
    """Close the session's record; a forced end (idle, expired, superseded, missing 2FA) is audited here,
    an ordinary sign-out by the logout signal."""
    if session_key:
        LoginSession.objects.filter(session_key=session_key, ended_at__isnull=True).update(
            ended_at=timezone.now(), end_reason=reason
        )
    if reason != LoginSession.End.LOGOUT and user is not None:
        label = dict(LoginSession.End.choices).get(reason, reason)
        audit.record(actor=user, action="session_end", obj=user, congress_id=_chain(user),
                     note=f"会话结束：{label} {ip}".strip())
