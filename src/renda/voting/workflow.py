"""The live vote's steps: the chair closes it (the result is counted and announced in meetings) or voids it."""

from __future__ import annotations

from django.utils import timezone

from renda.core.workflow import Transition, Workflow
from renda.meetings import services as msvc
from renda.voting import counting
from renda.voting import permissions as perms
from renda.voting.models import Kind, LiveVote, Status, VoterMark
from renda.voting.recording import record_result, shuffle_out_order
from renda.voting.sealing import seal_marks


def _close(live: LiveVote, *, actor, note: str = "", **ctx) -> None:
    now = ctx.get("at") or timezone.now()
    live.closed_at = now
    per_member = None
    if live.secret:
        shuffle_out_order(live)
    elif live.kind == Kind.VOTE:
        per_member = dict(VoterMark.objects.filter(live_vote=live).values_list("person_id", "choice"))
    record_result(live, counting.counts(live), actor=actor, at=now, per_member=per_member)
    seal_marks(actor=actor, live=live)


def _void(live: LiveVote, *, actor, note: str = "", **ctx) -> None:
    live.closed_at = ctx.get("at") or timezone.now()
    msvc.vote_transition(actor=actor, vote=live.result, action="void", note=note or "现场表决作废")


LIVE_WORKFLOW = Workflow(
    name="voting.livevote",
    states=Status,
    transitions=[
        Transition("close", "结束表决并宣布结果", (Status.OPEN,), Status.RECORDED, rule="MTG-MAJORITY",
                   allowed=perms.chairs, effect=_close,
                   next_hint="表决结果按全体组成人员计算，记入本次会议的表决记录，议题随之通过或未通过。"),
        Transition("void", "作废（改用举手或书面表决）", (Status.OPEN,), Status.VOID, rule="MTG-VOTE-FLOW",
                   allowed=perms.chairs, needs_note=True, style="danger", awaited=False, effect=_void,
                   next_hint="办公厅可以登记举手或书面表决的结果。"),
    ],
)
