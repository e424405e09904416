"""Deputies' verdicts (测评), re-handling and 并案."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from renda.core import audit, rules
from renda.core.calendar import calendar_for
from renda.core.workflow import or_today
from renda.proposals import permissions as perms
from renda.proposals.models import (
    REPLYING_ROLES,
    AssignmentStatus,
    Proposal,
    Rating,
    Status,
    Verdict,
)
from renda.proposals.workflow import ASSIGNMENT_WORKFLOW, PROPOSAL_WORKFLOW, close_if_rated


def rating_main(proposal: Proposal) -> Proposal:
    """The item whose reply is rated: the item itself, or its main item when merged (并案)."""
    if proposal.status == Status.MERGED and proposal.merged_into_id:
        return proposal.merged_into
    return proposal


def can_rate_now(user, proposal: Proposal) -> bool:
    """Whether `user` may rate `proposal` now (a merged suggestion is rated when its main item is replied)."""
    main = rating_main(proposal)
    if main.status != Status.REPLIED:
        return False
    ok = perms.is_lead_deputy(user, proposal) or perms.is_office(user, proposal)
    return ok and not proposal.ratings.filter(round=main.round).exists()


@transaction.atomic
def proposal_rate(*, actor, proposal: Proposal, verdict: str, comment: str = "",
                  today: dt.date | None = None) -> Rating:
    """The lead deputy's verdict on the current round of replies.

    并案 (PR-MERGE): the lead deputy of each merged suggestion rates the main item's reply on their own
    suggestion. Any 不满意 puts the main item into 不满意待处理 at once; the main item closes only when every
    lead deputy of the group has rated 满意 or 基本满意 (guard `group_satisfied`).
    """
    today = or_today(today)
    if verdict not in Verdict.values:
        raise ValidationError({"verdict": "请选择满意、基本满意或不满意。"})
    if verdict == Verdict.UNSATISFIED and not (comment or "").strip():
        raise ValidationError({"comment": "不满意的，请说明理由。"})
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    main = Proposal.objects.select_for_update().get(pk=rating_main(proposal).pk)
    merged_child = main.pk != proposal.pk
    if not (perms.is_lead_deputy(actor, proposal) or perms.is_office(actor, proposal)):
        raise PermissionDenied("只有本件的领衔代表可以测评（代表工作机构可以代为登记书面测评）。")
    if merged_child and main.status != Status.REPLIED:
        raise rules.violation("PR-RATE", f"主件{main.number}当前为「{main.get_status_display()}」，暂不能测评")
    PROPOSAL_WORKFLOW.check(main, "dispute", actor=actor)  # state: replied, awaiting the verdict
    if Rating.objects.filter(proposal=proposal, round=main.round).exists():
        raise rules.violation("PR-RATE", f"第{main.round}轮答复已经测评")
    rating = Rating(congress_id=proposal.congress_id, proposal=proposal, round=main.round, verdict=verdict,
                    comment=comment, rated_on=today, rated_by=actor)
    rating.full_clean()
    rating.save()
    label = rating.get_verdict_display()
    if merged_child:
        audit.record(actor=actor, action="rate", obj=proposal, rule=rules.get("PR-MERGE"),
                     note=f"并案建议测评（主件{main.number}第{main.round}轮答复）：{label}")
    if verdict == Verdict.UNSATISFIED:
        who = f"并入建议{proposal.number}的领衔代表" if merged_child else ""
        PROPOSAL_WORKFLOW.apply(main, "dispute", actor=actor, note=f"{who}测评：{label}", today=today)
    else:
        close_if_rated(main, actor=actor, today=today, note=f"测评：{label}")
    return rating


@transaction.atomic
def proposal_rehandle(*, actor, proposal: Proposal, note: str = "", today: dt.date | None = None) -> Proposal:
    """不满意 → 重新办理 (PR-RATE): a new round with a new reply deadline for the replying units."""
    today = or_today(today)
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    PROPOSAL_WORKFLOW.check(proposal, "rehandle", actor=actor)
    due = calendar_for(proposal.congress).add_months(today, rules.param(proposal.congress, "PR-RATE",
                                                                         "rehandle_months"))
    for a in proposal.assignments.exclude(status=AssignmentStatus.RETURNED):
        if a.status in (AssignmentStatus.REPLIED, AssignmentStatus.OPINION_SENT):
            ASSIGNMENT_WORKFLOW.apply(a, "reopen", actor=actor, note="重新办理")
            a.refresh_from_db()
        if a.role in REPLYING_ROLES:
            a.reply_due = due
            a.save(update_fields=["reply_due"])
    proposal.round += 1
    proposal.reply_due = due
    proposal.save(update_fields=["round", "reply_due", "updated_at"])
    return PROPOSAL_WORKFLOW.apply(proposal, "rehandle", actor=actor, note=note or "测评不满意，重新办理")


# ---- 并案 (PR-MERGE) ----------------------------------------------------------------------------------------
@transaction.atomic
def proposal_merge(*, actor, proposal: Proposal, main: Proposal, note: str = "",
                   today: dt.date | None = None) -> Proposal:
    """Merge `proposal` (not yet assigned) into `main`: it follows the main item's 交办, replies and verdicts."""
    today = or_today(today)
    if not perms.can_merge(actor, proposal):
        raise PermissionDenied("只有代表工作机构可以决定并案。")
    if main.congress_id != actor.congress_id:
        raise rules.violation("PR-MERGE", "只能与本人大的代表建议并案")
    main = Proposal.objects.select_for_update().get(pk=main.pk)
    if main.status == Status.MERGED:
        raise rules.violation("PR-MERGE", f"{main.number}本身已并入其他建议，请选择其主件")
    proposal = PROPOSAL_WORKFLOW.apply(proposal, "merge", actor=actor, main=main, today=today,
                                       note=note or f"并入{main.number}《{main.title}》办理")
    audit.record(actor=actor, action="merge", obj=main, rule=rules.get("PR-MERGE"),
                 note=f"并入：{proposal.number}《{proposal.title}》" + (f"；{note}" if note else ""))
    return proposal


@transaction.atomic
def proposal_unmerge(*, actor, proposal: Proposal, note: str = "", today: dt.date | None = None) -> Proposal:
    """Undo a merge while the main item is still 待交办; the suggestion goes back to 待交办 on its own."""
    proposal = Proposal.objects.select_related("merged_into").get(pk=proposal.pk)
    main = proposal.merged_into
    proposal = PROPOSAL_WORKFLOW.apply(proposal, "unmerge", actor=actor, today=or_today(today),
                                       note=note or (f"撤销并入{main.number}" if main else "撤销并案"))
    if main is not None:
        audit.record(actor=actor, action="unmerge", obj=main, rule=rules.get("PR-MERGE"),
                     note=f"撤销并案：{proposal.number}《{proposal.title}》")
    return proposal
