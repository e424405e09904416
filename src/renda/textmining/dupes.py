"""Duplicate suggestions for 并案: candidates by cosine, then a small model over what is *asked*.

Cosine similarity of whole texts cannot tell a paraphrase (other words, the
same asks) from a suggestion on the same topic with other asks, or from one
written on a delegation's shared template: those share most of their words.
So every candidate pair (a neighbour with cosine ≥ ``CANDIDATE_FLOOR`` in a
``SimilarIndex``) is scored by a logistic model over:

* ``cos`` — the cosine of the whole texts (TF-IDF character 2–3-grams);
* ``ask_cos`` — the cosine of the *asks*: the sentences that carry a request
  (with 建议/希望/呼吁/恳请/请求…, or numbered items "1." "一是"), found by
  ``split_asks`` wherever they stand, so reordering does not matter;
* ``ctx_cos`` — the cosine of the rest (title, background, problems);
* ``own_cos`` — the cosine after *template subtraction*: sentences that occur
  verbatim in two or more suggestions of the collection (a delegation's
  shared preamble, boilerplate) are removed before comparing;
* ``num`` and ``place`` — Jaccard overlap of the numbers and of the place names
  (…区/县/街道/社区/村/路…) as hard features;
* ``ask_max``/``ask_min`` and ``ctx_max``/``ctx_min`` — the share of ask (or
  problem) clauses that have a match on the other side (character-bigram
  Jaccard ≥ 0.5), the larger and the smaller of the two sides' shares;
* ``cos×ask_max`` and ``ctx_cos×ask_max`` — the text and context similarity
  counted only as far as the asks agree (same background, other asks is not
  并案).

A *gate* comes first: a pair whose texts both contain asks but share no ask
clause is never proposed (different asks are never 并案, however similar the
background). The weights (``COEF``) and the decision threshold were fitted with
``train_model()`` (on the pairs the gate lets through) on the training part of the generated labelled set
(``dupset.DUPSET_TRAIN_SEED``), never on the held-out part or the committed
set; ``evaluate`` measures pairwise precision/recall.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Hashable, Sequence
from itertools import combinations

import numpy as np
from scipy import sparse

from .dupset import DUPSET_SIZE, DUPSET_TRAIN_SEED, generate_duplicate_set
from .normalize import canonical_text
from .similar import SimilarIndex

__all__ = ["CANDIDATE_FLOOR", "DuplicateFinder", "evaluate", "pair_features", "split_asks", "train_model"]

CANDIDATE_FLOOR = 0.35
FEATURES = ("cos", "ask_cos", "ctx_cos", "own_cos", "num", "place", "ask_max", "ask_min", "ctx_max", "ctx_min",
            "cos×ask_max", "ctx_cos×ask_max")
# Fitted by train_model() on generate_duplicate_set(DUPSET_SIZE, DUPSET_TRAIN_SEED); see the module docstring.
COEF = (22.118, -13.7712, 1.0488, 3.6066, 2.8669, 3.1748, 4.6938, 3.8473, 3.4353, -3.5419, 22.475, -17.7758)
INTERCEPT = -20.4256
THRESHOLD = 0.38

_SENTENCE = re.compile(r"[^。！？!?\n]+")
_ASK = re.compile(r"建议|希望|呼吁|恳请|请求|要求|应当|^\s*(?:\d+[.、．]|[一二三四五六七八九十]是)")
_TITLE_ASK = re.compile(r"^关于.*建议$|^建议")
_CLOSING = re.compile(r"^(?:以上建议|望予采纳|恳请有关部门认真研究|以切实回应群众关切)")
_PIECES = re.compile(r"[；;，,：:。]|[一二三四五六七八九十]是|\d+[.、．]|同时|此外")
_LEADS = re.compile(r"^(?:为此建议|建议如下|建议|希望|具体表现在|主要问题|目前存在的问题有)")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_PLACE = re.compile(r"[\u4e00-\u9fff]{2,5}?(?:新区|区|县|街道|社区|小区|花园|家园|村|路|大道|河|公园|医院|学校|中学|小学)")


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(text or "") if s.strip()]


def split_asks(text: str) -> tuple[str, str]:
    """``(context, asks)``: the sentences that ask for something, and the rest (closing formulas dropped).

    The first sentence is the title when the text is ``title。content``; a
    title ("关于…的建议") is context, never an ask.
    """
    sentences = _sentences(text)
    asks, context = [], []
    for pos, s in enumerate(sentences):
        if _CLOSING.match(s):
            continue
        if pos == 0 and _TITLE_ASK.search(s):
            context.append(s)
        elif _ASK.search(s):
            asks.append(s)
        else:
            context.append(s)
    return "。".join(context), "。".join(asks)


def _places(text: str) -> set[str]:
    return set(_PLACE.findall(text))


def _items(text: str) -> list[frozenset]:
    """The asks (or problems) of a text as sets of character bigrams, one set per clause."""
    out = []
    for piece in _PIECES.split(text):
        c = canonical_text(_LEADS.sub("", piece.strip()))
        if len(c) >= 4:
            out.append(frozenset(c[k : k + 2] for k in range(len(c) - 1)))
    return out


def _item_overlap(a: list[frozenset], b: list[frozenset], cut: float = 0.5) -> tuple[float, float]:
    """(max, min) over the two sides of the share of clauses that have a match (bigram Jaccard ≥ cut) on the other."""
    if not a or not b:
        return 0.0, 0.0
    hit = np.array([[len(x & y) / len(x | y) >= cut for y in b] for x in a])
    share_a = hit.any(axis=1).mean()
    share_b = hit.any(axis=0).mean()
    return float(max(share_a, share_b)), float(min(share_a, share_b))


def _jaccard(a: set, b: set) -> float:
    if not a and not b:
        return 0.5
    return len(a & b) / len(a | b)


def _pair_cos(m: sparse.csr_matrix, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    if not len(i):
        return np.zeros(0)
    return np.asarray(m[i].multiply(m[j]).sum(axis=1)).ravel()


class DuplicateFinder:
    """Scores candidate duplicate pairs of a collection of ``(id, text)`` items."""

    def __init__(
        self,
        items: Sequence[tuple[Hashable, str]],
        index: SimilarIndex | None = None,
        authors: Sequence[Hashable] | None = None,
    ) -> None:
        """``authors`` (optional, one per item: the delegation) enables template subtraction per author."""
        items = list(items)
        self.ids = [i for i, _ in items]
        self.texts = [t for _, t in items]
        self.position = {item_id: p for p, item_id in enumerate(self.ids)}
        self.index = index or SimilarIndex.build(items)
        authors = list(authors) if authors is not None else [None] * len(items)
        sentences = [_sentences(canonical_sentences(t)) for t in self.texts]
        # template sentences: the same sentence in two or more items of one author (or of 3+ items without authors)
        shared = Counter((a, s) for a, ss in zip(authors, sentences, strict=True) for s in set(ss) if len(s) >= 8)
        limit = 2 if authors[0] is not None else 3
        template = [{s for s in ss if shared[(a, s)] >= limit} for a, ss in zip(authors, sentences, strict=True)]
        own = ["。".join(s for s in ss if s not in tpl) for ss, tpl in zip(sentences, template, strict=True)]
        split = [split_asks(t) for t in self.texts]
        self._ask_items = [_items(a) for _, a in split]
        self._ctx_items = [[x for x in _items(c)] for c, _ in split]
        self._ask = self._vectors([a for _, a in split])
        self._ctx = self._vectors([c for c, _ in split])
        self._own = self._vectors(own)
        self._full = self._vectors(self.texts)
        self._numbers = [set(_NUMBER.findall(a + c)) for c, a in split]
        self._place = [_places(t) for t in self.texts]

    def _vectors(self, texts: list[str]) -> sparse.csr_matrix:
        return self.index._weigh(self.index._counts(texts)).tocsr()

    def features(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """The ``FEATURES`` of pairs of positions ``(i[k], j[k])``, one row a pair."""
        i = np.asarray(i, dtype=np.int64)
        j = np.asarray(j, dtype=np.int64)
        cols = [
            _pair_cos(self._full, i, j),
            _pair_cos(self._ask, i, j),
            _pair_cos(self._ctx, i, j),
            _pair_cos(self._own, i, j),
            np.array([_jaccard(self._numbers[a], self._numbers[b]) for a, b in zip(i, j, strict=True)]),
            np.array([_jaccard(self._place[a], self._place[b]) for a, b in zip(i, j, strict=True)]),
        ]
        ask = np.array([_item_overlap(self._ask_items[a], self._ask_items[b]) for a, b in zip(i, j, strict=True)])
        ctx = np.array([_item_overlap(self._ctx_items[a], self._ctx_items[b]) for a, b in zip(i, j, strict=True)])
        if len(i):  # the context counts only as far as the asks agree
            cols += [ask[:, 0], ask[:, 1], ctx[:, 0], ctx[:, 1], cols[0] * ask[:, 0], cols[2] * ask[:, 0]]
        return np.stack(cols, axis=1) if len(i) else np.zeros((0, len(FEATURES)))

    def candidates(self, k: int = 20, floor: float = CANDIDATE_FLOOR) -> tuple[np.ndarray, np.ndarray]:
        """Position pairs (i < j) whose cosine is at least ``floor`` (each item's ``k`` nearest)."""
        pairs = set()
        for p, item_id in enumerate(self.ids):
            for other, _ in self.index.neighbors(item_id, k, min_score=floor):
                q = self.position[other]
                pairs.add((min(p, q), max(p, q)))
        ordered = sorted(pairs)
        return (np.array([a for a, _ in ordered], dtype=np.int64), np.array([b for _, b in ordered], dtype=np.int64))

    def gate(self, i: np.ndarray, j: np.ndarray, x: np.ndarray | None = None) -> np.ndarray:
        """False for pairs that both ask for something and share no ask clause: different asks are never 并案."""
        x = self.features(i, j) if x is None else x
        both = np.array([bool(self._ask_items[a]) and bool(self._ask_items[b]) for a, b in zip(i, j, strict=True)],
                        dtype=bool)
        return ~(both & (x[:, FEATURES.index("ask_max")] == 0.0)) if len(i) else np.zeros(0, dtype=bool)

    def probability(self, i: np.ndarray, j: np.ndarray, coef=None, intercept=None) -> np.ndarray:
        """The model's probability that each pair is a duplicate (0 for pairs the ``gate`` rules out)."""
        x = self.features(i, j)
        w = np.asarray(COEF if coef is None else coef)
        z = x @ w + (INTERCEPT if intercept is None else intercept)
        return np.where(self.gate(i, j, x), 1.0 / (1.0 + np.exp(-z)), 0.0)

    def pairs(self, threshold: float | None = None, k: int = 20) -> list[tuple[Hashable, Hashable, float]]:
        """Predicted duplicate pairs ``(id_a, id_b, probability)``, most probable first."""
        i, j = self.candidates(k)
        prob = self.probability(i, j)
        keep = prob >= (THRESHOLD if threshold is None else threshold)
        out = [(self.ids[a], self.ids[b], round(float(p), 4)) for a, b, p in zip(i[keep], j[keep], prob[keep],
                                                                                     strict=True)]
        out.sort(key=lambda t: (-t[2], str(t[0]), str(t[1])))
        return out

    def duplicates_of(self, item_id: Hashable, threshold: float | None = None, k: int = 20) -> list[tuple]:
        """The items predicted to be duplicates of an indexed item, with their probability."""
        p = self.position[item_id]
        others = [self.position[o] for o, _ in self.index.neighbors(item_id, k, min_score=CANDIDATE_FLOOR)]
        if not others:
            return []
        prob = self.probability(np.full(len(others), p), np.array(others))
        cut = THRESHOLD if threshold is None else threshold
        found = [(self.ids[q], round(float(s), 4)) for q, s in zip(others, prob, strict=True) if s >= cut]
        return sorted(found, key=lambda t: -t[1])


def canonical_sentences(text: str) -> str:
    """The text with each sentence in canonical form (letters and digits), sentences kept apart."""
    return "。".join(canonical_text(s) for s in _sentences(text))


def pair_features(text_a: str, text_b: str, collection: Sequence[str] = ()) -> dict[str, float]:
    """The features of one pair (for explanations and tests); ``collection`` supplies the IDF and templates."""
    items = [(p, t) for p, t in enumerate([text_a, text_b, *collection])]
    finder = DuplicateFinder(items)
    return dict(zip(FEATURES, finder.features(np.array([0]), np.array([1]))[0].tolist(), strict=True))


def _truth(records) -> set[tuple[int, int]]:
    by_group: dict[int, list[int]] = {}
    for p, r in enumerate(records):
        by_group.setdefault(r.group, []).append(p)
    return {(a, b) for ps in by_group.values() for a, b in combinations(sorted(ps), 2)}


def train_model(records=None, *, C: float = 10.0) -> dict:
    """Fit the logistic model on ``records`` (default: the training part of the labelled set)."""
    from sklearn.linear_model import LogisticRegression

    records = records if records is not None else generate_duplicate_set(DUPSET_SIZE, DUPSET_TRAIN_SEED)
    finder = DuplicateFinder([(r.id, r.full_text) for r in records], authors=[r.delegation for r in records])
    i, j = finder.candidates()
    truth = _truth(records)
    y = np.array([(a, b) in truth for a, b in zip(i.tolist(), j.tolist(), strict=True)])
    x = finder.features(i, j)
    gate = finder.gate(i, j, x)
    gated_out_true = int((y & ~gate).sum())
    i, j, x, y = i[gate], j[gate], x[gate], y[gate]
    model = LogisticRegression(C=C, max_iter=2000).fit(x, y)
    coef, intercept = model.coef_[0].tolist(), float(model.intercept_[0])
    prob = finder.probability(i, j, coef, intercept)
    # the threshold that balances precision and recall on the training part (max of their minimum)
    best = max(np.arange(0.1, 0.91, 0.02), key=lambda t: _min_pr(prob >= t, y, len(truth)))
    return {"coef": [round(c, 4) for c in coef], "intercept": round(intercept, 4), "threshold": round(float(best), 2),
            "candidates": len(i), "candidate_recall": float(y.sum() / max(1, len(truth))),
            "true_pairs_gated_out": gated_out_true}


def _min_pr(pred: np.ndarray, y: np.ndarray, true_total: int) -> float:
    hits = int((pred & y).sum())
    return min(hits / max(1, int(pred.sum())), hits / max(1, true_total))


def evaluate(records, threshold: float | None = None, coef=None, intercept=None) -> dict:
    """Pairwise precision/recall of the model's duplicate pairs on labelled ``records``."""
    finder = DuplicateFinder([(r.id, r.full_text) for r in records], authors=[r.delegation for r in records])
    i, j = finder.candidates()
    prob = finder.probability(i, j, coef, intercept)
    pred = prob >= (THRESHOLD if threshold is None else threshold)
    truth = _truth(records)
    got = {(a, b) for a, b in zip(i[pred].tolist(), j[pred].tolist(), strict=True)}
    hits = len(got & truth)
    precision = hits / len(got) if got else 1.0
    recall = hits / len(truth) if truth else 1.0
    return {"precision": precision, "recall": recall, "predicted_pairs": len(got), "true_pairs": len(truth),
            "candidate_recall": len({(a, b) for a, b in zip(i.tolist(), j.tolist(), strict=True)} & truth)
            / max(1, len(truth))}
