"""In a real browser: a member votes by secret ballot on a phone, keeps the receipt, and after the close finds it
on the published list of counted ballots ("已计入"); a county congress's user finds nothing of the city's votes
(404 on the city's vote screen, console, ballot and receipts pages; nothing of them in the menu or on /voting/)."""

import datetime as dt

import pytest
import time_machine
from tests.conftest import sign_in

from renda.core.models import Congress
from renda.core.roles import Role
from renda.demo.builders import build_congress, make_user
from renda.demo.names import NameMaker
from renda.meetings import services as svc
from renda.meetings.models import AgendaKind
from renda.voting import services as vsvc
from renda.voting.models import LiveVote

pytestmark = [pytest.mark.browser]

MEETING_DAY = dt.date(2026, 3, 20)
CHAIRS_DAY = dt.date(2026, 3, 5)
OPEN_AT = dt.datetime(2026, 3, 20, 2, 0, tzinfo=dt.UTC)  # 10:00 in the city
TITLE = "关于某某同志职务任免的议案"


@pytest.fixture
def secret_vote(cast):
    c = cast
    with time_machine.travel(OPEN_AT, tick=True):
        city = c.city
        people = [city.director, *city.vice_chairs, city.secretary_general, *city.members]
        chairs = svc.meeting_create(actor=c.clerk, kind="chairs", date=CHAIRS_DAY, place="第一会议室")
        svc.item_add(actor=c.clerk, meeting=chairs, title="研究常委会会议议程草案", kind=AgendaKind.OTHER)
        svc.meeting_transition(actor=c.clerk, meeting=chairs, action="submit_agenda")
        svc.meeting_transition(actor=c.leader, meeting=chairs, action="decide_agenda",
                               decided_on=CHAIRS_DAY - dt.timedelta(days=1))
        m = svc.meeting_create(actor=c.clerk, kind="standing", date=MEETING_DAY, place="常委会会议厅")
        item = svc.item_add(actor=c.clerk, meeting=m, title=TITLE, kind=AgendaKind.APPOINTMENT)
        svc.meeting_transition(actor=c.clerk, meeting=m, action="submit_agenda")
        svc.meeting_transition(actor=c.leader, meeting=m, action="decide_agenda", chairs_meeting=chairs,
                               decided_on=CHAIRS_DAY)
        for p in people[:8]:
            svc.attendance_sign_in(actor=c.clerk, meeting=m, person=p)
        svc.meeting_transition(actor=c.clerk, meeting=m, action="open")
        c.voter = make_user("phone-secret", c.password, congress=c.congress, role=Role.MEMBER,
                            display_name=people[2].name, person=people[2])
        c.live = vsvc.live_open(actor=c.clerk, item=item, secret=True, minutes=30)
        c.others = [make_user(f"other{i}", c.password, congress=c.congress, role=Role.MEMBER,
                              display_name=p.name, person=p) for i, p in enumerate(people[3:6])]
        for u in c.others:  # a few more ballots on the list
            vsvc.cast(actor=u, live=c.live, choice="yes")
        yield c



def test_secret_ballot_receipt_verifies_on_the_published_list(transactional_db, live_server, secret_vote, browser):
    c = secret_vote
    base = live_server.url
    with time_machine.travel(OPEN_AT + dt.timedelta(minutes=5), tick=True):
        ctx = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True)
        phone = ctx.new_page()
        phone.set_default_timeout(15000)
        sign_in(phone, base, c.voter.username, c.password)
        phone.goto(f"{base}/voting/{c.live.pk}/ballot/")
        phone.get_by_role("button", name="反对").click()
        phone.wait_for_selector("#ballot-done")
        receipt = phone.locator("#receipt").inner_text().strip()  # what the member copies down
        assert len(receipt.replace("-", "")) == 16
        # before the close nothing is published
        phone.goto(f"{base}/voting/{c.live.pk}/receipts/")
        assert "表决结束后公布" in phone.content()

        vsvc.live_transition(actor=c.clerk, live=LiveVote.objects.get(pk=c.live.pk), action="close")

        phone.goto(f"{base}/voting/{c.live.pk}/receipts/")
        assert "共 4 张" in phone.content()
        phone.get_by_label("回执码").fill(receipt.lower().replace("-", " "))  # typed loosely on a phone
        phone.get_by_role("button", name="核验").click()
        result = phone.locator("#verify-result")
        assert result.inner_text().startswith("已计入")
        assert "反对" not in phone.locator("ol.hashes").inner_text()  # the list proves inclusion, not the choice
        # a code that was never issued is not on the list
        phone.get_by_label("回执码").fill("2345-6789-ABCD-EFGH")
        phone.get_by_role("button", name="核验").click()
        assert phone.locator("#verify-result").inner_text().startswith("未找到")
        ctx.close()


def test_county_user_sees_nothing_of_the_city_votes(transactional_db, live_server, secret_vote, browser):
    c = secret_vote
    base = live_server.url
    county = build_congress(code="t-county", place="丁县", level=Congress.Level.COUNTY, names=NameMaker(seed=5),
                            term_number=18, term_start=dt.date(2026, 1, 8), members=7, vice_chairs=2,
                            departments=["县水务局"], deputies=5, parent=c.congress)
    county_clerk = make_user("county_clerk", c.password, congress=county.congress, role=Role.OFFICE,
                             display_name="丁县办公室", organization=county.bodies["bgt"])
    county_member = make_user("county_member", c.password, congress=county.congress, role=Role.MEMBER,
                              display_name=county.members[0].name, person=county.members[0])
    with time_machine.travel(OPEN_AT + dt.timedelta(minutes=5), tick=True):
        for user in (county_clerk, county_member):
            ctx = browser.new_context(locale="zh-CN")
            page = ctx.new_page()
            page.set_default_timeout(15000)
            sign_in(page, base, user.username, c.password)
            nav = page.locator("nav").first.inner_html() if page.locator("nav").count() else page.content()
            assert f"/voting/{c.live.pk}/" not in nav and TITLE not in nav
            for path in (f"/voting/{c.live.pk}/", f"/voting/{c.live.pk}/screen/", f"/voting/{c.live.pk}/screen/live/",
                         f"/voting/{c.live.pk}/ballot/", f"/voting/{c.live.pk}/receipts/"):
                response = page.goto(f"{base}{path}")
                assert response.status == 404, (user.username, path, response.status)
                assert TITLE not in page.content()
            response = page.goto(f"{base}/voting/")
            assert response.status == 200
            assert TITLE not in page.content() and f"/voting/{c.live.pk}/" not in page.content()
            home = page.goto(f"{base}/")
            assert home.status == 200 and TITLE not in page.content()
            ctx.close()
