"""Chinese text normalisation.

Two forms are used throughout the package:

* ``normalize_text`` — for display and segmentation: full-width letters, digits
  and spaces become half-width (full-width *punctuation* such as ，。；：（） is
  kept, as Chinese typography expects), invisible characters are removed,
  whitespace runs collapse to one space and spaces between two CJK
  characters (a copy-paste artefact: "我 建 议") are dropped.
* ``canonical_text`` — for matching (near-duplicates, n-gram vectors): NFKC,
  lower case, and every character that is not a letter or a digit removed.
  Punctuation noise and spacing therefore never change a match.

``canonical_codepoints`` is the vectorised equivalent of ``canonical_text``
used on large batches: a 65,536-entry lookup table applied with numpy.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import numpy as np

# Zero-width and formatting characters that survive copy-paste from web forms and Word.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f"), None)

# Full-width ASCII letters and digits (U+FF10-FF19, U+FF21-FF3A, U+FF41-FF5A) -> half-width.
_HALFWIDTH_ALNUM = {
    cp: cp - 0xFEE0
    for cp in list(range(0xFF10, 0xFF1A)) + list(range(0xFF21, 0xFF3B)) + list(range(0xFF41, 0xFF5B))
}
# All full-width ASCII (letters, digits and punctuation) -> half-width.
_HALFWIDTH_ALL = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}

_WS = re.compile(r"\s+")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_SPACE_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}]) (?=[{_CJK}])")


def to_halfwidth(text: str, *, punctuation: bool = False) -> str:
    """Convert full-width letters and digits (and the ideographic space) to half-width.

    With ``punctuation=True`` full-width ASCII punctuation (，：；！？（）) is
    converted too; by default it is kept.
    """
    table = dict(_HALFWIDTH_ALL if punctuation else _HALFWIDTH_ALNUM)
    table[0x3000] = 0x20
    return text.translate(table)


def normalize_text(text: str) -> str:
    """Normalise a Chinese text for display and segmentation (see the module docstring)."""
    if not text:
        return ""
    text = text.translate(_INVISIBLE)
    text = to_halfwidth(text)
    text = _WS.sub(" ", text).strip()
    return _SPACE_BETWEEN_CJK.sub("", text)


@lru_cache(maxsize=1)
def canonical_table() -> np.ndarray:
    """A lookup table mapping each BMP code point to its canonical code point (0 = drop).

    A character is kept when it is a letter or a digit (Unicode categories L*
    and N*, which include all Chinese characters); NFKC and lower-casing map
    full-width and compatibility forms to their plain counterpart.
    """
    table = np.zeros(0x10000, dtype=np.uint32)
    for cp in range(0x10000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        ch = chr(cp)
        if unicodedata.category(ch)[0] not in "LN":
            continue
        folded = unicodedata.normalize("NFKC", ch).lower()
        if len(folded) == 1 and unicodedata.category(folded)[0] in "LN":
            table[cp] = ord(folded)
        else:
            table[cp] = cp
    return table


@lru_cache(maxsize=1)
def _canonical_translation() -> dict[int, int | None]:
    table = canonical_table()
    changed = np.nonzero((table != np.arange(0x10000, dtype=np.uint32)) | (table == 0))[0]
    return {int(cp): (int(table[cp]) or None) for cp in changed}


def canonical_text(text: str) -> str:
    """The matching form of ``text``: letters and digits only, folded (see the module docstring)."""
    if not text:
        return ""
    text = text.translate(_canonical_translation())
    if _ASTRAL.search(text):
        text = "".join(c for c in text if ord(c) < 0x10000 or unicodedata.category(c)[0] in "LN")
    return text


def canonical_codepoints(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Canonicalise a batch of texts at once.

    Returns ``(codepoints, lengths)``: the canonical code points of all texts
    concatenated (uint32) and the canonical length of each text (int64).
    ``"".join`` of ``canonical_text`` over the batch gives the same characters.
    """
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    raw = np.frombuffer("".join(texts).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    table = canonical_table()
    bmp = raw < 0x10000
    mapped = np.where(bmp, table[np.minimum(raw, 0xFFFF)], raw)
    # Astral-plane characters (rare CJK extensions, emoji) are kept when they are letters.
    if not bmp.all():
        for pos in np.nonzero(~bmp)[0]:
            if unicodedata.category(chr(int(raw[pos])))[0] not in "LN":
                mapped[pos] = 0
    keep = mapped != 0
    doc = np.repeat(np.arange(len(texts)), lengths)
    new_lengths = np.bincount(doc[keep], minlength=len(texts)).astype(np.int64)
    return mapped[keep], new_lengths


def canonical_texts(texts: list[str]) -> list[str]:
    """``[canonical_text(t) for t in texts]``, computed in bulk (about 20x faster)."""
    if not texts:
        return []
    codepoints, lengths = canonical_codepoints(texts)
    joined = codepoints.tobytes().decode("utf-32-le")
    ends = np.cumsum(lengths).tolist()
    starts = [0, *ends[:-1]]
    return [joined[a:b] for a, b in zip(starts, ends, strict=True)]
