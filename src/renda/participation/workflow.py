"""States and transitions of an opinion (one mechanism: core.workflow).

已提交 → 已分办 (route) → 办理中 (accept, or the assignee's first reply) → 已答复 (the office publishes the reply)
→ 已办结 (close); 已提交 → 不予受理 (reject, with the reason). While 办理中 the assignee submits a reply
(`submit_reply`) and the office may send it back (`return_reply`) before publishing; both are logged as
transitions in the same state. The office may re-route an opinion still being handled (`reroute`).
"""

from __future__ import annotations

from django.utils import timezone

from renda.core import rules
from renda.core.workflow import Transition, Workflow
from renda.participation import permissions as perms
from renda.participation.models import Opinion, ReplyState, Status


def has_target(op: Opinion, *, target=None, **_) -> None:
    if target is None:
        raise rules.violation("PO-ROUTE", "请选择分办对象（委员会、代表、代表联络站或承办单位）")


def due_within_bounds(op: Opinion, *, due=None, today=None, **_) -> None:
    from renda.core.calendar import calendar_for

    if due is None:
        return
    today = today or timezone.localdate()
    cal = calendar_for(op.congress_id)
    low = cal.add_working_days(today, rules.param(op.congress_id, "PO-ROUTE", "min_working_days"))
    high = cal.add_working_days(today, rules.param(op.congress_id, "PO-ROUTE", "max_working_days"))
    if due < low or due > high:
        raise rules.violation(
            "PO-ROUTE", f"办理期限应在 {low:%Y年%m月%d日} 至 {high:%Y年%m月%d日} 之间")


def has_reply_text(op: Opinion, *, text: str = "", **_) -> None:
    if len((text or "").strip()) < 10:
        raise rules.violation("PO-REPLY", "答复意见不少于10个字")


def reply_awaits_review(op: Opinion, **_) -> None:
    if op.reply_state != ReplyState.SUBMITTED or not op.reply_text.strip():
        raise rules.violation("PO-REPLY", "承办方尚未提交答复意见")


def _prepare(op: Opinion, t: Transition, *, actor, note: str = "", **ctx) -> None:
    today = ctx.get("today") or timezone.localdate()
    now = timezone.now()
    if t.action in ("route", "reroute"):
        target = ctx["target"]
        kind = ctx["kind"]
        op.route_kind = kind
        op.handler = target if kind in ("committee", "unit") else None
        op.deputy = target if kind == "deputy" else None
        op.station = target if kind == "station" else None
        op.handle_due = ctx["due"]
        op.share_contact = bool(ctx.get("share_contact"))
        op.instructions = ctx.get("instructions", "")
        op.routed_on = today
        op.reply_state = ReplyState.NONE
        op.reply_text = ""
        op.reply_by = None
        op.reply_from = ""
        op.reply_submitted_at = None
    elif t.action == "reject":
        op.reject_reason = note.strip()
        op.closed_on = today
    elif t.action == "submit_reply":
        op.reply_text = ctx["text"].strip()
        op.reply_state = ReplyState.SUBMITTED
        op.reply_by = actor
        op.reply_from = (str(actor.organization) if getattr(actor, "organization_id", None)
                         else f"{actor.person.name}代表" if getattr(actor, "person_id", None) else str(actor))[:100]
        op.reply_submitted_at = now
    elif t.action == "return_reply":
        op.reply_state = ReplyState.RETURNED
    elif t.action == "publish":
        op.published_reply = (ctx.get("text") or op.reply_text).strip()
        op.published_at = now
        op.reply_state = ReplyState.NONE
    elif t.action == "close":
        op.closed_on = today


OPINION_WORKFLOW = Workflow(
    name="participation.opinion",
    states=Status,
    prepare=_prepare,
    transitions=[
        Transition("route", "分办", (Status.SUBMITTED,), Status.ROUTED, rule="PO-ROUTE",
                   allowed=perms.can_route, guards=(has_target, due_within_bounds)),
        Transition("reroute", "改派", (Status.ROUTED, Status.HANDLING), Status.ROUTED, rule="PO-ROUTE",
                   allowed=perms.can_route, guards=(has_target, due_within_bounds), needs_note=True,
                   style="secondary"),
        Transition("reject", "不予受理", (Status.SUBMITTED,), Status.REJECTED, rule="PO-REJECT",
                   allowed=perms.can_route, needs_note=True, style="danger"),
        Transition("accept", "签收办理", (Status.ROUTED,), Status.HANDLING, rule="PO-ROUTE",
                   allowed=perms.can_handle),
        Transition("submit_reply", "提交答复意见", (Status.ROUTED, Status.HANDLING), Status.HANDLING,
                   rule="PO-REPLY", allowed=perms.can_handle, guards=(has_reply_text,)),
        Transition("return_reply", "退回重新答复", (Status.HANDLING,), Status.HANDLING, rule="PO-REPLY",
                   allowed=perms.is_office, guards=(reply_awaits_review,), needs_note=True, style="secondary"),
        Transition("publish", "审核并公开答复", (Status.HANDLING,), Status.REPLIED, rule="PO-REPLY",
                   allowed=perms.is_office, guards=(reply_awaits_review,)),
        Transition("close", "办结", (Status.REPLIED,), Status.CLOSED, rule="PO-REPLY", allowed=perms.is_office),
    ],
)

# Steps shown as plain buttons on the detail page (the others have their own forms).
BUTTON_ACTIONS = frozenset({"accept", "close"})
