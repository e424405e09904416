"""Password policy: classes, user name, history, expiry, change page, administrator reset."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from tests.accounts.conftest import STRONG, form_login

from renda.accounts import services
from renda.accounts.models import PasswordHistory
from renda.core.models import AuditEvent


def messages_of(exc: pytest.ExceptionInfo) -> str:
    return " ".join(exc.value.messages)


def test_character_classes_are_required(cast):
    with pytest.raises(ValidationError) as exc:
        validate_password("abcdefghijkmn", cast.clerk)
    assert "至少 3 类" in messages_of(exc)
    with pytest.raises(ValidationError):
        validate_password("abcdefghij12", cast.clerk)  # two classes only
    validate_password("Abcdefghij12", cast.clerk)  # three classes
    validate_password(STRONG, cast.clerk)


def test_classes_setting_is_honoured(cast, settings):
    settings.RENDA_PASSWORD_MIN_CLASSES = 4
    with pytest.raises(ValidationError) as exc:
        validate_password("Abcdefghij12", cast.clerk)
    assert "至少 4 类" in messages_of(exc)


def test_short_and_username_passwords_are_refused(cast):
    with pytest.raises(ValidationError):
        validate_password("Ab1!x", cast.clerk)
    with pytest.raises(ValidationError) as exc:
        validate_password("Xclerk-2026-Z", cast.clerk)
    assert "用户名" in messages_of(exc)


def test_history_refuses_the_last_n_passwords(cast, settings):
    settings.RENDA_PASSWORD_HISTORY = 3
    user = cast.deputy
    old = cast.password
    for new in ("First-Pass-01", "Second-Pass-02", "Third-Pass-03"):
        services.password_change(actor=user, old_password=old, new_password=new)
        old = new
    # the current one and the two before it are refused …
    for reused in ("Third-Pass-03", "Second-Pass-02", "First-Pass-01"):
        with pytest.raises(ValidationError) as exc:
            validate_password(reused, user)
        assert "最近 3 次" in messages_of(exc)
    # … the fourth-last is allowed again
    validate_password(cast.password + "A!", user)
    assert PasswordHistory.objects.filter(user=user).count() == 3  # pruned to N
    services.password_change(actor=user, old_password="Third-Pass-03", new_password="Fourth-Pass-04")
    validate_password("First-Pass-01", user)


def test_change_service_checks_old_password_and_policy(cast):
    with pytest.raises(ValidationError) as exc:
        services.password_change(actor=cast.clerk, old_password="wrong", new_password=STRONG)
    assert exc.value.message_dict["old_password"] == ["原密码不正确。"]
    with pytest.raises(ValidationError) as exc:
        services.password_change(actor=cast.clerk, old_password=cast.password, new_password="abcdefghijkl")
    assert "new_password1" in exc.value.message_dict
    cast.clerk.refresh_from_db()
    assert cast.clerk.check_password(cast.password)


def test_change_page_for_every_user(cast):
    client = Client()
    client.force_login(cast.unit_user)
    resp = client.get("/account/password/")
    assert resp.status_code == 200 and "修改密码" in resp.content.decode()
    resp = client.post("/account/password/", {"old_password": cast.password, "new_password1": "weak",
                                               "new_password2": "weak"})
    assert resp.status_code == 200 and "密码" in resp.content.decode()
    resp = client.post("/account/password/", {"old_password": cast.password, "new_password1": STRONG,
                                               "new_password2": STRONG + "x"})
    assert "两次输入的新密码不一致" in resp.content.decode()
    resp = client.post("/account/password/", {"old_password": cast.password, "new_password1": STRONG,
                                               "new_password2": STRONG})
    assert resp.status_code == 302 and resp["Location"] == "/"
    assert client.get("/").status_code == 200  # this session stays signed in
    cast.unit_user.refresh_from_db()
    assert cast.unit_user.check_password(STRONG)
    assert AuditEvent.objects.filter(action="password_change", actor_id=cast.unit_user.pk).exists()


def test_anonymous_cannot_reach_change_page(db):
    resp = Client().get("/account/password/")
    assert resp.status_code == 302 and resp["Location"].startswith("/login/")


def test_expired_password_forces_the_change_page(cast, enforced):
    PasswordHistory.objects.filter(user=cast.deputy).update(created_at=timezone.now() - timedelta(days=91))
    client = Client()
    resp = form_login(client, "deputy", cast.password)
    assert resp.status_code == 302  # deputies need no second factor
    for path in ("/", "/workplan/", "/rules/"):
        resp = client.get(path)
        assert resp.status_code == 302 and resp["Location"] == "/account/password/", path
    assert client.get("/api/v1/workplan/plans").status_code == 403
    page = client.get("/account/password/").content.decode()
    assert "已超过有效期" in page
    resp = client.post("/account/password/", {"old_password": cast.password, "new_password1": STRONG,
                                               "new_password2": STRONG})
    assert resp.status_code == 302
    assert client.get("/").status_code == 200


def test_recent_password_is_not_expired(cast, enforced):
    PasswordHistory.objects.filter(user=cast.deputy).update(created_at=timezone.now() - timedelta(days=89))
    client = Client()
    form_login(client, "deputy", cast.password)
    assert client.get("/").status_code == 200


def test_expiry_is_off_by_default_in_tests(cast):
    PasswordHistory.objects.filter(user=cast.deputy).update(created_at=timezone.now() - timedelta(days=900))
    client = Client()
    form_login(client, "deputy", cast.password)
    assert client.get("/").status_code == 200


def test_admin_reset_forces_a_change_at_next_login(cast):
    admin = Client()
    admin.force_login(cast.admin)
    url = f"/admin/core/user/{cast.member.pk}/password/"
    assert admin.get(url).status_code == 200
    resp = admin.post(url, {"password1": "Temp-Pass-2026", "password2": "Temp-Pass-2026", "usable_password": "true"})
    assert resp.status_code == 302, resp.content.decode()[:2000]
    assert AuditEvent.objects.filter(action="password_reset", object_id=str(cast.member.pk)).exists()
    client = Client()
    form_login(client, "member", "Temp-Pass-2026")
    resp = client.get("/")
    assert resp.status_code == 302 and resp["Location"] == "/account/password/"
    assert "由管理员设置" in client.get("/account/password/").content.decode()
    client.post("/account/password/", {"old_password": "Temp-Pass-2026", "new_password1": STRONG,
                                       "new_password2": STRONG})
    assert client.get("/").status_code == 200
    # and the next sign-in is ordinary
    other = Client()
    form_login(other, "member", STRONG)
    assert other.get("/").status_code == 200


def test_only_admins_force_changes(cast):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.password_force_change(actor=cast.clerk, user=cast.deputy)
    with pytest.raises(PermissionDenied):  # an admin of another congress
        services.password_force_change(actor=cast.outsider_clerk, user=cast.deputy)
