"""A deputy signs in on a phone and sees their suggestions, the next engagement, their activities and their
performance record — with numbers that match the records behind them."""

import datetime as dt

import pytest
from tests.conftest import sign_in
from tests.deputies.conftest import dep_world, frozen  # noqa: F401 - the deputies' world (on its stopped clock), shared

from renda.deputies import records
from renda.deputies.records import RecordEntry

pytestmark = [pytest.mark.browser]



@pytest.fixture
def suggestions(dep_world):  # noqa: F811
    """The proposals module's records, as it will register them: two suggestions of this deputy."""
    me = dep_world.me
    year = dt.date.today().year

    def source(deputy, y):
        if deputy.pk != me.pk or y != year:
            return []
        return [
            RecordEntry(kind="suggestion", title="关于加快老旧小区改造的建议", date=dt.date(year, 1, 12), status="已答复"),
            RecordEntry(kind="suggestion", title="关于优化公交线路的建议", date=dt.date(year, 5, 3), status="办理中"),
        ]

    records.register_record_source("browser.proposals", source)
    yield
    records.unregister_record_source("browser.proposals")


def test_a_deputy_sees_the_platform_on_a_phone(transactional_db, live_server, dep_world, suggestions, phone,  # noqa: F811
                                               tmp_path):
    c = dep_world
    base = live_server.url
    year = dt.date.today().year
    expected = records.compile_record(c.me, year)

    sign_in(phone, base, "deputy", c.password)
    phone.get_by_role("navigation", name="代表常用功能").get_by_role("link", name="我的履职").click()  # bottom bar
    phone.wait_for_url(f"{base}/deputies/me/")

    # my suggestions: what the proposals module returns
    section = phone.locator("#my-suggestions")
    assert section.is_visible()
    assert int(phone.locator("#count-suggestions").inner_text()) == len(expected.suggestions) == 2
    assert "关于加快老旧小区改造的建议" in section.inner_text() and "已答复" in section.inner_text()

    # the next engagement: the research trip in five days
    assert phone.locator("#next-title").inner_text() == c.upcoming.title

    # my activities: every held activity, contact, issue raised and course attended
    assert int(phone.locator("#count-activities").inner_text()) == expected.activity_count
    activities = phone.locator("#my-activities").inner_text()
    for title in (c.reception.title, c.inspection.title, c.course.title):
        assert title in activities

    # the performance record: the same figures, kind by kind, and the score
    assert float(phone.locator("#record-total").inner_text()) == expected.total_points
    for row in expected.rows:
        cells = phone.locator(f'#record-table tr[data-kind="{row.kind}"] td')
        assert int(cells.nth(1).inner_text()) == row.count, row.kind
        assert float(cells.nth(3).inner_text()) == row.points, row.kind

    # it fits a phone: nothing wider than the screen
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1, width
    phone.screenshot(path=str(tmp_path / "platform.png"), full_page=True)

    # the report to constituents downloads
    with phone.expect_download() as dl:
        phone.get_by_role("link", name="下载述职报告（草稿）").click()
    assert dl.value.suggested_filename.endswith(".docx")
