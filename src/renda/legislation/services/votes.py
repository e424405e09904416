"""Writes of the votes (整体表决、单独表决); the approval, promulgation and filing steps are workflow steps
(`bills.bill_transition`), the 公布文本 is written by `renda.legislation.promulgation`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from renda.core import audit, rules, thresholds
from renda.core.models import Position
from renda.legislation import permissions as perms
from renda.legislation.dates import act_date, fmt
from renda.legislation.models import (
    Bill,
    BillStatus,
    BillVote,
    Stage,
)
from renda.legislation.services.comments import _provision
from renda.legislation.workflow import (
    BILL_WORKFLOW,
)
from renda.statutes import int_to_cn


# ---- votes ------------------------------------------------------------------------------------------------
def _vote_counts(yes: Any, no: Any, abstain: Any, total: int) -> tuple[int, int, int]:
    counts = []
    for name, value in (("yes", yes), ("no", no), ("abstain", abstain)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValidationError({name: "票数须为非负整数。"})
        counts.append(value)
    if sum(counts) > total:
        raise ValidationError({"yes": f"赞成、反对、弃权票数之和（{sum(counts)}）超过常委会全体组成人员（{total}名）。"})
    return counts[0], counts[1], counts[2]


def _vote_preconditions(bill: Bill) -> None:
    """A vote before the readings, or before the 主任会议 put the bill to the vote, is refused."""
    if bill.status in (BillStatus.ON_AGENDA, BillStatus.IN_DELIBERATION):
        done = bill.readings.count()
        if done < bill.readings_required:
            raise rules.violation(
                "LEG-READINGS",
                f"已经常委会会议审议{int_to_cn(done) if done else '零'}次，本法规案须经"
                f"{int_to_cn(bill.readings_required)}次审议后方可交付表决",
            )
        raise rules.violation("LEG-VOTE", "法规草案表决稿尚未由主任会议提请表决")
    if bill.status != BillStatus.VOTE_PENDING:
        raise rules.violation("LEG-VOTE", f"法规案处于「{bill.get_status_display()}」状态，不能表决")


@transaction.atomic
def bill_record_separate_vote(*, actor, bill: Bill, eid: str, voted_on: dt.date, yes: int, no: int, abstain: int,
                              meeting: str = "", note: str = "") -> BillVote:
    """A separate vote on a contested article of the 表决稿 (立法法 第四十四条第二款)."""
    locked = Bill.objects.select_for_update().get(pk=bill.pk)
    if not perms.can_register(actor, locked):
        raise PermissionDenied("您没有记录表决结果的权限。")
    _vote_preconditions(locked)
    final = locked.versions.filter(stage=Stage.FINAL).first()
    voted_on = act_date({"on": voted_on})
    if not (eid or "").strip():
        raise ValidationError({"eid": "请选择单独表决的条款。"})
    eid, _, label = _provision(final, eid)
    if locked.votes.filter(eid=eid).exists():
        raise rules.violation("LEG-SEPARATE-VOTE", f"{label}已经单独表决")
    total = len(Position.standing_committee_ids_on(locked.congress_id, voted_on))
    if total == 0:
        raise ValidationError({"voted_on": "该日没有在任的常委会组成人员。"})
    yes, no, abstain = _vote_counts(yes, no, abstain, total)
    vote = BillVote(congress_id=locked.congress_id, bill=locked, version=final, eid=eid, provision_label=label,
                    voted_on=voted_on, meeting=(meeting or "").strip()[:100], members_total=total, yes=yes, no=no,
                    abstain=abstain, passed=thresholds.more_than_half(yes, total), note=(note or "").strip(),
                    recorded_by=actor if getattr(actor, "pk", None) else None)
    vote.full_clean()
    vote.save()
    audit.record(actor=actor, action="vote", obj=locked, rule=rules.get("LEG-SEPARATE-VOTE"),
                 after={"eid": eid, "yes": yes, "no": no, "abstain": abstain, "members": total,
                        "passed": vote.passed}, note=f"{label}单独表决")
    return vote


@transaction.atomic
def bill_record_vote(*, actor, bill: Bill, voted_on: dt.date, yes: int, no: int, abstain: int,
                     meeting: str = "", note: str = "") -> BillVote:
    """The vote on the whole 表决稿: passed with more than half of ALL members (组织法 第五十一条第四款).

    All members = the people holding a standing-committee post (主任、副主任、秘书长、委员) on the vote date.
    The meetings module may call this when a meeting records its votes.
    """
    locked = Bill.objects.select_for_update().get(pk=bill.pk)
    if not perms.can_register(actor, locked):
        raise PermissionDenied("您没有记录表决结果的权限。")
    _vote_preconditions(locked)
    voted_on = act_date({"on": voted_on})
    last = locked.readings.order_by("-number").first()
    if last and voted_on < last.held_on:
        raise rules.violation("LEG-VOTE", f"表决日期早于最后一次审议（{fmt(last.held_on)}）")
    final = locked.versions.filter(stage=Stage.FINAL).first()
    if final is None:
        raise rules.violation("LEG-UNIFIED-REVIEW", "法制委员会尚未提出草案表决稿")
    failed_separate = [v.provision_label for v in locked.votes.filter(passed=False).exclude(eid="")]
    if failed_separate and not (note or "").strip():
        raise rules.violation(
            "LEG-SEPARATE-VOTE",
            f"{'、'.join(failed_separate)}单独表决未获通过，交付表决须记录主任会议的决定",
        )
    total = len(Position.standing_committee_ids_on(locked.congress_id, voted_on))
    if total == 0:
        raise ValidationError({"voted_on": "该日没有在任的常委会组成人员。"})
    yes, no, abstain = _vote_counts(yes, no, abstain, total)
    vote = BillVote(congress_id=locked.congress_id, bill=locked, version=final, eid="", voted_on=voted_on,
                    meeting=(meeting or "").strip()[:100], members_total=total, yes=yes, no=no, abstain=abstain,
                    passed=thresholds.more_than_half(yes, total), note=(note or "").strip(),
                    recorded_by=actor if getattr(actor, "pk", None) else None)
    vote.full_clean()
    vote.save()
    audit.record(actor=actor, action="vote", obj=locked, rule=rules.get("LEG-VOTE"),
                 after={"yes": yes, "no": no, "abstain": abstain, "members": total, "passed": vote.passed})
    outcome = "pass" if vote.passed else "fail"
    summary = f"赞成{yes}票，反对{no}票，弃权{abstain}票（全体组成人员{total}名）"
    BILL_WORKFLOW.apply(locked, outcome, actor=actor, note=f"{note.strip()}；{summary}" if note else summary,
                        vote=vote, on=voted_on)
    return vote
