"""The law book's part of the demo city loads through the services on the cast's city (the whole demo: test_demo.py)."""

import datetime as dt

import pytest
import time_machine

from renda.demo.clock import loading_on
from renda.demo.registry import DemoContext
from renda.lawbook import demo, services
from renda.lawbook.models import CampaignStatus, CleanupCampaign, PackageStatus, Regulation, ReviewFinding

pytestmark = pytest.mark.django_db


@time_machine.travel("2026-11-26 10:00 +0800", tick=False)
def test_the_demo_law_book(cast):
    ctx = DemoContext(city=cast.city, county=cast.other, users={"bangongting": cast.clerk}, plan=None,
                      today=dt.date(2026, 11, 26), say=lambda s: None)
    with loading_on(dt.date(2026, 11, 26)):
        demo.load(ctx)
    regs = Regulation.objects.filter(congress=cast.congress)
    assert regs.filter(kind="local").count() >= 6
    water = regs.get(title="XX市城市供水用水条例")
    texts = [services.text_at(water, d).text for d in (dt.date(2020, 1, 1), dt.date(2022, 9, 1), dt.date(2026, 12, 1))]
    assert "千分之三" in texts[0] and "千分之一" in texts[1] and "综合执法" in texts[2] and "综合执法" not in texts[1]
    pkg = cast.congress.packageamendment_set.get()
    assert pkg.status == PackageStatus.APPLIED and pkg.events.count() == 3
    campaign = CleanupCampaign.objects.get(congress=cast.congress)
    assert campaign.status == CampaignStatus.REVIEWING and campaign.items.exclude(decision="").count() == 2
    assert ReviewFinding.objects.filter(document=ctx.extra["lawbook_filing"]).count() >= 1


@time_machine.travel("2026-11-26 10:00 +0800", tick=False)
def test_the_demo_package_bill_links_the_three_regulations_it_amends(cast):
    from renda.legislation import amendment
    from renda.legislation.models import Bill, Stage

    ctx = DemoContext(city=cast.city, county=cast.other, users={"bangongting": cast.clerk}, plan=None,
                      today=dt.date(2026, 11, 26), say=lambda s: None)
    with loading_on(dt.date(2026, 11, 26)):
        demo.load(ctx)
    bill = Bill.objects.get(congress=cast.congress, kind="amend")
    assert sorted(bill.regulation_titles) == sorted(demo.CLEANUP_BILL_REGULATIONS)
    assert bill.display_title.startswith("关于修改《") and "等三件地方性法规的决定" in bill.display_title
    plan = amendment.amended_texts(bill, bill.versions.get(stage=Stage.DRAFT))
    assert plan.ok and len(plan.rows) == 3
