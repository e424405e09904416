"""A clerk who must use a second factor signs in for the first time, enrols with the QR page and gets in —
in a real browser, under the strict CSP (the QR code is an SVG data URL, no script)."""

import time

import pyotp
import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser]


def test_first_sign_in_enrols_then_every_sign_in_asks_for_a_code(transactional_db, live_server, cast, page,
                                                                 settings):
    settings.RENDA_TOTP_REQUIRED = True
    base = live_server.url
    csp_errors = []
    page.on("console", lambda msg: csp_errors.append(msg.text) if "Content Security Policy" in msg.text else None)

    page.goto(f"{base}/login/?next=/rules/")
    page.get_by_label("用户名").fill("clerk")
    page.get_by_label("密码").fill(cast.password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/account/totp/enrol/")
    qr = page.get_by_alt_text("两步验证二维码（内含账号密钥）")
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")  # the data URL is allowed and drawn
    secret = page.locator("code.totp-secret").inner_text().replace(" ", "")
    page.goto(f"{base}/workplan/")  # nothing else is reachable
    page.wait_for_url(f"{base}/account/totp/enrol/")
    page.get_by_label("验证码").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="确认启用").click()
    expect(page.get_by_text("只显示这一次")).to_be_visible()
    assert page.locator("ul.recovery-codes li").count() == 10
    page.get_by_role("link", name="我已保存，继续").click()
    page.wait_for_url(f"{base}/rules/")

    page.get_by_role("button", name="退出").click()
    page.wait_for_url(f"{base}/login/")  # signing out forgets the offline copies first, then submits
    page.get_by_label("用户名").fill("clerk")
    page.get_by_label("密码").fill(cast.password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/account/totp/verify/")
    page.get_by_label("验证码或恢复码").fill("000000")
    page.get_by_role("button", name="验证并登录").click()
    expect(page.get_by_text("验证码不正确或已使用")).to_be_visible()
    page.get_by_label("验证码或恢复码").fill(pyotp.TOTP(secret).at(time.time() + 30))
    page.get_by_role("button", name="验证并登录").click()
    page.wait_for_url(f"{base}/")
    expect(page.get_by_role("link", name="两步验证")).to_be_visible()
    assert csp_errors == []
