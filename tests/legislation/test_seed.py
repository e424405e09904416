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
    assert 400 <= comments.count() <= 600
    big = CommentPeriod.objects.get(congress=cast.congress, status="open")
    assert BillComment.objects.filter(version=big.version_id).count() == 400  # the scale's public comments
    sample = comments.exclude(eid="").first()
    assert parse_text(sample.version.text).find(sample.eid) is not None
    assert CommentPeriod.objects.filter(congress=cast.congress, status="open").exists()
    assert Bill.objects.filter(congress=cast.congress, year=2025).exclude(
        status__in=["filed", "shelved", "withdrawn", "not_listed"]).count() == 0
    assert all(b.submitted_on <= dt.date(2026, 12, 31) for b in main)


def test_seeded_comments_carry_planted_campaigns_the_analysis_finds(cast):
    """The i-th comment (by pk) of the open draft is generate_comments(n, seed)[i]: its planted campaign is the
    truth the benchmark measures precision and recall against."""
    from renda.legislation import analysis as glue
    from renda.legislation.seed import COMMENTS_SEED
    from renda.textmining import analyze_comments, evaluate_campaigns, generate_comments

    scale = Scale("test", "city", 11, 3, 3, 20, others=0, other_members=9, other_units=1, plan_years=1,
                  main_items_per_plan=5, other_items_per_plan=2, public_comments=3000)
    generate(SeedContext(scale=scale, main=cast.city, others=[], current_year=2026))
    version = CommentPeriod.objects.get(congress=cast.congress, status="open").version
    pks = list(BillComment.objects.filter(version=version).order_by("pk").values_list("pk", flat=True))
    synth = generate_comments(3000, seed=COMMENTS_SEED)
    assert len(pks) == len(synth) == 3000
    truth = {pk: s.campaign for pk, s in zip(pks, synth, strict=True)}
    assert len({c for c in truth.values() if c}) >= 2
    result = analyze_comments(list(glue.comment_rows(version)))
    scores = evaluate_campaigns(result, truth)
    assert scores["cluster_precision"] >= 0.95 and scores["campaign_recall"] >= 0.95
    assert result["totals"]["participants"] < 3000  # repeat submissions share a participant
