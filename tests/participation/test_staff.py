"""Staff pages: inbox filters, home panels, categories, hot issues and topic suggestions; the demo city."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from renda.core.models import AuditEvent
from renda.participation import selectors, services
from renda.participation.models import Category, Opinion, Status, TopicSuggestion

from .conftest import login

pytestmark = pytest.mark.django_db


def _op(po, text="河道黑臭", cat="生态环境", place="南湖区青石街道", days_ago=0):
    at = timezone.now() - dt.timedelta(days=days_ago)
    op, _ = services.opinion_submit(congress=po.congress, category=po.cats[cat], place=place, text=text,
                                    submitted_at=at)
    return op


def test_inbox_filters_and_overdue(po):
    old = _op(po, "很久以前的意见", days_ago=30)  # triage deadline long past
    new = _op(po, "教育的新意见", cat="教育", place="北山区")
    routed = services.opinion_route(actor=po.clerk, opinion=_op(po, "已分办的意见"), kind="unit",
                                    target_id=po.water.pk)
    clerk = login(po.clerk)

    def codes(query):
        html = clerk.get(f"/participation/?{query}").content.decode()
        return {op.code_display for op in (old, new, routed) if op.code_display in html}

    assert codes("") == {old.code_display, new.code_display, routed.code_display}
    assert codes("status=submitted") == {old.code_display, new.code_display}
    assert codes("status=routed") == {routed.code_display}
    assert codes(f"category={po.cats['教育'].pk}") == {new.code_display}
    assert codes("place=北山") == {new.code_display}
    assert codes("overdue=1") == {old.code_display}
    assert codes("q=已分办") == {routed.code_display}
    assert codes("status=bogus&category=x&page=abc") == {old.code_display, new.code_display, routed.code_display}
    htmx = clerk.get("/participation/?status=routed", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in htmx and routed.code_display in htmx


def test_home_panels(po):
    _op(po, days_ago=30)
    op = services.opinion_route(actor=po.clerk, opinion=_op(po), kind="unit", target_id=po.water.pk)
    panel = selectors.home_panel(po.clerk)
    assert panel["new"] == 1 and panel["triage_late"] == 1 and panel["review"] == 0
    unit_panel = selectors.home_panel(po.unit_user)
    assert unit_panel["open"] == 1 and unit_panel["nearest"][0].pk == op.pk
    assert selectors.home_panel(po.other_unit_user) is None
    assert selectors.home_panel(po.member) is None
    assert "社情民意" in login(po.clerk).get("/").content.decode()
    assert "社情民意" in login(po.unit_user).get("/").content.decode()


def test_categories_are_managed_by_the_office_and_audited(po):
    clerk = login(po.clerk)
    assert clerk.get("/participation/categories/").status_code == 200
    clerk.post("/participation/categories/", {"name": "养老"})
    assert Category.objects.filter(congress=po.congress, name="养老").exists()
    clerk.post("/participation/categories/", {"name": "养老"})  # duplicate: an error message, not a 500
    assert Category.objects.filter(congress=po.congress, name="养老").count() == 1
    cat = po.cats["其他"]
    clerk.post("/participation/categories/", {"id": cat.pk, "name": "其他事项", "active": ""})
    cat.refresh_from_db()
    assert cat.name == "其他事项" and not cat.active
    assert ">其他事项<" not in Client().get(f"/participation/public/{po.congress.code}/submit/").content.decode()
    assert AuditEvent.objects.filter(object_type="participation.category", action="update").exists()
    assert login(po.unit_user).get("/participation/categories/").status_code == 403
    assert login(po.leader).post("/participation/categories/", {"name": "x"}).status_code == 403
    # another congress's categories are untouched and separate
    assert not Category.objects.filter(congress=po.other.congress, name="养老").exists()


def test_hot_issues_page_and_topic_suggestion(po):
    from renda.legislation.models import BillComment  # noqa: F401 (the page reads legislative comments too)

    for i in range(6):
        _op(po, f"南湖河道黑臭水体问题严重第{i}处", days_ago=i)
    for i in range(2):
        _op(po, f"小区停车难第{i}处", cat="交通", place="北山区", days_ago=35 + i)
    _op(po, "黑臭水体", days_ago=40)
    data = selectors.hot_issues(po.clerk)
    words = [t.word for t in data["topics"]]
    assert "黑臭水体" in words
    assert data["chart"]["places"]["names"][0] == "南湖区"
    assert sum(sum(s["data"]) for s in data["chart"]["series"]) == 9
    clerk = login(po.clerk)
    html = clerk.get("/participation/hot/").content.decode()
    assert 'id="hot-data"' in html and "hot.js" in html and "<script>" not in html.split('id="hot-data"')[0][-200:]
    assert "黑臭水体" in html and "作为监督议题建议" in html
    topic = next(t for t in data["topics"] if t.word == "黑臭水体")
    r = clerk.post("/participation/hot/suggest/", {"word": "黑臭水体", "recent": topic.recent,
                                                   "previous": topic.previous, "weeks": 4, "category": "生态环境"})
    assert r.status_code == 302
    s = TopicSuggestion.objects.get(congress=po.congress)
    assert "黑臭水体" in s.title and s.category == po.cats["生态环境"] and s.recent_count == topic.recent
    assert [x.pk for x in selectors.topic_suggestions(po.congress)] == [s.pk]
    assert selectors.topic_suggestions(po.other.congress) == []
    clerk.post("/participation/hot/suggest/", {"word": "黑臭水体"})  # twice: refused politely
    assert TopicSuggestion.objects.count() == 1
    assert "已建议" in clerk.get("/participation/hot/").content.decode()
    assert login(po.leader).get("/participation/hot/").status_code == 200
    # the words and examples come from every opinion: not for those who may not read every opinion
    for who in (po.member, po.committee, po.unit_user, po.deputy):
        assert login(who).get("/participation/hot/").status_code == 403
        assert login(who).post("/participation/hot/suggest/", {"word": "x"}).status_code == 403
    assert login(po.member).get("/participation/").status_code == 403
    assert clerk.get("/participation/hot/?weeks=abc").status_code == 200


def test_repeated_steps_are_harmless(po):
    op = _op(po)
    op = services.opinion_route(actor=po.clerk, opinion=op, kind="unit", target_id=po.water.pk)
    services.opinion_accept(actor=po.unit_user, opinion=op)
    again = services.opinion_accept(actor=po.unit_user, opinion=op)  # a double click
    assert again.status == Status.HANDLING
    assert AuditEvent.objects.filter(object_id=str(op.pk), object_type="participation.opinion",
                                     to_state="handling").count() == 1




def test_seed_generator_fills_main_and_other_congresses(po):
    from dataclasses import replace

    from renda.core.seeding import SCALES, SeedContext
    from renda.participation.seed import generate

    ctx = SeedContext(scale=replace(SCALES["city"], suggestions=120), main=po.city, others=[po.other])
    report = generate(ctx)
    assert report == {"opinions": 132}
    qs = Opinion.objects.filter(congress=po.congress)
    assert qs.count() == 120 and qs.values("code").distinct().count() == 120
    assert {"submitted", "closed"} <= set(qs.values_list("status", flat=True))
    assert not qs.exclude(phone="").exists()  # no contact data in volume data
    assert Opinion.objects.filter(congress=po.other.congress).count() == 12
    # routed rows point at units of their own congress
    assert not qs.exclude(handler__isnull=True).exclude(handler__congress=po.congress).exists()
