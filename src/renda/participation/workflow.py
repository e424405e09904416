"""States and transitions of an opinion (one mechanism: core.workflow).

已提交 → 已分办 (route) → 办理中 (accept, or the assignee's first reply) → 已答复 (the office publishes the reply)
→ 已办结 (close); 已提交 → 不予受理 (reject, with the reason). While 办理中 the assignee submits a reply
(`submit_reply`) and the office may send it back (`return_reply`) before publishing; both are logged as
transitions in the same state. The office may re-route an opinion still being handled (`reroute`).
"""

from __future__ import annotations

from django import forms
from django.utils import timezone

from renda.core import outbox, rules
from renda.core.calendar import calendar_for
from renda.core.forms import DATE_INPUT
from renda.core.workflow import Transition, Workflow, dated, step_date
from renda.participation import permissions as perms
from renda.participation.models import Opinion, ReplyState, RouteKind, Status


def has_target(op: Opinion, *, target=None, **_) -> None:
    if target is None:
        raise rules.violation("PO-ROUTE", "请选择分办对象（委员会、代表、代表联络站或承办单位）")


def due_within_bounds(op: Opinion, *, due=None, today=None, **_) -> None:
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


def has_reason(op: Opinion, *, reason: str = "", note: str = "", **_) -> None:
    if not (reason or note or "").strip():
        raise rules.violation("PO-REJECT", "不予受理须写明理由（将向反映人公开）")


# ---- what each step asks for (the kit renders and validates these; renda.core.kit) ----------------------------
class RouteForm(forms.Form):
    """分办/改派. The page renders its own choice lists of the congress's committees, units, stations and deputies
    (a step's form is built without the object, so it cannot list them); the ids are checked by the service."""

    kind = forms.ChoiceField(label="分办对象", choices=RouteKind.choices)
    committee = forms.IntegerField(label="委员会", required=False, min_value=1, max_value=2**53)
    unit = forms.IntegerField(label="承办单位", required=False, min_value=1, max_value=2**53)
    station = forms.IntegerField(label="代表联络站", required=False, min_value=1, max_value=2**53)
    deputy = forms.IntegerField(label="人大代表", required=False, min_value=1, max_value=2**53)
    due = forms.DateField(label="办理期限", required=False, widget=DATE_INPUT,
                          error_messages={"invalid": "办理期限格式不正确。"})
    share_contact = forms.BooleanField(label="承办方需要直接联系反映人（可见联系方式）", required=False)
    instructions = forms.CharField(label="分办意见", required=False, max_length=1000,
                                   widget=forms.Textarea(attrs={"rows": 2}))


class RejectForm(forms.Form):
    # Required by the rule (guard `has_reason`: a 409 naming PO-REJECT), marked required for the browser.
    reason = forms.CharField(label="不予受理理由（将向反映人公开）", max_length=2000, required=False,
                             widget=forms.Textarea(attrs={"rows": 2, "required": "required"}))


class ReplyForm(forms.Form):
    text = forms.CharField(label="答复意见（经办公厅审核后向反映人公开）", max_length=20000,
                           widget=forms.Textarea(attrs={"rows": 6}), error_messages={"required": "请填写答复意见。"})


class PublishForm(forms.Form):
    text = forms.CharField(label="公开的答复（可修改；不填则公开承办方提交的答复意见）", required=False, max_length=20000,
                           widget=forms.Textarea(attrs={"rows": 6}))


# ---- what each step does, inside its transaction ---------------------------------------------------------------
def _route(op: Opinion, *, actor, note: str = "", **ctx) -> None:
    target = ctx["target"]
    kind = ctx["kind"]
    op.route_kind = kind
    op.handler = target if kind in ("committee", "unit") else None
    op.deputy = target if kind == "deputy" else None
    op.station = target if kind == "station" else None
    op.handle_due = ctx["due"]
    op.share_contact = bool(ctx.get("share_contact"))
    op.instructions = ctx.get("instructions", "")
    op.routed_on = step_date(ctx, "today")
    op.reply_state = ReplyState.NONE
    op.reply_text = ""
    op.reply_by = None
    op.reply_from = ""
    op.reply_submitted_at = None


