"""A clerk adds a work-plan item, completes it and sees the dashboard change — in a real browser."""

import pytest
from tests.conftest import sign_in

pytestmark = [pytest.mark.browser]



def kpis(page):
    return int(page.locator("#kpi-total").inner_text()), int(page.locator("#kpi-done").inner_text())


def test_clerk_adds_and_completes_an_item_and_the_dashboard_changes(transactional_db, live_server, plan_world,
                                                                    page, tmp_path):
    c = plan_world
    base = live_server.url
    sign_in(page, base, "clerk", c.password)
    assert "工作要点" in page.content()

    page.goto(f"{base}/workplan/{c.plan.pk}/dashboard/")
    total, done = kpis(page)
    assert page.locator("[data-chart=category] svg").count() == 1  # ECharts drew, from local static files

    page.goto(f"{base}/workplan/{c.plan.pk}/")
    page.fill("#id_revise-note", "年中增补调研项目")
    page.get_by_role("button", name="启动修订").click()
    page.get_by_role("link", name="增加事项").click()
    page.select_option("#id_category", "research")
    page.fill("#id_title", "海绵城市建设情况专题调研")
    page.select_option("#id_vice_chair", str(c.city.vice_chairs[0].pk))
    page.select_option("#id_lead_body", str(c.city.bodies["cjhb"].pk))
    page.select_option("#id_planned_month", "10")
    page.get_by_role("button", name="保存").click()
    page.wait_for_selector("text=已增加事项")
    assert "海绵城市建设情况专题调研" in page.locator("h1").inner_text()

    page.fill("#id_complete-result", "完成实地调研，形成调研报告并提交主任会议。")
    page.get_by_role("button", name="办结").click()
    page.wait_for_selector("text=已办结")
    assert page.locator(".status-completed").count() >= 1

    page.goto(f"{base}/workplan/{c.plan.pk}/dashboard/")
    assert kpis(page) == (total + 1, done + 1)
    page.screenshot(path=str(tmp_path / "dashboard.png"), full_page=True)


def test_refusal_is_shown_in_chinese_with_its_rule(transactional_db, live_server, plan_world, page):
    c = plan_world
    base = live_server.url
    sign_in(page, base, "clerk", c.password)
    page.goto(f"{base}/workplan/items/{c.item_school.pk}/")
    page.fill("#id_complete-result", "短")
    page.get_by_role("button", name="办结").click()
    msg = page.locator(".refusal").inner_text()  # the one refusal: the rule's words, title and basis (409)
    assert "不少于 10 个字" in msg and "WP-ITEM-COMPLETE" in msg
    page.get_by_role("link", name="返回上一页").click()
    page.wait_for_url(f"{base}/workplan/items/{c.item_school.pk}/")
