"""Chinese numerals as statutes write them, both ways.

``cn_to_int("一百零九") == 109`` and ``int_to_cn(109) == "一百零九"``. The
canonical forms follow 立法法 practice: 十 (not 一十), 一百零九, 一百一十,
二百, 一千零一. Parsing is lenient about the variants seen in real texts
(一十, 两, 〇, digit strings such as 一〇九, Arabic and full-width digits).
"""

from __future__ import annotations

import re

DIGITS = {
    "零": 0,
    "〇": 0,
    "○": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
UNITS = {"十": 10, "百": 100, "千": 1000}
CN_DIGITS = "零一二三四五六七八九"
NUMERAL_CHARS = "".join(DIGITS) + "".join(UNITS) + "万"

_ARABIC = re.compile(r"[0-9０-９]+")
KNOWN_NUMERALS: dict[str, int] = {}  # numerals already converted (a cache the parser reads directly)


def _small(s: str, original: str) -> int:
    """Value of a numeral below 10000 written with units (十百千)."""
    total = 0
    digit: int | None = None
    last_unit = 10_000
    after_zero = False
    for ch in s:
        if ch in DIGITS:
            if digit is not None:
                raise ValueError(f"无法识别的中文数字：{original}")
            value = DIGITS[ch]
            if value == 0:
                if after_zero or not total:
                    raise ValueError(f"无法识别的中文数字：{original}")
                after_zero = True
            else:
                digit = value
            continue
        unit = UNITS[ch]
        if unit >= last_unit:
            raise ValueError(f"无法识别的中文数字：{original}")
        if digit is None:
            # a bare 十 is fine at the start (十一) and after 零 (一千零十)
            if unit != 10 or (total and not after_zero):
                raise ValueError(f"无法识别的中文数字：{original}")
            digit = 1
        total += digit * unit
        digit = None
        last_unit = unit
        after_zero = False
    if digit is not None:
        if last_unit > 10 and not after_zero and last_unit != 10_000:
            # 一百五 (colloquial 150) is ambiguous: statutes write 一百五十 or 一百零五
            raise ValueError(f"无法识别的中文数字：{original}")
        total += digit
    elif after_zero:
        raise ValueError(f"无法识别的中文数字：{original}")
    return total


def cn_to_int(text: str) -> int:
    """Convert a Chinese (or Arabic) numeral to an int: "一百一十" → 110.

    Raises ``ValueError`` (message in Chinese) for anything that is not a numeral.
    """
    hit = KNOWN_NUMERALS.get(text)
    if hit is not None:
        return hit
    s = text.strip()
    if not s:
        raise ValueError("空的数字")
    if _ARABIC.fullmatch(s):
        value = int(s.translate({c: c - 0xFEE0 for c in range(0xFF10, 0xFF1A)}))
    elif any(ch not in DIGITS and ch not in UNITS and ch != "万" for ch in s):
        raise ValueError(f"无法识别的中文数字：{text}")
    elif not any(ch in UNITS or ch == "万" for ch in s):
        # positional form: 一〇九, 二〇二三
        value = int("".join(str(DIGITS[ch]) for ch in s))
    else:
        high, sep, low = s.partition("万")
        if sep:
            if not high:
                high = "一"
            low = low.removeprefix("零").removeprefix("〇")
            value = _small(high, text) * 10_000 + (_small(low, text) if low else 0)
        else:
            value = _small(s, text)
    if len(KNOWN_NUMERALS) < 100_000:
        KNOWN_NUMERALS[text] = value
    return value


def _small_to_cn(n: int, leading: bool) -> str:
    """0 < n < 10000; ``leading`` is True when nothing precedes (十一, not 一十一)."""
    out: list[str] = []
    zero = False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d, n = divmod(n, unit)
        if d:
            if zero and out:
                out.append("零")
            zero = False
            if not (unit == 10 and d == 1 and leading and not out):
                out.append(CN_DIGITS[d])
            out.append(name)
        elif out or not leading:
            zero = True
    return "".join(out)


def int_to_cn(n: int) -> str:
    """Convert a positive int to the canonical statute form: 109 → "一百零九"."""
    if not isinstance(n, int) or isinstance(n, bool) or n < 0:
        raise ValueError(f"无法转换为中文数字：{n!r}")
    if n == 0:
        return "零"
    if n >= 100_000_000:
        raise ValueError(f"数字过大：{n}")
    high, low = divmod(n, 10_000)
    if not high:
        return _small_to_cn(low, leading=True)
    text = _small_to_cn(high, leading=True) + "万"
    if low:
        if low < 1000:
            text += "零"
        text += _small_to_cn(low, leading=False).lstrip("零")
    return text


def article_label(num: int, suffix: int = 0) -> str:
    """第十条 / 第十条之一."""
    label = f"第{int_to_cn(num)}条"
    return f"{label}之{int_to_cn(suffix)}" if suffix else label


def parse_article_label(label: str) -> tuple[int, int]:
    """Parse a label: 第十条之一 → (10, 1); 第一百零九条 → (109, 0)."""
    m = re.fullmatch(r"\s*第\s*([^条\s]+)\s*条(?:\s*之\s*(\S+))?\s*", label)
    if not m:
        raise ValueError(f"不是条文编号：{label}")
    return cn_to_int(m.group(1)), cn_to_int(m.group(2)) if m.group(2) else 0
