"""The process of an enforcement inspection (监督法 第四章) and of the rectification items that come from an
inspection or an audit work report; the cycle after the meeting is shared (supervision.cycle)."""

from __future__ import annotations

from renda.core import rules
from renda.core.workflow import Transition, Workflow, dated, step_date
from renda.supervision import counting
from renda.supervision import permissions as perms
from renda.supervision.checks import late
from renda.supervision.cycle import workflow as cycle
from renda.supervision.deadlines import text
from renda.supervision.models import (
    Inspection,
    InspectionStatus,
    InspectionTeamMember,
    RectificationItem,
    RectStatus,
    TeamCapacity,
    TeamRole,
)
from renda.supervision.steps import DateForm, requires_text, text_form


# ---- inspections ----------------------------------------------------------------------------------------
def team_complete(insp: Inspection, **_) -> None:
    team = list(InspectionTeamMember.objects.filter(inspection=insp).values_list("role", "capacity"))
    if not any(role == TeamRole.LEADER for role, _ in team):
        raise rules.violation("SUP-INSP-TEAM", "执法检查组尚未明确组长")
    if not any(cap == TeamCapacity.SC_MEMBER for _, cap in team):
        raise rules.violation("SUP-INSP-TEAM", "执法检查组须有常务委员会组成人员")


def report_complete(insp: Inspection, **_) -> None:
    missing = [label for field, label in (("evaluation", "实施情况评价"), ("suggestions", "改进执法工作的建议"),
                                          ("law_amendments", "修改完善法律法规的建议"))
               if not (getattr(insp, field) or "").strip()]
    if missing:
        raise rules.violation("SUP-INSP-REPORT", f"执法检查报告缺少：{'、'.join(missing)}")
    if not insp.problems.exists():
        raise rules.violation("SUP-INSP-REPORT", "执法检查报告须列明执法中存在的问题")


def insp_has_opinions(insp: Inspection, **_) -> None:
    if not (insp.opinions or "").strip():
        raise rules.violation("SUP-INSP-FLOW", "审议意见尚未汇总，不能交办")


insp_has_handling = requires_text("SUP-INSP-HANDLING", "须填写研究处理情况报告")


def _start(insp: Inspection, **ctx) -> None:
    if insp.start_date is None:
        insp.start_date = step_date(ctx)


def _reported(insp: Inspection, **ctx) -> None:
    insp.reported_on = step_date(ctx)
    if insp.end_date is None:
        insp.end_date = insp.reported_on


def _insp_answerer(user, insp) -> bool:
    return perms.is_office(user, insp) or perms.is_unit_of(user, insp, insp.organ_id)


INSPECTION_WORKFLOW = Workflow(
    name="supervision.inspection",
    states=InspectionStatus,
    transitions=[
        Transition("start", "开始检查", (InspectionStatus.PLANNING,), InspectionStatus.INSPECTING,
                   rule="SUP-INSP-TEAM", allowed=perms.can_manage_inspection, guards=(team_complete,),
                   form=DateForm, effect=_start),
        Transition("submit_report", "提出执法检查报告", (InspectionStatus.INSPECTING,), InspectionStatus.REPORTED,
                   rule="SUP-INSP-REPORT", allowed=perms.can_manage_inspection, guards=(report_complete,),
                   form=DateForm, effect=_reported, next_hint="执法检查报告提请常委会会议审议。"),
        Transition("deliberate", "登记会议审议", (InspectionStatus.REPORTED,), InspectionStatus.DELIBERATED,
                   rule="SUP-INSP-FLOW", allowed=perms.is_office, form=DateForm, effect=cycle.deliberated,
                   next_hint="根据组成人员的发言汇总审议意见。"),
        Transition("hand_over", "报告及审议意见交办", (InspectionStatus.DELIBERATED,), InspectionStatus.HANDED,
                   rule="SUP-INSP-FLOW", allowed=perms.is_office, guards=(insp_has_opinions,), form=DateForm,
                   effect=cycle.opinions_sent("SUP-INSP-HANDLING", "handed_on"),
                   next_hint="研究处理机关在规定期限内报告研究处理情况。"),
        Transition("submit_handling", "报告研究处理情况", (InspectionStatus.HANDED,), InspectionStatus.HANDLED,
                   rule="SUP-INSP-HANDLING", allowed=_insp_answerer, guards=(insp_has_handling,),
                   form=cycle.HandlingForm, effect=cycle.handling_reported,
                   default_note=late(lambda i: i.handling_due, "SUP-INSP-HANDLING")),
        Transition("publish", "向代表通报并向社会公布", (InspectionStatus.HANDLED,), InspectionStatus.PUBLISHED,
                   rule="SUP-REPORT-PUBLISH", allowed=perms.is_office, form=DateForm, effect=cycle.published),
    ],
)


# ---- rectification items --------------------------------------------------------------------------------
rect_has_report = requires_text("SUP-RECT-FLOW", "须填写整改情况")


_rect_start = dated("started_on")


def _rect_report(item: RectificationItem, **ctx) -> None:
    on = step_date(ctx)
    if item.started_on is None:
        item.started_on = on
    item.report_text = text(ctx, "text")
    item.reported_on = on
    item.reported_late = counting.is_late(on, item.deadline)


def _rect_verify(item: RectificationItem, *, note: str = "", **ctx) -> None:
    item.verified_on = step_date(ctx)
    item.verify_note = note


def _rect_return(item: RectificationItem, *, note: str = "", **_) -> None:
    item.verify_note = note


RECT_WORKFLOW = Workflow(
    name="supervision.rectification",
    states=RectStatus,
    transitions=[
        Transition("start", "开始整改", (RectStatus.OPEN,), RectStatus.IN_RECTIFICATION,
                   rule="SUP-RECT-FLOW", allowed=perms.can_work_rect, form=DateForm, effect=_rect_start),
        Transition("report", "报告整改情况", (RectStatus.OPEN, RectStatus.IN_RECTIFICATION), RectStatus.REPORTED,
                   rule="SUP-RECT-FLOW", allowed=perms.can_work_rect, guards=(rect_has_report,),
                   form=text_form("text", "整改情况", max_length=100000), effect=_rect_report,
                   default_note=late(lambda r: r.deadline, "SUP-RECT-FLOW"),
                   next_hint="负责的委员会核实后销号，或者退回继续整改。"),
        Transition("verify", "核实销号", (RectStatus.REPORTED,), RectStatus.CLOSED,
                   rule="SUP-RECT-FLOW", allowed=perms.can_verify_rect, form=DateForm, effect=_rect_verify),
        Transition("return", "退回继续整改", (RectStatus.REPORTED,), RectStatus.IN_RECTIFICATION,
                   rule="SUP-RECT-FLOW", allowed=perms.can_verify_rect, needs_note=True, style="secondary",
                   effect=_rect_return),
    ],
)
