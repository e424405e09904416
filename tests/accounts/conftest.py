"""Fixtures for the identity tests: the production identity settings switched on, form sign-in helpers."""

from __future__ import annotations

import time

import pyotp
import pytest
from django.test import Client

STRONG = "Renda-Strong-2026!"


@pytest.fixture
def enforced(settings):
    """Production defaults: TOTP for staff and leadership, password expiry after 90 days."""
    settings.RENDA_TOTP_REQUIRED = True
    settings.RENDA_PASSWORD_MAX_AGE_DAYS = 90
    return settings


def form_login(client: Client, username: str, password: str, next_url: str = ""):
    data = {"username": username, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post("/login/", data)


def client_from(ip: str = "10.0.0.1") -> Client:
    return Client(REMOTE_ADDR=ip)


def totp_for(user, offset_steps: int = 0, secret: str | None = None) -> str:
    """The user's current code: from the stored device, or from the secret the enrolment page showed (an
    enrolment GET stores nothing: the secret waits in the session until the first code confirms it)."""
    from renda.accounts.models import TotpDevice

    if secret is None:
        secret = TotpDevice.objects.get(user=user).secret
    return pyotp.TOTP(secret).at(time.time() + offset_steps * 30)


def secret_on_page(html: str) -> str:
    """The secret as the enrolment page shows it (groups of four), for typing into an authenticator."""
    import re

    groups = re.search(r'<code class="totp-secret">([A-Z2-7 ]+)</code>', html)
    assert groups, "the enrolment page shows the secret"
    return groups.group(1).replace(" ", "")


def used_code(user) -> str:
    """The code of the time step the user's last accepted code belonged to (a replay of it must be refused),
    whatever the clock says now (a 30-second step may end between two lines of a test)."""
    from renda.accounts.models import TotpDevice

    device = TotpDevice.objects.get(user=user)
    return pyotp.TOTP(device.secret).at(device.last_used_step * 30)


def enrol(client: Client, user, password: str) -> list[str]:
    """Sign in (TOTP enforced, nothing enrolled yet) and enrol; returns the recovery codes shown."""
    import re

    resp = form_login(client, user.username, password)
    assert resp.status_code == 302 and resp["Location"] == "/account/totp/enrol/"
    page = client.get("/account/totp/enrol/")
    assert page.status_code == 200
    resp = client.post("/account/totp/enrol/", {"code": totp_for(user, secret=secret_on_page(page.content.decode()))})
    assert resp.status_code == 200, resp.content.decode()[:500]
    return re.findall(r"<code>([A-Z0-9]{5}-[A-Z0-9]{5})</code>", resp.content.decode())
