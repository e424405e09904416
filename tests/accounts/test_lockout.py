"""Lock-out after repeated failures: per user name and per address, the same notice for unknown users,
unlocking by command and by the admin, every failure and lock in the audit trail."""

from __future__ import annotations

import datetime as dt
import re
from datetime import timedelta

import time_machine
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from tests.accounts.conftest import client_from, form_login

from renda.accounts.models import LoginThrottle
from renda.core import audit
from renda.core.models import AuditEvent


def alert(resp) -> str:
    found = re.findall(r'<p class="msg msg-error" role="alert">([^<]*)</p>', resp.content.decode())
    return found[0] if found else ""


def fail(client, username, times):
    last = None
    for _ in range(times):
        last = form_login(client, username, "wrong-password")
        assert last.status_code == 200
    return last


def test_five_failures_lock_the_account_even_for_the_right_password(cast):
    client = client_from("10.0.0.5")
    resp = fail(client, "clerk", 4)
    assert alert(resp) == "用户名或密码不正确，请重新输入。"
    resp = fail(client, "clerk", 1)
    assert "登录失败次数过多" in alert(resp)
    resp = form_login(client, "clerk", cast.password)
    assert resp.status_code == 200 and "登录失败次数过多" in alert(resp)
    assert "_auth_user_id" not in client.session
    # another address, same account: still locked (per user name)
    resp = form_login(client_from("10.0.0.6"), "clerk", cast.password)
    assert "登录失败次数过多" in alert(resp)
    # another account from the first address: open (5 < the per-address limit)
    assert form_login(client, "deputy", cast.password).status_code == 302
    assert AuditEvent.objects.filter(action="login_failed", note__contains="clerk").count() == 5
    assert AuditEvent.objects.filter(action="lockout", object_id=str(cast.clerk.pk)).count() == 1
    # two attempts while locked (from two addresses): one audit row for the lock-out window, the rest counted
    assert AuditEvent.objects.filter(action="login_locked", note__contains="clerk").count() == 1
    assert LoginThrottle.objects.get(kind="username", key="clerk").failures == 2


def test_lock_notice_is_identical_for_unknown_users(cast):
    known = fail(client_from("10.0.1.1"), "clerk", 5)
    unknown = fail(client_from("10.0.1.2"), "nobody-here", 5)
    assert alert(known) == alert(unknown) != ""
    assert "登录失败次数过多" in alert(unknown)
    # before the lock, too, the two read the same
    assert alert(form_login(client_from("10.0.1.3"), "deputy", "x")) == alert(
        form_login(client_from("10.0.1.4"), "nobody-else", "x"))
    assert AuditEvent.objects.filter(action="lockout", note__contains="nobody-here").exists()


def test_lock_ends_after_the_cooling_off_time(cast, settings):
    settings.RENDA_LOCKOUT_MINUTES = 30
    client = client_from("10.0.2.1")
    fail(client, "clerk", 5)
    row = LoginThrottle.objects.get(kind="username", key="clerk")
    assert timedelta(minutes=29) < row.locked_until - timezone.now() <= timedelta(minutes=30)
    LoginThrottle.objects.filter(pk=row.pk).update(locked_until=timezone.now() - timedelta(seconds=1))
    assert form_login(client, "clerk", cast.password).status_code == 302


def test_failures_outside_the_window_do_not_add_up(cast):
    client = client_from("10.0.2.2")
    fail(client, "clerk", 4)
    LoginThrottle.objects.update(window_start=timezone.now() - timedelta(minutes=16))
    fail(client, "clerk", 4)
    assert form_login(client, "clerk", cast.password).status_code == 302


def test_success_clears_the_user_name_count(cast):
    client = client_from("10.0.2.3")
    fail(client, "clerk", 4)
    assert form_login(client, "clerk", cast.password).status_code == 302
    other = client_from("10.0.2.4")
    fail(other, "clerk", 4)
    assert form_login(other, "clerk", cast.password).status_code == 302


def test_per_address_lock(cast, settings):
    settings.RENDA_LOCKOUT_IP_FAILURES = 6
    client = client_from("10.9.9.9")
    for name in ("a1", "a2", "a3", "a4", "a5", "a6"):
        fail(client, name, 1)
    resp = form_login(client, "deputy", cast.password)
    assert "登录失败次数过多" in alert(resp)
    assert form_login(client_from("10.9.9.8"), "deputy", cast.password).status_code == 302
    assert AuditEvent.objects.filter(action="lockout", note__contains="10.9.9.9").exists()


