"""Amounts: 元 with at most two decimals in, integers in 分 inside, never floats."""

from __future__ import annotations

import re

_AMOUNT = re.compile(r"^([+-]?)(\d{1,13})(?:\.(\d{1,2}))?$")


def to_fen(text: str) -> int:
    """'1,234.5' → 123450. ValueError (Chinese) for anything that is not an amount in 元 with ≤ 2 decimals."""
    raw = str(text).strip().replace(",", "").replace("，", "")
    m = _AMOUNT.match(raw)
    if not m:
        raise ValueError(f"金额“{str(text)[:30]}”不是以元为单位、最多两位小数的数")
    sign, whole, frac = m.groups()
    fen = int(whole) * 100 + int((frac or "").ljust(2, "0"))
    return -fen if sign == "-" else fen


def yuan(fen: int) -> str:
    """123450 → '1234.50' (exact)."""
    sign = "-" if fen < 0 else ""
    fen = abs(int(fen))
    return f"{sign}{fen // 100}.{fen % 100:02d}"


def wan(fen: int) -> str:
    """In 万元 with two decimals, rounded half up (for pages): 123456789 → '123.46'."""
    sign = "-" if fen < 0 else ""
    q, r = divmod(abs(int(fen)) * 100 + 500_000, 1_000_000)  # fen / 10^6 * 100, rounded
    del r
    return f"{sign}{q // 100}.{q % 100:02d}"


def rate_pct(part: int, whole: int) -> str:
    """Execution rate as a percentage with one decimal ('—' without a budget), rounded half up, in integers."""
    if whole <= 0:
        return "—"
    tenths = (part * 1000 * 2 + whole) // (2 * whole)
    return f"{tenths // 10}.{tenths % 10}"
