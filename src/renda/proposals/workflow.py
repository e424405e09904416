"""States and transitions of a proposal and of each unit's assignment (one mechanism: core.workflow)."""

from __future__ import annotations

from django.utils import timezone

from renda.core import rules
from renda.core.workflow import Transition, Workflow
from renda.proposals import permissions as perms
from renda.proposals.models import (
    REPLYING_ROLES,
    Assignment,
    AssignmentStatus,
    Kind,
    Proposal,
    Status,
)


# ---- guards -------------------------------------------------------------------------------------------
def is_motion(p: Proposal, **_) -> None:
    if p.kind != Kind.MOTION:
        raise rules.violation("PR-MOTION-AGENDA", "只有议案由主席团决定是否列入大会议程")


def has_replying_unit(p: Proposal, **_) -> None:
    if not p.assignments.filter(role__in=REPLYING_ROLES).exclude(status=AssignmentStatus.RETURNED).exists():
        raise rules.violation("PR-ASSIGN", "交办须确定主办单位或分办单位")


def all_replied(p: Proposal, **_) -> None:
    pending = p.assignments.filter(role__in=REPLYING_ROLES).exclude(
        status__in=(AssignmentStatus.RETURNED, AssignmentStatus.REPLIED)
    )
    if pending.exists():
        raise rules.violation("PR-REPLY", "仍有承办单位尚未答复")


def within_return_period(a: Assignment, *, today=None, **_) -> None:
    today = today or timezone.localdate()
    if today > a.return_due:
        raise rules.violation(
            "PR-RETURN", f"申请退回须在收到之日起规定工作日内提出（截止 {a.return_due:%Y年%m月%d日}）"
        )


def has_reason(a: Assignment, *, note: str = "", **_) -> None:
    if len((note or "").strip()) < 4:
        raise rules.violation("PR-RETURN", "申请退回须书面说明情况和理由")


def _proposal_prepare(p: Proposal, t: Transition, *, actor, note: str = "", **ctx) -> None:
    today = ctx.get("today") or timezone.localdate()
    if t.action == "convert":
        p.kind = Kind.SUGGESTION
    elif t.action in ("close", "close_disputed", "withdraw", "dismiss", "agenda"):
        p.closed_on = today


PROPOSAL_WORKFLOW = Workflow(
    name="proposals.proposal",
    states=Status,
    prepare=_proposal_prepare,
    transitions=[
        Transition("confirm", "联名代表全部确认", (Status.DRAFT,), Status.SUBMITTED, rule="PR-SUBMIT",
                   allowed=lambda u, p: perms.can_withdraw(u, p) or perms._in_congress(u, p)),
        Transition("agenda", "主席团决定列入大会议程", (Status.SUBMITTED,), Status.AGENDA,
                   rule="PR-MOTION-AGENDA", allowed=perms.is_office, guards=(is_motion,)),
        Transition("convert", "未列入议程，作为建议处理", (Status.SUBMITTED,), Status.SUBMITTED,
                   rule="PR-MOTION-AGENDA", allowed=perms.is_office, guards=(is_motion,), style="secondary"),
        Transition("assign", "交办", (Status.SUBMITTED,), Status.ASSIGNED, rule="PR-ASSIGN",
                   allowed=perms.is_office, guards=(has_replying_unit,)),
        Transition("dismiss", "不作为代表建议处理", (Status.SUBMITTED,), Status.DISMISSED, rule="PR-EXCLUDED",
                   allowed=perms.is_office, needs_note=True, style="danger"),
        Transition("withdraw", "代表书面撤回", (Status.DRAFT, Status.SUBMITTED, Status.ASSIGNED, Status.REHANDLING),
                   Status.WITHDRAWN, rule="PR-WITHDRAW", allowed=perms.can_withdraw, needs_note=True,
                   style="danger"),
        Transition("replied", "全部答复", (Status.ASSIGNED, Status.REHANDLING), Status.REPLIED, rule="PR-REPLY",
                   allowed=lambda u, p: perms._in_congress(u, p), guards=(all_replied,)),
        Transition("close", "测评满意，办结", (Status.REPLIED,), Status.CLOSED, rule="PR-RATE",
                   allowed=perms.can_rate),
        Transition("dispute", "测评不满意", (Status.REPLIED,), Status.DISPUTED, rule="PR-RATE",
                   allowed=perms.can_rate),
        Transition("rehandle", "交承办单位重新办理", (Status.DISPUTED,), Status.REHANDLING, rule="PR-RATE",
                   allowed=perms.is_office),
        Transition("close_disputed", "不再重新办理，办结", (Status.DISPUTED,), Status.CLOSED, rule="PR-RATE",
                   allowed=perms.is_office, needs_note=True, style="secondary"),
    ],
)

# Steps shown as buttons on the page (the others are taken by their own forms/services).
MANUAL_ACTIONS = frozenset({"agenda", "convert", "dismiss", "withdraw", "close_disputed"})

ASSIGNMENT_WORKFLOW = Workflow(
    name="proposals.assignment",
    states=AssignmentStatus,
    transitions=[
        Transition("request_return", "申请退回", (AssignmentStatus.ACTIVE,), AssignmentStatus.RETURN_REQUESTED,
                   rule="PR-RETURN", allowed=perms.can_request_return, guards=(within_return_period, has_reason),
                   needs_note=True, style="secondary"),
        Transition("accept_return", "同意退回", (AssignmentStatus.RETURN_REQUESTED,), AssignmentStatus.RETURNED,
                   rule="PR-RETURN", allowed=perms.is_office),
        Transition("refuse_return", "不同意退回", (AssignmentStatus.RETURN_REQUESTED,), AssignmentStatus.ACTIVE,
                   rule="PR-RETURN", allowed=perms.is_office, needs_note=True, style="secondary"),
        Transition("send_opinion", "送协办意见", (AssignmentStatus.ACTIVE,), AssignmentStatus.OPINION_SENT,
                   rule="PR-ASSIST", allowed=perms.can_send_opinion),
        Transition("reply", "答复代表", (AssignmentStatus.ACTIVE,), AssignmentStatus.REPLIED,
                   rule="PR-REPLY", allowed=perms.can_reply),
        Transition("reopen", "重新办理", (AssignmentStatus.REPLIED, AssignmentStatus.OPINION_SENT),
                   AssignmentStatus.ACTIVE, rule="PR-RATE", allowed=perms.is_office),
    ],
)
