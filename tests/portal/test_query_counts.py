"""The public pages run a number of queries that does not grow with the data."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from renda.portal import services

pytestmark = pytest.mark.django_db

PAGES = ["portal:home", "portal:news", "portal:drafts", "portal:regulations", "portal:deputies", "portal:stations"]


def _counts(c):
    client = Client()
    out = {}
    for name in PAGES:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse(name, kwargs={"code": c.congress.code})).status_code == 200
        out[name] = len(ctx.captured_queries)
    for key in ("news", "deputies", "stations", "comment-periods"):
        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse("portal:data_file", kwargs={"code": c.congress.code, "key": key, "fmt": "json"}))
        out[key] = len(ctx.captured_queries)
    return out


def test_query_counts_do_not_grow(portal_world):
    from renda.deputies.models import Station

    c = portal_world
    before = _counts(c)
    for i in range(8):
        a = services.news_create(actor=c.clerk, title=f"新闻稿件{i}", category="committee", body="正文内容。" * 10)
        services.news_transition(actor=c.clerk, article=a, action="publish")
    for i in range(3):
        s = Station.objects.create(congress=c.congress, name=f"联络站{i}", address=f"路{i}号")
        s.deputies.add(*c.city.deputies[i:i + 3])
    assert _counts(c) == before
