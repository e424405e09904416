"""The working day of the 办公厅 clerk and of the 法工委, in Chromium on a desktop and on a 390×844 phone (issue 17).

- The clerk opens the year's 工作要点 from a number on the home page (each number there lists exactly that many rows),
  narrows the list to one committee, exports it (the .xlsx holds the rows listed), opens an item, records progress
  through the page's form and reads it in the item's history — in Chinese, no stored codes.
- The 法工委 opens a bill, reads the 对照表, publishes the deliberated draft for comment (a period shorter than the
  statutory minimum is refused with the rule's title) and reads the analysis of the comments on that draft.

The clock is frozen (ticking) for each journey and the world is built inside it: overdue, due-soon and the comment
period's minimum depend on the day. Screenshots of each main page go to /tmp/shots/ (desktop and phone).
"""

import datetime as dt
import os
import re
import tempfile
from io import BytesIO
from pathlib import Path

import pytest
import time_machine
from playwright.sync_api import expect
from tests.conftest import sign_in

pytestmark = [pytest.mark.browser]

# Screenshots for a person to look at (desktop and phone): $RENDA_SHOTS, else <temp dir>/shots (/tmp/shots).
SHOTS = Path(os.environ.get("RENDA_SHOTS") or Path(tempfile.gettempdir()) / "shots")
CLERK_NOW = dt.datetime(2026, 9, 7, 2, 0, tzinfo=dt.UTC)  # Monday 7 September 2026, 10:00 in Beijing
LEGAL_NOW = dt.datetime(2026, 3, 21, 2, 0, tzinfo=dt.UTC)  # the day after the bill's first reading
# What a person must never read on these pages: stored states/actions, field names, Python values, rule ids.
RAW = re.compile(r"\b(?:in_progress|planned|completed|progress|transition|proposed|on_agenda|in_deliberation|"
                 r"lock_version|updated_at|public|contact_point|deputy|True|False|None)\b|[A-Z]{2,}-[A-Z]+(?:-[A-Z]+)*")



def _shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _fits_phone(phone):
    """No sideways scrolling on a 390 px screen."""
    return phone.evaluate("document.documentElement.scrollWidth") <= 391


def _overflowing(page):
    """The innermost elements that stick out to the right of the screen (to name a phone layout defect)."""
    return page.evaluate("""() => {
        const w = document.documentElement.clientWidth;
        const out = [...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > w + 1
            && ![...e.children].some(c => c.getBoundingClientRect().right > w + 1));
        return out.slice(0, 8).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '')
            + ' ' + Math.round(e.getBoundingClientRect().right) + ' ' + (e.textContent || '').trim().slice(0, 30));
    }""")


def _no_raw_codes(text, where):
    found = RAW.findall(text)
    assert not found, f"{where}: {found}"


def _office_plan(c):
    """An issued 2026 plan of five items: three overdue on 7 September (two led by 城建环保委), one due in 30 days."""
    from renda.workplan import services as wp
    from renda.workplan.models import Category

    city = c.city
    plan = wp.plan_create(actor=c.clerk, year=2026)
    rows = [
        (Category.PROPOSALS, "督办《关于综合治理水环境的议案》", 0, "cjhb", "市水务局", 3),
        (Category.RESEARCH, "城市河道保洁情况专题调研", 0, "cjhb", "市水务局", 6),
        (Category.SPECIAL_REPORT, "听取和审议计划执行情况的报告", 1, "cjw", "市财政局", 7),
        (Category.RESEARCH, "义务教育均衡发展专题调研", 1, "cjw", "市教育局", 9),
        (Category.ENFORCEMENT, "水污染防治法执法检查", 0, "cjhb", "市水务局", 11),
    ]
    items = [wp.item_create(actor=c.clerk, plan=plan, category=cat, title=title, vice_chair=city.vice_chairs[vc],
                            lead_body=city.bodies[body], counterpart=city.units[unit], planned_month=month)
             for cat, title, vc, body, unit, month in rows]
    wp.plan_transition(actor=c.clerk, plan=plan, action="submit")
    wp.plan_transition(actor=c.leader, plan=plan, action="adopt")
    wp.plan_transition(actor=c.clerk, plan=plan, action="issue", doc_number="甲人常发〔2026〕1号")
    plan.refresh_from_db()
    return plan, items


