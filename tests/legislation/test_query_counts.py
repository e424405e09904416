"""The list pages and API lists run a fixed number of queries whatever the volume."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from renda.legislation.models import Bill, BillReading, BillVersion

from .conftest import DRAFT

pytestmark = pytest.mark.django_db


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        resp = client.get(url)
    assert resp.status_code == 200, url
    return len(ctx.captured_queries)


def add_bills(c, n, start=100):
    bills = Bill.objects.bulk_create([
        Bill(congress=c.congress, year=2025, number=start + i, title=f"甲市第{i}条例", proposer_kind="government",
             proposer_org=c.city.organs["gov"], submitted_on=dt.date(2025, 3, 1), subject_area="基层治理",
             lead_committee=c.city.bodies["cjhb"], status="in_deliberation")
        for i in range(n)
    ])
    versions = BillVersion.objects.bulk_create([
        BillVersion(congress=c.congress, bill=b, stage="draft", title=b.title, text=DRAFT, published=True)
        for b in bills])
    BillReading.objects.bulk_create([
        BillReading(congress=c.congress, bill=b, number=1, held_on=dt.date(2025, 4, 1), meeting="会议", version=v)
        for b, v in zip(bills, versions, strict=True)])
    Bill.concerned_units.through.objects.bulk_create([
        Bill.concerned_units.through(bill_id=b.pk, organization_id=c.city.units["市水务局"].pk) for b in bills])


@pytest.mark.parametrize("role", ["clerk", "deputy", "unit_user"])
def test_list_query_count_does_not_grow_with_bills(leg_world, role):
    c = leg_world
    client = Client()
    client.force_login(getattr(c, role))
    urls = (reverse("legislation:index"), "/api/v1/legislation/bills")
    add_bills(c, 1, start=1)  # every role sees at least one bill
    small = [count_queries(client, url) for url in urls]
    add_bills(c, 25)
    large = [count_queries(client, url) for url in urls]
    assert large == small, (role, small, large)
    assert max(large) <= 20


def test_comments_page_query_count_is_bounded(leg_world):
    from renda.legislation.models import BillComment, Stage

    c = leg_world
    bill = c.advance(c.bill, "commented")
    draft = bill.versions.get(stage=Stage.DRAFT)
    client = Client()
    client.force_login(c.clerk)
    url = reverse("legislation:comments", args=[draft.pk]) + "?article=chp_1__art_3"
    small = count_queries(client, url)
    BillComment.objects.bulk_create([
        BillComment(congress=c.congress, bill=bill, version=draft, eid="chp_1__art_3", article_eid="chp_1__art_3",
                    text=f"意见{i}", source="public", submitted_at=dt.datetime(2026, 3, 25, tzinfo=dt.UTC))
        for i in range(150)])
    assert count_queries(client, url) == small
