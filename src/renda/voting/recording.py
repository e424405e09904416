"""Recording a live vote's result into meetings, through meetings' own services (the workflow's close step and the
fallback both use it). Meetings announces the vote: quorum re-checked, the item passes or fails, the linked object's
hooks run — in the caller's transaction."""

from __future__ import annotations

import uuid

from renda.meetings import services as msvc
from renda.meetings.models import Vote
from renda.meetings.tally import eligibility, tally_and_fill
from renda.voting import counting
from renda.voting.models import Kind, LiveVote, Method, SecretBallot, VoterMark


def shuffle_out_order(live: LiveVote) -> None:
    """A secret vote's rows are rewritten at its close: ballots in receipt-hash order, marks in person order, all
    with new random keys — whatever order the storage kept while the vote was open (SQLite's rowid, PostgreSQL's
    tuple positions) is the order of the hashes and the people afterwards, not the order of voting."""
    ballots = sorted(SecretBallot.objects.filter(live_vote=live).values_list("choice", "receipt_hash"), key=lambda r: r[1])
    SecretBallot.objects.filter(live_vote=live).delete()
    SecretBallot.objects.bulk_create([SecretBallot(id=uuid.uuid4(), congress_id=live.congress_id, live_vote=live, choice=c,
                                       receipt_hash=h) for c, h in ballots])
    people = sorted(VoterMark.objects.filter(live_vote=live).values_list("person_id", flat=True))
    VoterMark.objects.filter(live_vote=live).delete()
    VoterMark.objects.bulk_create([VoterMark(id=uuid.uuid4(), congress_id=live.congress_id, live_vote=live,
                                             person_id=p) for p in people])


def record_result(live: LiveVote, figures: dict[str, int], *, actor, at, per_member: dict[int, str] | None = None
                  ) -> Vote:
    """Announce `live.result` in meetings with these figures and the vote's threshold; fill `live` from it.

    `per_member` (an open 表决 from the devices): meetings gets each member's ballot and counts them itself
    (未按表决器 filled in for present members without one). Otherwise (secret, rating, hands, paper) it gets the
    figures only — no ballot names anybody."""
    if per_member is not None:
        msvc.ballots_record(actor=actor, vote=live.result, choices=per_member)
    yes, no, abstain = counting.as_yes_no_abstain(live.kind, figures)
    source = f"{live.get_method_display()}{'（无记名）' if live.secret else ''}"
    if live.kind == Kind.RATING:
        source += "，满意度测评：" + "，".join(f"{c.label}{figures.get(c, 0)}" for c in live.choices)

    def tally(vote: Vote) -> None:
        if per_member is not None:
            tally_and_fill(vote)
        else:
            members, present = eligibility(vote.meeting)
            vote.total_members, vote.present = len(members), len(present)
            vote.yes, vote.no, vote.abstain = yes, no, abstain
            vote.not_voted = max(len(present) - yes - no - abstain, 0)
        vote.passed = counting.passes(vote.yes, vote.total_members, live.threshold)
        vote.source = source[:200]

    vote = msvc.vote_transition(actor=actor, vote=live.result, action="announce", at=at, tally=tally,
                                note=f"{live.get_kind_display()}（{source}）：{live.get_threshold_display()}通过")
    live.total_members, live.present, live.passed = vote.total_members, vote.present, vote.passed
    live.counts = {**{c: figures.get(c, 0) for c in live.choices}, "not_voted": vote.not_voted}
    return vote


METHOD_OF = {Method.DEVICE: "electronic", Method.HANDS: "hands", Method.PAPER: "hands"}