def test_client_login_without_request_is_counted_and_refused(cast):
    client = Client()
    for _ in range(5):
        assert not client.login(username="leader", password="wrong")
    assert not client.login(username="leader", password=cast.password)
    assert LoginThrottle.objects.get(kind="username", key="leader").locked_until is not None


def test_unlock_command(cast, capsys):
    client = client_from("10.0.3.1")
    fail(client, "clerk", 5)
    call_command("unlock", "--list")
    assert "clerk" in capsys.readouterr().out
    call_command("unlock", "clerk")
    assert "已解除 1 项" in capsys.readouterr().out
    assert form_login(client, "clerk", cast.password).status_code == 302
    assert AuditEvent.objects.filter(action="unlock", object_id=str(cast.clerk.pk)).exists()


def test_admin_unlocks_from_the_user_list(cast):
    fail(client_from("10.0.4.1"), "committee", 5)
    admin = Client()
    admin.force_login(cast.admin)
    resp = admin.post("/admin/core/user/", {"action": "unlock_users", "_selected_action": [cast.committee.pk]})
    assert resp.status_code == 302
    assert not LoginThrottle.objects.filter(key="committee").exists()
    assert form_login(client_from("10.0.4.1"), "committee", cast.password).status_code == 302
    unlock = AuditEvent.objects.get(action="unlock", object_id=str(cast.committee.pk))
    assert unlock.actor_id == cast.admin.pk


def test_non_admins_cannot_unlock(cast):
    import pytest
    from django.core.exceptions import PermissionDenied

    from renda.accounts import services

    fail(client_from("10.0.5.1"), "deputy", 5)
    with pytest.raises(PermissionDenied):
        services.throttle_unlock(actor=cast.clerk, username="deputy")
    with pytest.raises(PermissionDenied):
        services.throttle_unlock(actor=cast.clerk, everything=True)
    assert LoginThrottle.objects.filter(key="deputy", locked_until__isnull=False).exists()


def test_attempts_while_locked_write_a_bounded_number_of_audit_rows(cast, settings):
    """30 attempts while locked (a locked account; a locked address trying 30 made-up names): one audit row per
    lock-out window, none with the text typed in those attempts; the count is summarised once the lock ends."""
    settings.RENDA_LOCKOUT_IP_FAILURES = 6
    with time_machine.travel(dt.datetime(2026, 11, 26, 10, tzinfo=dt.UTC), tick=False) as clock:
        fail(client_from("10.0.7.1"), "clerk", 5)  # the account is locked
        attacker = client_from("10.0.7.2")
        for i in range(6):
            fail(attacker, f"probe-{i}", 1)  # the address is locked
        before = AuditEvent.objects.count()
        for i in range(30):
            assert "登录失败次数过多" in alert(form_login(client_from(f"10.0.8.{i}"), "clerk", f"guess-{i}"))
            assert "登录失败次数过多" in alert(form_login(attacker, f"<script>attacker-{i}</script>", "x"))
        new = AuditEvent.objects.order_by("pk")[before:]
        assert [e.action for e in new] == ["login_locked", "login_locked"]
        assert not any("attacker" in e.note or "guess" in e.note for e in new)
        assert LoginThrottle.objects.get(kind="username", key="clerk").failures == 30
        assert LoginThrottle.objects.get(kind="ip", key="10.0.7.2").failures == 30
        assert not LoginThrottle.objects.filter(key__contains="attacker").exists()  # no row per made-up name
        # the lock ends: the next failure (or sign-in) writes one summary with the count, and counting starts afresh
        clock.shift(dt.timedelta(minutes=31))
        form_login(attacker, "after-the-lock", "x")
        summary = AuditEvent.objects.get(action="login_locked", note__startswith="锁定期间又有 29 次尝试（共 30 次被拒绝）：地址")
        assert "10.0.7.2" in summary.note
        assert form_login(client_from("10.0.9.1"), "clerk", cast.password).status_code == 302
        assert AuditEvent.objects.filter(action="login_locked", note__contains="用户名 clerk",
                                         note__startswith="锁定期间又有 29 次尝试").count() == 1
        assert LoginThrottle.objects.get(kind="ip", key="10.0.7.2").failures == 1
        assert AuditEvent.objects.filter(action="login_locked").count() == 4
        assert audit.verify() == []
