"""A chair opens and closes a live vote while three members vote from phone-sized pages; the live screen (htmx
polling, no external JS) shows who has voted and then the totals — in a real browser."""

import datetime as dt

import pytest
import time_machine
from playwright.sync_api import expect
from tests.conftest import sign_in

from renda.core.roles import Role
from renda.demo.builders import make_user
from renda.meetings import services as svc
from renda.meetings.models import AgendaKind

pytestmark = [pytest.mark.browser]

MEETING_DAY = dt.date(2026, 3, 20)
CHAIRS_DAY = dt.date(2026, 3, 5)


@pytest.fixture
def in_session(cast):
    c = cast
    with time_machine.travel(dt.datetime(2026, 3, 20, 2, 0, tzinfo=dt.UTC), tick=True):
        city = c.city
        people = [city.director, *city.vice_chairs, city.secretary_general, *city.members]
        chairs = svc.meeting_create(actor=c.clerk, kind="chairs", date=CHAIRS_DAY, place="第一会议室")
        svc.item_add(actor=c.clerk, meeting=chairs, title="研究常委会会议议程草案", kind=AgendaKind.OTHER)
        svc.meeting_transition(actor=c.clerk, meeting=chairs, action="submit_agenda")
        svc.meeting_transition(actor=c.leader, meeting=chairs, action="decide_agenda",
                               decided_on=CHAIRS_DAY - dt.timedelta(days=1))
        m = svc.meeting_create(actor=c.clerk, kind="standing", date=MEETING_DAY, place="常委会会议厅")
        c.item = svc.item_add(actor=c.clerk, meeting=m, title="关于加强水环境治理的决定（草案）",
                              kind=AgendaKind.DECISION)
        svc.meeting_transition(actor=c.clerk, meeting=m, action="submit_agenda")
        svc.meeting_transition(actor=c.leader, meeting=m, action="decide_agenda", chairs_meeting=chairs,
                               decided_on=CHAIRS_DAY)
        for p in people[:8]:
            svc.attendance_sign_in(actor=c.clerk, meeting=m, person=p)
        svc.meeting_transition(actor=c.clerk, meeting=m, action="open")
        c.phones = [make_user(f"phone{i}", c.password, congress=c.congress, role=Role.MEMBER,
                              display_name=p.name, person=p) for i, p in enumerate((people[0], people[2], people[3]))]
        yield c



def test_chair_opens_three_phones_vote_screen_updates_chair_closes(transactional_db, live_server, in_session, page,
                                                                   browser, tmp_path):
    c = in_session
    base = live_server.url
    with time_machine.travel(dt.datetime(2026, 3, 20, 2, 5, tzinfo=dt.UTC), tick=True):
        sign_in(page, base, "clerk", c.password)
        page.goto(f"{base}/voting/")
        page.locator(f'form[action="/voting/items/{c.item.pk}/open/"] button').click()
        page.wait_for_selector("text=表决已开始")
        console_url = page.url
        live_pk = int(console_url.rstrip("/").split("/")[-1])

        screen = page.context.new_page()
        screen.goto(f"{base}/voting/{live_pk}/screen/")
        assert screen.locator("#s-voted").inner_text() == "0"
        assert screen.locator("#s-present").inner_text() == "8"

        phones = []
        for user in c.phones:
            ctx = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True,
                                      has_touch=True)
            phone = ctx.new_page()
            phone.set_default_timeout(15000)
            sign_in(phone, base, user.username, c.password)
            phone.goto(f"{base}/voting/")
            phone.get_by_role("link", name="关于加强水环境治理的决定（草案）（表决）").click()
            phones.append(phone)
        for n, phone in enumerate(phones, start=1):
            button = phone.get_by_role("button", name="赞成")
            box = button.bounding_box()
            assert box["width"] > 300 and box["height"] >= 60  # a big button on a phone
            button.click()
            phone.wait_for_selector("#ballot-done")
            # the live screen follows within its polling interval
            expect(screen.locator("#s-voted")).to_have_text(str(n), timeout=5000)
        phones[0].screenshot(path=str(tmp_path / "phone.png"))
        # reloading a phone that voted shows the vote counted and no buttons
        phones[0].reload()
        assert "您已经投过票" in phones[0].content()
        assert phones[0].get_by_role("button", name="赞成").count() == 0
        assert "赞成 <b>" not in screen.content()  # how anyone voted is not shown while open

        page.goto(console_url)
        page.get_by_role("button", name="结束表决并宣布结果").click()
        page.wait_for_selector("text=已结束表决并宣布结果")
        screen.wait_for_selector("#s-result", timeout=5000)
        assert "赞成 3" in " ".join(screen.locator("#s-result").inner_text().split())
        assert screen.locator("#s-passed").inner_text() == "未通过"  # 3 of 11: not more than half of all members
        screen.screenshot(path=str(tmp_path / "screen.png"), full_page=True)
        phones[1].reload()
        assert phones[1].get_by_role("button", name="赞成").count() == 0
        for phone in phones:
            phone.context.close()
