"""Supervision in a real browser: a member of the public requests a review of a normative document on the
portal and follows it by its code; leadership sees the supervision picture drawn by ECharts."""

import pytest

pytestmark = [pytest.mark.browser]


def test_public_requests_a_review_and_follows_its_status(transactional_db, live_server, cast, phone):
    page = phone  # a citizen on a phone
    base = live_server.url
    page.goto(f"{base}/supervision/public/{cast.congress.code}/")
    page.get_by_role("link", name="在线提出审查建议").click()
    page.get_by_label("姓名或单位名称（必填）").fill("王五")
    page.get_by_label("联系方式（电话或电子邮箱）（必填）").fill("13900000000")
    page.get_by_label("建议审查的文件名称（必填）").fill("甲市电动自行车管理规定")
    page.get_by_label("审查建议的理由（必填）").fill("太短")
    page.get_by_role("button", name="提交审查建议").click()
    assert "不少于 10 个字" in page.locator(".error").first.inner_text()  # Chinese error, the rest kept
    assert page.get_by_label("姓名或单位名称（必填）").input_value() == "王五"
    page.get_by_label("审查建议的理由（必填）").fill("规定要求每年年检并收费，缺乏法律依据，增加了群众负担。")
    page.get_by_role("button", name="提交审查建议").click()
    page.wait_for_selector("#tracking-code")
    code = page.locator("#tracking-code").inner_text().strip()
    assert code.startswith("BA-") and len(code) == 17

    page.get_by_role("link", name="查询办理情况").first.click()
    page.get_by_label("查询码").fill(code.lower())
    page.get_by_role("button", name="查询").click()
    assert page.locator("#track-status").inner_text() == "已收到"

    from renda.supervision import services as svc
    from renda.supervision.models import ReviewRequest

    req = ReviewRequest.objects.get(tracking_code=code)
    svc.request_transition(actor=cast.clerk, request=req, action="transfer", transferred_to="省人大常委会法工委",
                           reply="该文件不属于本级备案审查范围，已移送省人大常委会法工委。")
    page.get_by_label("查询码").fill(code)
    page.get_by_role("button", name="查询").click()
    assert page.locator("#track-status").inner_text() == "已移送有关机关"
    assert "已移送省人大常委会法工委" in page.content()


def test_leadership_sees_the_supervision_picture(transactional_db, live_server, cast, page):
    base = live_server.url
    page.goto(f"{base}/login/")
    page.get_by_label("用户名").fill("leader")
    page.get_by_label("密码").fill(cast.password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/")
    page.get_by_role("link", name="监督", exact=True).first.click()
    assert "一府一委两院监督情况" in page.content()
    page.wait_for_selector("[data-sup-chart=picture] svg")  # ECharts drew, from local static files
    page.locator(f"#pic-{cast.city.organs['gov'].pk}-rect_overdue").click()
    assert "整改清单" in page.locator("h1").inner_text()
