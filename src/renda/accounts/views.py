"""Sign-in (password, then the second factor), enrolment, change of password, the user's second factor."""

from __future__ import annotations

import pyotp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from renda.accounts import forms, selectors, services
from renda.accounts.models import LoginSession, TotpDevice
from renda.accounts.signals import MFA_DONE, MFA_NEEDED, PENDING, PW_CHANGE
from renda.core.models import User
from renda.core.public import client_ip


def _ip(request) -> str:
    ip = client_ip(request)
    return "" if ip == "unknown" else ip


class LoginView(auth_views.LoginView):
    """The first step: user name and password (lock-out checked by the backend). When the user needs a
    second factor, the session is not signed in yet: it holds a pending sign-in for the code page."""

    template_name = "core/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        if selectors.mfa_needed(user):
            stage = "verify" if selectors.has_confirmed_device(user) else "enrol"
            self.request.session.pop(PENDING, None)
            self.request.session.cycle_key()
            self.request.session[PENDING] = {
                "uid": user.pk,
                "backend": user.backend,
                "at": timezone.now().timestamp(),
                "next": self.get_success_url(),
                "stage": stage,
            }
            return redirect("accounts:verify" if stage == "verify" else "accounts:enrol")
        return super().form_valid(form)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        form = ctx.get("form")
        if form is not None and form.is_bound and form.errors:
            ctx["lock_message"] = selectors.lock_message(username=form.data.get("username", ""), ip=_ip(self.request))
        return ctx


def _pending_user(request, stage: str | None = None) -> User | None:
    pending = request.session.get(PENDING)
    if not pending or (stage and pending.get("stage") != stage):
        return None
    return User.objects.filter(pk=pending.get("uid"), is_active=True).first()


def complete_login(request, user, *, mfa: bool) -> str:
    """Sign the pending user in (the second factor was given); returns where to go next."""
    pending = request.session.get(PENDING) or {}
    request.renda_mfa = mfa
    auth_login(request, user, backend=pending.get("backend") or settings.AUTHENTICATION_BACKENDS[0])
    request.session.pop(PENDING, None)
    return pending.get("next") or resolve_url(settings.LOGIN_REDIRECT_URL)


def _abandon(request, message: str):
    request.session.pop(PENDING, None)
    messages.error(request, message)
    return redirect("login")


@never_cache
@sensitive_post_parameters("code")
def verify(request):
    """The second step of a sign-in: a TOTP code (accepted once) or a one-time recovery code."""
    user = _pending_user(request, "verify")
    if user is None:
        return redirect("login")
    form = forms.SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ip = _ip(request)
        notice = selectors.lock_message(username=user.get_username(), ip=ip)
        if notice:
            services.failure_record(username=user.get_username(), ip=ip, reason="locked")
            return _abandon(request, notice)
        kind = services.second_factor_check(user=user, code=form.cleaned_data["code"])
        if kind:
            next_url = complete_login(request, user, mfa=True)
            if kind == "recovery":
                left = selectors.recovery_codes_left(user)
                messages.warning(request, f"您使用了一个恢复码登录（剩余 {left} 个）。请尽快在“两步验证”页面重新生成恢复码。")
            return redirect(next_url)
        if services.failure_record(username=user.get_username(), ip=ip, reason="totp"):
            return _abandon(request, selectors.lock_message(username=user.get_username(), ip=ip) or "已暂时锁定。")
        form.add_error("code", "验证码不正确或已使用，请输入验证器当前显示的新验证码。")
    return render(request, "accounts/verify.html", {"form": form})


TOTP_PENDING_SECRET = "renda_totp_pending"  # noqa: S105 - a session key, not a secret


@never_cache
@sensitive_post_parameters("code")
def enrol(request):
    """Set up the authenticator: QR code and secret, then a first code. Required staff do this during their
    first sign-in (pending); anyone signed in may do it by choice."""
    pending = not request.user.is_authenticated
    user = _pending_user(request, "enrol") if pending else request.user
    if user is None:
        return redirect("login")
    if selectors.has_confirmed_device(user):
        return redirect("accounts:verify" if pending else "accounts:totp")
    # A GET writes nothing: the new secret waits in the session until the first code confirms it (POST), so that
    # reloading the page shows the same QR code; an unconfirmed device from an earlier attempt keeps its secret.
    earlier = selectors.device_of(user)
    secret = earlier.secret if earlier is not None else request.session.get(TOTP_PENDING_SECRET)
    if not secret:
        secret = request.session[TOTP_PENDING_SECRET] = pyotp.random_base32(32)
    device = earlier or TotpDevice(user=user, secret=secret)
    form = forms.CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.totp_begin(actor=user, secret=secret)
            codes = services.totp_confirm(actor=user, code=form.cleaned_data["code"])
        except ValidationError as exc:
            form.add_error("code", exc.messages[0])
        else:
            if pending:
                next_url = complete_login(request, user, mfa=True)
            else:
                request.session[MFA_NEEDED] = True
                request.session[MFA_DONE] = True
                next_url = reverse("accounts:totp")
            return render(request, "accounts/recovery_codes.html", {"codes": codes, "next_url": next_url, "new": True})
    return render(request, "accounts/enrol.html", {
        "form": form,
        "pending": pending,
        "required": selectors.totp_required(user),
        "qr": services.qr_data_uri(device),
        "secret": services.format_secret(device.secret),
        "account": user.get_username(),
    })


@login_required
@never_cache
@sensitive_post_parameters("code")
def totp(request):
    """The user's second factor: state, new recovery codes, switching an optional one off."""
    user = request.user
    device = selectors.device_of(user)
    form = forms.CodeForm(request.POST or None)
    if request.method == "POST":
        action = request.POST.get("action")
        if device is None or not device.confirmed or action not in {"regenerate", "disable"}:
            return redirect("accounts:totp")
        if form.is_valid():
            try:
                if action == "regenerate":
                    codes = services.recovery_codes_regenerate(actor=user, code=form.cleaned_data["code"])
                    return render(request, "accounts/recovery_codes.html",
                                  {"codes": codes, "next_url": reverse("accounts:totp"), "new": False})
                services.totp_disable(actor=user, code=form.cleaned_data["code"])
                request.session[MFA_NEEDED] = False
                messages.success(request, "已停用两步验证。")
                return redirect("accounts:totp")
            except ValidationError as exc:
                form.add_error("code", exc.messages[0])
    return render(request, "accounts/totp.html", {
        "device": device if device is not None and device.confirmed else None,
        "required": selectors.totp_required(user),
        "left": selectors.recovery_codes_left(user),
        "form": form,
    })


@login_required
@never_cache
@sensitive_post_parameters("old_password", "new_password1", "new_password2")
def password_change(request):
    """Every user changes their own password here; an expired or administrator-set password leads here."""
    if request.method not in {"GET", "POST"}:
        return HttpResponseNotAllowed(["GET", "POST"])
    form = forms.PasswordChangeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.password_change(
                actor=request.user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password1"],
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            old_key = request.session.session_key
            update_session_auth_hash(request, request.user)  # this session stays; the user's others end
            if old_key and request.session.session_key != old_key:
                LoginSession.objects.filter(session_key=old_key).update(session_key=request.session.session_key)
            request.session.pop(PW_CHANGE, None)
            messages.success(request, "密码已修改。")
            return redirect("home")
    return render(request, "accounts/password_change.html", {"form": form, "reason": request.session.get(PW_CHANGE)})
