"""Analysis of the public comments received on a draft regulation.

``analyze_comments(rows)`` groups near-duplicate comments (MinHash over
character 3-shingles, LSH, verified pairs joined transitively) and flags the
clusters that look like mass campaigns; duplicates are *collapsed, never
dropped*: every input comment is either in exactly one cluster (whose ``ids``
list it) or counted as a singleton, so ``sum(cluster sizes) + singletons ==
comments``. It also counts comments and participants per provision, finds
keywords and representative comments per provision (on the collapsed view:
a cluster counts once, so a campaign cannot drown out everyone else), and
builds a per-day timeline.

A cluster is flagged ``campaign`` when it has at least ``min_campaign_size``
members, its representative text has at least ``min_campaign_chars`` letters
or digits (thousands of people writing "同意。" is not a campaign), and it is
cohesive: the median estimated Jaccard similarity of its members to the
representative is at least ``threshold`` (copies of one text, not a chain of
loosely related comments).
"""

from __future__ import annotations

import inspect
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from typing import Any, NamedTuple

import numpy as np

from .minhash import (
    DEFAULT_NUM_PERM,
    DEFAULT_SEED,
    cluster_signatures,
    estimated_jaccard,
    lsh_params,
    signatures,
)
from .normalize import canonical_text
from .words import keyword_score, keywords_from_tokens, segment

__all__ = ["Comment", "analyze_comments", "parse_day", "provision_label", "provision_sort_key"]

Progress = Callable[[int, int], None]


class Comment(NamedTuple):
    """One public comment. ``provision`` is "" for the draft as a whole."""

    id: Any
    provision: str
    text: str
    submitted_at: str = ""
    participant: str = ""


def _columns(rows: Iterable[Any]) -> tuple[list, list[str], list[str], list[str], list[str]]:
    ids, provs, texts, times, people = [], [], [], [], []
    for r in rows:
        if isinstance(r, Mapping):
            ids.append(r["id"])
            provs.append((r.get("provision") or "").strip())
            texts.append(r.get("text") or "")
            times.append(r.get("submitted_at") or "")
            people.append(r.get("participant") or "")
        else:
            ids.append(r.id)
            provs.append((r.provision or "").strip())
            texts.append(r.text or "")
            times.append(getattr(r, "submitted_at", "") or "")
            people.append(getattr(r, "participant", "") or "")
    return ids, provs, texts, [str(t) for t in times], [str(p) for p in people]


# ------------------------------------------------------------------ provisions

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_ARTICLE = re.compile(r"^第([0-9零〇一二两三四五六七八九十百千]+)条")


def _cn_number(s: str) -> int | None:
    if s.isdigit():
        return int(s)
    total, digit = 0, None
    for ch in s:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            total += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
        else:
            return None
    return total + (digit or 0)


def provision_sort_key(provision: str) -> tuple:
    """Sort key: the whole draft first, then articles by number (第五条 < 第十二条), then the rest."""
    if not provision:
        return (0, 0, "")
    m = _ARTICLE.match(provision)
    number = _cn_number(m.group(1)) if m else None
    if number is not None:
        return (1, number, provision)
    return (2, 0, provision)


def provision_label(provision: str) -> str:
    return provision or "全文"


# ------------------------------------------------------------------------ dates

_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")


def parse_day(value: str) -> str | None:
    """The ISO day ("2025-03-01") of a timestamp such as "2025-03-01 10:00", "2025/3/1" or "2025年3月1日"."""
    return _parse_day_prefix((value or "").strip()[:11])


@lru_cache(maxsize=4096)
def _parse_day_prefix(value: str) -> str | None:
    m = _DATE.match(value)
    if not m:
        return None
    y, mo, d = (int(g) for g in m.groups())
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def _days(times: list[str]) -> list[str | None]:
    return [parse_day(t) for t in times]


# ---------------------------------------------------------------------- analysis


def _distinct(people: list[str], rows: Iterable[int]) -> int:
    """Distinct non-empty participant values among ``rows``."""
    return len({people[i] for i in rows} - {""})


def _representative(sig: np.ndarray, members: np.ndarray, sample: int = 150) -> tuple[int, float]:
    """The member most similar to the others (medoid of a sample) and the median similarity to it."""
    if len(members) <= 2:
        rep = int(members[0])
        cohesion = 1.0 if len(members) == 1 else float(estimated_jaccard(sig, members[:1], members[1:])[0])
        return rep, cohesion
    pick = members[np.linspace(0, len(members) - 1, min(sample, len(members))).astype(np.int64)]
    block = sig[pick]
    sim = np.zeros(len(pick), dtype=np.float64)
    for col in range(block.shape[1]):
        column = block[:, col]
        sim += (column[:, None] == column[None, :]).sum(axis=1)
    rep = int(pick[int(np.argmax(sim))])
    to_rep = estimated_jaccard(sig, np.full(len(members), rep), members)
    return rep, float(np.median(to_rep))


