"""交办, returns, assisting opinions, replies and the extension of the reply period."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from renda.core import attachments, audit, rules
from renda.core.models import Organization
from renda.core.workflow import or_today
from renda.proposals import permissions as perms
from renda.proposals.deadlines import (
    opinion_deadline,
    reply_deadline,
    return_deadline,
)
from renda.proposals.locking import UNCHECKED, check_version
from renda.proposals.models import (
    REPLYING_ROLES,
    Assignment,
    AssignmentStatus,
    Commitment,
    Proposal,
    Reply,
    ReturnRequest,
    Role,
    Status,
)
from renda.proposals.services.intake import ASSIGN_CONFLICT, REASSIGN_CONFLICT
from renda.proposals.services.notify import _mail_deputies
from renda.proposals.workflow import ASSIGNMENT_WORKFLOW, PROPOSAL_WORKFLOW


# ---- 交办 --------------------------------------------------------------------------------------------------
def _new_assignment(proposal: Proposal, unit: Organization, role: str, part: str, on: dt.date) -> Assignment:
    if unit.congress_id != proposal.congress_id or not unit.is_handling_unit:
        raise ValidationError({"unit": f"「{unit}」不是本人大的承办单位。"})
    congress = proposal.congress
    a = Assignment(
        congress_id=proposal.congress_id, proposal=proposal, unit=unit, role=role, part=part, assigned_on=on,
        return_due=return_deadline(congress, on),
        opinion_due=opinion_deadline(congress, on) if role == Role.ASSIST else None,
        reply_due=reply_deadline(congress, on, extended=proposal.extended) if role in REPLYING_ROLES else None,
    )
    a.full_clean()
    a.save()
    return a


def _refresh_due(proposal: Proposal) -> None:
    dues = [a.reply_due for a in proposal.assignments.filter(role__in=REPLYING_ROLES).exclude(
        status=AssignmentStatus.RETURNED) if a.reply_due]
    proposal.reply_due = max(dues) if dues else None
    proposal.save(update_fields=["reply_due", "updated_at"])


@transaction.atomic
def proposal_assign(*, actor, proposal: Proposal, units: list[tuple[Organization, str, str]],
                    today: dt.date | None = None, lock_version=UNCHECKED) -> Proposal:
    """交办: units is [(unit, role, part)]: one 主办 with any 协办, or several 分办 each with its part.

    `lock_version` is the proposal's version the clerk read (optimistic locking: a missing or stale one is refused). The row is
    locked and its state checked before any assignment is created, so a second 交办 never adds units silently.
    """
    if not perms.is_office(actor, proposal):
        raise PermissionDenied("只有代表工作机构可以交办。")
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    check_version(proposal, lock_version, ASSIGN_CONFLICT)
    step = PROPOSAL_WORKFLOW.transition("assign")
    if proposal.status not in step.sources:  # e.g. already 交办 by somebody else: nothing is added
        raise rules.violation(step.rule, f"当前状态为「{proposal.get_status_display()}」，不能执行「{step.label}」")
    today = or_today(today)
    roles = [r for _, r, _ in units]
    if roles.count(Role.LEAD) > 1:
        raise rules.violation("PR-ASSIGN", "会同办理只能确定一个主办单位")
    if Role.ASSIST in roles and Role.LEAD not in roles:
        raise rules.violation("PR-ASSIGN", "确定协办单位的，须同时确定主办单位")
    if Role.LEAD in roles and Role.SEPARATE in roles:
        raise rules.violation("PR-ASSIGN", "分别办理与会同办理不能同时适用")
    if any(r == Role.SEPARATE and not (p or "").strip() for _, r, p in units):
        raise rules.violation("PR-ASSIGN", "分别办理的，应当明确各承办单位办理的内容")
    if len({u.pk for u, _, _ in units}) != len(units):
        raise ValidationError("同一承办单位不能重复交办。")
    for unit, role, part in units:
        _new_assignment(proposal, unit, role, part, today)
    proposal.assigned_on = today
    proposal.save(update_fields=["assigned_on", "updated_at"])
    _refresh_due(proposal)
    proposal = PROPOSAL_WORKFLOW.apply(proposal, "assign", actor=actor,
                                       note="交办：" + "、".join(f"{u}（{dict(Role.choices)[r]}）" for u, r, _ in units))
    return proposal


@transaction.atomic
def return_request(*, actor, assignment: Assignment, reason: str, today: dt.date | None = None) -> ReturnRequest:
    today = or_today(today)
    ASSIGNMENT_WORKFLOW.apply(assignment, "request_return", actor=actor, note=reason, today=today)
    rr = ReturnRequest.objects.create(congress_id=assignment.congress_id, assignment=assignment,
                                      reason=reason.strip(), requested_on=today, requested_by=actor)
    return rr


@transaction.atomic
def return_decide(*, actor, assignment: Assignment, accept: bool, note: str = "",
                  new_unit: Organization | None = None, today: dt.date | None = None,
                  lock_version=UNCHECKED) -> Assignment | None:
    """Accept (and reassign to `new_unit` with the same role) or refuse a unit's return request.

    `lock_version` is the assignment's version the clerk read (optimistic locking: a missing or stale one is refused). The
    request must still be pending: a second decision never reassigns the item a second time."""
    today = or_today(today)
    action = "accept_return" if accept else "refuse_return"
    assignment = Assignment.objects.select_for_update().select_related("proposal").get(pk=assignment.pk)
    check_version(assignment, lock_version, REASSIGN_CONFLICT)
    ASSIGNMENT_WORKFLOW.check(assignment, action, actor=actor, note=note or ("同意退回" if accept else ""))
    rr = assignment.return_requests.filter(decision=ReturnRequest.Decision.PENDING).last()
    ASSIGNMENT_WORKFLOW.apply(assignment, action, actor=actor, note=note or ("同意退回" if accept else ""))
    if rr is not None:
        rr.decision = ReturnRequest.Decision.ACCEPTED if accept else ReturnRequest.Decision.REFUSED
        rr.decided_on = today
        rr.decision_note = note
        rr.save(update_fields=["decision", "decided_on", "decision_note"])
    new = None
    if accept and new_unit is not None:
        proposal = assignment.proposal
        if proposal.assignments.filter(unit=new_unit).exclude(status=AssignmentStatus.RETURNED).exists():
            raise ValidationError("该单位已在办理本件。")
        new = _new_assignment(proposal, new_unit, assignment.role, assignment.part, today)
        audit.record(actor=actor, action="reassign", obj=proposal, rule=rules.get("PR-RETURN"),
                     note=f"退回后重新交办：{new_unit}（{new.get_role_display()}）")
        _refresh_due(proposal)
    return new


# ---- handling -----------------------------------------------------------------------------------------------
@transaction.atomic
def opinion_submit(*, actor, assignment: Assignment, text: str, today: dt.date | None = None) -> Assignment:
    if not (text or "").strip():
        raise ValidationError({"opinion": "请填写协办意见。"})
    today = or_today(today)
    if not perms.can_send_opinion(actor, assignment):
        raise PermissionDenied("只有协办单位可以提出协办意见。")
    assignment.opinion = text.strip()
    assignment.opinion_on = today
    assignment.save(update_fields=["opinion", "opinion_on"])
    return ASSIGNMENT_WORKFLOW.apply(assignment, "send_opinion", actor=actor, note="协办意见")


@dataclass
class CommitmentIn:
    text: str
    due_date: dt.date


@transaction.atomic
def reply_submit(
    *,
    actor,
    assignment: Assignment,
    text: str,
    result_class: str,
    communication: str,
    signer: str,
    commitments: list[CommitmentIn] | None = None,
    letter=None,
    today: dt.date | None = None,
) -> Reply:
    today = or_today(today)
    if not perms.can_reply(actor, assignment):
        raise PermissionDenied("只有主办或分办单位可以答复代表。")
    proposal = Proposal.objects.select_for_update().get(pk=assignment.proposal_id)
    reply = Reply(
        congress_id=assignment.congress_id, proposal=proposal, assignment=assignment, round=proposal.round,
        text=(text or "").strip(), result_class=result_class, communication=communication,
        signer=(signer or "").strip(), replied_on=today,
        on_time=assignment.reply_due is None or today <= assignment.reply_due, created_by=actor,
    )
    reply.full_clean()
    ASSIGNMENT_WORKFLOW.apply(assignment, "reply", actor=actor, note="答复代表")
    reply.save()
    for c in commitments or []:
        if not (c.text or "").strip():
            raise ValidationError({"commitments": "承诺事项不能为空。"})
        commitment = Commitment(congress_id=reply.congress_id, reply=reply, text=c.text.strip(), due_date=c.due_date,
                                year=today.year)
        commitment.full_clean()
        commitment.save()
    if letter is not None:
        attachments.attach(actor=actor, obj=reply, upload=letter)
    audit.record(actor=actor, action="create", obj=reply,
                 after=audit.snapshot(reply, ["round", "result_class", "communication", "signer", "on_time"]))
    pending = proposal.assignments.filter(role__in=REPLYING_ROLES).exclude(
        status__in=(AssignmentStatus.RETURNED, AssignmentStatus.REPLIED))
    if not pending.exists():
        PROPOSAL_WORKFLOW.apply(proposal, "replied", actor=actor, note="承办单位已全部答复")
        _mail_deputies(proposal, "【代表建议答复待测评】", lambda item, note: (
            f"您领衔提出的建议《{item.title}》（{item.number}）{note}，承办单位已作出第{proposal.round}轮答复，"
            "请登录履职平台查看答复，并提出满意、基本满意或不满意的测评意见。"),
            key=f"proposal-reply:{proposal.pk}:{proposal.round}")
    return reply



@transaction.atomic
def extension_approve(*, actor, proposal: Proposal, note: str = "") -> Proposal:
    """延期答复, approved by the deputies' working body: at most max_months from assignment (PR-REPLY)."""
    if not perms.is_office(actor, proposal):
        raise PermissionDenied("延期答复须经代表工作机构同意。")
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status not in (Status.ASSIGNED, Status.REHANDLING) or proposal.round > 1:
        raise rules.violation("PR-REPLY", "只有首轮办理中的件可以申请延期答复")
    proposal.extended = True
    proposal.save(update_fields=["extended", "updated_at"])
    for a in proposal.assignments.filter(role__in=REPLYING_ROLES).exclude(status=AssignmentStatus.RETURNED):
        a.reply_due = reply_deadline(proposal.congress, a.assigned_on, extended=True)
        a.save(update_fields=["reply_due"])
    _refresh_due(proposal)
    audit.record(actor=actor, action="extend", obj=proposal, rule=rules.get("PR-REPLY"), note=note or "同意延期答复",
                 after={"reply_due": proposal.reply_due})
    return proposal
