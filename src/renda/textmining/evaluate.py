"""Evaluation on the committed labelled set and on generated comments.

The evaluation set ``data/eval_suggestions.jsonl`` is
``generate_suggestions(EVAL_SIZE, EVAL_SEED)`` written with
``suggestions_to_jsonl``; a test checks that regenerating it gives the same
bytes. Parameters (the duplicate threshold) are tuned on a *development* set
generated with ``DEV_SEED``, never on the evaluation set.

Definitions
-----------
Routing: the suggestions are split by duplicate group (``split_by_group``),
so that near-duplicates and paraphrases of a test suggestion are never in
the training part. Top-1 accuracy = the lead unit (主办) is ranked first;
top-3 = it is among the first three. The baseline always proposes the unit
most frequent in the training part.

Duplicates (并案): every suggestion is queried against an index of all the
others; a pair is *predicted* when its cosine similarity is ≥ the threshold,
and *true* when both suggestions belong to the same group. Precision and
recall are over unordered pairs.

Campaigns: see ``evaluate_campaigns``.
"""

from __future__ import annotations

import json
import random
import time
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from importlib import resources
from itertools import combinations

import numpy as np

from .routing import UnitRouter
from .similar import DUPLICATE_THRESHOLD, SimilarIndex
from .synth import Suggestion, generate_suggestions, suggestions_to_jsonl

__all__ = [
    "DEV_SEED",
    "EVAL_SEED",
    "EVAL_SIZE",
    "evaluate_campaigns",
    "evaluate_duplicates",
    "evaluate_routing",
    "load_eval_suggestions",
    "regenerate_eval_suggestions",
    "split_by_group",
]

EVAL_SEED = 20250301
EVAL_SIZE = 3000
DEV_SEED = 7
EVAL_FILE = "eval_suggestions.jsonl"


def load_eval_suggestions() -> list[Suggestion]:
    """The committed labelled evaluation set."""
    text = resources.files(__package__).joinpath("data", EVAL_FILE).read_text(encoding="utf-8")
    return [Suggestion.from_dict(json.loads(line)) for line in text.splitlines() if line.strip()]


def regenerate_eval_suggestions() -> str:
    """The exact text of ``data/eval_suggestions.jsonl``."""
    return suggestions_to_jsonl(generate_suggestions(EVAL_SIZE, seed=EVAL_SEED))


def split_by_group(
    records: Sequence[Suggestion], test_fraction: float = 0.25, seed: int = 0
) -> tuple[list[Suggestion], list[Suggestion]]:
    """Train/test split in which all suggestions of a duplicate group fall on the same side."""
    groups = sorted({r.group for r in records})
    random.Random(seed).shuffle(groups)
    test_groups = set(groups[: round(len(groups) * test_fraction)])
    train = [r for r in records if r.group not in test_groups]
    test = [r for r in records if r.group in test_groups]
    return train, test


def evaluate_routing(
    records: Sequence[Suggestion] | None = None,
    *,
    model: str = "cnb",
    seed: int = 0,
    router: UnitRouter | None = None,
) -> dict:
    """Top-1/top-3 accuracy of ``UnitRouter`` on a group-wise split (see the module docstring)."""
    records = load_eval_suggestions() if records is None else records
    train, test = split_by_group(records, seed=seed)
    router = router or UnitRouter(model=model)
    started = time.perf_counter()
    router.fit([r.full_text for r in train], [r.units for r in train])
    fit_seconds = time.perf_counter() - started
    ranked = router.rank_many([r.full_text for r in test], k=3)
    truth = [r.unit for r in test]
    top1 = float(np.mean([rk[0][0] == t for rk, t in zip(ranked, truth, strict=True)]))
    top3 = float(np.mean([t in [u for u, _ in rk] for rk, t in zip(ranked, truth, strict=True)]))
    majority = Counter(r.unit for r in train).most_common(1)[0][0]
    baseline = float(np.mean([t == majority for t in truth]))
    return {
        "model": router.model,
        "train": len(train),
        "test": len(test),
        "top1": top1,
        "top3": top3,
        "baseline_top1": baseline,
        "fit_seconds": fit_seconds,
    }


def _true_pairs(records: Sequence[Suggestion]) -> set[tuple[str, str]]:
    by_group: dict[int, list[str]] = {}
    for r in records:
        by_group.setdefault(r.group, []).append(r.id)
    return {tuple(sorted(p)) for ids in by_group.values() for p in combinations(ids, 2)}


def evaluate_duplicates(
    records: Sequence[Suggestion] | None = None,
    *,
    thresholds: Iterable[float] = (DUPLICATE_THRESHOLD,),
    k: int = 20,
    index: SimilarIndex | None = None,
) -> dict[float, dict]:
    """Pairwise precision/recall of near-duplicate detection for each threshold."""
    records = load_eval_suggestions() if records is None else records
    index = index or SimilarIndex.build((r.id, r.full_text) for r in records)
    thresholds = sorted(thresholds)
    scored: dict[tuple[str, str], float] = {}
    for r in records:
        for other, score in index.neighbors(r.id, k, min_score=thresholds[0]):
            pair = tuple(sorted((r.id, other)))
            scored[pair] = max(scored.get(pair, 0.0), score)
    truth = _true_pairs(records)
    out = {}
    for t in thresholds:
        predicted = {p for p, s in scored.items() if s >= t}
        hits = len(predicted & truth)
        precision = hits / len(predicted) if predicted else 1.0
        recall = hits / len(truth) if truth else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out[t] = {"precision": precision, "recall": recall, "f1": f1, "predicted_pairs": len(predicted),
                  "true_pairs": len(truth)}
    return out


def evaluate_campaigns(result: Mapping, truth: Mapping[Hashable, int | None]) -> dict:
    """Precision and recall of the campaigns flagged by ``analyze_comments``.

    ``truth`` maps each comment id to its planted campaign id (None for
    organic comments). Each flagged cluster is matched to the majority
    label of its members.

    * cluster precision: flagged clusters whose majority label is a planted
      campaign / flagged clusters;
    * campaign recall: planted campaigns matched by a flagged cluster that
      holds at least half of their copies / planted campaigns;
    * member precision: comments of flagged clusters that carry their
      cluster's (planted) majority label / comments in flagged clusters;
    * member recall: copies of planted campaigns that sit in a flagged
      cluster matched to their campaign / copies of planted campaigns.
    """
    planted = Counter(c for c in truth.values() if c is not None)
    flagged = [c for c in result["clusters"] if c["campaign"]]
    good_clusters = 0
    member_hits = 0
    member_total = 0
    covered: Counter = Counter()
    for cluster in flagged:
        labels = Counter(truth.get(i) for i in cluster["ids"])
        majority, count = labels.most_common(1)[0]
        member_total += cluster["size"]
        if majority is not None:
            good_clusters += 1
            member_hits += count
            covered[majority] += count
    found = sum(1 for c, size in planted.items() if covered[c] >= 0.5 * size)
    planted_total = sum(planted.values())
    return {
        "planted_campaigns": len(planted),
        "flagged_clusters": len(flagged),
        "cluster_precision": good_clusters / len(flagged) if flagged else 1.0,
        "campaign_recall": found / len(planted) if planted else 1.0,
        "member_precision": member_hits / member_total if member_total else 1.0,
        "member_recall": sum(covered.values()) / planted_total if planted_total else 1.0,
    }
