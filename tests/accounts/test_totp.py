"""TOTP second factor: enrolment, the code step at every sign-in, wrong and replayed codes, recovery codes,
who must use it, administrator reset, the secret stored encrypted."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from tests.accounts.conftest import enrol, form_login, secret_on_page, totp_for, used_code

from renda.accounts import services
from renda.accounts.models import LoginSession, RecoveryCode, TotpDevice
from renda.core.models import AuditEvent


def test_staff_without_totp_is_forced_to_enrol_then_signed_in(cast, enforced):
    client = Client()
    resp = form_login(client, "clerk", cast.password, next_url="/rules/")
    assert resp.status_code == 302 and resp["Location"] == "/account/totp/enrol/"
    assert "_auth_user_id" not in client.session  # not signed in yet
    for path in ("/", "/workplan/", "/account/password/", "/account/totp/verify/"):
        resp = client.get(path)
        assert resp.status_code == 302 and resp["Location"] == "/account/totp/enrol/", path
    assert client.get("/api/v1/workplan/plans").status_code == 401
    page = client.get("/account/totp/enrol/").content.decode()
    assert 'src="data:image/svg+xml' in page and "必须启用两步验证" in page
    assert not TotpDevice.objects.filter(user=cast.clerk).exists()  # the GET stored nothing
    secret = secret_on_page(page)
    assert " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)) in page
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)  # no inline script (CSP)
    resp = client.post("/account/totp/enrol/", {"code": "000000" if totp_for(cast.clerk, secret=secret) != "000000"
                                                 else "111111"})
    assert "验证码不正确" in resp.content.decode()
    resp = client.post("/account/totp/enrol/", {"code": totp_for(cast.clerk, secret=secret)})
    codes = re.findall(r"<code>([A-Z0-9]{5}-[A-Z0-9]{5})</code>", resp.content.decode())
    assert len(codes) == 10 and "只显示这一次" in resp.content.decode()
    assert 'href="/rules/"' in resp.content.decode()  # continue to where the user was going
    assert client.get("/").status_code == 200  # fully signed in now
    assert RecoveryCode.objects.filter(user=cast.clerk).count() == 10
    assert all(code.replace("-", "") not in RecoveryCode.objects.values_list("code_hash", flat=True) for code in codes)
    assert AuditEvent.objects.filter(action="totp_enrol", object_id=str(cast.clerk.pk)).exists()
    login = AuditEvent.objects.filter(action="login", actor_id=cast.clerk.pk).last()
    assert "两步验证" in login.note


def test_every_login_asks_for_the_code_wrong_and_replayed_codes_refused(cast, enforced):
    enrol(Client(), cast.leader, cast.password)  # the enrolment used the current step's code
    used = used_code(cast.leader)
    client = Client()
    resp = form_login(client, "leader", cast.password)
    assert resp.status_code == 302 and resp["Location"] == "/account/totp/verify/"
    resp = client.get("/")
    assert resp.status_code == 302 and resp["Location"] == "/account/totp/verify/"
    resp = client.post("/account/totp/verify/", {"code": "123456" if used != "123456" else "654321"})
    assert resp.status_code == 200 and "验证码不正确或已使用" in resp.content.decode()
    resp = client.post("/account/totp/verify/", {"code": used})  # replay of the code already accepted
    assert resp.status_code == 200 and "验证码不正确或已使用" in resp.content.decode()
    assert "_auth_user_id" not in client.session
    fresh = totp_for(cast.leader, offset_steps=1)  # the next step (accepted for clock drift)
    resp = client.post("/account/totp/verify/", {"code": fresh})
    assert resp.status_code == 302 and resp["Location"] == "/"
    assert client.get("/").status_code == 200
    # the same code on another sign-in is refused: each code once
    other = Client()
    form_login(other, "leader", cast.password)
    assert "验证码不正确或已使用" in other.post("/account/totp/verify/", {"code": fresh}).content.decode()
    assert AuditEvent.objects.filter(action="totp_failed", object_id=str(cast.leader.pk)).count() == 3


def test_recovery_code_works_once(cast, enforced):
    codes = enrol(Client(), cast.committee, cast.password)
    client = Client()
    form_login(client, "committee", cast.password)
    resp = client.post("/account/totp/verify/", {"code": codes[0].lower()})
    assert resp.status_code == 302
    assert client.get("/").status_code == 200
    assert services.recovery_codes_left(cast.committee) == 9
    again = Client()
    form_login(again, "committee", cast.password)
    resp = again.post("/account/totp/verify/", {"code": codes[0]})
    assert "验证码不正确或已使用" in resp.content.decode()
    assert again.post("/account/totp/verify/", {"code": codes[1]}).status_code == 302
    assert AuditEvent.objects.filter(action="recovery_code_used", object_id=str(cast.committee.pk)).count() == 2


def test_wrong_codes_count_towards_the_lock(cast, enforced, settings):
    settings.RENDA_LOCKOUT_USERNAME_FAILURES = 3
    enrol(Client(), cast.clerk, cast.password)
    client = Client()
    form_login(client, "clerk", cast.password)
    client.post("/account/totp/verify/", {"code": "x1"})
    client.post("/account/totp/verify/", {"code": "x2"})
    resp = client.post("/account/totp/verify/", {"code": "x3"})
    assert resp.status_code == 302 and resp["Location"] == "/login/"
    assert "登录失败次数过多" in client.get("/login/").content.decode()
    assert AuditEvent.objects.filter(action="lockout", object_id=str(cast.clerk.pk)).exists()


@pytest.mark.parametrize("who", ["deputy", "unit_user", "member"])
def test_deputies_units_members_need_no_second_factor(cast, enforced, who):
    client = Client()
    resp = form_login(client, who, cast.password)
    assert resp.status_code == 302 and resp["Location"] == "/"
    assert client.get("/").status_code == 200


def test_required_roles_are_a_setting(cast, enforced):
    enforced.RENDA_TOTP_ROLES = ["deputy"]
    resp = form_login(Client(), "deputy", cast.password)
    assert resp["Location"] == "/account/totp/enrol/"
    assert form_login(Client(), "committee", cast.password)["Location"] == "/"
    assert form_login(Client(), "admin", cast.password)["Location"] == "/account/totp/enrol/"  # superuser


def test_off_by_default_in_tests_and_demo(cast):
    resp = form_login(Client(), "clerk", cast.password)
    assert resp.status_code == 302 and resp["Location"] == "/"


def test_session_signed_in_without_the_code_is_ended(cast, enforced):
    client = Client()
    client.force_login(cast.clerk)  # any path that skips the code step
    resp = client.get("/")
    assert resp.status_code == 302 and resp["Location"].startswith("/login/")
    assert "未完成两步验证" in client.get("/login/").content.decode()
    assert client.get("/").status_code == 302


def test_voluntary_enrolment_then_required_at_login(cast):
    client = Client()
    client.force_login(cast.deputy)
    assert "尚未启用" in client.get("/account/totp/").content.decode()
    page = client.get("/account/totp/enrol/").content.decode()
    resp = client.post("/account/totp/enrol/", {"code": totp_for(cast.deputy, secret=secret_on_page(page))})
    assert resp.status_code == 200 and "两步验证已启用" in resp.content.decode()
    assert client.get("/").status_code == 200
    resp = form_login(Client(), "deputy", cast.password)
    assert resp["Location"] == "/account/totp/verify/"
    # the deputy may switch it off again (with a code), staff may not
    resp = client.post("/account/totp/", {"action": "disable", "code": totp_for(cast.deputy, 1)})
    assert resp.status_code == 302 and not TotpDevice.objects.filter(user=cast.deputy).exists()


def test_regenerating_recovery_codes_voids_the_old(cast, enforced):
    client = Client()
    old = enrol(client, cast.clerk, cast.password)
    resp = client.post("/account/totp/", {"action": "regenerate", "code": totp_for(cast.clerk, 1)})
    new = re.findall(r"<code>([A-Z0-9]{5}-[A-Z0-9]{5})</code>", resp.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    assert services.second_factor_check(user=cast.clerk, code=old[0]) is None
    assert services.second_factor_check(user=cast.clerk, code=new[0]) == "recovery"
    resp = client.post("/account/totp/", {"action": "disable", "code": totp_for(cast.clerk, -1)})
    assert "不能停用" in resp.content.decode()


def test_admin_resets_a_users_totp(cast, enforced):
    enrol(Client(), cast.clerk, cast.password)
    with pytest.raises(PermissionDenied):
        services.totp_reset(actor=cast.leader, user=cast.clerk)
    admin = Client()
    admin.force_login(cast.admin)
    session = admin.session
    session["acct_mfa"] = True  # the admin signed in with a code
    session.save()
    resp = admin.post("/admin/core/user/", {"action": "reset_totp", "_selected_action": [cast.clerk.pk]})
    assert resp.status_code == 302
    assert not TotpDevice.objects.filter(user=cast.clerk).exists()
    assert not RecoveryCode.objects.filter(user=cast.clerk).exists()
    ev = AuditEvent.objects.get(action="totp_reset", object_id=str(cast.clerk.pk))
    assert ev.actor_id == cast.admin.pk
    assert form_login(Client(), "clerk", cast.password)["Location"] == "/account/totp/enrol/"


def test_resetting_totp_ends_the_users_open_sessions(cast, enforced):
    phone_holder = Client()
    enrol(phone_holder, cast.clerk, cast.password)  # signed in with the authenticator that is now lost
    assert phone_holder.get("/").status_code == 200
    services.totp_reset(actor=cast.admin, user=cast.clerk)
    resp = phone_holder.get("/")
    assert resp.status_code == 302 and "/login/" in resp["Location"]
    assert not LoginSession.objects.filter(user=cast.clerk, ended_at__isnull=True).exists()
    ev = AuditEvent.objects.get(action="totp_reset", object_id=str(cast.clerk.pk))
    assert "个会话" in ev.note


def test_secret_is_stored_encrypted(cast, enforced):
    enrol(Client(), cast.clerk, cast.password)
    device = TotpDevice.objects.get(user=cast.clerk)
    with connection.cursor() as cur:
        cur.execute("SELECT secret FROM accounts_totpdevice WHERE id = %s", [device.pk])
        raw = cur.fetchone()[0]
    assert device.secret not in raw and raw.startswith(("sm4hm1$", "aesgcm1$"))
    assert device.secret not in str(list(AuditEvent.objects.values_list("changes", "note")))


def test_admin_site_login_goes_through_the_platform_sign_in(cast):
    resp = Client().get("/admin/login/?next=/admin/")
    assert resp.status_code == 302 and resp["Location"].startswith("/login/?next=/admin/")
    client = Client()
    client.force_login(cast.deputy)
    assert client.get("/admin/login/").status_code == 403