def _reject(op: Opinion, *, actor, note: str = "", **ctx) -> None:
    op.reject_reason = (ctx.get("reason") or note).strip()
    op.closed_on = step_date(ctx, "today")


def _submit_reply(op: Opinion, *, actor, note: str = "", **ctx) -> None:
    op.reply_text = ctx["text"].strip()
    op.reply_state = ReplyState.SUBMITTED
    op.reply_by = actor
    op.reply_from = (str(actor.organization) if getattr(actor, "organization_id", None)
                     else f"{actor.person.name}代表" if getattr(actor, "person_id", None) else str(actor))[:100]
    op.reply_submitted_at = timezone.now()


def _return_reply(op: Opinion, **_) -> None:
    op.reply_state = ReplyState.RETURNED


def _publish(op: Opinion, *, actor, note: str = "", **ctx) -> None:
    """The reply becomes visible to the citizen; with an email address, the reply goes out through the outbox
    (written in this transaction, sent once: the key names the opinion)."""
    op.published_reply = (ctx.get("text") or op.reply_text).strip()
    op.published_at = timezone.now()
    op.reply_state = ReplyState.NONE
    if op.email:
        congress = op.congress.standing_committee_name
        body = (f"您好：\n\n您反映的意见（查询码 {op.code_display}）已有答复：\n\n{op.published_reply}\n\n"
                f"答复单位：{op.reply_from}\n凭查询码可在网站查看办理过程。\n\n{congress}办公厅")
        outbox.send(to=op.email, subject=f"【{congress}】您反映的意见已答复", body=body, key=f"po-reply:{op.pk}",
                    congress_id=op.congress_id)


OPINION_WORKFLOW = Workflow(
    name="participation.opinion",
    states=Status,
    transitions=[
        Transition("route", "分办", (Status.SUBMITTED,), Status.ROUTED, rule="PO-ROUTE",
                   allowed=perms.can_route, guards=(has_target, due_within_bounds), form=RouteForm, effect=_route,
                   next_hint="承办方在办理期限内签收办理并提出答复意见。"),
        Transition("reroute", "改派", (Status.ROUTED, Status.HANDLING), Status.ROUTED, rule="PO-ROUTE",
                   allowed=perms.can_route, guards=(has_target, due_within_bounds), needs_note=True,
                   style="secondary", form=RouteForm, effect=_route),
        Transition("reject", "不予受理", (Status.SUBMITTED,), Status.REJECTED, rule="PO-REJECT",
                   allowed=perms.can_route, guards=(has_reason,), style="danger", form=RejectForm, effect=_reject,
                   next_hint="理由将在查询页面向反映人公开。"),
        Transition("accept", "签收办理", (Status.ROUTED,), Status.HANDLING, rule="PO-ROUTE",
                   allowed=perms.can_handle, next_hint="请在办理期限内提出答复意见。"),
        Transition("submit_reply", "提交答复意见", (Status.ROUTED, Status.HANDLING), Status.HANDLING,
                   rule="PO-REPLY", allowed=perms.can_handle, guards=(has_reply_text,), form=ReplyForm, effect=_submit_reply,
                   next_hint="答复意见由办公厅审核后向反映人公开。"),
        Transition("return_reply", "退回重新答复", (Status.HANDLING,), Status.HANDLING, rule="PO-REPLY",
                   allowed=perms.is_office, guards=(reply_awaits_review,), needs_note=True, style="secondary",
                   effect=_return_reply),
        Transition("publish", "审核并公开答复", (Status.HANDLING,), Status.REPLIED, rule="PO-REPLY",
                   allowed=perms.is_office, guards=(reply_awaits_review,), form=PublishForm, effect=_publish,
                   next_hint="反映人可凭查询码查看答复；留有电子邮箱的，答复同时以邮件发送。"),
        Transition("close", "办结", (Status.REPLIED,), Status.CLOSED, rule="PO-REPLY", allowed=perms.is_office,
                   style="secondary", effect=dated("closed_on", "today")),
    ],
)

# Steps the detail page offers in its own section (their form lists the congress's committees, units, stations and
# deputies); the other steps are rendered by the kit's actions partial.
ROUTE_ACTIONS = frozenset({"route", "reroute"})
# The office's review of a submitted reply.
REVIEW_ACTIONS = frozenset({"publish", "return_reply"})
