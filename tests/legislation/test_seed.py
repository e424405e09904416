"""The volume generator fills every stage for every congress, with comments on real eIds."""

import datetime as dt

import pytest

from renda.core.seeding import Scale, SeedContext
from renda.legislation.models import Bill, BillComment, BillVersion, CommentPeriod, LegislativePlan
from renda.legislation.seed import generate
from renda.statutes import parse_text

pytestmark = pytest.mark.django_db


def test_seed_generator(cast):
    scale = Scale("test", "city", 11, 3, 3, 20, others=1, other_members=9, other_units=1, plan_years=2,
                  main_items_per_plan=5, other_items_per_plan=2, public_comments=400)
    ctx = SeedContext(scale=scale, main=cast.city, others=[cast.other], current_year=2026)
    report = generate(ctx)
    assert report["plans"] == 4 and report["bills"] == 2 * 8 + 2 * 2
    main = Bill.objects.filter(congress=cast.congress)
    assert main.count() == 16 and main.values("status").distinct().count() >= 8
    assert LegislativePlan.objects.filter(congress=cast.other.congress).count() == 2
    version = BillVersion.objects.filter(congress=cast.congress, stage="final").first()
    assert len(parse_text(version.text).articles()) == version.article_count >= 18
    comments = BillComment.objects.filter(congress=cast.congress)
    assert 300 <= comments.count() <= 400
    sample = comments.exclude(eid="").first()
    assert parse_text(sample.version.text).find(sample.eid) is not None
    assert CommentPeriod.objects.filter(congress=cast.congress, status="open").exists()
    assert Bill.objects.filter(congress=cast.congress, year=2025).exclude(
        status__in=["filed", "shelved", "withdrawn", "not_listed"]).count() == 0
    assert all(b.submitted_on <= dt.date(2026, 12, 31) for b in main)
