"""Deciding a 民生实事项目票决 (pure, integers only; rule LIV-VOTE, ties LIV-TIE).

A project qualifies with more than half of the base (全体代表, or 出席会议的代表 where the congress so sets) voting
for it; the qualifying projects are ranked by votes for and the first `places` are adopted; equal votes at the cut
that leave the adopted projects undetermined → a further vote among the tied for the places left.
"""

from __future__ import annotations

from collections.abc import Mapping

from renda.assembly.elections.counting import Ranking, more_than_half, rank

BASE_ALL = "全体代表"
BASE_PRESENT = "出席会议的代表"


def base_of(setting: str, *, total: int, present: int) -> int:
    return present if setting == BASE_PRESENT else total


def decide(votes_for: Mapping, places: int, *, base: int) -> Ranking:
    return rank(votes_for, places, lambda v: more_than_half(v, base))


def ballot_error(choices: Mapping, *, candidates: set, places: int) -> str:
    """'' for a valid ballot; else why not (unknown project or choice, more 赞成 than places)."""
    if set(map(str, choices)) - set(map(str, candidates)):
        return "选票上有不在本次票决范围内的项目"
    if any(c not in ("yes", "no", "abstain") for c in choices.values()):
        return "每个项目只能选择赞成、反对或者弃权"
    if sum(1 for c in choices.values() if c == "yes") > places:
        return f"赞成的项目不得多于应选项目数（{places}项）"
    return ""
