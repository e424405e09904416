"""Counting an election of the congress (pure: no Django, integers only).

组织法 第二十五条: elected only with more than half of ALL deputies (过半数 — exactly half is not enough);
第二十九条第一款: when more pass than there are places, the highest win; a tie at the cut that leaves the winners
undetermined → a further vote among the tied (for the places left); 第二十九条第二款: when fewer pass than there are
places, the missing places go to a new election (另行选举).
选举法 第四十四条: more ballots than voters → the whole vote is void. The election rules of the session (local): a
ballot marking more names (赞成 + 另选他人) than there are places is void.

`rank()` is shared with the 民生实事项目票决 (its own threshold, same cut and tie logic).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

YES, NO, ABSTAIN = "yes", "no", "abstain"
CHOICES = (YES, NO, ABSTAIN)


def more_than_half(count: int, total: int) -> bool:
    return total > 0 and 2 * count > total


@dataclass(frozen=True)
class Ranking:
    """Who takes the places: `winners` (in order), `tied` (equal at the cut, a further vote among them for
    `tie_places`), and `shortfall` places no one filled (another election)."""

    winners: tuple = ()
    tied: tuple = ()
    tie_places: int = 0
    shortfall: int = 0
    passing: tuple = ()


def rank(votes: Mapping, places: int, passes) -> Ranking:
    """Rank `votes` (key → votes for) for `places` places; only keys with `passes(count)` qualify.
    Deterministic: equal counts stay in their given order for display, but are never split at the cut."""
    order = {k: i for i, k in enumerate(votes)}
    passing = sorted((k for k, v in votes.items() if passes(v)), key=lambda k: (-votes[k], order[k]))
    if len(passing) <= places:
        return Ranking(winners=tuple(passing), shortfall=places - len(passing), passing=tuple(passing))
    cut = votes[passing[places - 1]]
    above = [k for k in passing if votes[k] > cut]
    at_cut = [k for k in passing if votes[k] == cut]
    left = places - len(above)
    if len(at_cut) == left:  # the cut falls cleanly after the last of the equal ones
        return Ranking(winners=tuple(above + at_cut), passing=tuple(passing))
    return Ranking(winners=tuple(above), tied=tuple(at_cut), tie_places=left, passing=tuple(passing))


@dataclass
class Result:
    total_deputies: int
    places: int
    voters: int
    cast: int
    void: bool = False  # more ballots than voters (选举法 第四十四条)
    invalid: int = 0  # ballots void by themselves (more marks than places)
    yes: dict = field(default_factory=dict)
    no: dict = field(default_factory=dict)
    abstain: dict = field(default_factory=dict)
    write_ins: dict = field(default_factory=dict)  # name → votes
    ranking: Ranking = field(default_factory=Ranking)

    @property
    def needed(self) -> int:
        """The fewest votes that elect: more than half of all deputies."""
        return self.total_deputies // 2 + 1


def ballot_valid(ballot: Mapping, places: int) -> bool:
    """A ballot is void when it marks more names (赞成 + 另选他人) than there are places, or holds unknown choices."""
    choices = ballot.get("choices", {}) or {}
    if any(c not in CHOICES for c in choices.values()):
        return False
    marked = sum(1 for c in choices.values() if c == YES) + len(
        [n for n in (ballot.get("write_ins") or []) if str(n).strip()])
    return marked <= places


def count(*, candidates: Iterable, ballots: Iterable[Mapping], places: int, total_deputies: int,
          voters: int) -> Result:
    """Count the ballots of one round.

    candidates: the keys on the ballot (ids), in ballot order; ballots: {"choices": {key: yes|no|abstain},
    "write_ins": [names]}; a candidate left unmarked on a valid ballot counts as 弃权. A write-in name equal to a
    candidate's key is not a write-in (ignored). Write-in names compete for the places like candidates."""
    keys = list(candidates)
    ballots = list(ballots)
    result = Result(total_deputies=total_deputies, places=places, voters=voters, cast=len(ballots))
    result.yes = {k: 0 for k in keys}
    result.no = {k: 0 for k in keys}
    result.abstain = {k: 0 for k in keys}
    if len(ballots) > voters:
        result.void = True
        return result
    writes: Counter = Counter()
    for b in ballots:
        if not ballot_valid(b, places):
            result.invalid += 1
            continue
        choices = b.get("choices", {}) or {}
        for k in keys:
            c = choices.get(k, choices.get(str(k), ABSTAIN))
            getattr(result, c)[k] += 1
        for name in {str(n).strip() for n in (b.get("write_ins") or []) if str(n).strip()}:
            if name not in map(str, keys):
                writes[name] += 1
    result.write_ins = dict(sorted(writes.items(), key=lambda kv: (-kv[1], kv[0])))
    tally = {**result.yes, **{("write_in", n): v for n, v in result.write_ins.items()}}
    result.ranking = rank(tally, places, lambda v: more_than_half(v, total_deputies))
    return result


def margin_error(kind: str, places: int, candidates: int, *, chief_extra: int = 1, deputy_min: int = 1,
                 deputy_max: int = 3) -> str:
    """'' when `candidates` for `places` meets 组织法 第二十七条第一款 / 第三十条, else the reason in Chinese.

    kind: chief | deputy | member | by_election."""
    if places < 1:
        return "应选名额至少为一名"
    if candidates < places:
        return f"候选人数（{candidates}）少于应选名额（{places}）"
    extra = candidates - places
    if kind == "by_election":
        return ""
    if kind == "chief":
        if extra == 0 and candidates == 1:
            return ""
        if extra == chief_extra or (extra == 0 and candidates == 1):
            return ""
        if extra > chief_extra:
            return f"候选人数只能比应选名额多{chief_extra}人，提名人数超过差额数的应当先进行预选"
        return "提名的候选人多于一人的，应当按差额选举（候选人数比应选名额多一人）"
    if kind == "deputy":
        if deputy_min <= extra <= deputy_max:
            return ""
        if extra > deputy_max:
            return f"候选人数应比应选名额多{deputy_min}至{deputy_max}人，提名人数超过差额数的应当先进行预选"
        return f"候选人数应比应选名额多{deputy_min}至{deputy_max}人"
    if kind == "member":
        # 多十分之一至五分之一: extra ≥ places/10 and extra ≤ places/5, in integers
        if extra * 10 >= places and extra * 5 <= places:
            return ""
        low, high = -(-places // 10), places // 5
        span = f"{low}至{high}人" if low <= high else "（应选名额过少，无法满足十分之一至五分之一的差额）"
        return f"常委会委员的候选人数应比应选名额多十分之一至五分之一，即多{span}"
    return "职务类别不正确"


def least_margin(kind: str, places: int, *, chief_extra: int = 1, deputy_min: int = 1) -> int:
    """The fewest extra candidates a (new) election of `places` needs (组织法 第二十九条第三款)."""
    if kind == "chief":
        return chief_extra
    if kind == "deputy":
        return deputy_min
    if kind == "member":
        return -(-places // 10)
    return 0
