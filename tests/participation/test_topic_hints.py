"""Hot issues feed the choice of supervision topics: the core registry's topic hints, the work-plan panel with its
prefilled item form, and the supervision overview (issue #5, item 7)."""

import html
import logging
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.http import urlencode

from renda.core import registry
from renda.participation import services
from renda.workplan import services as wp
from renda.workplan.models import Category

from .conftest import login

pytestmark = pytest.mark.django_db

PANEL = "来自社情民意的监督议题建议"
SUP_HEADING = "群众关注的热点（监督议题建议）"
WATER = "关于城区黑臭水体治理情况的监督议题建议"
ELDER = "关于社区老年助餐服务的监督议题建议"


@pytest.fixture
def hints(po):
    """Two suggestions in the first congress, one in the other; a plan of this year being drafted."""
    services.topic_suggest(actor=po.clerk, title=WATER, keywords=["黑臭水体", "河道"], category=po.cats["生态环境"],
                           rationale="近四周群众反映河道黑臭的意见明显增多，建议听取和审议市人民政府水环境治理专项工作报告。",
                           recent=12, previous=2)
    services.topic_suggest(actor=po.leader, title=ELDER, keywords=["老年助餐"], rationale="社区老年助餐点少。",
                           recent=4, previous=0)
    services.topic_suggest(actor=po.outsider_clerk, title="乙市的议题", keywords=["乙市"], rationale="乙市的理由。")
    po.year = timezone.localdate().year
    po.draft = wp.plan_create(actor=po.clerk, year=po.year)
    return po


def _titles(user, year):
    return [h.title for h in registry.topic_hints(user, year)]


def test_registry_gives_hints_to_staff_and_leadership_only(hints):
    c = hints
    for who in (c.clerk, c.leader, c.committee, c.admin):
        assert _titles(who, c.year) == [ELDER, WATER], who.role  # newest first, own congress only
    for who in (c.unit_user, c.deputy, c.member, AnonymousUser()):
        assert registry.topic_hints(who, c.year) == []
    assert _titles(c.outsider_clerk, c.year) == ["乙市的议题"]
    water = registry.topic_hints(c.clerk, c.year)[1]
    assert (water.recent_count, water.previous_count, water.keywords) == (12, 2, ("黑臭水体", "河道"))
    assert water.source_label == "社情民意" and water.url == "/participation/hot/"
    # committee staff may not open the hot-issues page (it shows every opinion): no link for them
    assert {h.url for h in registry.topic_hints(c.committee, c.year)} == {""}
    # suggestions count for their own year and the next one's plan, not for years long after
    assert _titles(c.clerk, c.year + 1) == [ELDER, WATER]
    assert registry.topic_hints(c.clerk, c.year + 3) == []


def test_a_failing_source_is_logged_and_skipped(hints, monkeypatch, caplog):
    def broken(user, year):
        raise RuntimeError("boom")

    monkeypatch.setattr(registry, "TOPIC_SOURCES", [("broken", broken), *registry.TOPIC_SOURCES])
    with caplog.at_level(logging.ERROR, logger="renda.core.registry"):
        assert _titles(hints.clerk, hints.year) == [ELDER, WATER]
    assert "topic source broken failed" in caplog.text


def test_plan_page_panel_and_prefilled_item_form_for_the_office_while_drafting(hints):
    c = hints
    clerk = login(c.clerk)
    page = clerk.get(f"/workplan/{c.draft.pk}/").content.decode()
    assert PANEL in page and WATER in page and ELDER in page
    assert "近期 12 件，此前 2 件" in page and "列入工作要点" in page
    links = [html.unescape(u) for u in re.findall(r'href="([^"]*/items/new/\?[^"]*)"', page)]
    assert len(links) == 2
    water_link = next(u for u in links if "%E9%BB%91%E8%87%AD" in u)  # 黑臭, url-encoded
    form = clerk.get(water_link).content.decode()
    assert f'value="{WATER}"' in form
    assert '<option value="special_report" selected>' in form  # the rationale names a 专项工作报告
    assert "来源：社情民意监督议题建议。近四周群众反映河道黑臭" in form
    assert 'data-testid="prefill-note"' in form
    # a committee's staff may look at the draft but do not add items: no panel; a unit does not see drafts
    assert PANEL not in login(c.committee).get(f"/workplan/{c.draft.pk}/").content.decode()
    assert login(c.unit_user).get(f"/workplan/{c.draft.pk}/").status_code == 404
    assert login(c.unit_user).get(water_link).status_code == 404


