"""The opinion channel in a real browser: a citizen on a phone submits an opinion (with a script tag that must
not run) and gets a code; the office routes it; the unit replies; the office publishes; the citizen enters the
code and reads the reply."""

import pytest
from tests.conftest import sign_in

pytestmark = [pytest.mark.browser]



def test_citizen_submits_staff_route_unit_replies_citizen_reads(transactional_db, live_server, cast, phone, page,
                                                                browser):
    base = live_server.url
    code_of_congress = cast.congress.code

    # A citizen on a phone-sized screen.
    phone.goto(f"{base}/participation/public/{code_of_congress}/submit/")
    assert phone.viewport_size["width"] == 390
    phone.locator("#id_category").select_option(label="生态环境")
    phone.locator("#id_place").fill("南湖区青石街道")
    phone.locator("#id_text").fill('青石河河水发黑发臭，希望治理。<script>window.__pwned = 1</script>')
    phone.locator("#id_email").fill("citizen@example.cn")
    phone.get_by_role("button", name="提交").click()
    phone.wait_for_selector("[data-testid=tracking-code]")
    code = phone.locator("[data-testid=tracking-code]").inner_text().strip()
    assert len(code.replace("-", "")) == 12
    assert code not in phone.url  # the code never travels in a URL
    # the submit button fits the phone screen (no horizontal scrolling needed)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    from renda.participation.models import Opinion

    op = Opinion.objects.get(code=code.replace("-", ""))

    # The office routes it to 市水务局.
    sign_in(page, base, "clerk", cast.password)
    page.get_by_role("link", name="联系群众", exact=True).first.click()
    page.get_by_role("link", name=code).click()
    assert "citizen@example.cn" in page.content()  # the triaging office sees the contact
    page.get_by_label("承办单位", exact=True).first.check()
    page.locator("#r-unit").select_option(label="市水务局")
    page.get_by_role("button", name="分办").click()
    page.wait_for_selector("text=已分办。")
    op.refresh_from_db()
    assert op.status == "routed" and op.handler.name == "市水务局"

    # The unit takes it and replies.
    unit_ctx = browser.new_context(locale="zh-CN")
    unit = unit_ctx.new_page()
    sign_in(unit, base, "unit_user", cast.password)
    unit.goto(f"{base}/participation/")
    unit.get_by_role("link", name=code).click()
    assert "citizen@example.cn" not in unit.content()  # not shared with the unit
    assert unit.evaluate("window.__pwned") is None  # the stored script tag is shown as text
    unit.get_by_role("button", name="签收办理").click()
    unit.locator("#id_submit_reply-text").fill("经现场核查，已完成青石河截污改造，水质明显改善。")
    unit.get_by_role("button", name="提交答复意见").click()
    unit.wait_for_selector("text=已提交答复意见。")
    unit_ctx.close()

    # The office publishes the reply.
    page.reload()
    page.get_by_role("button", name="审核并公开答复").click()
    page.wait_for_selector("[data-testid=published-reply]")

    # The citizen enters the code and reads the reply.
    phone.get_by_role("link", name="查询办理情况").first.click()
    phone.get_by_label("查询码").fill(code.lower())
    phone.get_by_role("button", name="查询").click()
    assert phone.locator("[data-testid=status]").inner_text() == "已答复"
    assert "已完成青石河截污改造" in phone.locator("[data-testid=reply]").inner_text()
    assert "<script>window.__pwned = 1</script>" in phone.locator(".pub-text").first.inner_text()
    assert phone.evaluate("window.__pwned") is None

    # The office's hot-issues page draws its charts (ECharts from local static files, data via json_script).
    page.goto(f"{base}/participation/hot/")
    page.wait_for_selector("[data-hot=weekly] svg")
    page.wait_for_selector("[data-hot=places] svg")
