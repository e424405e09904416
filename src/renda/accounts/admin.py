"""Administrators: unlock, reset a user's second factor, require a new password; lock-outs and sessions.

The user admin of renda.core is extended (not replaced): a password set by an administrator — on the
"change password" form or when creating a user — must be changed by the user at the next sign-in.
The admin site's own login page sends to the platform's sign-in (password + second factor + lock-out).
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction

from renda.accounts import services
from renda.accounts.models import LoginSession, LoginThrottle, TotpDevice
from renda.core import audit
from renda.core.admin import ReadOnlyAdmin
from renda.core.admin import UserAdmin as CoreUserAdmin
from renda.core.models import User


def admin_login(request, extra_context=None):
    """/admin/login/ → the platform's sign-in, so the admin site never bypasses lock-out and TOTP."""
    if request.user.is_authenticated:
        raise PermissionDenied("您的账号没有进入管理后台的权限。")
    return redirect_to_login(request.GET.get("next") or "/admin/")


admin.site.login = admin_login


admin.site.unregister(User)


@admin.register(User)
class UserAdmin(CoreUserAdmin):
    actions = ["unlock_users", "reset_totp", "force_password_change"]

    @transaction.atomic
    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)  # the user's own audit record first
        obj = form.instance
        if not change and obj.has_usable_password():
            services.password_force_change(actor=request.user, user=obj, note="管理员新建用户并设置初始密码")

    @transaction.atomic
    def user_change_password(self, request, id, form_url=""):
        return super().user_change_password(request, id, form_url)

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        changed = [f for part in (message if isinstance(message, list) else []) for f in part.get("changed", {}).get("fields", [])]
        if "password" in changed and obj.pk != request.user.pk:
            services.password_force_change(actor=request.user, user=obj)
        elif "password" in changed:  # an administrator's own password, set on the admin site's form
            audit.record(actor=request.user, action="password_change", obj=obj, congress_id=obj.congress_id,
                         note="管理后台：本人修改密码")
        return entry

    @admin.action(description="解除所选用户的登录锁定")
    def unlock_users(self, request, queryset):
        total = sum(services.throttle_unlock(actor=request.user, username=u.username) for u in queryset)
        self.message_user(request, f"已解除 {total} 项登录锁定。", messages.SUCCESS)

    @admin.action(description="重置所选用户的两步验证（下次登录重新设置）")
    def reset_totp(self, request, queryset):
        for user in queryset:
            services.totp_reset(actor=request.user, user=user)
        self.message_user(request, f"已重置 {queryset.count()} 个用户的两步验证。", messages.SUCCESS)

    @admin.action(description="要求所选用户下次登录时修改密码")
    def force_password_change(self, request, queryset):
        for user in queryset:
            services.password_force_change(actor=request.user, user=user, note="管理员要求修改密码")
        self.message_user(request, f"已要求 {queryset.count()} 个用户下次登录时修改密码。", messages.SUCCESS)


class SignInRecordAdmin(ReadOnlyAdmin):
    """Sign-in records of every congress: the installation's superuser only, view only."""

    superuser_only = True
    congress_lookup = None


@admin.register(LoginThrottle)
class LoginThrottleAdmin(SignInRecordAdmin):
    list_display = ["kind", "key", "failures", "last_failure_at", "locked_until"]
    list_filter = ["kind"]
    search_fields = ["key"]
    actions = ["unlock"]

    @admin.action(description="解除锁定")
    def unlock(self, request, queryset):
        total = 0
        for row in queryset:
            if row.kind == LoginThrottle.Kind.USERNAME:
                total += services.throttle_unlock(actor=request.user, username=row.key)
            else:
                total += services.throttle_unlock(actor=request.user, ip=row.key)
        self.message_user(request, f"已解除 {total} 项登录锁定。", messages.SUCCESS)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


@admin.register(TotpDevice)
class TotpDeviceAdmin(SignInRecordAdmin):
    list_display = ["user", "created_at", "confirmed_at"]
    fields = ["user", "created_at", "confirmed_at"]  # never the secret
    readonly_fields = fields
    search_fields = ["user__username"]


@admin.register(LoginSession)
class LoginSessionAdmin(SignInRecordAdmin):
    list_display = ["user", "created_at", "ip", "ended_at", "end_reason"]
    list_filter = ["end_reason"]
    search_fields = ["user__username", "ip"]
    fields = ["user", "ip", "user_agent", "created_at", "ended_at", "end_reason"]  # never the session key
    readonly_fields = fields
