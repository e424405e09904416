"""Writes of enforcement inspections (the team, field visits, questionnaires, problems, the report) and of the
rectification items. The cycle after the meeting is in supervision.cycle.services."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from renda.core import attachments, audit, rules
from renda.core.models import Organization, Person, Position
from renda.core.writes import known_fields, save_new, save_update, stripped
from renda.deputies.models import Deputy
from renda.supervision import checks
from renda.supervision import permissions as perms
from renda.supervision.inspections.workflow import INSPECTION_WORKFLOW, RECT_WORKFLOW
from renda.supervision.models import (
    HEARD_REPORT_STATES,
    FieldVisit,
    Inspection,
    InspectionKind,
    InspectionProblem,
    InspectionStatus,
    InspectionTeamMember,
    Questionnaire,
    RectificationItem,
    Report,
    ReportKind,
    TeamCapacity,
    TeamRole,
)

# ---- inspections ----------------------------------------------------------------------------------------
INSPECTION_FIELDS = ["title", "law_title", "scope", "lead_body", "organ", "workplan_item", "start_date", "end_date",
                     "places", "meeting_title", "meeting_date", "year"]


def _check_inspection_refs(congress_id: int, data: dict) -> None:
    checks.body(congress_id, data.get("lead_body"))
    checks.organ(congress_id, data.get("organ"), label="研究处理机关")
    checks.workplan_item(congress_id, data.get("workplan_item"), "inspection", data.get("year"))


@transaction.atomic
def inspection_create(*, actor, title: str, law_title: str, lead_body: Organization, organ: Organization,
                      year: int | None = None, parent: Inspection | None = None, **data) -> Inspection:
    checks.require(perms.can_create_inspection(actor), "只有办公厅或委员会工作人员可以组织执法检查。")
    known_fields(data, INSPECTION_FIELDS, "inspection")
    checks.own_committee(actor, lead_body, "委员会工作人员只能组织本委员会负责的执法检查。")
    kind = InspectionKind.REGULAR
    if parent is not None:
        checks.same_congress(actor.congress_id, parent, "parent", "所跟踪的执法检查")
        if parent.status not in (InspectionStatus.HANDED, InspectionStatus.HANDLED, InspectionStatus.PUBLISHED):
            raise rules.violation("SUP-FOLLOWUP", "跟踪检查在执法检查报告及审议意见交办后组织")
        kind = InspectionKind.FOLLOW_UP
    start = data.get("start_date")
    year = year or (start.year if start else checks.today().year)
    fields = {"title": checks.clean(title), "law_title": checks.clean(law_title), "lead_body": lead_body,
              "organ": organ, "year": year, **data}
    _check_inspection_refs(actor.congress_id, fields)
    insp = Inspection(congress_id=actor.congress_id, kind=kind, parent=parent, created_by=actor, **fields)
    return save_new(insp, actor=actor)


@transaction.atomic
def inspection_update(*, actor, inspection: Inspection, lock_version: int, **data) -> Inspection:
    locked = Inspection.objects.select_for_update().get(pk=inspection.pk)
    checks.versioned(locked, lock_version)
    checks.require(perms.can_manage_inspection(actor, locked), "您没有修改该执法检查的权限。")
    report_fields = {"evaluation", "suggestions", "law_amendments"}
    known_fields(data, {*INSPECTION_FIELDS, *report_fields}, "inspection")
    if report_fields & set(data) and locked.status != InspectionStatus.INSPECTING:
        raise rules.violation("SUP-INSP-REPORT", "执法检查报告在检查中起草，提出后不能修改")
    return save_update(locked, stripped(data), actor=actor, snap=audit.snapshot, check=_check_edited_inspection)


def _check_edited_inspection(insp: Inspection) -> None:
    """The references of the edited inspection, checked on its new values."""
    _check_inspection_refs(insp.congress_id, {f: getattr(insp, f) for f in INSPECTION_FIELDS})


def _insp_stage(insp: Inspection, states, message: str) -> None:
    if insp.status not in states:
        raise rules.violation("SUP-INSP-FLOW", f"执法检查处于「{insp.get_status_display()}」状态，{message}")


@transaction.atomic
def team_add(*, actor, inspection: Inspection, person: Person, capacity: str, role: str = TeamRole.MEMBER
             ) -> InspectionTeamMember:
    insp = Inspection.objects.select_for_update().get(pk=inspection.pk)
    checks.require(perms.can_manage_inspection(actor, insp), "您没有组织执法检查组的权限。")
    _insp_stage(insp, (InspectionStatus.PLANNING, InspectionStatus.INSPECTING), "不能再调整检查组")
    checks.person_in(insp.congress_id, person)
    if capacity not in TeamCapacity.values:
        raise ValidationError({"capacity": "请选择成员身份。"})
    if role not in TeamRole.values:
        raise ValidationError({"role": "请选择分工。"})
    day = insp.start_date or checks.today()
    if capacity == TeamCapacity.SC_MEMBER:
        checks.member_on(insp.congress_id, person, day)
    elif capacity == TeamCapacity.DEPUTY:
        if not Deputy.objects.filter(congress_id=insp.congress_id, person=person).exists():
            raise ValidationError({"person": f"{person.name}不是本级人大代表。"})
    else:
        in_body = Position.objects.filter(
            congress_id=insp.congress_id, person=person, organization__kind__in=Organization.CONGRESS_BODY_KINDS,
        ).exists()
        if not in_body:
            raise ValidationError({"person": f"{person.name}不是专门委员会组成人员或工作机构人员。"})
    if InspectionTeamMember.objects.filter(inspection=insp, person=person).exists():
        raise ValidationError({"person": f"{person.name}已在检查组中。"})
    m = InspectionTeamMember(congress_id=insp.congress_id, inspection=insp, person=person, role=role,
                             capacity=capacity)
    m.full_clean()
    m.save()
    audit.record(actor=actor, action="team", obj=insp, after={"person": person.name, "role": role,
                                                               "capacity": capacity})
    return m


@transaction.atomic
def visit_add(*, actor, inspection: Inspection, date: dt.date, place: str, findings: str, units: str = "",
              upload=None) -> FieldVisit:
    insp = Inspection.objects.select_for_update().get(pk=inspection.pk)
    checks.require(perms.can_manage_inspection(actor, insp), "您没有登记实地检查的权限。")
    _insp_stage(insp, (InspectionStatus.INSPECTING,), "实地检查在检查中登记")
    v = FieldVisit(congress_id=insp.congress_id, inspection=insp, date=date, place=checks.clean(place),
                   units=checks.clean(units), findings=checks.clean(findings), created_by=actor)
    v.full_clean()
    v.save()
    audit.record(actor=actor, action="visit", obj=insp, after={"date": date, "place": v.place})
    if upload is not None:
        attachments.attach(actor=actor, obj=v, upload=upload)
    return v


@transaction.atomic
def visit_attach(*, actor, visit: FieldVisit, upload):
    checks.require(perms.can_manage_inspection(actor, visit.inspection), "您没有上传检查证据的权限。")
    return attachments.attach(actor=actor, obj=visit, upload=upload)


@transaction.atomic
def questionnaire_add(*, actor, inspection: Inspection, title: str, issued: int, returned: int, valid: int,
                      summary: str = "") -> Questionnaire:
    insp = Inspection.objects.select_for_update().get(pk=inspection.pk)
    checks.require(perms.can_manage_inspection(actor, insp), "您没有登记问卷调查的权限。")
    _insp_stage(insp, (InspectionStatus.INSPECTING,), "问卷调查在检查中登记")
    for name, value in (("issued", issued), ("returned", returned), ("valid", valid)):
        if not isinstance(value, int) or value < 0:
            raise ValidationError({name: "份数须为非负整数。"})
    if returned > issued:
        raise ValidationError({"returned": "回收份数不能多于发放份数。"})
    if valid > returned:
        raise ValidationError({"valid": "有效份数不能多于回收份数。"})
    q = Questionnaire(congress_id=insp.congress_id, inspection=insp, title=checks.clean(title), issued=issued,
                      returned=returned, valid=valid, summary=checks.clean(summary))
    q.full_clean()
    q.save()
    audit.record(actor=actor, action="questionnaire", obj=insp,
                 after={"title": q.title, "issued": issued, "returned": returned, "valid": valid})
    return q


@transaction.atomic
def problem_add(*, actor, inspection: Inspection, text: str) -> InspectionProblem:
    insp = Inspection.objects.select_for_update().get(pk=inspection.pk)
    checks.require(perms.can_manage_inspection(actor, insp), "您没有登记检查发现问题的权限。")
    _insp_stage(insp, (InspectionStatus.INSPECTING,), "问题清单在检查中形成")
    number = (insp.problems.aggregate(m=Max("number"))["m"] or 0) + 1
    p = InspectionProblem(congress_id=insp.congress_id, inspection=insp, number=number, text=checks.clean(text))
    p.full_clean()
    p.save()
    audit.record(actor=actor, action="problem", obj=insp, after={"number": number, "text": p.text[:200]})
    return p




def inspection_transition(*, actor, inspection: Inspection, action: str, note: str = "", **ctx) -> Inspection:
    return INSPECTION_WORKFLOW.apply(inspection, action, actor=actor, note=note, **ctx)


# ---- rectification items --------------------------------------------------------------------------------
RECT_SOURCE_STATES = {
    "inspection": (InspectionStatus.REPORTED, InspectionStatus.DELIBERATED, InspectionStatus.HANDED,
                   InspectionStatus.HANDLED, InspectionStatus.PUBLISHED),
    "report": HEARD_REPORT_STATES,
}


@transaction.atomic
def rectification_create(*, actor, title: str, owner_unit: Organization, deadline: dt.date,
                         inspection: Inspection | None = None, report: Report | None = None, requirement: str = "",
                         problem: InspectionProblem | None = None) -> RectificationItem:
    if (inspection is None) == (report is None):
        raise ValueError("a rectification item comes from exactly one inspection or one audit work report")
    source = inspection or report
    model = Inspection if inspection is not None else Report
    source = model.objects.select_for_update().get(pk=source.pk)
    allowed = perms.can_manage_inspection(actor, source) if inspection is not None else \
        perms.can_manage_report(actor, source)
    checks.require(allowed, "您没有建立整改清单的权限。")
    if report is not None and source.kind != ReportKind.AUDIT_WORK:
        raise rules.violation("SUP-RECT-FLOW", "整改清单来自执法检查或者审计工作报告")
    key = "inspection" if inspection is not None else "report"
    if source.status not in RECT_SOURCE_STATES[key]:
        raise rules.violation("SUP-RECT-FLOW", f"「{source}」尚未形成报告，不能建立整改清单")
    if owner_unit is None:
        raise ValidationError({"owner_unit": "请选择责任单位。"})
    checks.same_congress(source.congress_id, owner_unit, "owner_unit", "责任单位")
    if not owner_unit.is_handling_unit or owner_unit.organ() is None:
        raise ValidationError({"owner_unit": "责任单位须为一府一委两院或政府工作部门等承办单位。"})
    if problem is not None and (inspection is None or problem.inspection_id != source.pk):
        raise ValidationError({"problem": "所选问题不属于该执法检查。"})
    if deadline is None:
        raise ValidationError({"deadline": "请填写整改时限。"})
    number = (RectificationItem.objects.filter(**{key: source}).aggregate(m=Max("number"))["m"] or 0) + 1
    item = RectificationItem(congress_id=source.congress_id, number=number, title=checks.clean(title),
                             requirement=checks.clean(requirement), owner_unit=owner_unit, organ=owner_unit.organ(),
                             deadline=deadline, problem=problem, **{key: source})
    return save_new(item, actor=actor)


def rectification_transition(*, actor, item: RectificationItem, action: str, note: str = "", **ctx):
    return RECT_WORKFLOW.apply(item, action, actor=actor, note=note, **ctx)


@transaction.atomic
def rectification_attach(*, actor, item: RectificationItem, upload):
    checks.require(perms.can_work_rect(actor, item), "您没有为该整改事项上传材料的权限。")
    return attachments.attach(actor=actor, obj=item, upload=upload)

