"""Sign-ins, sign-outs and failed sign-ins go to the audit trail."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from renda.core import audit


def _ip(request) -> str:
    if request is None:
        return ""
    return request.META.get("REMOTE_ADDR", "")


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    audit.record(actor=user, action="login", obj=user, congress_id=user.congress_id, note=f"登录 {_ip(request)}")


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        audit.record(actor=user, action="logout", obj=user, congress_id=user.congress_id, note=f"退出 {_ip(request)}")


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:80]
    audit.record(actor=None, action="login_failed", note=f"登录失败：{username} {_ip(request)}")
