"""The query letter (函询): drafted → sent with a reply deadline → replied → (follow-up → replied …) → closed
with an outcome. A deputy's question (BudgetQuestion): 待处理 → 已答复 (the 预算工委 answers) or → 已转函询 (a 函询 is
drafted from it) → 已答复 when that 函询 is closed (its reply and outcome become the answer); 已关闭 at any time with
a reason. Workflows on renda.core.workflow; buttons, endpoint, API and history come from the kit."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from renda.budget import permissions as perms
from renda.budget.letters import query_create
from renda.budget.models import BudgetQuery, BudgetQuestion, QueryOutcome, QueryStatus, QuestionStatus
from renda.budget.notify import notify_addressee, notify_deputy
from renda.core import rules
from renda.core.forms import DATE_INPUT
from renda.core.models import Organization
from renda.core.workflow import Transition, Workflow


def _has_reply(q: BudgetQuery, *, reply: str = "", **_) -> None:
    if len((reply or "").strip()) < 5:
        raise rules.violation("BUDGET-QUERY", "答复内容不少于 5 个字")


def _due_after_today(q: BudgetQuery, *, reply_due: dt.date | None = None, **_) -> None:
    due = reply_due or getattr(q, "reply_due", None)
    if due is None or due <= timezone.localdate():
        raise rules.violation("BUDGET-QUERY", "答复期限须晚于今天")


class SendForm(forms.Form):
    reply_due = forms.DateField(label="答复期限", required=False, help_text="不填则沿用起草时的期限", widget=DATE_INPUT)


class ReplyForm(forms.Form):
    reply = forms.CharField(label="答复内容", max_length=8000, widget=forms.Textarea(attrs={"rows": 4}))


class FollowUpForm(forms.Form):
    follow_up = forms.CharField(label="跟踪问询事项", max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    reply_due = forms.DateField(label="再次答复期限", widget=DATE_INPUT)


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label="办理结果", choices=QueryOutcome.choices)
    outcome_note = forms.CharField(label="结果说明", required=False, max_length=4000,
                                   widget=forms.Textarea(attrs={"rows": 3}))


def _send(q: BudgetQuery, *, actor, note: str = "", **ctx) -> None:
    if ctx.get("reply_due"):
        q.reply_due = ctx["reply_due"]
    q.sent_on = timezone.localdate()
    notify_addressee(q, "请于 {due} 前答复预算函询：{title}")


def _reply(q: BudgetQuery, *, actor, note: str = "", **ctx) -> None:
    text = (ctx.get("reply") or "").strip()
    q.reply = f"{q.reply}\n\n【{timezone.localdate():%Y-%m-%d} 答复】{text}".strip() if q.reply else text
    q.replied_on = timezone.localdate()


def _follow_up(q: BudgetQuery, *, actor, note: str = "", **ctx) -> None:
    text = (ctx.get("follow_up") or "").strip()
    q.follow_up = f"{q.follow_up}\n\n【{timezone.localdate():%Y-%m-%d}】{text}".strip() if q.follow_up else text
    q.reply_due = ctx["reply_due"]
    notify_addressee(q, "请于 {due} 前就跟踪问询事项再次答复：{title}")


def _close(q: BudgetQuery, *, actor, note: str = "", **ctx) -> None:
    q.outcome = ctx.get("outcome") or ""
    q.outcome_note = (ctx.get("outcome_note") or "").strip()
    q.closed_on = timezone.localdate()
    # the deputies' questions this 函询 was drafted from are answered by its outcome
    answer = (f"已就此向{q.addressee}发出函询《{q.title}》。答复：{q.reply or '（无）'}\n"
              f"办理结果：{q.get_outcome_display() or '—'}" + (f"。{q.outcome_note}" if q.outcome_note else ""))
    for question in BudgetQuestion.objects.filter(query=q, status=QuestionStatus.TO_QUERY):
        QUESTION_WORKFLOW.apply(question, "query_closed", actor=actor, answer=answer)


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


# ---- deputies' questions -------------------------------------------------------------------------------------
def question_due(question: BudgetQuestion) -> dt.date:
    days = rules.param(question.congress_id, "BUDGET-QUESTION", "days")
    return timezone.localtime(question.created_at).date() + dt.timedelta(days=int(days))


class ToQueryForm(forms.Form):
    title = forms.CharField(label="函询标题", max_length=200)
    addressee = forms.ModelChoiceField(label="受询单位", queryset=None)
    reply_due = forms.DateField(label="答复期限", widget=DATE_INPUT)

    def __init__(self, *args, obj=None, **kwargs):
        super().__init__(*args, **kwargs)
        congress_id = obj.congress_id if obj is not None else None
        self.fields["addressee"].queryset = Organization.objects.filter(
            congress_id=congress_id, kind__in=(Organization.Kind.GOVERNMENT, Organization.Kind.GOV_DEPARTMENT),
            active=True).order_by("name")
        if obj is not None:
            self.fields["title"].initial = f"关于代表所提预算执行问题的函询（{obj.text[:40]}）"[:200]
            org = obj.unit.parent.organization if obj.unit and obj.unit.parent else (
                obj.unit.organization if obj.unit else None)
            if org is not None:
                self.fields["addressee"].initial = org.pk
        self.fields["reply_due"].initial = timezone.localdate() + dt.timedelta(days=15)


class AnswerForm(forms.Form):
    answer = forms.CharField(label="答复代表", max_length=8000, widget=forms.Textarea(attrs={"rows": 4}))


def _answer_long_enough(question: BudgetQuestion, *, answer: str = "", **_) -> None:
    if len((answer or "").strip()) < 5:
        raise rules.violation("BUDGET-QUESTION", "答复内容不少于 5 个字")


def _has_addressee(question: BudgetQuestion, *, addressee=None, **_) -> None:
    if addressee is None or addressee.congress_id != question.congress_id:
        raise rules.violation("BUDGET-QUESTION", "请选择本级的受询单位")


def _to_query(question: BudgetQuestion, *, actor, note: str = "", **ctx) -> None:
    text = f"人大代表（{question.delegation or '代表'}）提出：{question.text}"
    question.query = query_create(
        actor=actor, year=question.year, title=ctx.get("title") or "关于代表所提预算问题的函询", question=text,
        addressee=ctx["addressee"], reply_due=ctx["reply_due"], unit=question.unit, alert_kind=question.alert_kind,
        project_code=question.project_code)


def _answer(question: BudgetQuestion, *, actor, note: str = "", **ctx) -> None:
    question.answer = (ctx.get("answer") or "").strip()
    question.answered_on = timezone.localdate()
    notify_deputy(question, "您提出的预算问题已答复", question.answer)


def _close_question(question: BudgetQuestion, *, actor, note: str = "", **ctx) -> None:
    if not question.answer:
        question.answer = note
        question.answered_on = timezone.localdate()
    notify_deputy(question, "您提出的预算问题已关闭", note)


QUESTION_WORKFLOW = Workflow(
    name="budget.question",
    states=QuestionStatus,
    transitions=[
        Transition("to_query", "转为函询", (QuestionStatus.PENDING,), QuestionStatus.TO_QUERY, rule="BUDGET-QUESTION",
                   allowed=perms.can_handle_question, guards=(_due_after_today, _has_addressee), form=ToQueryForm,
                   effect=_to_query,
                   next_hint="已起草函询，请在函询页面核对后发出；函询办结后，其办理结果将答复代表。"),
        Transition("answer", "答复代表", (QuestionStatus.PENDING,), QuestionStatus.ANSWERED, rule="BUDGET-QUESTION",
                   allowed=perms.can_handle_question, guards=(_answer_long_enough,), form=AnswerForm,
                   effect=_answer, next_hint="代表将在“我的预算问题”中看到答复。"),
        Transition("query_closed", "函询办结答复", (QuestionStatus.TO_QUERY,), QuestionStatus.ANSWERED,
                   rule="BUDGET-QUESTION", effect=_answer, system=True),
        Transition("close", "关闭", (QuestionStatus.PENDING, QuestionStatus.TO_QUERY, QuestionStatus.ANSWERED),
                   QuestionStatus.CLOSED, rule="BUDGET-QUESTION", allowed=perms.can_handle_question, needs_note=True,
                   effect=_close_question, style="secondary", awaited=False),
    ],
)