def _listed_titles(page):
    return [t.strip() for t in page.locator("#item-table tbody tr td[data-label='事项'] a").all_inner_texts()]


def test_clerk_filters_the_plan_exports_it_and_records_progress(transactional_db, live_server, cast, page, phone):
    from openpyxl import load_workbook

    from renda.workplan.models import ItemProgress

    c = cast
    base = live_server.url
    with time_machine.travel(CLERK_NOW, tick=True):
        plan, items = _office_plan(c)
        sign_in(page, base, "clerk", c.password)

        # every number of the plan's panel on the home page links to a list of exactly that many rows
        panel = page.locator("section[aria-labelledby=wp-home-h]")
        expect(panel).to_be_visible()
        _shot(page, "clerk-home-desktop")
        numbers = [(a.get_attribute("href"), int(a.get_attribute("data-count")))
                   for a in panel.locator("a[data-count]").all()]
        assert [n for _, n in numbers] == [3, 1]  # 逾期 (3, 6, 7月) and 30日内到期 (9月)
        for href, count in numbers:
            page.goto(base + href)
            expect(page.locator("#item-table .result-count strong")).to_have_text(str(count))
            assert page.locator("#item-table tbody tr td[data-label='事项']").count() == count, href

        # from the home page's overdue number to the plan, narrowed to one committee
        page.goto(f"{base}/")
        panel.locator("a[data-count]").first.click()
        page.wait_for_url(re.compile(r"/workplan/\d+/\?overdue=1"))
        expect(page.locator("#item-table .result-count")).to_contain_text("符合条件的事项：共 3 项")
        page.get_by_label("牵头").select_option(label="城乡建设环境保护委员会")
        expect(page.locator("#item-table .result-count strong")).to_have_text("2")
        titles = _listed_titles(page)
        assert titles == ["督办《关于综合治理水环境的议案》", "城市河道保洁情况专题调研"]
        assert page.locator("#item-table .badge-overdue").count() == 2
        _shot(page, "clerk-plan-desktop")

        # the export is the list as filtered: the same rows
        with page.expect_download() as download:
            page.get_by_role("link", name="导出筛选结果（Excel）").click()
        sheet = load_workbook(BytesIO(Path(download.value.path()).read_bytes())).active
        rows = [r for r in sheet.iter_rows(min_row=3, values_only=True) if any(r)]
        assert len(rows) == len(titles) == 2
        assert [r[2] for r in rows] == titles
        assert all(r[11] and not RAW.search(r[11]) for r in rows)  # 状态 by its label

        # an item: progress through the page's form, then read in its history in Chinese
        page.get_by_role("link", name="城市河道保洁情况专题调研").click()
        page.wait_for_url(f"{base}/workplan/items/{items[1].pk}/")
        expect(page.locator("h1")).to_have_text("城市河道保洁情况专题调研")
        page.get_by_label("填报进展").fill("已完成主要河段实地查看，正在起草调研报告。")
        page.get_by_role("button", name="提交进展").click()
        page.wait_for_url(f"{base}/workplan/items/{items[1].pk}/")
        expect(page.get_by_text("已填报进展")).to_be_visible()
        expect(page.locator("ul.timeline")).to_contain_text("已完成主要河段实地查看")
        assert ItemProgress.objects.filter(item=items[1]).count() == 1
        history = page.locator("section[aria-labelledby=history-h]")
        row = history.locator("tbody tr", has_text="填报进展")
        expect(row).to_have_count(1)
        expect(row).to_contain_text("已完成主要河段实地查看")
        expect(history.locator("tbody tr", has_text="创建")).to_contain_text("增加第2项（专题调研）")
        _no_raw_codes(history.inner_text(), "item history")
        _no_raw_codes(page.locator("main").inner_text(), "item page")
        _shot(page, "clerk-item-desktop")

        # the same pages on the clerk's phone: readable, nothing wider than the screen
        sign_in(phone, base, "clerk", c.password)
        expect(phone.locator("section[aria-labelledby=wp-home-h]")).to_be_visible()
        _shot(phone, "clerk-home-phone")
        phone.goto(f"{base}/workplan/{plan.pk}/?overdue=1")
        expect(phone.locator("#item-table .result-count strong")).to_have_text("3")
        _shot(phone, "clerk-plan-phone")
        assert _fits_phone(phone), "plan list wider than the phone"
        phone.goto(f"{base}/workplan/items/{items[1].pk}/")
        expect(phone.locator("ul.timeline")).to_contain_text("已完成主要河段实地查看")
        _shot(phone, "clerk-item-phone")
        assert _fits_phone(phone), "item page wider than the phone"