def analyze_comments(
    rows: Iterable[Any],
    *,
    threshold: float = 0.6,
    num_perm: int = DEFAULT_NUM_PERM,
    shingle: int = 3,
    seed: int = DEFAULT_SEED,
    min_campaign_size: int = 20,
    min_campaign_chars: int = 15,
    keywords_k: int = 10,
    keyword_sample: int = 400,
    representatives: int = 3,
    progress: Progress | None = None,
) -> dict:
    """Analyse comments (mappings or objects with id, provision, text, submitted_at[, participant]).

    Returns ``{"clusters": [...], "per_provision": {...}, "timeline": {...},
    "totals": {...}, "method": {...}}`` (see docs/TEXTMINING.md). ``progress``
    is called as ``progress(done, total)`` with ``total = 2 × len(rows)``.
    """
    ids, provs, texts, times, people = _columns(rows)
    n = len(texts)
    total_units = 2 * n

    def report(done: float) -> None:
        if progress is not None:
            progress(min(total_units, int(done)), total_units)

    sig = signatures(texts, num_perm=num_perm, seed=seed, k=shingle, progress=lambda d, _t: report(d))
    bands, band_rows = lsh_params(threshold, num_perm)
    clustering = cluster_signatures(sig, threshold, bands=bands, rows=band_rows)
    report(1.3 * n)

    labels = clustering.labels
    groups = clustering.groups(2)
    days = _days(times)
    has_people = any(people)

    # ---- clusters
    labelled = []  # (cluster label, first member, entry)
    in_campaign = np.zeros(n, dtype=bool)
    rep_of_label: dict[int, int] = {}
    for members in groups:
        rep, cohesion = _representative(sig, members)
        lab = int(labels[rep])
        rep_of_label[lab] = rep
        size = len(members)
        campaign = (
            size >= min_campaign_size
            and len(canonical_text(texts[rep])) >= min_campaign_chars
            and cohesion >= threshold
        )
        if campaign:
            in_campaign[members] = True
        member_days = sorted(d for d in (days[i] for i in members) if d)
        prov_counts = Counter(provs[i] for i in members)
        labelled.append((lab, int(members[0]), {
            "ids": [ids[i] for i in members],
            "size": size,
            "representative": texts[rep],
            "representative_id": ids[rep],
            "campaign": bool(campaign),
            "cohesion": round(cohesion, 3),
            "provisions": {provision_label(p): c for p, c in
                           sorted(prov_counts.items(), key=lambda pc: provision_sort_key(pc[0]))},
            "participants": _distinct(people, members) if has_people else None,
            "first_day": member_days[0] if member_days else None,
            "last_day": member_days[-1] if member_days else None,
        }))
    labelled.sort(key=lambda le: (-le[2]["size"], le[1]))
    cluster_name: dict[int, str] = {}
    clusters = []
    for number, (lab, _, entry) in enumerate(labelled, start=1):
        cluster_name[lab] = entry["cluster"] = f"K{number:04d}"
        clusters.append(entry)
    report(1.5 * n)

    # ---- per provision
    by_prov: dict[str, list[int]] = defaultdict(list)
    for i, p in enumerate(provs):
        by_prov[p].append(i)
    per_provision = {}
    ordered = sorted(by_prov, key=provision_sort_key)
    done_rows = 0
    for p in ordered:
        idx = by_prov[p]
        per_provision[p] = _provision_summary(
            p, idx, labels, rep_of_label, cluster_name, texts, ids, people, in_campaign, has_people,
            keywords_k, keyword_sample, representatives, min_campaign_chars,
        )
        done_rows += len(idx)
        report(1.5 * n + 0.5 * done_rows)

    # ---- timeline
    per_day = Counter(d for d in days if d)
    campaign_day = Counter(d for d, c in zip(days, in_campaign, strict=True) if d and c)
    timeline = {
        "per_day": dict(sorted(per_day.items())),
        "campaign_per_day": dict(sorted(campaign_day.items())),
        "unknown": sum(1 for d in days if not d),
        "peak_day": max(sorted(per_day), key=lambda d: per_day[d]) if per_day else None,
    }

    report(total_units)
    return report_of(
        clusters, per_provision, timeline, n=n, distinct=len(np.unique(labels)) if n else 0,
        in_campaigns=int(in_campaign.sum()), participants=_distinct(people, range(n)) if has_people else None,
        method=method_of(shingle=shingle, num_perm=num_perm, threshold=threshold, lsh=(bands, band_rows),
                         min_campaign_size=min_campaign_size, min_campaign_chars=min_campaign_chars,
                         pairs=(clustering.candidates, clustering.pairs)))


