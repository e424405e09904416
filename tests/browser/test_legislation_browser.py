"""Legislation in a real browser: the 主任会议's decision from the bill page, and the 修改对照表 on a phone."""

import datetime as dt

import pytest
from tests.conftest import sign_in

pytestmark = [pytest.mark.browser]



def test_leader_lists_a_bill_and_a_clerk_compares_texts_on_a_phone(transactional_db, live_server, cast, page,
                                                                      phone):
    from tests.legislation.conftest import advance, make_bill

    from renda.core.roles import Role
    from renda.demo.builders import make_user

    c = cast
    c.legal = make_user("legal", c.password, congress=c.congress, role=Role.COMMITTEE, display_name="法制委",
                        organization=c.city.bodies["fzw"])
    bill = make_bill(c)
    base = live_server.url

    sign_in(page, base, "leader", c.password)
    page.goto(f"{base}/legislation/{bill.pk}/")
    page.fill("#id_place_on_agenda-on", "2026-03-10")
    page.get_by_role("button", name="列入常委会会议议程").click()
    page.wait_for_selector("text=已列入常委会会议议程")
    assert "已列入议程" in page.locator(".status").first.inner_text()

    advance(c, bill, "reading1")
    bill.refresh_from_db()
    from tests.legislation.conftest import SECOND

    from renda.legislation import services as leg

    leg.period_open(actor=c.clerk, bill=bill, opens_on=dt.date(2026, 3, 23), closes_on=dt.date(2026, 4, 23))
    leg.version_add(actor=c.legal, bill=bill, stage="second", text=SECOND, explanation="修改情况的汇报。")

    sign_in(phone, base, "clerk", c.password)
    phone.goto(f"{base}/legislation/{bill.pk}/")
    assert phone.locator("table.statute-compare").count() == 1
    phone.get_by_text("展开修改对照表").click()  # folded on the bill's page (the full table is thousands of px)
    phone.check("input[name=changes]")
    phone.get_by_role("button", name="生成对照表").click()
    # htmx swaps the table for the changed rows only
    phone.wait_for_selector("table.statute-compare tr.unchanged", state="detached")
    assert "河长制" in phone.locator("#comparison").inner_text()
    assert phone.locator("table.statute-compare tr.added").count() == 1
