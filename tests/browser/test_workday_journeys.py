"""Each user's working day, the journeys not walked by the other browser tests (issue 17):

- the director (主任) finds the plan awaiting him in 待办 and passes it, on a desktop;
- a handling unit answers a suggestion with its stamped letter — confirming the formal reply first — and the deputy
  opens that letter on a phone;
- a county office sees nothing of the city: not in its pages, and not by typing the city's addresses;
- the deputy's phone installs the offline reading (manifest + service worker) and signing out empties its cache.

Dates are relative to the day the test runs (the live server and the test share one clock): nothing depends on
which day that is.
"""

import datetime as dt

import pytest
from django.utils import timezone
from tests.conftest import sign_in

pytestmark = [pytest.mark.browser]

LETTER = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"



def test_director_passes_the_plan_from_his_inbox(transactional_db, live_server, cast, page):
    from renda.workplan import services as wp
    from renda.workplan.models import Category, WorkPlan

    plan = wp.plan_create(actor=cast.clerk, year=2027)
    wp.item_create(actor=cast.clerk, plan=plan, category=Category.RESEARCH, title="基层立法联系点建设专题调研",
                   vice_chair=cast.city.vice_chairs[0], lead_body=cast.city.bodies["cjhb"],
                   counterpart=cast.city.units["市水务局"], planned_month=4)
    wp.plan_transition(actor=cast.clerk, plan=plan, action="submit")

    base = live_server.url
    sign_in(page, base, "leader", cast.password)
    page.get_by_role("link", name="待办").first.click()
    page.wait_for_url(f"{base}/inbox/")
    row = page.locator("tr", has_text="主任会议通过")
    assert row.count() == 1
    assert "WP-PLAN-FLOW" not in page.locator("main").inner_text()  # the rule by its title, never its id
    row.get_by_role("link").first.click()
    page.get_by_role("button", name="主任会议通过").click()
    page.wait_for_selector("text=已主任会议通过")
    plan = WorkPlan.objects.get(pk=plan.pk)
    assert plan.status == "adopted"
    page.goto(f"{base}/inbox/")
    assert page.locator("tr", has_text="主任会议通过").count() == 0


def test_unit_replies_with_its_letter_and_the_deputy_opens_it_on_a_phone(transactional_db, live_server, cast, page,
                                                                        phone):
    from tests.proposals.factories import assigned

    from renda.proposals.models import Reply

    p = assigned(cast, on=timezone.localdate() - dt.timedelta(days=20))
    base = live_server.url

    sign_in(page, base, "unit_user", cast.password)
    page.goto(f"{base}/proposals/{p.pk}/")
    assert page.get_by_role("button", name="申请退回").count() == 0  # its deadline has passed
    page.get_by_label("答复内容", exact=True).fill("已完成主要河段清淤，水质明显改善。")
    page.get_by_label("签发人").fill("市水务局局长")
    page.get_by_label("答复函（盖章 .pdf/.docx）").set_input_files(
        {"name": "答复函.pdf", "mimeType": "application/pdf", "buffer": LETTER})
    dialogs, answer = [], {"accept": False}

    def on_dialog(dialog):
        dialogs.append(dialog.message)
        dialog.accept() if answer["accept"] else dialog.dismiss()

    page.on("dialog", on_dialog)
    page.get_by_label("已核对答复内容").check()
    page.get_by_role("button", name="提交正式答复").click()  # asked once more, and declined: nothing is sent
    assert dialogs and "正式答复" in dialogs[0]
    assert not Reply.objects.filter(proposal=p).exists()
    answer["accept"] = True
    page.get_by_role("button", name="提交正式答复").click()
    page.wait_for_selector("text=答复已提交")
    assert Reply.objects.filter(proposal=p).count() == 1

    sign_in(phone, base, "deputy", cast.password)
    phone.goto(f"{base}/proposals/{p.pk}/")
    link = phone.get_by_role("link", name="答复函.pdf")
    href = link.get_attribute("href")
    resp = phone.context.request.get(base + href)
    assert resp.status == 200 and resp.body().startswith(b"%PDF")


def test_county_office_sees_nothing_of_the_city(transactional_db, live_server, plan_world, page):
    c = plan_world
    base = live_server.url
    sign_in(page, base, "outsider_clerk", c.password)
    for path in ("/", "/workplan/", "/inbox/"):
        page.goto(base + path)
        text = page.locator("main").inner_text()
        assert "甲市" not in text and "综合治理水环境" not in text, path
    resp = page.goto(f"{base}/workplan/{c.plan.pk}/")
    assert resp.status == 404 and "综合治理水环境" not in page.content()
    resp = page.goto(f"{base}/workplan/items/{c.item_water.pk}/")
    assert resp.status == 404


