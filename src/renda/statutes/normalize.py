"""Whitespace normalisation: the canonical text form of a line.

Rules (the same spirit as ``renda.textmining.normalize.normalize_text``, but
applied to a whole document at once, because the parser is on a hot path):

* zero-width, formatting and control characters (U+200B, U+FEFF, soft hyphen, C0 controls …)
  are removed;
* every whitespace character (ideographic space, tab, no-break space …) becomes
  an ASCII space, runs of spaces collapse to one, lines are stripped;
* full-width digits and Latin letters become half-width;
* a space between two CJK characters (ideographs, CJK punctuation, full-width
  forms, Chinese quotes) is dropped: ``总　　则`` → ``总则``.
"""

from __future__ import annotations

import re

_TABLE: dict[int, int | None] = dict.fromkeys(
    map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u202a\u202c"), None
)
for _cp in (
    0x3000,
    0x00A0,
    0x0009,
    0x000B,
    0x000C,
    0x2002,
    0x2003,
    0x2009,
    0x202F,
    0x205F,
    0x1680,
    0x0085,
    0x2028,
    0x2029,
):
    _TABLE[_cp] = 0x20
# control characters cannot appear in XML and mean nothing in a statute
for _cp in [*range(0x00, 0x09), 0x0E, 0x0F, *range(0x10, 0x20), 0x7F, 0xFFFE, 0xFFFF]:
    _TABLE[_cp] = None
for _cp in list(range(0xFF10, 0xFF1A)) + list(range(0xFF21, 0xFF3B)) + list(range(0xFF41, 0xFF5B)):
    _TABLE[_cp] = _cp - 0xFEE0

_SPECIAL = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_TABLE)) + "]")


def _sub(m: re.Match[str]) -> str:
    return m.group().translate(_TABLE)


CJK = "\u2e80-\u2fff\u3001-\u303f\u3040-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u2018-\u201f\u2026\u2014\u00b7"
_SPACES = re.compile(r" {2,}")
_CJK_SPACE = re.compile(rf"(?<=[{CJK}]) (?=[{CJK}])")


def prepare(text: str) -> str:
    """Normalise a whole document's characters (not yet per line)."""
    text = _SPECIAL.sub(_sub, text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def clean_line(line: str) -> str:
    """Canonical form of one already ``prepare``-d line."""
    line = line.strip()
    if " " in line:
        if "  " in line:
            line = _SPACES.sub(" ", line)
        line = _CJK_SPACE.sub("", line)
    return line


def clean(text: str) -> str:
    """Canonical form of an arbitrary one-line text."""
    return clean_line(prepare(text).replace("\n", " "))


def squash(text: str) -> str:
    """A comparison key: no whitespace at all (used to compare texts, never shown)."""
    return "".join(prepare(text).split())
