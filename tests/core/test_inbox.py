"""The 待办 inbox: what the process waits for this user to do, across modules; the badge equals the list."""

import re

import pytest
from django.test import Client
from tests.conftest import login

from renda.core import inbox
from renda.workplan import services as wp

pytestmark = pytest.mark.django_db




def test_the_inbox_lists_awaited_steps_only_and_the_badge_equals_it(plan_world):
    c = plan_world
    # The issued plan: nothing waits on the office for the plan itself (启动修订 is merely allowed) …
    assert not [r for r in inbox.items(c.clerk) if r.kind == "工作要点"]
    # … but each planned item waits to be started or completed by those who carry it out.
    rows = inbox.items(c.committee)
    assert {r.obj.pk for r in rows} >= {c.item_water.pk}
    assert all(t.awaited for r in rows for t in r.steps)
    page = login(c.committee).get("/inbox/").content.decode()
    shown = int(re.search(r'data-count="(\d+)"', page).group(1))
    assert shown == len(rows) == page.count('<td data-label="事项">')
    home = login(c.committee).get("/").content.decode()
    assert 'hx-get="/inbox/badge/"' in home  # the header badge, loaded after the page
    badge = login(c.committee).get("/inbox/badge/").content.decode()
    assert f'aria-label="{shown} 项待办"' in badge


def test_a_step_taken_leaves_the_inbox_at_once(plan_world):
    c = plan_world
    before = inbox.count(c.leader)
    draft = wp.plan_create(actor=c.clerk, year=2027)
    wp.item_create(actor=c.clerk, plan=draft, category="research", title="新一年调研", vice_chair=c.city.vice_chairs[0],
                   lead_body=c.city.bodies["cjhb"], counterpart=c.city.units["市水务局"], planned_month=3)
    assert any(r.obj == draft for r in inbox.items(c.clerk))  # the office must submit the draft
    client = login(c.clerk)
    assert client.post(f"/act/workplan.plan/{draft.pk}/submit/").status_code == 302
    assert not any(r.obj == draft for r in inbox.items(c.clerk))
    inbox.forget(c.leader.pk)
    assert inbox.count(c.leader) == before + 1  # now the 主任会议 (a leader) must adopt it


def test_other_congress_and_anonymous_see_nothing(plan_world):
    c = plan_world
    assert all(r.obj.congress_id == c.other.congress.pk for r in inbox.items(c.outsider_clerk))
    assert Client().get("/inbox/").status_code == 302
