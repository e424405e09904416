"""The public comment on a draft in a real browser: an anonymous reader on a phone-sized screen opens the draft,
taps 第五条, comments (with a script tag that must not run) and sees the confirmation; the legislative affairs
committee's clerk then finds the comment under 第五条 on the staff comments page."""

import datetime as dt

import pytest
from django.utils import timezone
from tests.conftest import sign_in

pytestmark = [pytest.mark.browser]



def test_reader_comments_on_article_five_and_staff_see_it(transactional_db, live_server, cast, phone, page):
    from tests.portal.conftest import DRAFT, _bill, _open_for_comment

    from renda.core.roles import Role
    from renda.demo.builders import make_user
    from renda.legislation import texts
    from renda.legislation.models import BillComment

    c = cast
    make_user("legal", c.password, congress=c.congress, role=Role.COMMITTEE, display_name="法制委",
              organization=c.city.bodies["fzw"])
    today = timezone.localdate()
    bill = _bill(c, "甲市湖泊保护条例", DRAFT.replace("河道管理条例", "湖泊保护条例"),
                 submitted_on=today - dt.timedelta(days=10))
    period = _open_for_comment(c, bill, reading_on=today - dt.timedelta(days=4),
                               opens_on=today - dt.timedelta(days=2), closes_on=today + dt.timedelta(days=40))
    art5 = texts.statute_of(period.version).article(5).eid
    base = live_server.url

    # An anonymous reader on a phone: home page → the draft → 第五条.
    phone.goto(f"{base}/public/{c.congress.code}/")
    assert phone.viewport_size["width"] == 390
    phone.get_by_role("link", name="《甲市湖泊保护条例（草案）》").first.click()
    phone.wait_for_selector("[data-testid=period]")
    assert "征求意见时间" in phone.locator("[data-testid=period]").inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # no horizontal scrolling
    phone.get_by_role("link", name="对第五条提意见").click()
    assert phone.locator("#id_eid").input_value() == art5  # the tap selected the article
    assert "已选择：第五条" in phone.locator("#picked").inner_text()
    phone.locator("#id_text").fill('罚款下限过高，建议降低。<script>window.__pwned = 1</script>')
    phone.get_by_label("姓名或单位（选填）").fill("湖边居民")
    phone.get_by_role("button", name="提交意见").click()
    phone.wait_for_selector("[data-testid=receipt]")
    assert phone.locator("[data-testid=provision]").inner_text() == "第五条"
    assert "<script>window.__pwned = 1</script>" in phone.locator("[data-testid=comment-text]").inner_text()
    assert phone.evaluate("window.__pwned") is None
    # going back and submitting the same form again (a retry) makes no second comment
    phone.go_back()
    assert BillComment.objects.filter(period=period).count() == 1
    comment = BillComment.objects.get(period=period)
    assert comment.eid == art5 and comment.source == "public"

    # The legislative affairs committee's clerk sees it under 第五条.
    sign_in(page, base, "legal", c.password)
    page.goto(f"{base}/legislation/versions/{period.version_id}/comments/")
    page.get_by_role("link", name="第五条", exact=True).click()
    page.wait_for_selector("#article-comments >> text=罚款下限过高，建议降低。")
    section = page.locator("#article-comments")
    assert "第五条" in section.locator("h2").inner_text()
    assert "湖边居民" in section.inner_text()
    assert page.evaluate("window.__pwned") is None


def test_the_portal_fits_a_375_px_screen(transactional_db, live_server, cast, phone):
    """Every section, the statute text with its table of contents and the comparison table: no page wider than
    the screen (wide tables scroll inside their own box), the skip link reachable by keyboard."""
    from tests.portal.conftest import _bill, _enact

    from renda.core.roles import Role
    from renda.demo.builders import make_user

    c = cast
    c.legal = make_user("legal", c.password, congress=c.congress, role=Role.COMMITTEE, display_name="法制委",
                        organization=c.city.bodies["fzw"])
    bill = _enact(c, _bill(c, "甲市河道管理条例"))
    base = f"{live_server.url}/public/{c.congress.code}"
    phone.set_viewport_size({"width": 375, "height": 812})
    for path in ("/", "/news/", "/regulations/", f"/regulations/{bill.pk}/", f"/regulations/{bill.pk}/compare/",
                 "/drafts/", "/deputies/", "/stations/", "/data/"):
        phone.goto(base + path)
        assert phone.evaluate("document.documentElement.scrollWidth") <= 375, path
        assert phone.locator("h1").count() == 1, path
    phone.goto(f"{base}/regulations/{bill.pk}/")
    phone.locator("summary").click()  # the table of contents opens and jumps to 第五条
    phone.get_by_role("link", name="第五条").first.click()
    assert phone.url.endswith("#chp_2__art_5")
    phone.goto(f"{base}/")
    phone.keyboard.press("Tab")
    assert phone.evaluate("document.activeElement.textContent") == "跳到主要内容"
