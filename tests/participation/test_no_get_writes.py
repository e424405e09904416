"""No GET writes anywhere: every page of 联系群众 (participation) and of the portal, requested with GET by every
role of the cast and anonymously, leaves the row count of every table unchanged.

The world has opinions in every state, the portal's bills, comment periods and news, and one congress without
opinion categories (a congress created before categories existed, or whose categories were removed): the staff
categories page and the public submission page used to create the default categories on a GET.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from tests.portal.conftest import _clear_cache, portal_world  # noqa: F401 - fixtures used here
from tests.world_cache import row_counts

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 26, 10, tzinfo=dt.UTC)
ROLES = ["clerk", "leader", "committee", "member", "deputy", "unit_user", "other_unit_user", "admin", "outsider_clerk",
         "legal", None]
NAMESPACES = ("participation", "portal")


def _patterns(namespace: str) -> list[str]:
    """Every named URL of the namespace."""
    resolver = next(r for r in get_resolver().url_patterns
                    if isinstance(r, URLResolver) and r.namespace == namespace)
    names = []
    for p in resolver.url_patterns:
        assert isinstance(p, URLPattern), p
        names.append(f"{namespace}:{p.name}")
    return names


@pytest.fixture
def world(request):
    with time_machine.travel(NOW, tick=False):
        c = request.getfixturevalue("portal_world")
        request.getfixturevalue("po")
        from renda.participation import services
        from renda.participation.models import Category

        cats = c.cats = {x.name: x for x in Category.objects.filter(congress=c.congress)}

        def submit(text, **kw):
            op, _ = services.opinion_submit(congress=c.congress, category=cats["生态环境"], place="南湖区", text=text,
                                            name="张三", phone="13900001111", email="zhang@example.cn", **kw)
            return op

        submitted = submit("南湖河道发黑发臭，希望治理。")
        rejected = services.opinion_reject(actor=c.clerk, opinion=submit("与本会无关的事项。"), reason="不属于受理范围。")
        routed = services.opinion_route(actor=c.clerk, opinion=submit("学校周边交通拥堵。"), kind="unit",
                                        target_id=c.water.pk)
        handling = services.opinion_route(actor=c.clerk, opinion=submit("河道清淤不及时。"), kind="unit",
                                          target_id=c.water.pk)
        handling = services.opinion_reply(actor=c.unit_user, opinion=handling, text="已安排清淤，本月内完成。")
        replied = services.opinion_publish(actor=c.clerk, opinion=handling)
        closed = services.opinion_route(actor=c.clerk, opinion=submit("路灯不亮。"), kind="deputy",
                                        target_id=c.deputy_record.pk)
        closed = services.opinion_reply(actor=c.deputy, opinion=closed, text="已联系街道维修路灯，现已恢复。")
        closed = services.opinion_close(actor=c.clerk, opinion=services.opinion_publish(actor=c.clerk, opinion=closed))
        waiting = services.opinion_route(actor=c.clerk, opinion=submit("公园缺少座椅。"), kind="station",
                                         target_id=c.station.pk)
        waiting = services.opinion_reply(actor=c.deputy, opinion=waiting, text="联络站已向园林部门反映此事。")
        c.opinions = [submitted, rejected, routed, replied, closed, waiting]
        # The other congress has no opinion categories.
        Category.objects.filter(congress=c.other.congress).delete()
        yield c


def _urls(c) -> list[str]:
    from renda.portal.opendata import DATASETS

    codes = [c.congress.code, c.other.congress.code]
    per_code = {"code": codes}
    kwargs = {
        "participation:detail": [{"pk": op.pk} for op in c.opinions],
        "participation:act": [{"pk": c.opinions[0].pk, "action": a} for a in ("route", "accept", "reply")],
        "participation:public_submit": per_code, "participation:public_done": per_code,
        "participation:public_track": per_code,
        "portal:news_admin_detail": [{"pk": c.news.pk}, {"pk": c.news_draft.pk}],
        "portal:news_edit": [{"pk": c.news.pk}, {"pk": c.news_draft.pk}],
        "portal:news_delete": [{"pk": c.news_draft.pk}],
        "portal:news_transition": [{"pk": c.news_draft.pk, "action": "publish"}],
        "portal:home": per_code, "portal:news": per_code, "portal:regulations": per_code, "portal:drafts": per_code,
        "portal:deputies": per_code, "portal:stations": per_code, "portal:data": per_code,
        "portal:news_detail": [{"code": c.congress.code, "pk": c.news.pk}],
        "portal:regulation": [{"code": c.congress.code, "pk": c.regulation.pk}],
        "portal:regulation_compare": [{"code": c.congress.code, "pk": c.regulation.pk}],
        "portal:draft": [{"code": c.congress.code, "pk": c.period.pk}],
        "portal:draft_thanks": [{"code": c.congress.code, "pk": c.period.pk}],
        "portal:data_file": [{"code": code, "key": key, "fmt": fmt} for code in codes for key in DATASETS
                             for fmt in ("json", "csv")],
    }
    names = [n for ns in NAMESPACES for n in _patterns(ns)]
    assert set(kwargs) <= set(names), set(kwargs) - set(names)
    # A page with ids not listed above fails to reverse: a new page is requested here once its ids are listed.
    urls = []
    for namespace in NAMESPACES:
        for name in _patterns(namespace):
            spec = kwargs.get(name, [{}])
            if isinstance(spec, dict):  # {"code": [...]}: one address per value
                [(key, values)] = spec.items()
                spec = [{key: v} for v in values]
            urls += [reverse(name, kwargs=kw) for kw in spec]
    return urls


def test_no_get_writes(world):
    """Every role in turn on the one world (a GET writes nothing, so each role finds it as the last one left it).
    The tables are counted before and after each role's walk (counting all of them takes 70 ms on PostgreSQL);
    only when a count moved is the walk done again, counting after every page, to name the page that wrote."""
    c = world
    urls = _urls(c)
    assert len(urls) > 40
    for role in ROLES:
        client = Client()
        if role is not None:
            client.force_login(getattr(c, role))
        with time_machine.travel(NOW, tick=False):
            before = row_counts()
            for url in urls:
                response = client.get(url)
                assert response.status_code < 500, (role, url, response.status_code)
            after = row_counts()
            if after == before:
                continue
            moved = {t: (before[t], after[t]) for t in before if before[t] != after.get(t)}
            before = after
            for url in urls:  # which page wrote
                client.get(url)
                after = row_counts()
                changed = {t: (before[t], after[t]) for t in before if before[t] != after.get(t)}
                assert not changed, (role, url, changed)
            raise AssertionError((role, "a GET wrote (it did not write again when asked twice)", moved))
