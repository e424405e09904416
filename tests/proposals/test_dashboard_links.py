"""Every number of items on the handling dashboard links to the list of exactly those items (stats.group_q): the
total, and each unit's, category's, delegation's and year's count of items assigned."""

import datetime as dt
import re
from html import unescape

import pytest
from tests.conftest import login
from tests.proposals.factories import assigned

from renda.proposals import services

pytestmark = pytest.mark.django_db


def test_each_count_on_the_dashboard_opens_a_list_of_that_many_items(cast):
    deps = cast.city.deputies
    assigned(cast, "关于改善河道水质的建议", lead="市水务局", assist="市教育局")
    assigned(cast, "关于增加学位供给的建议", lead="市教育局", lead_deputy=deps[0])
    assigned(cast, "关于整治黑臭水体的建议", lead="市水务局", lead_deputy=deps[3])
    services.proposal_submit(actor=cast.clerk, title="关于尚未交办的建议", content="内容" * 20,
                             lead_deputy=deps[1], received_on=dt.date(2026, 3, 3))  # submitted, not assigned: not counted
    client = login(cast.clerk)
    html = client.get("/proposals/dashboard/").content.decode()
    links = [(unescape(href), int(n)) for href, n in re.findall(r'href="(/proposals/\?by=[^"]+)">(\d+)</a>', html)]
    assert ("/proposals/?by=all", 3) in links
    assert {href.split("&")[0] for href, _ in links} >= {"/proposals/?by=unit", "/proposals/?by=category",
                                                         "/proposals/?by=delegation", "/proposals/?by=year"}
    for href, n in links:
        listing = client.get(href).content.decode()
        assert f"共 {n} 项" in listing, href
        assert listing.count('<td data-label="编号">') == n, href
    water = client.get("/proposals/?by=unit&group=市水务局").content.decode()
    assert "改善河道水质" in water and "黑臭水体" in water and "学位供给" not in water  # 协办 is not counted


def test_an_unknown_grouping_is_a_chinese_400(cast):
    response = login(cast.clerk).get("/proposals/?by=nonsense&group=x")
    assert response.status_code == 400 and "统计分组不正确" in response.content.decode()
