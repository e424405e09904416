"""Counting words of the law, in integers only (no float ever decides a legal threshold).

民法典 第一千二百五十九条: "以上、以下、以内、届满"包括本数；"不满、超过、以外"不包括本数. Hence:

- "N人以上" (at_least): N itself counts;
- "过半数" (more_than_half): strictly more than half — exactly half is not enough;
- "五分之一以上" (at_least_fraction): the fraction itself counts;
- "超过N%" (more_than_fraction): strictly more — 29 of 50 is exactly 58 % and does not exceed 58 %.

A share configured as a decimal (a rule parameter such as 0.58) is turned into an exact fraction first
(`as_fraction`), so 0.58 is 29/50 and never 0.57999….
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction


def at_least(count: int, n: int) -> bool:
    """"n人以上": n itself counts."""
    return count >= n


def more_than_half(count: int, total: int) -> bool:
    """"过半数": strictly more than half of `total` (2 × count > total); nothing passes when total is 0."""
    return total > 0 and 2 * count > total


def smallest_majority(total: int) -> int:
    """The fewest votes that are more than half of `total`."""
    return total // 2 + 1


def at_least_fraction(count: int, total: int, numerator: int, denominator: int) -> bool:
    """"numerator/denominator 以上": count / total ≥ numerator / denominator, the fraction itself included."""
    return total > 0 and count * denominator >= total * numerator


def more_than_fraction(count: int, total: int, numerator: int, denominator: int) -> bool:
    """"超过 numerator/denominator": count / total > numerator / denominator, the fraction itself excluded."""
    return total > 0 and count * denominator > total * numerator


def as_fraction(share: float | int | str | Fraction) -> Fraction:
    """A configured share (0.58, "0.58", 1, Fraction(29, 50)) as the exact fraction its decimal digits say."""
    if isinstance(share, Fraction):
        return share
    return Fraction(Decimal(str(share)))


def exceeds(count: int, total: int, share: float | int | str | Fraction) -> bool:
    """count / total is more than `share` (a decimal such as 0.5), decided in integers."""
    f = as_fraction(share)
    return more_than_fraction(count, total, f.numerator, f.denominator)
