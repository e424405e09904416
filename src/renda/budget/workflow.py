"""The query letter (函询): drafted → sent with a reply deadline → replied → (follow-up → replied …) → closed
with an outcome. One workflow on renda.core.workflow; buttons, endpoint, API and history come from the kit."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from renda.budget import permissions as perms
from renda.budget.models import BudgetQuery, QueryOutcome, QueryStatus
from renda.budget.notify import notify_addressee
from renda.core import rules
from renda.core.workflow import Transition, Workflow


def _today() -> dt.date:
    return timezone.localdate()


def _has_reply(q: BudgetQuery, *, reply: str = "", **_) -> None:
    if len((reply or "").strip()) < 5:
        raise rules.violation("BUDGET-QUERY", "答复内容不少于 5 个字")


def _due_after_today(q: BudgetQuery, *, reply_due: dt.date | None = None, **_) -> None:
    due = reply_due or q.reply_due
    if due is None or due <= _today():
        raise rules.violation("BUDGET-QUERY", "答复期限须晚于今天")


class SendForm(forms.Form):
    reply_due = forms.DateField(label="答复期限", required=False, help_text="不填则沿用起草时的期限",
                                widget=forms.DateInput(attrs={"type": "date"}))


class ReplyForm(forms.Form):
    reply = forms.CharField(label="答复内容", max_length=8000, widget=forms.Textarea(attrs={"rows": 4}))


class FollowUpForm(forms.Form):
    follow_up = forms.CharField(label="跟踪问询事项", max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    reply_due = forms.DateField(label="再次答复期限", widget=forms.DateInput(attrs={"type": "date"}))


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label="办理结果", choices=QueryOutcome.choices)
    outcome_note = forms.CharField(label="结果说明", required=False, max_length=4000,
                                   widget=forms.Textarea(attrs={"rows": 3}))


def _send(q: BudgetQuery, *, actor, note: str = "", **ctx) -> None:
    if ctx.get("reply_due"):
        q.reply_due = ctx["reply_due"]
    q.sent_on = _today()
    notify_addressee(q, "请于 {due} 前答复预算函询：{title}")


def _reply(q: BudgetQuery, *, actor, note: str = "", **ctx) -> None:
    text = (ctx.get("reply") or "").strip()
    q.reply = f"{q.reply}\n\n【{_today():%Y-%m-%d} 答复】{text}".strip() if q.reply else text
    q.replied_on = _today()


def _follow_up(q: BudgetQuery, *, actor, note: str = "", **ctx) -> None:
    text = (ctx.get("follow_up") or "").strip()
    q.follow_up = f"{q.follow_up}\n\n【{_today():%Y-%m-%d}】{text}".strip() if q.follow_up else text
    q.reply_due = ctx["reply_due"]
    notify_addressee(q, "请于 {due} 前就跟踪问询事项再次答复：{title}")


def _close(q: BudgetQuery, *, actor, note: str = "", **ctx) -> None:
    q.outcome = ctx.get("outcome") or ""
    q.outcome_note = (ctx.get("outcome_note") or "").strip()
    q.closed_on = _today()


QUERY_WORKFLOW = Workflow(
    name="budget.query",
    states=QueryStatus,
    transitions=[
        Transition("send", "发出函询", (QueryStatus.DRAFTING,), QueryStatus.SENT, rule="BUDGET-QUERY",
                   allowed=perms.can_manage_query, guards=(_due_after_today,), form=SendForm, effect=_send,
                   next_hint="受询单位将在答复期限内书面答复。"),
        Transition("reply", "书面答复", (QueryStatus.SENT, QueryStatus.FOLLOW_UP), QueryStatus.REPLIED,
                   rule="BUDGET-QUERY", allowed=perms.can_reply_query, guards=(_has_reply,), form=ReplyForm,
                   effect=_reply, next_hint="预算工委将审阅答复，办结或跟踪问询。"),
        Transition("follow_up", "跟踪问询", (QueryStatus.REPLIED,), QueryStatus.FOLLOW_UP, rule="BUDGET-QUERY",
                   allowed=perms.can_manage_query, guards=(_due_after_today,), form=FollowUpForm,
                   effect=_follow_up, style="secondary", awaited=False,
                   next_hint="受询单位将在新的期限内再次答复。"),
        Transition("close", "办结", (QueryStatus.REPLIED,), QueryStatus.CLOSED, rule="BUDGET-QUERY",
                   allowed=perms.can_manage_query, form=CloseForm, effect=_close),
    ],
)
