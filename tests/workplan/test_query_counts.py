"""The list and the dashboard run a fixed number of queries whatever the volume."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from renda.workplan.models import WorkPlanItem

pytestmark = pytest.mark.django_db


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        resp = client.get(url)
    assert resp.status_code == 200
    return len(ctx.captured_queries)


def add_items(cast, n):
    items = [
        WorkPlanItem(congress=cast.congress, plan=cast.plan, number=1000 + i, category="research",
                     title=f"调研{i}", vice_chair=cast.city.vice_chairs[i % 3], lead_body=cast.city.bodies["cjw"],
                     counterpart=cast.city.units["市财政局"], planned_month=1 + i % 12, status="in_progress")
        for i in range(n)
    ]
    WorkPlanItem.objects.bulk_create(items)


@pytest.mark.parametrize("name", ["workplan:plan", "workplan:dashboard"])
def test_query_count_does_not_grow_with_items(plan_world, name):
    c = plan_world
    client = Client()
    client.force_login(c.clerk)
    url = reverse(name, args=[c.plan.pk])
    small = count_queries(client, url)
    add_items(c, 200)
    large = count_queries(client, url)
    assert large == small, (small, large)
    assert large <= 20


def test_api_list_query_count_is_bounded(plan_world):
    c = plan_world
    client = Client()
    client.force_login(c.clerk)
    url = f"/api/v1/workplan/plans/{c.plan.pk}/items"
    small = count_queries(client, url)
    add_items(c, 120)
    assert count_queries(client, url) == small