def test_no_panel_once_the_plan_is_adopted_or_without_hints(hints):
    c = hints
    city = c.city
    wp.item_create(actor=c.clerk, plan=c.draft, category=Category.RESEARCH, title="专题调研", vice_chair=city.vice_chairs[0],
                   lead_body=city.bodies["cjhb"], counterpart=city.units["市水务局"], planned_month=5)
    wp.plan_transition(actor=c.clerk, plan=c.draft, action="submit")
    wp.plan_transition(actor=c.leader, plan=c.draft, action="adopt")
    clerk = login(c.clerk)
    adopted = clerk.get(f"/workplan/{c.draft.pk}/").content.decode()
    assert "主任会议通过" in adopted and PANEL not in adopted
    # the other congress's draft plan: its office sees only its own single suggestion
    other = wp.plan_create(actor=c.outsider_clerk, year=c.year)
    page = login(c.outsider_clerk).get(f"/workplan/{other.pk}/").content.decode()
    assert PANEL in page and "乙市的议题" in page and WATER not in page
    # a plan years later: no hints, no panel
    later = wp.plan_create(actor=c.clerk, year=c.year + 3)
    assert PANEL not in clerk.get(f"/workplan/{later.pk}/").content.decode()


def test_prefill_parameters_are_validated_not_trusted(hints):
    c = hints
    clerk = login(c.clerk)
    base = f"/workplan/{c.draft.pk}/items/new/?"
    evil = "<script>alert(1)</script>\x1b\x07" + "长" * 300
    page = clerk.get(base + urlencode({"title": evil, "category": "appointment",
                                       "description": "<img src=x onerror=alert(2)>" + "述" * 3000})).content.decode()
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "&lt;img src=x onerror=alert(2)&gt;" in page
    title = re.search(r'name="title" value="([^"]*)"', page).group(1)
    assert len(html.unescape(title)) == 200 and not {"\x1b", "\x07"} & set(html.unescape(title))
    assert "述" * 1000 not in page and "述" * 900 in page  # cut to 1,000 characters
    assert 'value="appointment" selected' not in page  # not a supervision category: ignored
    assert 'value="enforcement" selected' in clerk.get(base + "category=enforcement").content.decode()
    # nothing is saved by prefilling; an empty query string gives the plain form
    assert c.draft.items.count() == 0
    assert 'data-testid="prefill-note"' not in clerk.get(base).content.decode()
    assert clerk.get(base + "title=%00").status_code == 400  # a NUL is refused up front (InputSanityMiddleware)


def test_supervision_overview_lists_the_hints_for_staff(hints):
    c = hints
    page = login(c.clerk).get("/supervision/").content.decode()
    assert SUP_HEADING in page and WATER in page and ELDER in page and "/participation/hot/" in page
    committee = login(c.committee).get("/supervision/").content.decode()
    assert SUP_HEADING in committee and WATER in committee and "/participation/hot/" not in committee
    for who in (c.unit_user, c.member, c.deputy):
        r = login(who).get("/supervision/")
        assert SUP_HEADING not in r.content.decode() and WATER not in r.content.decode(), who.role
    assert SUP_HEADING not in login(c.clerk).get(f"/supervision/?year={c.year + 3}").content.decode()
