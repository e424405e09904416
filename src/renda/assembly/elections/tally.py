"""Applying the count (elections/counting.py) to an election's rows at the close of its vote."""

from __future__ import annotations

from renda.assembly.elections import counting
from renda.assembly.models import Candidate, Election


def apply(e: Election) -> counting.Result:
    cands = list(e.candidates.order_by("order", "id"))
    e.voters = e.marks.count() + e.paper_voters
    ballots = [{"choices": b.choices, "write_ins": b.write_ins}
               for b in e.ballots.all().only("choices", "write_ins")]
    result = counting.count(candidates=[str(c.pk) for c in cands], ballots=ballots, places=e.places,
                            total_deputies=e.total_deputies, voters=e.voters)
    e.ballots_cast, e.ballots_invalid, e.write_ins = result.cast, result.invalid, result.write_ins
    winners = set(result.ranking.winners)
    for c in cands:
        k = str(c.pk)
        c.yes, c.no, c.abstain = result.yes[k], result.no[k], result.abstain[k]
        c.elected = k in winners
    Candidate.objects.bulk_update(cands, ["yes", "no", "abstain", "elected"])
    names = [c.name for c in cands if str(c.pk) in winners]
    names += [k[1] for k in result.ranking.winners if isinstance(k, tuple)]
    parts = [f"全体代表 {e.total_deputies} 名，当选需 {result.needed} 票以上；投票 {e.voters} 人，"
             f"收回选票 {result.cast} 张，无效 {result.invalid} 张"]
    parts.append(("当选：" + "、".join(names)) if names else "无人当选")
    if result.ranking.tied:
        tied = [_name(k, cands) for k in result.ranking.tied]
        parts.append(f"{'、'.join(tied)}票数相等，须就票数相等的人再次投票（{result.ranking.tie_places} 名）")
    if result.ranking.shortfall:
        parts.append(f"不足 {result.ranking.shortfall} 名，须另行选举")
    e.outcome = "；".join(parts)[:300]
    return result


def _name(key, cands) -> str:
    if isinstance(key, tuple):
        return key[1]
    return next((c.name for c in cands if str(c.pk) == key), "")


def pending(e: Election) -> dict:
    """What the counted election leaves open: {"kind": "tie"|"shortfall"|"", "names": [...], "places": n}."""
    cands = list(e.candidates.order_by("order", "id"))
    tally = {str(c.pk): c.yes for c in cands}
    tally.update({("write_in", n): v for n, v in (e.write_ins or {}).items()})
    r = counting.rank(tally, e.places, lambda v: counting.more_than_half(v, e.total_deputies))
    if r.tied:
        return {"kind": "tie", "names": [_name(k, cands) for k in r.tied], "places": r.tie_places}
    if r.shortfall:
        losers = sorted((c for c in cands if not c.elected), key=lambda c: (-c.yes, c.order, c.pk))
        return {"kind": "shortfall", "names": [c.name for c in losers], "places": r.shortfall}
    return {"kind": "", "names": [], "places": 0}