def settings(**given: Any) -> dict[str, Any]:
    """The settings ``analyze_comments`` takes (all of them: those not ``given`` at their defaults), for the
    streamed analysis whose report must be the same; an unknown one is a TypeError."""
    bound = inspect.signature(analyze_comments).bind((), **given)
    bound.apply_defaults()
    return {k: v for k, v in bound.arguments.items() if k not in ("rows", "progress")}


def method_of(*, shingle: int, num_perm: int, threshold: float, lsh: tuple[int, int], min_campaign_size: int,
              min_campaign_chars: int, pairs: tuple[int, int], **more: Any) -> dict:
    """The report's ``method``: the settings used, the LSH bands and rows, the candidate and verified pairs."""
    return {"shingle": shingle, "num_perm": num_perm, "threshold": threshold, "lsh_bands": lsh[0],
            "lsh_rows": lsh[1], "min_campaign_size": min_campaign_size, "min_campaign_chars": min_campaign_chars,
            "candidate_pairs": pairs[0], "verified_pairs": pairs[1], **more}


def report_of(clusters: list[dict], per_provision: dict, timeline: dict, *, n: int, distinct: int,
              in_campaigns: int, participants: int | None, method: dict) -> dict:
    """The report (docs/TEXTMINING.md) of ``n`` comments, its totals counted from the clusters: one shape for
    ``analyze_comments`` and the streamed ``analyze_comments_file``."""
    in_clusters = sum(c["size"] for c in clusters)
    totals = {
        "comments": n,
        "singletons": n - in_clusters,
        "clusters": len(clusters),
        "comments_in_clusters": in_clusters,
        "distinct": distinct,
        "campaigns": sum(1 for c in clusters if c["campaign"]),
        "comments_in_campaigns": in_campaigns,
        "participants": participants,
        "provisions": len(per_provision),
    }
    return {"clusters": clusters, "per_provision": per_provision, "timeline": timeline, "totals": totals,
            "method": method}


def _provision_summary(
    provision, idx, labels, rep_of_label, cluster_name, texts, ids, people, in_campaign, has_people,
    keywords_k, keyword_sample, representatives, min_chars,
) -> dict:
    """Counts, keywords and representative comments of one provision.

    Representatives are the largest clusters of the provision, then the
    singletons that best cover its keywords; texts shorter than ``min_chars``
    letters ("同意。") are never chosen as representatives.
    """
    label_counts = Counter(int(labels[i]) for i in idx)
    clustered = {lab: c for lab, c in label_counts.items() if lab in rep_of_label}
    # The collapsed view: one text per distinct label (the representative for a cluster).
    distinct_rows = sorted({rep_of_label.get(int(labels[i]), i) for i in idx})
    if len(distinct_rows) > keyword_sample:
        pick = np.linspace(0, len(distinct_rows) - 1, keyword_sample).astype(np.int64)
        distinct_rows = [distinct_rows[j] for j in pick]
    tokens = {i: segment(texts[i]) for i in distinct_rows}
    kw = keywords_from_tokens(tokens.values(), keywords_k)
    weights = dict(kw)

    def substantive(i: int) -> bool:
        return len(canonical_text(texts[i])) >= min_chars

    reps = []
    big = [(lab, c) for lab, c in clustered.items() if substantive(rep_of_label[lab])]
    for lab, count in sorted(big, key=lambda lc: (-lc[1], lc[0]))[:representatives]:
        r = rep_of_label[lab]
        reps.append({"id": ids[r], "text": texts[r], "size": count, "cluster": cluster_name.get(lab)})
    singles = [i for i in distinct_rows if int(labels[i]) not in rep_of_label and substantive(i)]
    singles.sort(key=lambda i: (-keyword_score(tokens[i], weights), i))
    for i in singles[: max(0, representatives)]:
        reps.append({"id": ids[i], "text": texts[i], "size": 1, "cluster": None})

    return {
        "label": provision_label(provision),
        "comments": len(idx),
        "participants": _distinct(people, idx) if has_people else None,
        "distinct": len(label_counts),
        "clusters": len(clustered),
        "campaign_comments": int(sum(1 for i in idx if in_campaign[i])),
        "keywords": [{"word": w, "weight": s} for w, s in kw],
        "representatives": reps,
    }
