"""Counting a live vote and deciding it by the meetings rule (integers only, renda.core.thresholds)."""

from __future__ import annotations

from renda.core import thresholds
from renda.voting.models import Choice, Kind, LiveVote, SecretBallot, Threshold, VoterMark


def passes(yes: int, total: int, threshold: str) -> bool:
    """过半数 of ALL members (组织法 第五十一条第四款), or 三分之二以上 where a vote requires it."""
    if threshold == Threshold.TWO_THIRDS:
        return thresholds.at_least_fraction(yes, total, 2, 3)
    return thresholds.more_than_half(yes, total)


def needed(total: int, threshold: str) -> int:
    if threshold == Threshold.TWO_THIRDS:
        return -(-2 * total // 3)
    return thresholds.smallest_majority(total)


def counts(live: LiveVote) -> dict[str, int]:
    """Choice → number of ballots: from the anonymous ballots (secret) or the voters' marks (open)."""
    out = {c: 0 for c in live.choices}
    if live.secret:
        rows = SecretBallot.objects.filter(live_vote=live).values_list("choice", flat=True)
    else:
        rows = VoterMark.objects.filter(live_vote=live).values_list("choice", flat=True)
    for c in rows:
        out[c] = out.get(c, 0) + 1
    return out


def as_yes_no_abstain(kind: str, c: dict[str, int]) -> tuple[int, int, int]:
    """The figures meetings records: for a rating, 满意 and 基本满意 count as yes, 不满意 as no."""
    if kind == Kind.RATING:
        return c.get(Choice.SATISFIED, 0) + c.get(Choice.BASIC, 0), c.get(Choice.UNSATISFIED, 0), 0
    return c.get(Choice.YES, 0), c.get(Choice.NO, 0), c.get(Choice.ABSTAIN, 0)
