"""Every number on a home page links to a list of exactly that many rows (the work plan's panel), counted over the
viewer's own scope, and only steps the process waits for are listed as to-dos."""

import datetime as dt
import html as htmllib
import re

import pytest
import time_machine
from tests.conftest import login

from renda.workplan.models import WorkPlanItem

pytestmark = pytest.mark.django_db

COUNT_LINK = re.compile(r'<a href="([^"]+)" data-count="(\d+)">')
LIST_COUNT = re.compile(r"共 <strong>(\d+)</strong> 项")




@time_machine.travel(dt.datetime(2026, 11, 26, 2, tzinfo=dt.UTC), tick=True)
@pytest.mark.parametrize("role", ["clerk", "leader", "committee", "other_committee"])
def test_home_counts_equal_the_lists_they_link_to(plan_world, role):
    c = plan_world
    # thirteen overdue items: more than the panel lists (ten), spread over two committees and vice-chairs
    for n in range(13):
        WorkPlanItem.objects.create(
            congress=c.congress, plan=c.plan, number=100 + n, category=c.item_water.category, title=f"逾期事项{n}",
            vice_chair=c.city.vice_chairs[n % 2], lead_body=c.city.bodies["cjhb" if n % 3 else "cjw"],
            counterpart=c.item_water.counterpart, planned_month=3, due_date=dt.date(2026, 3, 31))
    client = login(getattr(c, role))
    home = client.get("/").content.decode()
    links = COUNT_LINK.findall(home)
    assert links, "the work plan panel shows its overdue count as a link"
    for url, count in links:
        listed = client.get(htmllib.unescape(url)).content.decode()
        assert LIST_COUNT.search(listed), url
        assert LIST_COUNT.search(listed).group(1) == count, (role, url, count)
    if role == "clerk":  # the office sees the whole plan: the thirteen and the three items of the world, all late
        assert [n for _, n in links] == ["16"]


def test_merely_allowed_steps_are_not_to_dos(plan_world):
    c = plan_world  # the plan is issued: 启动修订 is allowed to the office, but nothing waits on it
    home = login(c.clerk).get("/").content.decode()
    assert "待您办理" not in home or "启动修订" not in home.split("待您办理")[1].split("</p>")[0]
