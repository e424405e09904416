"""我的会议材料 in a real browser: a 列席 deputy opens the page, the materials of the coming meeting are pushed to
the device, the reader page and the file open offline with the deputy's own note; signing out empties the cache."""

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from renda.core import attachments
from renda.meetings import services as svc
from renda.meetings.models import AgendaKind
from renda.voting import services as vsvc

pytestmark = [pytest.mark.browser]

NOW = dt.datetime(2026, 3, 16, 2, 0, tzinfo=dt.UTC)  # four days before the meeting
MEETING_DAY = dt.date(2026, 3, 20)
CHAIRS_DAY = dt.date(2026, 3, 5)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
NOTE = "第二条的时限要问清楚"


@pytest.fixture
def convened(cast):
    c = cast
    with time_machine.travel(NOW, tick=True):
        chairs = svc.meeting_create(actor=c.clerk, kind="chairs", date=CHAIRS_DAY, place="第一会议室")
        svc.item_add(actor=c.clerk, meeting=chairs, title="研究常委会会议议程草案", kind=AgendaKind.OTHER)
        svc.meeting_transition(actor=c.clerk, meeting=chairs, action="submit_agenda")
        svc.meeting_transition(actor=c.leader, meeting=chairs, action="decide_agenda",
                               decided_on=CHAIRS_DAY - dt.timedelta(days=1))
        m = svc.meeting_create(actor=c.clerk, kind="standing", date=MEETING_DAY, place="常委会会议厅")
        item = svc.item_add(actor=c.clerk, meeting=m, title="关于加强水环境治理的决定（草案）", kind=AgendaKind.DECISION)
        svc.meeting_transition(actor=c.clerk, meeting=m, action="submit_agenda")
        svc.meeting_transition(actor=c.leader, meeting=m, action="decide_agenda", chairs_meeting=chairs,
                               decided_on=CHAIRS_DAY)
        svc.attendance_add_nonvoting(actor=c.clerk, meeting=m, person=c.deputy.person)
        c.att = attachments.attach(actor=c.clerk, obj=item,
                                   upload=SimpleUploadedFile("水环境治理决定草案.pdf", PDF, "application/pdf"))
        vsvc.note_add(actor=c.deputy, attachment_pk=c.att.pk, text=NOTE, position="第二条")
        yield c


def test_materials_are_pushed_read_offline_and_forgotten_on_sign_out(transactional_db, live_server, convened,
                                                                      browser):
    c = convened
    base = live_server.url
    with time_machine.travel(NOW + dt.timedelta(minutes=5), tick=True):
        ctx = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True)
        page = ctx.new_page()
        page.set_default_timeout(20000)
        page.goto(f"{base}/login/")
        page.get_by_label("用户名").fill(c.deputy.username)
        page.get_by_label("密码").fill(c.password)
        page.get_by_role("button", name="登录").click()
        page.wait_for_url(f"{base}/")
        page.goto(f"{base}/voting/materials/")
        expect(page.locator("#offline-status")).to_contain_text("已保存到本机")
        wanted = {f"/voting/materials/{c.att.pk}/", f"/voting/materials/{c.att.pk}/file/"}
        cached = []
        for _ in range(60):  # the worker's cache as the page sees it (a write lands within moments; up to 30 s on a busy machine)
            cached = page.evaluate("""async () => { const out = [];
                for (const k of await caches.keys()) { if (k.startsWith('renda-deputy-materials-')) {
                  for (const r of await (await caches.open(k)).keys()) out.push(new URL(r.url).pathname); } }
                return out; }""")
            if wanted <= set(cached):
                break
            page.wait_for_timeout(500)
        assert wanted <= set(cached), cached

        ctx.set_offline(True)
        page.goto(f"{base}/voting/materials/{c.att.pk}/")
        assert "水环境治理决定草案.pdf" in page.content() and NOTE in page.content()
        ctx.set_offline(False)

        page.goto(f"{base}/")
        # the header's 退出 (folded into the menu on a phone): submitted as the button would, submit event included
        page.locator('form[action="/logout/"]').first.evaluate("f => f.requestSubmit()")
        page.wait_for_url(f"{base}/login/**")
        page.wait_for_timeout(500)
        left = page.evaluate("async () => (await caches.keys()).filter(k => k.startsWith('renda-deputy-'))")
        assert left == []
        ctx.set_offline(True)
        response = None
        try:
            response = page.goto(f"{base}/voting/materials/{c.att.pk}/")
        except Exception:  # no worker any more: the browser's own offline error
            response = None
        assert response is None or NOTE not in page.content()
        ctx.close()