def test_deputy_phone_reads_offline_and_signing_out_forgets(transactional_db, live_server, cast, phone):
    base = live_server.url
    sign_in(phone, base, "deputy", cast.password)
    assert phone.locator("link[rel=manifest]").count() == 1
    manifest = phone.context.request.get(base + "/manifest.webmanifest").json()
    assert manifest["start_url"] == "/" and manifest["short_name"] == "代表履职"
    phone.evaluate("navigator.serviceWorker.ready.then(() => true)")
    phone.goto(f"{base}/deputies/me/")  # a page of the deputy's own, fetched through the worker
    phone.wait_for_function("navigator.serviceWorker.controller !== null")
    heading = phone.locator("h1").first.inner_text()
    phone.goto(f"{base}/deputies/me/")
    phone.wait_for_function("caches.keys().then(k => k.some(n => n.startsWith('renda-deputy-')))")
    cached = phone.evaluate("""async () => {
        const c = await caches.open((await caches.keys()).find(n => n.startsWith('renda-deputy-')));
        return (await c.keys()).map(r => new URL(r.url).pathname);
    }""")
    assert "/deputies/me/" in cached and not any(p.startswith("/admin") for p in cached)
    # offline: the page the deputy read is still there
    phone.context.set_offline(True)
    phone.goto(f"{base}/deputies/me/")
    assert phone.locator("h1").first.inner_text() == heading
    phone.context.set_offline(False)
    # signing out empties the cache and unregisters the worker
    phone.goto(f"{base}/")
    if not phone.get_by_role("button", name="退出").is_visible():
        phone.get_by_role("button", name="菜单").click()
    phone.get_by_role("button", name="退出").click()
    phone.wait_for_url(f"{base}/login/")
    assert phone.evaluate("caches.keys().then(k => k.filter(n => n.startsWith('renda-deputy-')).length)") == 0
    assert phone.evaluate("navigator.serviceWorker.getRegistrations().then(r => r.length)") == 0


def test_deputy_on_a_phone_submits_with_a_cosigner_follows_and_rates(transactional_db, live_server, cast, phone,
                                                                     browser):
    from renda.core.roles import Role
    from renda.demo.builders import make_user
    from renda.proposals import services
    from renda.proposals.models import Assignment, Proposal, Rating
    from renda.proposals.models import Role as UnitRole

    cosigner = cast.city.deputies[-2]
    make_user("cosigner", cast.password, congress=cast.congress, role=Role.DEPUTY, display_name="联名代表",
              person=cosigner.person)
    base = live_server.url

    sign_in(phone, base, "deputy", cast.password)
    phone.get_by_role("navigation", name="代表常用功能").get_by_role("link", name="提建议").click()
    phone.get_by_label("标题（案由）").fill("关于增设老旧小区电动自行车充电设施的建议")
    phone.get_by_label("内容").fill("老旧小区电动自行车充电难，飞线充电隐患大，建议统筹增设集中充电设施。")
    phone.get_by_label("联名代表（可多选，须本人确认）").select_option(value=str(cosigner.pk))
    phone.get_by_role("button", name="提交").click()
    p = Proposal.objects.get(title="关于增设老旧小区电动自行车充电设施的建议")
    phone.wait_for_url(f"{base}/proposals/{p.pk}/")
    assert p.status == "draft"  # waiting for the co-signer

    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True)
    other = context.new_page()
    sign_in(other, base, "cosigner", cast.password)
    other.goto(f"{base}/proposals/{p.pk}/")
    other.get_by_role("button", name="确认联名").click()
    other.wait_for_load_state()
    context.close()
    p.refresh_from_db()
    assert p.status == "submitted"

    # the office assigns it, the unit replies; the deputy follows it on the phone and rates the reply
    today = timezone.localdate()
    services.proposal_assign(actor=cast.clerk, proposal=p, units=[(cast.city.units["市水务局"], UnitRole.LEAD, "")],
                             today=today)
    lead = Assignment.objects.get(proposal=p)
    services.reply_submit(actor=cast.unit_user, assignment=lead, text="已在 12 个小区增设集中充电设施。",
                          result_class="A", communication="phone", signer="市水务局局长", today=today)
    phone.goto(f"{base}/proposals/{p.pk}/")
    main = phone.locator("main").inner_text()
    assert "市水务局" in main and "已在 12 个小区增设集中充电设施" in main
    phone.get_by_label("测评意见").select_option(label="满意")
    phone.get_by_role("button", name="提交测评").click()
    phone.wait_for_load_state()
    assert Rating.objects.filter(proposal=p, verdict="satisfied").exists()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 391
