"""Hot issues: counts over time and the topics rising fastest (pure Python; never imports Django).

``rising_topics`` compares the last ``weeks`` weeks (the *recent* window, ending the day before ``today``…
``today`` included) with the ``weeks`` weeks before them (the *previous* window). Each document counts a
word once. A word's expected recent count is its previous count scaled by the change in total volume
(``previous × recent_docs / previous_docs``), so a topic rises only if it grows faster than the channel as a
whole; the score is the excess over that expectation in units of its Poisson spread,
``(recent − expected) / sqrt(expected + 1)``. Words seen in fewer than ``min_count`` recent documents are
ignored, and so are words of one character and numbers.

``weekly_counts`` buckets dated items by key into consecutive weeks, for the charts.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field

from .words import segment

__all__ = ["Doc", "RisingTopic", "rising_topics", "week_starts", "weekly_counts", "windows"]

_NUMERIC = re.compile(r"^[\d.,%％]+[万亿千百余多个%]*$")


@dataclass(frozen=True)
class Doc:
    """One opinion or comment: its day, its text and (optionally) an id and a category."""

    day: dt.date
    text: str
    id: Hashable = None
    category: str = ""


@dataclass
class RisingTopic:
    word: str
    recent: int  # recent documents containing the word
    previous: int  # previous-window documents containing it
    expected: float  # previous scaled by the change in total volume
    score: float
    ids: list = field(default_factory=list)  # up to 5 recent documents containing it (newest first)
    category: str = ""  # the category most of those documents carry

    @property
    def growth(self) -> float | None:
        """recent / previous, None when the word is new."""
        return round(self.recent / self.previous, 2) if self.previous else None


def windows(today: dt.date, weeks: int) -> tuple[tuple[dt.date, dt.date], tuple[dt.date, dt.date]]:
    """((recent_start, recent_end), (previous_start, previous_end)), ends exclusive; recent ends after today."""
    if weeks < 1:
        raise ValueError("weeks must be >= 1")
    end = today + dt.timedelta(days=1)
    mid = end - dt.timedelta(weeks=weeks)
    start = mid - dt.timedelta(weeks=weeks)
    return (mid, end), (start, mid)


def _default_tokenize(text: str) -> list[str]:
    return segment(text)


def _topical(word: str) -> bool:
    return len(word) >= 2 and not _NUMERIC.match(word)


def rising_topics(
    docs: Iterable[Doc],
    *,
    today: dt.date,
    weeks: int = 4,
    top: int = 10,
    min_count: int = 3,
    tokenize: Callable[[str], Sequence[str]] | None = None,
) -> list[RisingTopic]:
    """The ``top`` words whose share of documents grew most in the recent window (score > 0 only)."""
    tokenize = tokenize or _default_tokenize
    (r0, r1), (p0, p1) = windows(today, weeks)
    recent_df: Counter[str] = Counter()
    previous_df: Counter[str] = Counter()
    examples: dict[str, list[tuple[dt.date, Hashable, str]]] = defaultdict(list)
    n_recent = n_previous = 0
    for doc in docs:
        if r0 <= doc.day < r1:
            n_recent += 1
            words = {w for w in tokenize(doc.text) if _topical(w)}
            recent_df.update(words)
            for w in words:
                examples[w].append((doc.day, doc.id, doc.category))
        elif p0 <= doc.day < p1:
            n_previous += 1
            previous_df.update({w for w in tokenize(doc.text) if _topical(w)})
    if not n_recent:
        return []
    ratio = n_recent / n_previous if n_previous else 1.0
    out: list[RisingTopic] = []
    for word, r in recent_df.items():
        if r < min_count:
            continue
        p = previous_df.get(word, 0)
        expected = p * ratio
        score = (r - expected) / math.sqrt(expected + 1.0)
        if score <= 0:
            continue
        ex = sorted(examples[word], key=lambda e: (e[0], str(e[1])), reverse=True)
        cats = Counter(c for _, _, c in ex if c)
        out.append(RisingTopic(word=word, recent=r, previous=p, expected=round(expected, 2),
                               score=round(score, 3), ids=[i for _, i, _ in ex[:5]],
                               category=cats.most_common(1)[0][0] if cats else ""))
    out.sort(key=lambda t: (-t.score, -t.recent, t.word))
    return out[:top]


def week_starts(today: dt.date, weeks: int) -> list[dt.date]:
    """The Mondays of the last ``weeks`` weeks, oldest first, the current week last."""
    monday = today - dt.timedelta(days=today.weekday())
    return [monday - dt.timedelta(weeks=weeks - 1 - i) for i in range(weeks)]


def weekly_counts(items: Iterable[tuple[dt.date, Hashable]], *, today: dt.date,
                  weeks: int) -> tuple[list[dt.date], dict[Hashable, list[int]]]:
    """(week starts, {key: counts per week}) for dated items; items outside the weeks are ignored."""
    starts = week_starts(today, weeks)
    first = starts[0]
    last = starts[-1] + dt.timedelta(days=7)
    series: dict[Hashable, list[int]] = {}
    for day, key in items:
        if not (first <= day < last):
            continue
        idx = (day - first).days // 7
        series.setdefault(key, [0] * weeks)[idx] += 1
    return starts, series
