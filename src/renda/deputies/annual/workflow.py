"""draft ─主任会议通过→ adopted ─向代表通报→ notified ─向社会公布→ published (代表法 第四十三条第二款)."""

from __future__ import annotations

from django import forms

from renda.core import outbox, rules
from renda.core.models import User
from renda.core.roles import Role
from renda.core.workflow import Transition, Workflow, dated, step_date, step_date_field
from renda.deputies.annual import permissions as perms
from renda.deputies.annual.models import DeputyWorkPlan, PlanStatus
from renda.meetings.models import Meeting, MeetingKind


class AdoptForm(forms.Form):
    adopted_at = forms.ModelChoiceField(label="通过的主任会议", queryset=Meeting.objects.none())

    def __init__(self, *args, obj=None, **kwargs):
        super().__init__(*args, **kwargs)
        if obj is not None:
            self.fields["adopted_at"].queryset = Meeting.to_choose(obj.congress_id, MeetingKind.CHAIRS)


class DayForm(forms.Form):
    day = step_date_field("日期")


def adopted_by_chairs(plan: DeputyWorkPlan, *, adopted_at=None, **_) -> None:
    meeting = adopted_at
    if meeting is None:
        raise rules.violation("DEP-WORK-PLAN", "须选择通过该计划的主任会议")
    if meeting.congress_id != plan.congress_id or meeting.kind != MeetingKind.CHAIRS:
        raise rules.violation("DEP-WORK-PLAN", "年度代表工作计划由本级常委会主任会议通过")
    if not meeting.has_been_held:
        raise rules.violation("DEP-WORK-PLAN", "所选主任会议尚未举行")
    if meeting.date.year not in (plan.year, plan.year - 1):
        raise rules.violation("DEP-WORK-PLAN", f"所选主任会议（{meeting.date.year}年）不是{plan.year}年度计划的审议会议")


def has_content(plan: DeputyWorkPlan, **_) -> None:
    if len((plan.content or "").strip()) < 20:
        raise rules.violation("DEP-WORK-PLAN", "计划内容不完整（不少于二十个字）")


def _adopted(plan: DeputyWorkPlan, *, adopted_at=None, **_) -> None:
    plan.adopted_at = adopted_at
    plan.adopted_on = adopted_at.date


def _notified(plan: DeputyWorkPlan, **ctx) -> None:
    plan.notified_on = step_date(ctx, "day")
    for user in User.objects.filter(congress_id=plan.congress_id, role=Role.DEPUTY, is_active=True).exclude(email=""):
        outbox.send(to=user.email, subject=f"通报：{plan.title}", key=f"deputy-work-plan-{plan.pk}-{user.pk}",
                    congress_id=plan.congress_id,
                    body=f"{plan.title}已经主任会议通过，现向您通报。请登录平台查看计划全文。")


PLAN_WORKFLOW = Workflow(
    name="deputies.workplan",
    states=PlanStatus,
    transitions=[
        Transition("adopt", "主任会议通过", (PlanStatus.DRAFT,), PlanStatus.ADOPTED, rule="DEP-WORK-PLAN",
                   allowed=perms.can_manage, guards=(has_content, adopted_by_chairs), form=AdoptForm,
                   effect=_adopted, next_hint="向本级人民代表大会代表通报。"),
        Transition("notify", "向代表通报", (PlanStatus.ADOPTED,), PlanStatus.NOTIFIED, rule="DEP-WORK-PLAN",
                   allowed=perms.can_manage, form=DayForm, effect=_notified,
                   next_hint="代表可以在平台查看计划；之后向社会公布。"),
        Transition("publish", "向社会公布", (PlanStatus.NOTIFIED,), PlanStatus.PUBLISHED, rule="DEP-WORK-PLAN",
                   allowed=perms.can_manage, form=DayForm, effect=dated("published_on", "day"),
                   next_hint="计划在公开页面上公布。"),
    ],
)
