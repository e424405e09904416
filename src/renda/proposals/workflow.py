"""States and transitions of a proposal and of each unit's assignment (one mechanism: core.workflow)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from renda.core import audit, rules
from renda.core.errors import RuleViolation
from renda.core.forms import DATE_INPUT
from renda.core.workflow import Transition, Workflow
from renda.proposals import permissions as perms
from renda.proposals.deadlines import assign_deadline
from renda.proposals.models import (
    REPLYING_ROLES,
    SATISFIED_VERDICTS,
    Assignment,
    AssignmentStatus,
    Commitment,
    CommitmentStatus,
    Kind,
    Proposal,
    Rating,
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


MERGE_MAIN_STATES = (Status.SUBMITTED, Status.ASSIGNED, Status.REHANDLING)


def mergeable_into(p: Proposal, *, main: Proposal | None = None, **_) -> None:
    """PR-MERGE: a suggestion not yet assigned joins a main item of the same congress still being handled."""
    if main is None:
        raise rules.violation("PR-MERGE", "请选择主件")
    if main.pk == p.pk:
        raise rules.violation("PR-MERGE", "不能并入本件自身")
    if main.congress_id != p.congress_id:
        raise rules.violation("PR-MERGE", "只能与本人大的代表建议并案")
    if p.kind != Kind.SUGGESTION or main.kind != Kind.SUGGESTION:
        raise rules.violation("PR-MERGE", "议案由主席团决定是否列入议程，决定作为建议处理后方可并案")
    if main.status not in MERGE_MAIN_STATES:
        raise rules.violation(
            "PR-MERGE", f"主件当前为「{main.get_status_display()}」，只能并入待交办、办理中或重新办理的件")
    if p.merged.filter(status=Status.MERGED).exists():
        raise rules.violation("PR-MERGE", "本件已有其他建议并入，请以本件为主件，或先撤销那些并案")


def main_not_assigned(p: Proposal, **_) -> None:
    main = p.merged_into
    if main is not None and main.status != Status.SUBMITTED:
        raise rules.violation("PR-MERGE", f"主件{main.number}已交办，不能撤销并案")


def main_ended(p: Proposal, **_) -> None:
    main = p.merged_into
    if main is not None and main.status not in (Status.WITHDRAWN, Status.DISMISSED):
        raise rules.violation("PR-MERGE", "主件仍在办理，并入的建议随主件办理")


def group_satisfied(p: Proposal, **_) -> None:
    """PR-RATE / PR-MERGE: an item closes when its lead deputy — and the lead deputy of each suggestion merged
    into it — has rated the current round 满意 or 基本满意."""
    if not Rating.objects.filter(proposal=p, round=p.round).exists():
        raise rules.violation("PR-RATE", "领衔代表尚未测评")
    if p.merged.filter(status=Status.MERGED).exclude(ratings__round=p.round).exists():
        raise rules.violation("PR-MERGE", "并入建议的领衔代表尚未全部测评")
    verdicts = list(Rating.objects.filter(round=p.round).filter(
        Q(proposal=p) | Q(proposal__merged_into=p, proposal__status=Status.MERGED)).values_list("verdict", flat=True))
    if not verdicts or not all(v in SATISFIED_VERDICTS for v in verdicts):
        raise rules.violation("PR-RATE", "领衔代表测评满意或基本满意后方可办结")


def close_if_rated(main: Proposal, *, actor, today=None, note: str = "") -> bool:
    """Close `main` when every lead deputy of the group has rated the current round satisfied."""
    if main.status != Status.REPLIED:
        return False
    try:
        group_satisfied(main)
    except RuleViolation:
        return False
    PROPOSAL_WORKFLOW.apply(main, "close", actor=actor, note=note or "测评满意，办结", today=today)
    return True


# ---- what each step does (effect: before the row is saved; then: once it is saved) -----------------------------
def _today(ctx) -> dt.date:
    return ctx.get("today") or timezone.localdate()


def _closed(p: Proposal, **ctx) -> None:
    p.closed_on = _today(ctx)


def _converted(p: Proposal, **_) -> None:
    p.kind = Kind.SUGGESTION


def _merged(p: Proposal, *, main: Proposal, **ctx) -> None:
    p.merged_into = main
    p.merged_on = _today(ctx)


def _unmerged(p: Proposal, **_) -> None:
    p.merged_into = None
    p.merged_on = None


def _released(p: Proposal, **ctx) -> None:
    """Back to 待交办: the 交办 period restarts, the office assigns it on its own now."""
    _unmerged(p)
    p.assign_due = assign_deadline(p.congress, _today(ctx))


def _withdrawn(p: Proposal, **ctx) -> None:
    _closed(p, **ctx)
    p._former_main_id = p.merged_into_id  # read by _after_withdrawal, once this row is saved
    if p.merged_into_id:
        _unmerged(p)


def _release_merged(p: Proposal, *, actor, label: str, **ctx) -> None:
    """A main item that ends releases its merged suggestions: they go back to 待交办 (PR-MERGE)."""
    for child in Proposal.objects.filter(merged_into=p, status=Status.MERGED).order_by("pk"):
        PROPOSAL_WORKFLOW.apply(child, "release", actor=actor, today=ctx.get("today"),
                                note=f"主件{p.number}已{label}，本件恢复待交办")


def _after_withdrawal(p: Proposal, *, actor, note: str = "", **ctx) -> None:
    former_main = getattr(p, "_former_main_id", None)
    if former_main:
        # The withdrawn suggestion no longer waits for a verdict: the main item may now be fully rated.
        close_if_rated(Proposal.objects.get(pk=former_main), actor=actor, today=ctx.get("today"),
                       note=f"并入建议{p.number}已撤回，其余领衔代表均已测评满意，办结")
    _release_merged(p, actor=actor, label="代表书面撤回", **ctx)


def _after_dismissal(p: Proposal, *, actor, note: str = "", **ctx) -> None:
    _release_merged(p, actor=actor, label="不作为代表建议处理", **ctx)


PROPOSAL_WORKFLOW = Workflow(
    name="proposals.proposal",
    states=Status,
    transitions=[
        Transition("confirm", "联名代表全部确认", (Status.DRAFT,), Status.SUBMITTED, rule="PR-SUBMIT",
                   allowed=lambda u, p: perms.can_withdraw(u, p) or perms.in_congress(u, p)),
        Transition("agenda", "主席团决定列入大会议程", (Status.SUBMITTED,), Status.AGENDA,
                   rule="PR-MOTION-AGENDA", allowed=perms.is_office, guards=(is_motion,), effect=_closed),
        Transition("convert", "未列入议程，作为建议处理", (Status.SUBMITTED,), Status.SUBMITTED,
                   rule="PR-MOTION-AGENDA", allowed=perms.is_office, guards=(is_motion,), effect=_converted,
                   style="secondary"),
        Transition("assign", "交办", (Status.SUBMITTED,), Status.ASSIGNED, rule="PR-ASSIGN",
                   allowed=perms.is_office, guards=(has_replying_unit,)),
        Transition("dismiss", "不作为代表建议处理", (Status.SUBMITTED,), Status.DISMISSED, rule="PR-EXCLUDED",
                   allowed=perms.is_office, needs_note=True, effect=_closed, then=_after_dismissal, style="danger"),
        Transition("withdraw", "代表书面撤回",
                   (Status.DRAFT, Status.SUBMITTED, Status.ASSIGNED, Status.REHANDLING, Status.MERGED),
                   Status.WITHDRAWN, rule="PR-WITHDRAW", allowed=perms.can_withdraw, needs_note=True,
                   effect=_withdrawn, then=_after_withdrawal, style="danger"),
        Transition("replied", "全部答复", (Status.ASSIGNED, Status.REHANDLING), Status.REPLIED, rule="PR-REPLY",
                   allowed=lambda u, p: perms.in_congress(u, p), guards=(all_replied,)),
        # Taken only by the services once the verdicts are in (who may rate is checked when rating).
        Transition("close", "测评满意，办结", (Status.REPLIED,), Status.CLOSED, rule="PR-RATE",
                   allowed=lambda u, p: perms.in_congress(u, p), guards=(group_satisfied,), effect=_closed),
        Transition("dispute", "测评不满意", (Status.REPLIED,), Status.DISPUTED, rule="PR-RATE",
                   allowed=perms.can_rate),
        Transition("rehandle", "交承办单位重新办理", (Status.DISPUTED,), Status.REHANDLING, rule="PR-RATE",
                   allowed=perms.is_office),
        Transition("close_disputed", "不再重新办理，办结", (Status.DISPUTED,), Status.CLOSED, rule="PR-RATE",
                   allowed=perms.is_office, needs_note=True, effect=_closed, style="secondary"),
        Transition("merge", "并案办理", (Status.SUBMITTED,), Status.MERGED, rule="PR-MERGE",
                   allowed=perms.can_merge, guards=(mergeable_into,), effect=_merged),
        Transition("unmerge", "撤销并案", (Status.MERGED,), Status.SUBMITTED, rule="PR-MERGE",
                   allowed=perms.can_merge, guards=(main_not_assigned,), effect=_unmerged, style="secondary"),
        Transition("release", "主件终止，恢复待交办", (Status.MERGED,), Status.SUBMITTED, rule="PR-MERGE",
                   allowed=lambda u, p: perms.in_congress(u, p), guards=(main_ended,), effect=_released,
                   style="secondary"),
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


# ---- the steps people take on the item's page and through /api/v1/workflow ---------------------------------------
# (the others are taken by their own forms and services: 交办, 答复, 测评, 并案)
PROPOSAL_STEPS = Workflow(name=PROPOSAL_WORKFLOW.name, states=Status,
                          transitions=[t for t in PROPOSAL_WORKFLOW.transitions if t.action in MANUAL_ACTIONS])


# ---- 承诺事项台账 (PR-COMMIT): a commitment is done, or carried to the next year's ledger --------------------------


class CommitmentDoneForm(forms.Form):
    done_on = forms.DateField(label="完成日期", widget=DATE_INPUT)
    lock_version = forms.IntegerField(label="版本号", widget=forms.HiddenInput, required=False, min_value=0,
                                      max_value=2**31 - 1)


class CommitmentCarryForm(forms.Form):
    due_date = forms.DateField(label="新的承诺完成时间", widget=DATE_INPUT)
    lock_version = forms.IntegerField(label="版本号", widget=forms.HiddenInput, required=False, min_value=0,
                                      max_value=2**31 - 1)


def _explained(message: str):
    def guard(c: Commitment, *, note: str = "", **_) -> None:
        if len((note or "").strip()) < 4:
            raise rules.violation("PR-COMMIT", message)

    guard.__name__ = "explained"
    return guard


def done_on_valid(c: Commitment, *, done_on=None, today=None, **_) -> None:
    today = today or timezone.localdate()
    if done_on is None:
        raise ValidationError({"done_on": "请填写完成日期。"})
    if done_on > today:
        raise ValidationError({"done_on": "完成日期不能晚于今天。"})
    if done_on < c.reply.replied_on:
        raise ValidationError({"done_on": "完成日期不能早于作出承诺的答复日期。"})


def due_next_year(c: Commitment, *, due_date=None, **_) -> None:
    if due_date is None:
        raise ValidationError({"due_date": "请填写新的承诺完成时间。"})
    if due_date.year < c.year + 1:
        raise rules.violation("PR-COMMIT", f"结转的承诺事项须确定{c.year + 1}年或以后的完成时间")


def _done(c: Commitment, *, note: str = "", done_on=None, **_) -> None:
    c.done_on = done_on
    c.note = note.strip()
    c.full_clean()


def _carry(c: Commitment, *, actor, note: str = "", due_date=None, **_) -> None:
    c.note = note.strip()
    carried = Commitment(congress_id=c.congress_id, reply=c.reply, text=c.text, year=c.year + 1, due_date=due_date,
                         carried_from=c)
    carried.full_clean()
    carried.save()
    audit.record(actor=actor, action="create", obj=carried,
                 after=audit.snapshot(carried, ["status", "due_date", "done_on", "note", "year"]),
                 rule=rules.get("PR-COMMIT"), note=f"由{c.year}年结转")


COMMITMENT_WORKFLOW = Workflow(
    name="proposals.commitment",
    states=CommitmentStatus,
    transitions=[
        Transition("done", "标记为已完成", (CommitmentStatus.OPEN,), CommitmentStatus.DONE, rule="PR-COMMIT",
                   allowed=perms.can_update_commitment, guards=(_explained("承诺事项完成的，须注明落实情况"), done_on_valid),
                   form=CommitmentDoneForm, effect=_done, next_hint="承诺事项在台账中记为已完成。"),
        Transition("carry", "结转下一年度继续办理", (CommitmentStatus.OPEN,), CommitmentStatus.CARRIED,
                   rule="PR-COMMIT", allowed=perms.can_update_commitment,
                   guards=(_explained("结转下一年度的，须说明未能完成的原因和工作进度安排"), due_next_year),
                   form=CommitmentCarryForm, effect=_carry, style="secondary",
                   next_hint="下一年度的台账中新增一条承诺事项，按新的完成时间继续跟踪。"),
    ],
)