def _legal_world(c):
    """A bill after its first reading (20 March 2026) with the 二审稿 registered, and a 法工委 user."""
    from tests.legislation.conftest import SECOND, advance, make_bill

    from renda.core.roles import Role
    from renda.demo.builders import make_user
    from renda.legislation import services as leg

    c.fgw = make_user("fgw", c.password, congress=c.congress, role=Role.COMMITTEE, display_name="法工委",
                      organization=c.city.bodies["fgw"])
    bill = advance(c, make_bill(c), "reading1")
    leg.version_add(actor=c.fgw, bill=bill, stage="second", text=SECOND, explanation="修改情况的汇报。")
    bill.refresh_from_db()
    return bill


def _comments_on(c, bill, draft):
    """Comments on the published draft: six on 第五条 (the fines), two on 第三条, one on the whole."""
    from django.utils import timezone

    from renda.legislation import analysis as glue
    from renda.legislation import services as leg

    eids = {a.label: a.eid for a in glue.provision_refs(draft) if a.eid}
    when = timezone.make_aware(dt.datetime(2026, 3, 25, 10))
    for i in range(6):
        leg.comment_add(actor=c.fgw, bill=bill, version=draft, source="public", eid=eids["第五条"],
                        text=f"第五条的罚款标准过高，建议降低罚款数额并先行教育劝导{'！' * i}", name=f"群众{i}",
                        contact=f"1390000{i:04d}", submitted_at=when)
    for text in ("建议明确区水务部门的具体职责。", "水务部门的监管职责应当与生态环境部门分清。"):
        leg.comment_add(actor=c.fgw, bill=bill, version=draft, source="public", eid=eids["第三条"], text=text,
                        name="李四", contact="13900009999", submitted_at=when)
    leg.comment_add(actor=c.fgw, bill=bill, version=draft, source="deputy", text="总体赞成制定本条例，建议尽快出台。",
                    submitted_at=when)
    return 9


