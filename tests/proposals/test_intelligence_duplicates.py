"""并案 candidates (`intelligence.likely_duplicates`) come from the duplicate model, measured through the proposals path.

The labelled suggestions are stored as Proposal rows of one congress and year (with their delegations), every item
is asked for its duplicates the way the pages ask, and the pairs found are scored against the labels (pairwise
precision and recall, computed here from the data).
"""

import datetime as dt
from itertools import combinations

import pytest

from renda.core.models import Term
from renda.deputies.models import Delegation
from renda.proposals import intelligence
from renda.proposals.models import Proposal, Status
from renda.textmining.dupset import DUPSET_TEST_SEED, generate_duplicate_set

pytestmark = pytest.mark.django_db
HELD_OUT_SAMPLE = 1000  # generated from the held-out seed (never used for fitting); 1,000 keeps the test fast


def _store(congress, records, year=2026):
    term = Term.objects.filter(congress=congress).first()
    names = sorted({r.delegation for r in records if r.delegation})
    delegations = {n: Delegation.objects.get_or_create(congress=congress, term=term, name=f"评测{n}"[:60])[0]
                   for n in names}
    Proposal.objects.bulk_create([
        Proposal(congress=congress, year=year, number=f"评测{k:05d}", title=r.title, content=r.text,
                 delegation=delegations.get(r.delegation), received_on=dt.date(year, 1, 20), status=Status.SUBMITTED)
        for k, r in enumerate(records)])
    return {p.pk: r.group for p, r in zip(Proposal.objects.filter(number__startswith="评测").order_by("number"),
                                          records, strict=True)}


def _scores(group_of: dict[int, int]) -> dict:
    by_group: dict[int, list[int]] = {}
    for pk, g in group_of.items():
        by_group.setdefault(g, []).append(pk)
    truth = {frozenset(pair) for pks in by_group.values() for pair in combinations(pks, 2)}
    found = set()
    for p in Proposal.objects.filter(pk__in=group_of).order_by("pk"):
        dups = intelligence.likely_duplicates(p)
        assert p not in [q for q, _ in dups]
        assert [s for _, s in dups] == sorted((s for _, s in dups), reverse=True)
        found |= {frozenset((p.pk, q.pk)) for q, _ in dups}
    hits = len(found & truth)
    return {"precision": hits / max(1, len(found)), "recall": hits / max(1, len(truth)), "found": len(found),
            "true": len(truth)}


def test_held_out_duplicates_through_the_proposals_path(cast):
    intelligence.forget()
    group_of = _store(cast.congress, generate_duplicate_set(HELD_OUT_SAMPLE, DUPSET_TEST_SEED))
    result = _scores(group_of)
    assert result["true"] > 300  # the sample really has duplicate groups to find
    assert result["precision"] >= 0.95 and result["recall"] >= 0.95, result
    intelligence.forget()


def test_merge_candidates_and_the_similar_list_agree_and_follow_changes(cast):
    intelligence.forget()
    records = generate_duplicate_set(200, DUPSET_TEST_SEED)
    group_of = _store(cast.congress, records)
    by_group: dict[int, list[int]] = {}
    for pk, g in group_of.items():
        by_group.setdefault(g, []).append(pk)
    a, b = next(pks for pks in by_group.values() if len(pks) >= 2)[:2]
    p = Proposal.objects.get(pk=a)
    assert b in [q.pk for q, _ in intelligence.likely_duplicates(p)]
    flagged = {q.pk for q, _ in intelligence.similar(p, k=10) if q.likely_duplicate}
    assert flagged and flagged <= {q.pk for q, _ in intelligence.likely_duplicates(p)}
    # Another year's items are never proposed; a withdrawn item drops out once the year's model is rebuilt.
    Proposal.objects.filter(pk=b).update(year=2025)
    assert b not in [q.pk for q, _ in intelligence.likely_duplicates(p)]
    Proposal.objects.filter(pk=b).update(year=2026, status=Status.WITHDRAWN)
    assert b not in [q.pk for q, _ in intelligence.likely_duplicates(p)]
    Proposal.objects.filter(pk=b).update(status=Status.SUBMITTED)
    assert b in [q.pk for q, _ in intelligence.likely_duplicates(p)]
    intelligence.forget()
