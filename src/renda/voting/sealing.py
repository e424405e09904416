"""The marks of a live vote, sealed at its close, and their check by `renda audit verify`.

Who voted (and, in an open vote, how) is written as VoterMark rows while the vote is open, without touching the
congress's audit chain. The close (the effect of the `close` step, voting.workflow) appends ONE record to the chain:
the voters by name (and, for an open vote, each one's choice), the counts, and an SM3 MAC over the (person, choice)
pairs. `renda audit verify` then recomputes the MAC from the rows (voting.wiring registers `verify_marks`): a mark
edited, deleted or slipped in after the close is found. A secret vote's record names the voters only, never a
choice; its ballots are checked by receipt.
"""

from __future__ import annotations

import hmac
import json

from renda.core import audit
from renda.voting.models import Choice, LiveVote, Method, Status, VoterMark


def _marks(live: LiveVote) -> list[tuple[int, str, str]]:
    return list(VoterMark.objects.filter(live_vote=live).order_by("person_id")
                .values_list("person_id", "person__name", "choice"))


def marks_mac(live: LiveVote, marks) -> str:
    pairs = [[pid, choice] for pid, _name, choice in marks]
    return audit.mac(json.dumps({"vote": str(live.pk), "marks": pairs}, separators=(",", ":")).encode(), "sm3")


def seal_marks(*, actor, live: LiveVote):
    marks = _marks(live)
    labels = dict(Choice.choices)
    after = {"voters": [name for _pid, name, _c in marks], "counts": live.counts, "marks_mac": marks_mac(live, marks)}
    if live.secret:
        note = f"无记名投票：{len(marks)} 人投票（名单按姓名，不含表决意见）"
    else:
        after["choices"] = {name: labels.get(choice, choice) for _pid, name, choice in marks}
        note = f"记名表决：{len(marks)} 人投票，名单及各人表决意见封存"
    return audit.record(actor=actor, action="voters", obj=live, after=after, note=note)


def verify_marks(chain: int) -> audit.Finding | None:
    """The marks of every closed live vote of one congress against the record sealed at its close."""
    sealed = {ev.object_id: ev for ev in audit.AuditEvent.objects.filter(
        chain=chain, object_type="voting.livevote", action="voters").only("seq", "object_id", "changes")}
    votes = list(LiveVote.objects.filter(congress_id=chain, status=Status.RECORDED, method=Method.DEVICE)
                 .select_related("agenda_item"))
    marks: dict = {v.pk: [] for v in votes}  # every vote's marks in one query, in `_marks` order
    for vid, pid, choice in (VoterMark.objects.filter(live_vote__in=votes).order_by("live_vote_id", "person_id")
                             .values_list("live_vote_id", "person_id", "choice")):
        marks[vid].append((pid, "", choice))
    for live in votes:
        ev = sealed.get(str(live.pk))
        label = f"现场表决“{live}”的投票记录"
        if ev is None:
            return audit.Finding(chain, 0, "deleted", f"{label}的封存记录缺失")
        expected = str((ev.changes.get("after") or {}).get("marks_mac") or "")
        if not hmac.compare_digest(marks_mac(live, marks[live.pk]), expected):
            return audit.Finding(chain, ev.seq, "edited", f"{label}与结束表决时封存的名单不符（被改动、删除或补入）")
    return None