def test_legal_committee_compares_opens_comment_and_reads_the_analysis(transactional_db, live_server, cast, page,
                                                                       phone):
    from renda.legislation.models import CommentPeriod, Stage

    c = cast
    base = live_server.url
    with time_machine.travel(LEGAL_NOW, tick=True) as clock:
        bill = _legal_world(c)
        draft = bill.versions.get(stage=Stage.DRAFT)
        sign_in(page, base, "fgw", c.password)

        # the bill, from the list
        page.goto(f"{base}/legislation/")
        page.get_by_role("link", name=re.compile("甲市河道管理条例")).first.click()
        page.wait_for_url(f"{base}/legislation/{bill.pk}/")
        expect(page.locator("h1")).to_contain_text("甲市河道管理条例")
        _shot(page, "legal-bill-desktop")
        bill_height = page.evaluate("document.documentElement.scrollHeight")

        # the 对照表: 草案 → 二审稿, the added 河长制 article shown as added
        page.get_by_role("link", name="在单独页面查看").click()
        page.wait_for_url(f"{base}/legislation/{bill.pk}/compare/**")
        table = page.locator("table.statute-compare")
        expect(table).to_be_visible()
        expect(table.locator("tr.added", has_text="河长制")).to_have_count(1)
        _no_raw_codes(page.locator("main").inner_text(), "对照表")
        _shot(page, "legal-compare-desktop")

        # publishing for comment: a period under the statutory 30 days is refused by the rule's title
        page.goto(f"{base}/legislation/{bill.pk}/")
        page.get_by_role("link", name="向社会公布征求意见").click()
        page.wait_for_url(f"{base}/legislation/{bill.pk}/periods/new/")
        published = page.get_by_label("向社会公布的文本")
        assert published.locator("option:checked").inner_text().startswith("草案")  # the deliberated text only
        assert published.locator("option", has_text="二审稿").count() == 0
        page.get_by_label("开始日期").fill("2026-03-23")
        page.get_by_label("截止日期").fill("2026-04-10")
        with page.expect_response(lambda r: r.request.method == "POST") as answer:
            page.get_by_role("button", name="保存").click()
        assert answer.value.status == 409
        refusal = page.locator("main")
        expect(refusal).to_contain_text("依据「向社会公布征求意见」")
        expect(refusal).to_contain_text("不少于30日")
        assert "LEG-PUBLIC-COMMENT" not in refusal.inner_text()
        assert not CommentPeriod.objects.filter(bill=bill).exists()
        _shot(page, "legal-period-refused-desktop")
        page.get_by_label("截止日期").fill("2026-04-23")
        page.get_by_role("button", name="保存").click()
        page.wait_for_url(f"{base}/legislation/{bill.pk}/")
        expect(page.get_by_text("已向社会公布征求意见。")).to_be_visible()
        expect(page.locator("#comments")).to_contain_text("草案正在向社会公布征求意见：2026年3月23日至2026年4月23日")
        period = CommentPeriod.objects.get(bill=bill)
        assert (period.version_id, period.opens_on, period.closes_on) == (draft.pk, dt.date(2026, 3, 23),
                                                                         dt.date(2026, 4, 23))

        # a week later: the analysis of the comments received on the draft, in Chinese
        clock.move_to(LEGAL_NOW + dt.timedelta(days=7))
        total = _comments_on(c, bill, draft)
        sign_in(page, base, "fgw", c.password)  # a week is past the session's lifetime: signed in afresh
        page.goto(f"{base}/legislation/{bill.pk}/")
        page.locator(f"a[href='/legislation/versions/{draft.pk}/analysis/']").click()
        page.wait_for_url(f"{base}/legislation/versions/{draft.pk}/analysis/")
        page.get_by_role("button", name="开始分析").click()  # the task runs at once in tests (immediate backend)
        page.wait_for_url(f"{base}/legislation/versions/{draft.pk}/analysis/")
        main = page.locator("main")
        expect(main.locator("#tot-h")).to_be_visible()
        expect(main).to_contain_text("第五条")
        text = main.inner_text()
        assert str(total) in page.locator("section[aria-labelledby=tot-h]").inner_text()
        assert "刷新页面查看结果" not in text
        _no_raw_codes(text, "意见分析")
        _shot(page, "legal-analysis-desktop")

        # the same pages on a phone
        sign_in(phone, base, "fgw", c.password)
        for path, name in ((f"/legislation/{bill.pk}/", "legal-bill-phone"),
                           (f"/legislation/{bill.pk}/compare/", "legal-compare-phone"),
                           (f"/legislation/versions/{draft.pk}/analysis/", "legal-analysis-phone")):
            phone.goto(base + path)
            expect(phone.locator("h1").first).to_be_visible()
            _shot(phone, name)
            if "compare" in path or "analysis" in path:
                assert _fits_phone(phone), f"{path} wider than the phone"
            else:
                print(f"{path}: width {phone.evaluate('document.documentElement.scrollWidth')}px;",
                      "overflowing:", _overflowing(phone))
        print(f"bill page height (desktop): {bill_height}px")
