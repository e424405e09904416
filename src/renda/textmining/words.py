"""Word segmentation (jieba) and TF-IDF keywords.

jieba is loaded lazily, once, quietly and offline: its dictionary ships in the
package and the IDF table used for keywords is jieba's own ``analyse/idf.txt``
read directly (``jieba.analyse`` is not imported, it would build a second
tokenizer). A private ``jieba.Tokenizer`` is used so that the domain words we
add never change segmentation for other users of the global ``jieba.dt``.
"""

from __future__ import annotations

import logging
import math
import re
import threading
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .normalize import normalize_text

__all__ = ["STOPWORDS", "keyword_score", "keywords", "keywords_from_tokens", "segment", "tokenizer"]

# Words jieba's general dictionary splits but that matter in this domain.
_DOMAIN_WORDS = (
    "人大代表",
    "代表建议",
    "承办单位",
    "人大常委会",
    "常委会",
    "并案",
    "交办",
    "办复",
    "课后服务",
    "老旧小区",
    "加装电梯",
    "电动自行车",
    "充电桩",
    "停车位",
    "垃圾分类",
    "黑臭水体",
    "医保",
    "异地就医",
    "网约车",
    "营商环境",
    "养老服务",
    "托育",
    "学位",
    "外卖骑手",
    "头盔",
    "上牌",
)

_lock = threading.Lock()
_tokenizer = None
# Tokens made only of punctuation, symbols, whitespace or digits (with units) are never words.
_NOT_WORD = re.compile(r"^[\W_]+$")
_NUMERIC = re.compile(r"^[\d.,%％]+[万亿千百余多个%]*$")
# Counted nouns ("一名", "两个") and references to articles ("第十六条") are not topical.
_COUNTED = re.compile(r"^[一二两三四五六七八九十百千万几\d]+[名个条项件位次年月日天户人款章节]$|^第.+[条款章节项]$")


def _data_text(name: str) -> str:
    return resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    lines = _data_text("stopwords_zh.txt").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


class _Stopwords:
    """A lazily loaded frozenset (importing the package must stay cheap)."""

    def __contains__(self, word: object) -> bool:
        return word in _stopwords()

    def __iter__(self):
        return iter(_stopwords())

    def __len__(self) -> int:
        return len(_stopwords())


STOPWORDS = _Stopwords()


def tokenizer():
    """The package's jieba tokenizer, initialised on first use (thread-safe)."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)
                tk = jieba.Tokenizer()
                tk.initialize()
                for word in _DOMAIN_WORDS:
                    tk.add_word(word, freq=20000)
                _tokenizer = tk
    return _tokenizer


def segment(text: str, *, stopwords: bool = True) -> list[str]:
    """Split a Chinese text into words.

    The text is normalised first (``normalize_text``); whitespace and
    punctuation tokens are dropped, and so are stopwords unless
    ``stopwords=False``.
    """
    text = normalize_text(text)
    if not text:
        return []
    stop = _stopwords() if stopwords else frozenset()
    out = []
    for token in tokenizer().cut(text):
        token = token.strip()
        if not token or _NOT_WORD.match(token) or token in stop:
            continue
        out.append(token)
    return out


@lru_cache(maxsize=1)
def _idf() -> tuple[dict[str, float], float]:
    import jieba

    path = Path(jieba.__file__).parent / "analyse" / "idf.txt"
    table: dict[str, float] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            word, _, value = line.rstrip("\n").partition(" ")
            if value:
                table[word] = float(value)
    values = sorted(table.values())
    return table, values[len(values) // 2]


def _is_keyword(token: str) -> bool:
    return len(token) >= 2 and not _NUMERIC.match(token) and not _COUNTED.match(token)


def keywords(texts: str | Iterable[str], k: int = 10) -> list[tuple[str, float]]:
    """The ``k`` most characteristic words of ``texts``, with their TF-IDF weight.

    Term frequencies are pooled over all texts; the IDF is jieba's table from
    a large general Chinese corpus (unknown words get its median), so common
    words rank low and topical ones high. Words of one character, numbers and
    stopwords are ignored. Weights are rounded to 4 decimals; ties are broken
    by the word so that the result is deterministic.
    """
    if isinstance(texts, str):
        texts = [texts]
    return keywords_from_tokens((segment(t) for t in texts), k)


def keywords_from_tokens(token_lists: Iterable[list[str]], k: int = 10) -> list[tuple[str, float]]:
    """``keywords`` for texts already segmented with ``segment``."""
    counts: Counter[str] = Counter()
    for tokens in token_lists:
        counts.update(t for t in tokens if _is_keyword(t))
    total = sum(counts.values())
    if not total:
        return []
    idf, median = _idf()
    scored = [(word, n / total * idf.get(word, median)) for word, n in counts.items()]
    scored.sort(key=lambda ws: (-ws[1], ws[0]))
    return [(w, round(s, 4)) for w, s in scored[:k]]


def keyword_score(tokens: Iterable[str], weights: dict[str, float]) -> float:
    """How well a segmented text covers a keyword set (sum of weights / sqrt(length))."""
    tokens = list(tokens)
    if not tokens:
        return 0.0
    return sum(weights.get(t, 0.0) for t in set(tokens)) / math.sqrt(len(tokens))
