"""Identity records: password history, the TOTP second factor, lock-out counters, sign-in sessions.

These rows belong to a user (whose congress scopes them) or, for the lock-out counters, to a user name or an
address that may not exist at all — so they do not carry a congress of their own (not `CongressScoped`);
they are read only by the user they belong to, by the platform's administrators and by the sign-in code.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from renda.core.crypto import EncryptedTextField


class PasswordHistory(models.Model):
    """One row per password a user has had (its hash only). The newest row dates the current password and
    says whether it was set by an administrator (then it must be changed at the next sign-in)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="password_history", verbose_name="用户"
    )
    password = models.CharField("密码散列", max_length=128)
    created_at = models.DateTimeField("设置时间", auto_now_add=True)
    must_change = models.BooleanField("下次登录须修改", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "历史密码"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"], name="acct_pwhist_user")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.created_at:%Y-%m-%d %H:%M}"


class TotpDevice(models.Model):
    """A user's authenticator (RFC 6238, 30-second steps, 6 digits). Unconfirmed until a first code matches."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="totp_device", verbose_name="用户"
    )
    secret = EncryptedTextField("密钥")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    confirmed_at = models.DateTimeField("启用时间", null=True, blank=True)
    last_used_step = models.BigIntegerField("最近使用的时间步", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "两步验证设备"

    def __str__(self) -> str:
        return f"{self.user}（{'已启用' if self.confirmed_at else '未确认'}）"

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None


class RecoveryCode(models.Model):
    """A one-time recovery code; only a keyed hash (HMAC-SM3) is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recovery_codes", verbose_name="用户"
    )
    code_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "恢复码"

    def __str__(self) -> str:
        return f"{self.user}（{'已使用' if self.used_at else '未使用'}）"


class LoginThrottle(models.Model):
    """Failed sign-ins counted per user name (existing or not) and per client address."""

    class Kind(models.TextChoices):
        USERNAME = "username", "用户名"
        IP = "ip", "IP 地址"

    kind = models.CharField("类别", max_length=10, choices=Kind.choices)
    key = models.CharField("用户名或地址", max_length=150)
    failures = models.PositiveIntegerField("失败次数", default=0)
    window_start = models.DateTimeField("计数开始")
    last_failure_at = models.DateTimeField("最近失败", null=True, blank=True)
    locked_until = models.DateTimeField("锁定至", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "登录失败与锁定"
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="acct_throttle_unique")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.key}"


class LoginSession(models.Model):
    """One sign-in: which session it opened, from where, and how it ended."""

    class End(models.TextChoices):
        LOGOUT = "logout", "主动退出"
        IDLE = "idle", "长时间未操作"
        EXPIRED = "expired", "超过会话最长时限"
        SUPERSEDED = "superseded", "在其他地点登录"
        MFA = "mfa", "未完成两步验证"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="login_sessions", verbose_name="用户"
    )
    session_key = models.CharField(max_length=40, db_index=True)
    ip = models.CharField("IP 地址", max_length=45, blank=True)
    user_agent = models.CharField("浏览器", max_length=200, blank=True)
    created_at = models.DateTimeField("登录时间", auto_now_add=True)
    ended_at = models.DateTimeField("结束时间", null=True, blank=True)
    end_reason = models.CharField("结束原因", max_length=12, choices=End.choices, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "登录会话"
        indexes = [models.Index(fields=["user", "ended_at"], name="acct_session_user")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.created_at:%Y-%m-%d %H:%M}"
