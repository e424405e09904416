"""Global search: Chinese words found by the database's own full text, ranked, and never what the user may not see."""

import pytest
from django.test import Client
from tests.conftest import login

from renda.core import search
from renda.core.models import SearchEntry
from renda.workplan import services as wp

pytestmark = pytest.mark.django_db




def test_a_saved_record_is_found_by_its_chinese_words(plan_world):
    c = plan_world
    hits = search.search(c.clerk, "水环境")
    assert [h.title for h in hits][:1] == ["督办《关于综合治理水环境的议案》"]
    assert search.search(c.clerk, "均衡发展")[0].title == "义务教育均衡发展专题调研"
    assert search.search(c.clerk, "义务教育 水环境") == []  # every word must match
    assert search.search(c.clerk, "，。！") == [] and search.search(c.clerk, "") == []


def test_changes_and_deletions_follow(plan_world):
    c = plan_world
    c.item_school.title = "学前教育普惠发展专题调研"
    c.item_school.save()
    assert search.search(c.clerk, "均衡发展") == []
    assert search.search(c.clerk, "普惠")[0].url.endswith(f"/workplan/items/{c.item_school.pk}/")
    pk = c.item_school.pk
    c.item_school.delete()
    assert not SearchEntry.objects.filter(kind="workplan.item", object_id=pk).exists()


def test_only_what_the_user_may_see(plan_world):
    c = plan_world
    draft = wp.plan_create(actor=c.clerk, year=2027)
    wp.item_create(actor=c.clerk, plan=draft, category="research", title="海绵城市建设绩效评估", vice_chair=c.city.vice_chairs[0],
                   lead_body=c.city.bodies["cjhb"], counterpart=c.city.units["市水务局"], planned_month=3)
    assert search.search(c.clerk, "海绵城市")  # the office sees the draft plan's item
    assert search.search(c.deputy, "海绵城市") == []  # a deputy sees issued plans only
    assert search.search(c.outsider_clerk, "水环境") == []  # another congress: nothing
    assert search.search(c.outsider_clerk, "乙市调研")  # … but its own


def test_the_page_and_header_box(plan_world):
    c = plan_world
    client = login(c.committee)
    assert 'role="search"' in client.get("/").content.decode()
    page = client.get("/search/", {"q": "水环境", "kind": "workplan.item", "year": "2026"}).content.decode()
    assert 'data-count="1"' in page and "督办《关于综合治理水环境的议案》" in page
    assert client.get("/search/", {"q": "水环境", "year": "99999999999999"}).status_code == 200
    assert Client().get("/search/", {"q": "水环境"}).status_code == 302


def test_reindex_rebuilds_everything(plan_world):
    SearchEntry.objects.all().delete()
    assert search.reindex() >= 5
    assert search.search(plan_world.clerk, "水环境")
