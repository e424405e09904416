"""Monthly execution series: cumulative curves, the typical curve of earlier years (pure)."""

from __future__ import annotations

from collections.abc import Mapping


def cumulative(monthly: Mapping[int, int]) -> list[int]:
    total, out = 0, []
    for m in range(1, 13):
        total += monthly.get(m, 0)
        out.append(total)
    return out


def typical_share(years: Mapping[int, Mapping[int, int]]) -> list[int]:
    """Per mille of the year paid by the end of each month, pooled over the years given (integers)."""
    pooled = [0] * 12
    for monthly in years.values():
        for i, v in enumerate(cumulative(monthly)):
            pooled[i] += v
    total = pooled[-1]
    return [(v * 1000 + total // 2) // total if total > 0 else 0 for v in pooled]
