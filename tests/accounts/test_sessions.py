"""Sessions: idle timeout refreshed by activity, absolute lifetime, single active session, bearer tokens
untouched, audit of sign-in and sign-out."""

from __future__ import annotations

import time

from django.test import Client
from tests.accounts.conftest import STRONG, enrol, form_login

from renda.accounts.models import LoginSession
from renda.accounts.signals import LOGIN_AT, SEEN
from renda.core.models import AuditEvent
from renda.core.tokens import token_create


def set_session(client, **values):
    session = client.session
    session.update(values)
    session.save()


def test_idle_session_is_ended(cast, settings):
    settings.RENDA_SESSION_IDLE_MINUTES = 30
    client = Client()
    form_login(client, "clerk", cast.password)
    assert client.get("/").status_code == 200
    set_session(client, **{SEEN: time.time() - 31 * 60})
    resp = client.get("/workplan/")
    assert resp.status_code == 302 and resp["Location"] == "/login/?next=/workplan/"
    assert "长时间未操作" in client.get("/login/").content.decode()
    assert client.get("/").status_code == 302
    assert LoginSession.objects.get(user=cast.clerk).end_reason == "idle"
    assert AuditEvent.objects.filter(action="session_end", actor_id=cast.clerk.pk, note__contains="长时间未操作").exists()


def test_activity_refreshes_the_idle_clock(cast, settings):
    settings.RENDA_SESSION_IDLE_MINUTES = 30
    client = Client()
    client.force_login(cast.clerk)
    set_session(client, **{SEEN: time.time() - 29 * 60})
    assert client.get("/").status_code == 200
    assert client.session[SEEN] > time.time() - 60
    set_session(client, **{SEEN: client.session[SEEN] - 29 * 60})
    assert client.get("/").status_code == 200


def test_idle_timeout_can_be_switched_off(cast, settings):
    settings.RENDA_SESSION_IDLE_MINUTES = 0
    client = Client()
    client.force_login(cast.clerk)
    set_session(client, **{SEEN: time.time() - 10 * 3600})
    assert client.get("/").status_code == 200


def test_absolute_lifetime(cast, settings):
    client = Client()
    client.force_login(cast.clerk)
    set_session(client, **{LOGIN_AT: time.time() - settings.SESSION_COOKIE_AGE - 1, SEEN: time.time()})
    resp = client.get("/")
    assert resp.status_code == 302 and resp["Location"].startswith("/login/")
    assert "最长时限" in client.get("/login/").content.decode()


def test_htmx_requests_are_sent_to_the_login_page(cast):
    client = Client()
    client.force_login(cast.clerk)
    set_session(client, **{SEEN: time.time() - 31 * 60})
    resp = client.get("/workplan/", HTTP_HX_REQUEST="true")
    assert resp["HX-Redirect"] == "/login/?next=/workplan/"


def test_single_session_ends_the_older_one_with_a_notice(cast, settings):
    settings.RENDA_SINGLE_SESSION = True
    first, second = Client(), Client()
    form_login(first, "clerk", cast.password)
    assert first.get("/").status_code == 200
    form_login(second, "clerk", cast.password)
    resp = first.get("/workplan/")
    assert resp.status_code == 302 and resp["Location"].startswith("/login/")
    assert "已在其他地点登录" in first.get("/login/").content.decode()
    assert second.get("/").status_code == 200
    assert AuditEvent.objects.filter(action="session_superseded", object_id=str(cast.clerk.pk)).exists()
    reasons = sorted(LoginSession.objects.filter(user=cast.clerk).values_list("end_reason", flat=True))
    assert reasons == ["", "superseded"]
    # other users are not affected
    form_login(Client(), "deputy", cast.password)
    assert second.get("/").status_code == 200


def test_single_session_survives_a_password_change(cast, settings):
    settings.RENDA_SINGLE_SESSION = True
    client = Client()
    form_login(client, "clerk", cast.password)
    client.post("/account/password/", {"old_password": cast.password, "new_password1": STRONG,
                                       "new_password2": STRONG})
    assert client.get("/").status_code == 200
    other = Client()
    form_login(other, "clerk", STRONG)
    assert client.get("/").status_code == 302


def test_without_the_option_both_sessions_live(cast):
    first, second = Client(), Client()
    form_login(first, "clerk", cast.password)
    form_login(second, "clerk", cast.password)
    assert first.get("/").status_code == 200 and second.get("/").status_code == 200


def test_logout_is_audited_and_closes_the_record(cast):
    client = Client()
    form_login(client, "clerk", cast.password)
    client.post("/logout/")
    assert AuditEvent.objects.filter(action="logout", actor_id=cast.clerk.pk).exists()
    assert LoginSession.objects.get(user=cast.clerk).end_reason == "logout"


def test_bearer_tokens_are_unaffected(cast, enforced):
    from datetime import timedelta

    from django.utils import timezone

    from renda.accounts.models import PasswordHistory

    enforced.RENDA_SINGLE_SESSION = True
    _, key = token_create(actor=None, user=cast.clerk, name="办理系统")
    PasswordHistory.objects.filter(user=cast.clerk).update(created_at=timezone.now() - timedelta(days=400))
    api = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert api.get("/api/v1/workplan/plans").status_code == 200  # no TOTP, no expiry for machine access
    enrol(Client(), cast.clerk, cast.password)
    assert api.get("/api/v1/workplan/plans").status_code == 200


def test_all_identity_events_are_in_one_verified_chain(cast, enforced):
    from renda.core import audit

    enrol(Client(), cast.clerk, cast.password)
    form_login(Client(), "clerk", "wrong")
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"login", "login_failed", "totp_begin", "totp_enrol"} <= actions
    assert audit.verify() == []


def test_password_change_ends_the_users_other_sessions(cast):
    here, elsewhere = Client(), Client()
    form_login(here, "clerk", cast.password)
    form_login(elsewhere, "clerk", cast.password)
    here.post("/account/password/", {"old_password": cast.password, "new_password1": STRONG,
                                     "new_password2": STRONG})
    assert here.get("/").status_code == 200
    assert elsewhere.get("/").status_code == 302


def test_ordinary_requests_cost_no_extra_query(cast, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(cast.clerk)
    client.get("/rules/")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/rules/").status_code == 200
        return len(ctx.captured_queries)

    with_rules = count()
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != "renda.accounts.middleware.AccountSecurityMiddleware"]
    assert count() == with_rules
