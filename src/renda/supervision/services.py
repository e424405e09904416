"""All writes of supervision. Views, the API, the demo and commands call these, never the ORM directly.

Every function is keyword-only and atomic, validates with full_clean, refuses references into another
congress, and writes the audit trail (transitions through Workflow.apply, which audits them).
"""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from renda.core import attachments, audit, rules, thresholds
from renda.core.documents import format_date
from renda.core.errors import ConflictError
from renda.core.models import Congress, Organization, Person, Position
from renda.supervision import counting
from renda.supervision import permissions as perms
from renda.supervision.models import (
    FINANCIAL_KINDS,
    HEARD_REPORT_STATES,
    ORGAN_FILER_KINDS,
    WINDOW_KINDS,
    FieldVisit,
    FilerKind,
    FiscalFigure,
    FollowUp,
    Inquiry,
    InquiryQuestion,
    InquiryStatus,
    Inspection,
    InspectionKind,
    InspectionProblem,
    InspectionStatus,
    InspectionTeamMember,
    Interpellation,
    InterpellationRating,
    InterpellationSigner,
    InterpStatus,
    Investigation,
    InvestigationMember,
    InvestigationProposer,
    InvestigationStatus,
    InvestigatorRole,
    NormativeDocument,
    PreliminaryReview,
    ProposerKind,
    Questionnaire,
    RatingResult,
    RectificationItem,
    Remark,
    Report,
    ReportKind,
    ReportStatus,
    RequesterKind,
    RequestSource,
    Research,
    ReviewRequest,
    SatisfactionRating,
    TeamCapacity,
    TeamRole,
)
from renda.supervision.workflow import (
    FILING_WORKFLOW,
    INQUIRY_WORKFLOW,
    INSPECTION_WORKFLOW,
    INTERP_WORKFLOW,
    INVESTIGATION_WORKFLOW,
    PRELIM_WORKFLOW,
    RECT_WORKFLOW,
    REPORT_WORKFLOW,
    REQUEST_WORKFLOW,
    draft_rule,
)


# ---- shared checks --------------------------------------------------------------------------------------
def _same_congress(congress_id: int, obj, field: str, label: str) -> None:
    if obj is not None and obj.congress_id != congress_id:
        raise ValidationError({field: f"{label}不属于本人大。"})


def _organ(congress_id: int, org: Organization | None, field: str = "organ", label: str = "报告机关") -> None:
    if org is None:
        raise ValidationError({field: f"请选择{label}。"})
    _same_congress(congress_id, org, field, label)
    if not org.is_organ:
        raise ValidationError({field: f"{label}须为本级人民政府、监察委员会、人民法院或者人民检察院。"})


def _body(congress_id: int, org: Organization | None, field: str = "lead_body") -> None:
    if org is None:
        raise ValidationError({field: "请选择负责的专门委员会或工作机构。"})
    _same_congress(congress_id, org, field, "委员会")
    if org.kind not in Organization.CONGRESS_BODY_KINDS:
        raise ValidationError({field: "须为常委会的专门委员会或工作机构。"})


WORKPLAN_CATEGORIES = {
    "report": {"special_report"},
    "financial": {"special_report", "budget"},
    "inspection": {"enforcement"},
    "inquiry": {"inquiry"},
}


def _workplan_item(congress_id: int, item, kind: str, year: int | None) -> None:
    if item is None:
        return
    _same_congress(congress_id, item, "workplan_item", "工作要点事项")
    allowed = WORKPLAN_CATEGORIES[kind]
    if item.category not in allowed:
        labels = "、".join(sorted(allowed))
        raise ValidationError({"workplan_item": f"所选工作要点事项的类别不符（应为 {labels} 类事项）。"})
    if year is not None and item.plan.year != year:
        raise ValidationError({"workplan_item": f"所选工作要点事项属于 {item.plan.year} 年，与本项工作的年度不一致。"})


def _person_in(congress_id: int, person: Person | None, field: str = "person") -> None:
    if person is None:
        raise ValidationError({field: "请选择人员。"})
    _same_congress(congress_id, person, field, "人员")


def _require(actor, allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _today() -> dt.date:
    return timezone.localdate()


def _lock(model, obj, lock_version: int | None):
    locked = model.objects.select_for_update().get(pk=obj.pk)
    if lock_version is not None and getattr(locked, "lock_version", lock_version) != lock_version:
        raise ConflictError()
    return locked


OPINIONS_CONFLICT = "审议意见已被他人修改并保存：请刷新页面，在最新内容的基础上修改后再保存（您这次提交的文本未保存）。"


def _check_version(locked, lock_version: int | None, message: str) -> None:
    """Optimistic locking on a row already locked with select_for_update."""
    if lock_version is not None and locked.lock_version != lock_version:
        raise ConflictError(message)


def _clean_text(value: str | None) -> str:
    return (value or "").strip()


# ---- reports --------------------------------------------------------------------------------------------
REPORT_FIELDS = ["kind", "title", "year", "organ", "reporting_unit", "lead_body", "workplan_item", "meeting",
                 "meeting_title", "meeting_date", "rectification_of", "resolution", "resolution_due"]


def _take_meeting(congress_id: int, data: dict) -> None:
    """A linked meeting gives the date the deadlines count from (and the meeting's name)."""
    meeting = data.get("meeting")
    if meeting is None:
        return
    _same_congress(congress_id, meeting, "meeting", "会议")
    if getattr(meeting, "kind", "standing") != "standing":
        raise ValidationError({"meeting": "专项工作报告由常务委员会会议听取和审议，请选择常委会会议。"})
    data["meeting_date"] = meeting.date
    data["meeting_title"] = meeting.title[:120]


def report_deadline(report: Report, which: str) -> dt.date | None:
    """The deadline of one step: draft / revised / distribute count back from the meeting; handling forward."""
    cid = report.congress_id
    if which == "draft":
        return counting.days_before(cid, report.meeting_date, rules.param(cid, draft_rule(report), "days"))
    if which == "revised":
        return counting.days_before(cid, report.meeting_date, rules.param(cid, "SUP-REPORT-REVISED", "days"))
    if which == "distribute":
        return counting.days_before(cid, report.meeting_date, rules.param(cid, "SUP-REPORT-DISTRIBUTE", "days"))
    if which == "handling":
        return counting.months_after(cid, report.opinions_sent_on, rules.param(cid, "SUP-REPORT-HANDLING", "months"))
    raise ValueError(which)


def _apply_schedule(report: Report) -> None:
    """Deadlines from the meeting date, late flags of the steps already taken, and the statutory windows."""
    report.draft_due = report_deadline(report, "draft")
    report.revised_due = report_deadline(report, "revised")
    report.distribute_due = report_deadline(report, "distribute")
    report.draft_late = counting.is_late(report.draft_submitted_on, report.draft_due)
    report.revised_late = counting.is_late(report.revised_submitted_on, report.revised_due)
    report.distribute_late = counting.is_late(report.distributed_on, report.distribute_due)
    report.schedule_late = False
    report.schedule_note = ""
    day = report.meeting_date
    if day is None:
        return
    first = rules.param(report.congress_id, "SUP-BUDGET-WINDOW", "first_month")
    last = rules.param(report.congress_id, "SUP-BUDGET-WINDOW", "last_month")
    if report.kind in WINDOW_KINDS and not first <= day.month <= last:
        report.schedule_late = True
        report.schedule_note = "应在每年六月至九月期间审议（规则 SUP-BUDGET-WINDOW，《监督法》第十九条第二款、第二十条）"
    audit_report = report.rectification_of
    due = audit_report.rectification_due if audit_report is not None else None
    if report.kind == ReportKind.AUDIT_RECTIFICATION and due and day > due:
        report.schedule_late = True
        report.schedule_note = f"应于 {format_date(due)} 前听取（规则 SUP-AUDIT-RECTIFY，《监督法》第二十七条第二款）"


def _check_report_refs(congress_id: int, data: dict[str, Any], year: int | None) -> None:
    _organ(congress_id, data.get("organ"))
    unit = data.get("reporting_unit")
    if unit is not None:
        _same_congress(congress_id, unit, "reporting_unit", "受委托的部门")
        if unit.kind != Organization.Kind.GOV_DEPARTMENT or unit.organ() != data.get("organ"):
            raise ValidationError({"reporting_unit": "受委托报告的须为报告机关（人民政府）的工作部门（监督法第十六条第一款）。"})
    _body(congress_id, data.get("lead_body"))
    kind = data.get("kind") or ReportKind.SPECIAL
    _workplan_item(congress_id, data.get("workplan_item"), "financial" if kind in FINANCIAL_KINDS else "report",
                   year)
    audit_report = data.get("rectification_of")
    if audit_report is not None:
        _same_congress(congress_id, audit_report, "rectification_of", "审计工作报告")
        if kind != ReportKind.AUDIT_RECTIFICATION or audit_report.kind != ReportKind.AUDIT_WORK:
            raise ValidationError({"rectification_of": "只有审计查出问题整改情况的报告才对应审计工作报告。"})


@transaction.atomic
def report_create(*, actor, title: str, organ: Organization, lead_body: Organization,
                  kind: str = ReportKind.SPECIAL, year: int | None = None, **data) -> Report:
    _require(actor, perms.can_create_report(actor), "只有办公厅或委员会工作人员可以登记监督报告。")
    unknown = set(data) - set(REPORT_FIELDS)
    if unknown:
        raise ValueError(f"unknown report fields: {sorted(unknown)}")
    congress_id = actor.congress_id
    if actor.role == "committee" and lead_body is not None and lead_body.pk != actor.organization_id:
        raise PermissionDenied("委员会工作人员只能登记本委员会负责的报告。")
    fields = {"title": _clean_text(title), "organ": organ, "lead_body": lead_body, "kind": kind, **data}
    _take_meeting(congress_id, fields)
    meeting_date = fields.get("meeting_date")
    year = year or (meeting_date.year if meeting_date else _today().year)
    _check_report_refs(congress_id, fields, year)
    report = Report(congress_id=congress_id, year=year, created_by=actor, **fields)
    _apply_schedule(report)
    report.full_clean()
    report.save()
    audit.record(actor=actor, action="create", obj=report, after=audit.snapshot(report))
    return report


@transaction.atomic
def report_update(*, actor, report: Report, lock_version: int, **data) -> Report:
    locked = _lock(Report, report, lock_version)
    _require(actor, perms.can_manage_report(actor, locked), "您没有修改该报告的权限。")
    unknown = set(data) - set(REPORT_FIELDS)
    if unknown:
        raise ValueError(f"unknown report fields: {sorted(unknown)}")
    before = audit.snapshot(locked)
    _take_meeting(locked.congress_id, data)
    frozen = [name for name in ("meeting_date", "organ", "kind") if name in data and data[name] != getattr(locked, name)]
    if locked.status in HEARD_REPORT_STATES and frozen:
        raise rules.violation("SUP-REPORT-FLOW", "报告已经审议，会议日期、报告机关和类别不能再修改")
    for name, value in data.items():
        setattr(locked, name, value.strip() if isinstance(value, str) else value)
    _check_report_refs(locked.congress_id, {f: getattr(locked, f) for f in REPORT_FIELDS}, locked.year)
    _apply_schedule(locked)
    locked.full_clean()
    locked.lock_version += 1
    locked.save()
    audit.record(actor=actor, action="update", obj=locked, before=before, after=audit.snapshot(locked))
    return locked


def _late_note(label: str, on: dt.date, due: dt.date | None, rule_id: str) -> str:
    if not counting.is_late(on, due):
        return label
    rule = rules.get(rule_id)
    return (f"{label}（逾期 {counting.days_late(on, due)} 日：应于 {due:%Y-%m-%d} 前，实际 {on:%Y-%m-%d}；"
            f"依据规则 {rule.id}，{rule.basis_text}）")


def report_transition(*, actor, report: Report, action: str, note: str = "", **ctx) -> Report:
    """One step of the report's process; lateness is recorded (flag + audit note), never refused."""
    t = REPORT_WORKFLOW.transition(action)
    on = ctx.get("on") or _today()
    if not note:
        due, rule_id = {
            "submit_draft": (report.draft_due, draft_rule(report)),
            "submit_revised": (report.revised_due, "SUP-REPORT-REVISED"),
            "distribute": (report.distribute_due, "SUP-REPORT-DISTRIBUTE"),
            "submit_handling": (report.handling_due, "SUP-REPORT-HANDLING"),
        }.get(action, (None, t.rule))
        note = _late_note(t.label, on, due, rule_id)
    return REPORT_WORKFLOW.apply(report, action, actor=actor, note=note, **{**ctx, "on": on})


def _report_stage_check(report: Report, allowed_states, message: str) -> None:
    if report.status not in allowed_states:
        raise rules.violation("SUP-REPORT-FLOW", f"报告处于「{report.get_status_display()}」状态，{message}")


@transaction.atomic
def report_add_research(*, actor, report: Report, date: dt.date, findings: str, place: str = "",
                        participants: str = "") -> Research:
    report = Report.objects.select_for_update().get(pk=report.pk)
    _require(actor, perms.can_manage_report(actor, report), "您没有登记调研的权限。")
    _report_stage_check(report, (ReportStatus.PLANNED, ReportStatus.DRAFT_SUBMITTED, ReportStatus.COMMENTED,
                                 ReportStatus.REVISED_SUBMITTED, ReportStatus.DISTRIBUTED),
                        "会前调研须在审议之前登记")
    r = Research(congress_id=report.congress_id, report=report, date=date, findings=_clean_text(findings),
                 place=_clean_text(place), participants=_clean_text(participants), created_by=actor)
    r.full_clean()
    r.save()
    audit.record(actor=actor, action="research", obj=report, after={"date": date, "findings": r.findings[:200]})
    return r


def _check_member(congress_id: int, person: Person, day: dt.date, field: str = "person") -> None:
    if person.pk not in counting.member_ids_on(congress_id, day):
        raise ValidationError({field: f"{person.name}在 {day:%Y-%m-%d} 不是常务委员会组成人员。"})


@transaction.atomic
def report_add_remark(*, actor, report: Report, person: Person, text: str, date: dt.date | None = None) -> Remark:
    report = Report.objects.select_for_update().get(pk=report.pk)
    _require(actor, perms.can_manage_report(actor, report), "您没有登记审议发言的权限。")
    _report_stage_check(report, (ReportStatus.DISTRIBUTED, ReportStatus.DELIBERATED), "不能登记审议发言")
    _person_in(report.congress_id, person)
    day = date or report.meeting_date or _today()
    _check_member(report.congress_id, person, day)
    remark = Remark(congress_id=report.congress_id, report=report, person=person, text=_clean_text(text), date=day)
    remark.full_clean()
    remark.save()
    audit.record(actor=actor, action="remark", obj=report, after={"person": person.name, "text": remark.text[:200]})
    return remark


def compile_opinions(remarks) -> str:
    """A first draft of the deliberation opinions: the members' remarks, numbered, by speaker."""
    lines = []
    for n, r in enumerate(remarks, start=1):
        lines.append(f"{n}. {r.text.strip()}（{r.person.name}）")
    return "\n".join(lines)


@transaction.atomic
def report_set_opinions(*, actor, report: Report, opinions: str, lock_version: int | None = None) -> Report:
    """Save the deliberation opinions; `lock_version` is the version the editor read (optimistic locking)."""
    locked = _lock(Report, report, None)
    _require(actor, perms.can_manage_report(actor, locked), "您没有汇总审议意见的权限。")
    _report_stage_check(locked, (ReportStatus.DELIBERATED,), "审议意见须在审议后、交办前汇总")
    _check_version(locked, lock_version, OPINIONS_CONFLICT)
    before = audit.snapshot(locked, ["opinions"])
    locked.opinions = _clean_text(opinions)
    locked.lock_version += 1
    locked.save(update_fields=["opinions", "lock_version", "updated_at"])
    audit.record(actor=actor, action="update", obj=locked, before=before, after=audit.snapshot(locked, ["opinions"]))
    return locked


def rating_result(congress_id: int, *, satisfied: int, basically_satisfied: int, unsatisfied: int) -> tuple[str, float]:
    threshold = float(rules.param(congress_id, "SUP-RATING", "threshold"))
    valid = satisfied + basically_satisfied + unsatisfied
    approving = satisfied + basically_satisfied
    # "超过" the threshold: strictly more (approving / valid > threshold), decided in integers (0.58 is 29/50).
    ok = thresholds.exceeds(approving, valid, threshold)
    return (RatingResult.SATISFIED if ok else RatingResult.UNSATISFIED), threshold


@transaction.atomic
def report_rate(*, actor, report: Report, satisfied: int, basically_satisfied: int, unsatisfied: int,
                invalid: int = 0, rated_on: dt.date | None = None) -> SatisfactionRating:
    report = Report.objects.select_for_update().get(pk=report.pk)
    _require(actor, perms.is_office(actor, report), "满意度测评结果由办公厅登记。")
    if report.status not in (ReportStatus.HANDLED, ReportStatus.PUBLISHED):
        raise rules.violation("SUP-RATING", "满意度测评在报告机关提出研究处理情况报告后进行")
    if SatisfactionRating.objects.filter(report=report).exists():
        raise rules.violation("SUP-RATING", "该报告已经进行满意度测评")
    counts = {"satisfied": satisfied, "basically_satisfied": basically_satisfied, "unsatisfied": unsatisfied,
              "invalid": invalid}
    for name, value in counts.items():
        if not isinstance(value, int) or value < 0:
            raise ValidationError({name: "票数须为非负整数。"})
    day = rated_on or _today()
    total = len(counting.member_ids_on(report.congress_id, day))
    cast = satisfied + basically_satisfied + unsatisfied + invalid
    if cast > total:
        raise rules.violation("SUP-RATING", f"票数合计 {cast} 超过组成人员数 {total}")
    result, threshold = rating_result(report.congress_id, satisfied=satisfied,
                                      basically_satisfied=basically_satisfied, unsatisfied=unsatisfied)
    rating = SatisfactionRating(congress_id=report.congress_id, report=report, rated_on=day, members_total=total,
                                threshold=threshold, result=result, **counts)
    rating.full_clean()
    rating.save()
    audit.record(actor=actor, action="rating", obj=report, rule=rules.get("SUP-RATING"),
                 after={**counts, "members_total": total, "threshold": threshold, "result": result})
    return rating


@transaction.atomic
def report_add_follow_up(*, actor, report: Report, text: str, date: dt.date | None = None) -> FollowUp:
    report = Report.objects.select_for_update().get(pk=report.pk)
    _require(actor, perms.can_manage_report(actor, report), "您没有登记跟踪监督的权限。")
    if report.status not in (ReportStatus.OPINIONS_SENT, ReportStatus.HANDLED, ReportStatus.PUBLISHED):
        raise rules.violation("SUP-FOLLOWUP", "跟踪监督在审议意见交办后进行")
    f = FollowUp(congress_id=report.congress_id, report=report, date=date or _today(), text=_clean_text(text),
                 created_by=actor)
    f.full_clean()
    f.save()
    audit.record(actor=actor, action="follow_up", obj=report, rule=rules.get("SUP-FOLLOWUP"),
                 after={"date": f.date, "text": f.text[:200]})
    return f


def _amount(value, row: int, label: str) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except (InvalidOperation, ValueError):
        raise ValidationError(f"第 {row} 行：{label}「{value}」不是有效的金额。") from None
    if not amount.is_finite() or amount < 0:
        raise ValidationError(f"第 {row} 行：{label}须为非负金额。")
    if amount >= Decimal("1e14"):
        raise ValidationError(f"第 {row} 行：{label}超出范围。")
    return amount.quantize(Decimal("0.01"))


@transaction.atomic
def figures_save(*, actor, report: Report, rows: list[dict], lock_version: int | None = None) -> list[FiscalFigure]:
    """Replace the report's key figures, all or nothing; each bad row is named in Chinese.

    `lock_version` is the report's version when the table was read: saving the whole table over somebody
    else's newer one is refused (optimistic locking)."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    _require(actor, perms.can_manage_report(actor, report), "您没有录入关键数据的权限。")
    if report.kind not in FINANCIAL_KINDS:
        raise rules.violation("SUP-BUDGET-FIGURES", "只有计划、预算、决算、审计和国有资产等报告录入关键数据")
    _check_version(report, lock_version,
                   "关键数据已被他人修改并保存：请重新打开录入页面，在最新数据的基础上修改后再保存（您这次提交的数据未保存）。")
    errors: list[str] = []
    figures: list[FiscalFigure] = []
    seen: set[tuple[str, int]] = set()
    for n, raw in enumerate(rows, start=1):
        indicator = _clean_text(raw.get("indicator"))
        if not indicator and all(not _clean_text(str(raw.get(k) or "")) for k in ("budget", "adjusted", "actual")):
            continue  # a blank row of the form
        try:
            if not indicator:
                raise ValidationError(f"第 {n} 行：请填写指标名称。")
            if len(indicator) > 60:
                raise ValidationError(f"第 {n} 行：指标名称不得超过 60 个字。")
            try:
                year = int(str(raw.get("year") or "").strip())
            except ValueError:
                raise ValidationError(f"第 {n} 行：年度须为四位数字。") from None
            if not 1990 <= year <= 2100:
                raise ValidationError(f"第 {n} 行：年度须在 1990 至 2100 之间。")
            amounts = {k: _amount(raw.get(k), n, label) for k, label in
                       (("budget", "预算数"), ("adjusted", "调整预算数"), ("actual", "执行数/决算数"))}
            if all(v is None for v in amounts.values()):
                raise ValidationError(f"第 {n} 行：预算数、调整预算数、执行数至少填写一项。")
            if (indicator, year) in seen:
                raise ValidationError(f"第 {n} 行：指标「{indicator}」{year} 年重复录入。")
            seen.add((indicator, year))
            unit = _clean_text(raw.get("unit")) or "亿元"
            figures.append(FiscalFigure(congress_id=report.congress_id, report=report, indicator=indicator,
                                        year=year, unit=unit[:10], order=n, **amounts))
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    before = list(report.figures.values("indicator", "year", "budget", "adjusted", "actual"))
    report.figures.all().delete()
    FiscalFigure.objects.bulk_create(figures)
    report.lock_version += 1
    report.save(update_fields=["lock_version", "updated_at"])
    audit.record(actor=actor, action="figures", obj=report, rule=rules.get("SUP-BUDGET-FIGURES"),
                 before={"figures": before},
                 after={"figures": [{"indicator": f.indicator, "year": f.year, "budget": f.budget,
                                     "adjusted": f.adjusted, "actual": f.actual} for f in figures]})
    return figures


@transaction.atomic
def prelim_create(*, actor, report: Report, body: Organization, opinion: str) -> PreliminaryReview:
    report = Report.objects.select_for_update().get(pk=report.pk)
    _require(actor, perms.can_manage_report(actor, report), "您没有提出初步审查意见的权限。")
    if report.kind not in FINANCIAL_KINDS:
        raise rules.violation("SUP-PRELIM-REVIEW", "初步审查适用于决算、预算调整等财政经济报告")
    _body(report.congress_id, body, "body")
    p = PreliminaryReview(congress_id=report.congress_id, report=report, body=body, opinion=_clean_text(opinion),
                          created_by=actor)
    p.full_clean()
    p.save()
    audit.record(actor=actor, action="create", obj=p, after=audit.snapshot(p))
    return p


def prelim_transition(*, actor, prelim: PreliminaryReview, action: str, note: str = "", **ctx):
    return PRELIM_WORKFLOW.apply(prelim, action, actor=actor, note=note, **ctx)


# ---- inspections ----------------------------------------------------------------------------------------
INSPECTION_FIELDS = ["title", "law_title", "scope", "lead_body", "organ", "workplan_item", "start_date", "end_date",
                     "places", "meeting_title", "meeting_date", "year"]


def _check_inspection_refs(congress_id: int, data: dict) -> None:
    _body(congress_id, data.get("lead_body"))
    _organ(congress_id, data.get("organ"), label="研究处理机关")
    _workplan_item(congress_id, data.get("workplan_item"), "inspection", data.get("year"))


@transaction.atomic
def inspection_create(*, actor, title: str, law_title: str, lead_body: Organization, organ: Organization,
                      year: int | None = None, parent: Inspection | None = None, **data) -> Inspection:
    _require(actor, perms.can_create_inspection(actor), "只有办公厅或委员会工作人员可以组织执法检查。")
    unknown = set(data) - set(INSPECTION_FIELDS)
    if unknown:
        raise ValueError(f"unknown inspection fields: {sorted(unknown)}")
    if actor.role == "committee" and lead_body is not None and lead_body.pk != actor.organization_id:
        raise PermissionDenied("委员会工作人员只能组织本委员会负责的执法检查。")
    kind = InspectionKind.REGULAR
    if parent is not None:
        _same_congress(actor.congress_id, parent, "parent", "所跟踪的执法检查")
        if parent.status not in (InspectionStatus.HANDED, InspectionStatus.HANDLED, InspectionStatus.PUBLISHED):
            raise rules.violation("SUP-FOLLOWUP", "跟踪检查在执法检查报告及审议意见交办后组织")
        kind = InspectionKind.FOLLOW_UP
    start = data.get("start_date")
    year = year or (start.year if start else _today().year)
    fields = {"title": _clean_text(title), "law_title": _clean_text(law_title), "lead_body": lead_body,
              "organ": organ, "year": year, **data}
    _check_inspection_refs(actor.congress_id, fields)
    insp = Inspection(congress_id=actor.congress_id, kind=kind, parent=parent, created_by=actor, **fields)
    insp.full_clean()
    insp.save()
    audit.record(actor=actor, action="create", obj=insp, after=audit.snapshot(insp))
    return insp


@transaction.atomic
def inspection_update(*, actor, inspection: Inspection, lock_version: int, **data) -> Inspection:
    locked = _lock(Inspection, inspection, lock_version)
    _require(actor, perms.can_manage_inspection(actor, locked), "您没有修改该执法检查的权限。")
    report_fields = {"evaluation", "suggestions", "law_amendments"}
    unknown = set(data) - set(INSPECTION_FIELDS) - report_fields
    if unknown:
        raise ValueError(f"unknown inspection fields: {sorted(unknown)}")
    if report_fields & set(data) and locked.status != InspectionStatus.INSPECTING:
        raise rules.violation("SUP-INSP-REPORT", "执法检查报告在检查中起草，提出后不能修改")
    before = audit.snapshot(locked)
    for name, value in data.items():
        setattr(locked, name, value.strip() if isinstance(value, str) else value)
    _check_inspection_refs(locked.congress_id, {f: getattr(locked, f) for f in INSPECTION_FIELDS})
    locked.full_clean()
    locked.lock_version += 1
    locked.save()
    audit.record(actor=actor, action="update", obj=locked, before=before, after=audit.snapshot(locked))
    return locked


def _insp_stage(insp: Inspection, states, message: str) -> None:
    if insp.status not in states:
        raise rules.violation("SUP-INSP-FLOW", f"执法检查处于「{insp.get_status_display()}」状态，{message}")


@transaction.atomic
def team_add(*, actor, inspection: Inspection, person: Person, capacity: str, role: str = TeamRole.MEMBER
             ) -> InspectionTeamMember:
    insp = Inspection.objects.select_for_update().get(pk=inspection.pk)
    _require(actor, perms.can_manage_inspection(actor, insp), "您没有组织执法检查组的权限。")
    _insp_stage(insp, (InspectionStatus.PLANNING, InspectionStatus.INSPECTING), "不能再调整检查组")
    _person_in(insp.congress_id, person)
    if capacity not in TeamCapacity.values:
        raise ValidationError({"capacity": "请选择成员身份。"})
    if role not in TeamRole.values:
        raise ValidationError({"role": "请选择分工。"})
    day = insp.start_date or _today()
    if capacity == TeamCapacity.SC_MEMBER:
        _check_member(insp.congress_id, person, day)
    elif capacity == TeamCapacity.DEPUTY:
        from renda.deputies.models import Deputy

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
    _require(actor, perms.can_manage_inspection(actor, insp), "您没有登记实地检查的权限。")
    _insp_stage(insp, (InspectionStatus.INSPECTING,), "实地检查在检查中登记")
    v = FieldVisit(congress_id=insp.congress_id, inspection=insp, date=date, place=_clean_text(place),
                   units=_clean_text(units), findings=_clean_text(findings), created_by=actor)
    v.full_clean()
    v.save()
    audit.record(actor=actor, action="visit", obj=insp, after={"date": date, "place": v.place})
    if upload is not None:
        attachments.attach(actor=actor, obj=v, upload=upload)
    return v


@transaction.atomic
def visit_attach(*, actor, visit: FieldVisit, upload):
    _require(actor, perms.can_manage_inspection(actor, visit.inspection), "您没有上传检查证据的权限。")
    return attachments.attach(actor=actor, obj=visit, upload=upload)


@transaction.atomic
def questionnaire_add(*, actor, inspection: Inspection, title: str, issued: int, returned: int, valid: int,
                      summary: str = "") -> Questionnaire:
    insp = Inspection.objects.select_for_update().get(pk=inspection.pk)
    _require(actor, perms.can_manage_inspection(actor, insp), "您没有登记问卷调查的权限。")
    _insp_stage(insp, (InspectionStatus.INSPECTING,), "问卷调查在检查中登记")
    for name, value in (("issued", issued), ("returned", returned), ("valid", valid)):
        if not isinstance(value, int) or value < 0:
            raise ValidationError({name: "份数须为非负整数。"})
    if returned > issued:
        raise ValidationError({"returned": "回收份数不能多于发放份数。"})
    if valid > returned:
        raise ValidationError({"valid": "有效份数不能多于回收份数。"})
    q = Questionnaire(congress_id=insp.congress_id, inspection=insp, title=_clean_text(title), issued=issued,
                      returned=returned, valid=valid, summary=_clean_text(summary))
    q.full_clean()
    q.save()
    audit.record(actor=actor, action="questionnaire", obj=insp,
                 after={"title": q.title, "issued": issued, "returned": returned, "valid": valid})
    return q


@transaction.atomic
def problem_add(*, actor, inspection: Inspection, text: str) -> InspectionProblem:
    insp = Inspection.objects.select_for_update().get(pk=inspection.pk)
    _require(actor, perms.can_manage_inspection(actor, insp), "您没有登记检查发现问题的权限。")
    _insp_stage(insp, (InspectionStatus.INSPECTING,), "问题清单在检查中形成")
    number = (insp.problems.aggregate(m=Max("number"))["m"] or 0) + 1
    p = InspectionProblem(congress_id=insp.congress_id, inspection=insp, number=number, text=_clean_text(text))
    p.full_clean()
    p.save()
    audit.record(actor=actor, action="problem", obj=insp, after={"number": number, "text": p.text[:200]})
    return p


@transaction.atomic
def inspection_add_remark(*, actor, inspection: Inspection, person: Person, text: str,
                          date: dt.date | None = None) -> Remark:
    insp = Inspection.objects.select_for_update().get(pk=inspection.pk)
    _require(actor, perms.can_manage_inspection(actor, insp), "您没有登记审议发言的权限。")
    _insp_stage(insp, (InspectionStatus.REPORTED, InspectionStatus.DELIBERATED), "不能登记审议发言")
    _person_in(insp.congress_id, person)
    day = date or insp.meeting_date or _today()
    _check_member(insp.congress_id, person, day)
    remark = Remark(congress_id=insp.congress_id, inspection=insp, person=person, text=_clean_text(text), date=day)
    remark.full_clean()
    remark.save()
    audit.record(actor=actor, action="remark", obj=insp, after={"person": person.name, "text": remark.text[:200]})
    return remark


@transaction.atomic
def inspection_set_opinions(*, actor, inspection: Inspection, opinions: str,
                            lock_version: int | None = None) -> Inspection:
    insp = Inspection.objects.select_for_update().get(pk=inspection.pk)
    _require(actor, perms.can_manage_inspection(actor, insp), "您没有汇总审议意见的权限。")
    _insp_stage(insp, (InspectionStatus.DELIBERATED,), "审议意见须在审议后、交办前汇总")
    _check_version(insp, lock_version, OPINIONS_CONFLICT)
    before = audit.snapshot(insp, ["opinions"])
    insp.opinions = _clean_text(opinions)
    insp.lock_version += 1
    insp.save(update_fields=["opinions", "lock_version", "updated_at"])
    audit.record(actor=actor, action="update", obj=insp, before=before, after=audit.snapshot(insp, ["opinions"]))
    return insp


def inspection_transition(*, actor, inspection: Inspection, action: str, note: str = "", **ctx) -> Inspection:
    t = INSPECTION_WORKFLOW.transition(action)
    on = ctx.get("on") or _today()
    if not note and action == "submit_handling":
        note = _late_note(t.label, on, inspection.handling_due, "SUP-INSP-HANDLING")
    return INSPECTION_WORKFLOW.apply(inspection, action, actor=actor, note=note, **{**ctx, "on": on})


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
    _require(actor, allowed, "您没有建立整改清单的权限。")
    if report is not None and source.kind != ReportKind.AUDIT_WORK:
        raise rules.violation("SUP-RECT-FLOW", "整改清单来自执法检查或者审计工作报告")
    key = "inspection" if inspection is not None else "report"
    if source.status not in RECT_SOURCE_STATES[key]:
        raise rules.violation("SUP-RECT-FLOW", f"「{source}」尚未形成报告，不能建立整改清单")
    if owner_unit is None:
        raise ValidationError({"owner_unit": "请选择责任单位。"})
    _same_congress(source.congress_id, owner_unit, "owner_unit", "责任单位")
    if not owner_unit.is_handling_unit or owner_unit.organ() is None:
        raise ValidationError({"owner_unit": "责任单位须为一府一委两院或政府工作部门等承办单位。"})
    if problem is not None and (inspection is None or problem.inspection_id != source.pk):
        raise ValidationError({"problem": "所选问题不属于该执法检查。"})
    if deadline is None:
        raise ValidationError({"deadline": "请填写整改时限。"})
    number = (RectificationItem.objects.filter(**{key: source}).aggregate(m=Max("number"))["m"] or 0) + 1
    item = RectificationItem(congress_id=source.congress_id, number=number, title=_clean_text(title),
                             requirement=_clean_text(requirement), owner_unit=owner_unit, organ=owner_unit.organ(),
                             deadline=deadline, problem=problem, **{key: source})
    item.full_clean()
    item.save()
    audit.record(actor=actor, action="create", obj=item, after=audit.snapshot(item))
    return item


def rectification_transition(*, actor, item: RectificationItem, action: str, note: str = "", **ctx):
    t = RECT_WORKFLOW.transition(action)
    on = ctx.get("on") or _today()
    if action == "report" and not note:
        note = _late_note(t.label, on, item.deadline, "SUP-RECT-FLOW")
    return RECT_WORKFLOW.apply(item, action, actor=actor, note=note, **{**ctx, "on": on})


@transaction.atomic
def rectification_attach(*, actor, item: RectificationItem, upload):
    _require(actor, perms.can_work_rect(actor, item), "您没有为该整改事项上传材料的权限。")
    return attachments.attach(actor=actor, obj=item, upload=upload)


# ---- inquiries ------------------------------------------------------------------------------------------
INQUIRY_FIELDS = ["title", "topic", "lead_body", "organ", "workplan_item", "form", "report", "inspection",
                  "meeting_title", "meeting_date", "year"]


@transaction.atomic
def inquiry_create(*, actor, title: str, lead_body: Organization, organ: Organization, **data) -> Inquiry:
    _require(actor, perms.can_create_report(actor), "只有办公厅或委员会工作人员可以组织专题询问。")
    unknown = set(data) - set(INQUIRY_FIELDS)
    if unknown:
        raise ValueError(f"unknown inquiry fields: {sorted(unknown)}")
    if actor.role == "committee" and lead_body is not None and lead_body.pk != actor.organization_id:
        raise PermissionDenied("委员会工作人员只能组织本委员会负责的专题询问。")
    cid = actor.congress_id
    _body(cid, lead_body)
    _organ(cid, organ, label="应询机关")
    meeting_date = data.get("meeting_date")
    data.setdefault("year", meeting_date.year if meeting_date else _today().year)
    _workplan_item(cid, data.get("workplan_item"), "inquiry", data["year"])
    for name, label in (("report", "结合审议的报告"), ("inspection", "结合审议的执法检查报告")):
        _same_congress(cid, data.get(name), name, label)
    inq = Inquiry(congress_id=cid, title=_clean_text(title), lead_body=lead_body, organ=organ, created_by=actor,
                  **data)
    inq.full_clean()
    inq.save()
    audit.record(actor=actor, action="create", obj=inq, after=audit.snapshot(inq))
    return inq


@transaction.atomic
def inquiry_add_question(*, actor, inquiry: Inquiry, asker: Person, question: str, answerer_name: str,
                         answerer_title: str, answer: str, answerer_org: Organization | None = None
                         ) -> InquiryQuestion:
    inq = Inquiry.objects.select_for_update().get(pk=inquiry.pk)
    _require(actor, perms.can_manage_inquiry(actor, inq), "您没有记录询问的权限。")
    if inq.status != InquiryStatus.HELD:
        raise rules.violation("SUP-INQUIRY-FLOW", f"专题询问处于「{inq.get_status_display()}」状态，不能记录询问和回答")
    _person_in(inq.congress_id, asker, "asker")
    _check_member(inq.congress_id, asker, inq.held_on or _today(), "asker")
    if answerer_org is not None:
        _same_congress(inq.congress_id, answerer_org, "answerer_org", "应询单位")
        if answerer_org.organ() is None:
            raise ValidationError({"answerer_org": "应询单位须为一府一委两院或政府工作部门。"})
    if not _clean_text(answerer_name) or not _clean_text(answerer_title):
        raise rules.violation("SUP-INQUIRY-FLOW", "须记录回答询问的负责人姓名和职务")
    number = (inq.questions.aggregate(m=Max("number"))["m"] or 0) + 1
    q = InquiryQuestion(congress_id=inq.congress_id, inquiry=inq, number=number, asker=asker,
                        question=_clean_text(question), answerer_name=_clean_text(answerer_name),
                        answerer_title=_clean_text(answerer_title), answerer_org=answerer_org,
                        answer=_clean_text(answer))
    q.full_clean()
    q.save()
    audit.record(actor=actor, action="question", obj=inq,
                 after={"number": number, "asker": asker.name, "answerer": q.answerer_name})
    return q


@transaction.atomic
def inquiry_set_opinions(*, actor, inquiry: Inquiry, opinions: str, lock_version: int | None = None) -> Inquiry:
    inq = Inquiry.objects.select_for_update().get(pk=inquiry.pk)
    _require(actor, perms.can_manage_inquiry(actor, inq), "您没有汇总询问意见的权限。")
    if inq.status != InquiryStatus.HELD:
        raise rules.violation("SUP-INQUIRY-FLOW", "询问意见在专题询问举行后、交办前汇总")
    _check_version(inq, lock_version, "询问意见已被他人修改并保存：请刷新页面，在最新内容的基础上修改后再保存（您这次提交的文本未保存）。")
    before = audit.snapshot(inq, ["opinions"])
    inq.opinions = _clean_text(opinions)
    inq.lock_version += 1
    inq.save(update_fields=["opinions", "lock_version"])
    audit.record(actor=actor, action="update", obj=inq, before=before, after=audit.snapshot(inq, ["opinions"]))
    return inq


def inquiry_transition(*, actor, inquiry: Inquiry, action: str, note: str = "", **ctx) -> Inquiry:
    t = INQUIRY_WORKFLOW.transition(action)
    on = ctx.get("on") or _today()
    if action == "submit_handling" and not note:
        note = _late_note(t.label, on, inquiry.handling_due, "SUP-INQUIRY-HANDLING")
    return INQUIRY_WORKFLOW.apply(inquiry, action, actor=actor, note=note, **{**ctx, "on": on})


@transaction.atomic
def inquiry_add_follow_up(*, actor, inquiry: Inquiry, text: str, date: dt.date | None = None) -> FollowUp:
    inq = Inquiry.objects.select_for_update().get(pk=inquiry.pk)
    _require(actor, perms.can_manage_inquiry(actor, inq), "您没有登记跟踪监督的权限。")
    if inq.status not in (InquiryStatus.OPINIONS_SENT, InquiryStatus.HANDLED, InquiryStatus.CLOSED):
        raise rules.violation("SUP-FOLLOWUP", "跟踪监督在询问意见交办后进行")
    f = FollowUp(congress_id=inq.congress_id, inquiry=inq, date=date or _today(), text=_clean_text(text),
                 created_by=actor)
    f.full_clean()
    f.save()
    audit.record(actor=actor, action="follow_up", obj=inq, rule=rules.get("SUP-FOLLOWUP"),
                 after={"date": f.date, "text": f.text[:200]})
    return f


# ---- interpellations ------------------------------------------------------------------------------------
INTERP_FIELDS = ["title", "target", "questions", "content", "meeting_title", "meeting_date", "meeting_end_date"]


def _check_target(congress_id: int, target: Organization | None) -> None:
    if target is None:
        raise ValidationError({"target": "请选择质询对象。"})
    _same_congress(congress_id, target, "target", "质询对象")
    if target.kind not in (*Organization.ORGAN_KINDS, Organization.Kind.GOV_DEPARTMENT) or target.organ() is None:
        raise ValidationError({"target": "质询对象须为本级人民政府及其工作部门、监察委员会、人民法院或者人民检察院。"})


@transaction.atomic
def interpellation_create(*, actor, title: str, target: Organization, questions: str, content: str,
                          meeting_title: str = "", meeting_date: dt.date | None = None,
                          meeting_end_date: dt.date | None = None) -> Interpellation:
    _require(actor, perms.can_create_interpellation(actor), "只有常委会组成人员或办公厅可以起草质询案。")
    _check_target(actor.congress_id, target)
    interp = Interpellation(congress_id=actor.congress_id, title=_clean_text(title), target=target,
                            organ=target.organ(), questions=_clean_text(questions), content=_clean_text(content),
                            meeting_title=_clean_text(meeting_title), meeting_date=meeting_date,
                            meeting_end_date=meeting_end_date, created_by=actor)
    if meeting_end_date and meeting_date and meeting_end_date < meeting_date:
        raise ValidationError({"meeting_end_date": "会议结束日期不能早于开始日期。"})
    interp.full_clean()
    interp.save()
    audit.record(actor=actor, action="create", obj=interp, after=audit.snapshot(interp))
    if actor.role == "member" and actor.person_id:
        interpellation_sign(actor=actor, interpellation=interp, on=meeting_date)
    return interp


@transaction.atomic
def interpellation_sign(*, actor, interpellation: Interpellation, person: Person | None = None,
                        on: dt.date | None = None) -> InterpellationSigner:
    interp = Interpellation.objects.select_for_update().get(pk=interpellation.pk)
    _require(actor, perms.can_sign_interpellation(actor, interp), "只有常委会组成人员本人可以联名。")
    if actor.role == "member":
        if person is not None and person.pk != actor.person_id:
            raise PermissionDenied("组成人员只能本人联名。")
        person = actor.person
    if interp.status != InterpStatus.DRAFTING:
        raise rules.violation("SUP-INTERP-SIGNERS", "质询案已经提出，不能再联名")
    _person_in(interp.congress_id, person)
    day = on or _today()
    _check_member(interp.congress_id, person, day)
    signer, created = InterpellationSigner.objects.get_or_create(
        interpellation=interp, person=person, defaults={"congress_id": interp.congress_id, "signed_on": day},
    )
    if created:
        audit.record(actor=actor, action="sign", obj=interp, after={"person": person.name, "date": day})
    return signer


@transaction.atomic
def interpellation_rate(*, actor, interpellation: Interpellation, satisfied: bool,
                        person: Person | None = None) -> InterpellationRating:
    interp = Interpellation.objects.select_for_update().get(pk=interpellation.pk)
    if actor.role == "member":
        if person is not None and person.pk != actor.person_id:
            raise PermissionDenied("提案人只能评价本人对答复的意见。")
        person = actor.person
    _require(actor, perms.is_office(actor, interp) or perms.is_signer(actor, interp),
             "只有提质询案的组成人员可以评价答复。")
    if interp.status != InterpStatus.ANSWERED:
        raise rules.violation("SUP-INTERP-REANSWER", "受质询机关答复后，提案人方可表示是否满意")
    if person is None or not interp.signers.filter(person=person).exists():
        raise ValidationError({"person": "只有提质询案的组成人员可以评价答复。"})
    rating, _ = InterpellationRating.objects.update_or_create(
        interpellation=interp, round=interp.round, person=person,
        defaults={"congress_id": interp.congress_id, "satisfied": bool(satisfied)},
    )
    audit.record(actor=actor, action="rating", obj=interp,
                 after={"person": person.name, "round": interp.round, "satisfied": bool(satisfied)})
    return rating


def interpellation_transition(*, actor, interpellation: Interpellation, action: str, note: str = "", **ctx):
    on = ctx.get("on") or _today()
    return INTERP_WORKFLOW.apply(interpellation, action, actor=actor, note=note, **{**ctx, "on": on})


# ---- special-question investigations --------------------------------------------------------------------
@transaction.atomic
def investigation_propose(*, actor, title: str, matter: str, proposer_kind: str,
                          proposers: list[Person] | None = None, proposed_on: dt.date | None = None
                          ) -> Investigation:
    _require(actor, perms.can_propose_investigation(actor), "您没有提议组织特定问题调查委员会的权限。")
    day = proposed_on or _today()
    cid = actor.congress_id
    proposers = list(proposers or [])
    if proposer_kind == ProposerKind.CHAIRS_COUNCIL:
        if actor.role not in ("office", "leader"):
            raise PermissionDenied("主任会议的提议由办公厅或常委会领导登记。")
        proposers = []
    elif proposer_kind == ProposerKind.MEMBERS:
        if actor.role == "member" and actor.person_id not in {p.pk for p in proposers}:
            proposers.append(actor.person)
        members = counting.member_ids_on(cid, day)
        for p in proposers:
            _person_in(cid, p, "proposers")
        outsiders = [p.name for p in proposers if p.pk not in members]
        if outsiders:
            raise rules.violation("SUP-INVEST-PROPOSE", f"{'、'.join(outsiders)}在 {day:%Y-%m-%d} 不是常务委员会组成人员")
        count = len({p.pk for p in proposers})
        if not counting.at_least_fraction(count, len(members), 1, 5):
            raise rules.violation(
                "SUP-INVEST-PROPOSE",
                f"联名提议的组成人员为 {count} 人，不足全体组成人员 {len(members)} 人的五分之一",
            )
    else:
        raise ValidationError({"proposer_kind": "请选择提议人。"})
    inv = Investigation(congress_id=cid, title=_clean_text(title), matter=_clean_text(matter),
                        proposer_kind=proposer_kind, proposed_on=day, created_by=actor)
    inv.full_clean()
    inv.save()
    InvestigationProposer.objects.bulk_create(
        [InvestigationProposer(congress_id=cid, investigation=inv, person=p) for p in {p.pk: p for p in proposers}.values()]
    )
    audit.record(actor=actor, action="create", obj=inv, rule=rules.get("SUP-INVEST-PROPOSE"),
                 after={**audit.snapshot(inv), "proposers": [p.name for p in proposers]})
    return inv


@transaction.atomic
def investigation_add_member(*, actor, investigation: Investigation, role: str, person: Person | None = None,
                             name: str = "") -> InvestigationMember:
    inv = Investigation.objects.select_for_update().get(pk=investigation.pk)
    _require(actor, perms.is_office_or_leader(actor, inv), "调查委员会的组成由主任会议提名，办公厅登记。")
    if inv.status != InvestigationStatus.PROPOSED:
        raise rules.violation("SUP-INVEST-COMMITTEE", "调查委员会的组成在全体会议决定前提名")
    if role not in InvestigatorRole.values:
        raise ValidationError({"role": "请选择职务。"})
    if role == InvestigatorRole.EXPERT:
        if not _clean_text(name) and person is None:
            raise ValidationError({"name": "请填写专家姓名。"})
    else:
        _person_in(inv.congress_id, person)
        from renda.deputies.models import Deputy

        is_member = person.pk in counting.member_ids_on(inv.congress_id, inv.proposed_on)
        is_deputy = Deputy.objects.filter(congress_id=inv.congress_id, person=person).exists()
        if not (is_member or is_deputy):
            raise rules.violation("SUP-INVEST-COMMITTEE", f"{person.name}既不是常务委员会组成人员，也不是人大代表")
    m = InvestigationMember(congress_id=inv.congress_id, investigation=inv, person=person, role=role,
                            name=_clean_text(name) or (person.name if person else ""))
    m.full_clean()
    m.save()
    audit.record(actor=actor, action="member", obj=inv, after={"name": m.name, "role": role})
    return m


def investigation_transition(*, actor, investigation: Investigation, action: str, note: str = "", **ctx):
    on = ctx.get("on") or _today()
    return INVESTIGATION_WORKFLOW.apply(investigation, action, actor=actor, note=note, **{**ctx, "on": on})


# ---- filing review --------------------------------------------------------------------------------------
@transaction.atomic
def filing_register(*, actor, filer_kind: str, title: str, issued_on: dt.date, filed_on: dt.date | None = None,
                    filer_org: Organization | None = None, filer_congress: Congress | None = None,
                    doc_number: str = "", text: str = "", upload=None) -> NormativeDocument:
    _require(actor, perms.can_register_filing(actor), "您没有报送备案的权限。")
    cid = actor.congress_id
    if filer_kind not in FilerKind.values:
        raise ValidationError({"filer_kind": "请选择制定机关类别。"})
    if actor.role == "unit":
        filer_org = actor.organization
        filer_congress = None
    if filer_kind in ORGAN_FILER_KINDS:
        if filer_org is None:
            raise ValidationError({"filer_org": "请选择制定机关。"})
        _same_congress(cid, filer_org, "filer_org", "制定机关")
        if filer_org.kind != ORGAN_FILER_KINDS[filer_kind]:
            raise ValidationError({"filer_org": f"制定机关须为{FilerKind(filer_kind).label}。"})
        filer_congress = None
    else:
        if filer_congress is None or filer_congress.parent_id != cid:
            raise ValidationError({"filer_congress": "须为本级人大的下一级人民代表大会（或其常委会）。"})
        filer_org = None
    if issued_on is None:
        raise ValidationError({"issued_on": "请填写公布（印发）日期。"})
    filed_on = filed_on or _today()
    if filed_on < issued_on:
        raise ValidationError({"filed_on": "报送备案日期不能早于公布日期。"})
    days = rules.param(cid, "SUP-FILING-DEADLINE", "days")
    due = counting.days_after(cid, issued_on, days)
    doc = NormativeDocument(congress_id=cid, filer_kind=filer_kind, filer_org=filer_org,
                            filer_congress=filer_congress, title=_clean_text(title),
                            doc_number=_clean_text(doc_number), issued_on=issued_on, filed_on=filed_on,
                            filing_due=due, filing_late=counting.is_late(filed_on, due), text=_clean_text(text),
                            created_by=actor)
    doc.full_clean()
    doc.save()
    note = _late_note("报送备案", filed_on, due, "SUP-FILING-DEADLINE")
    audit.record(actor=actor, action="create", obj=doc, rule=rules.get("SUP-FILING-DEADLINE"), note=note,
                 after=audit.snapshot(doc))
    if upload is not None:
        attachments.attach(actor=actor, obj=doc, upload=upload)
    return doc


def filing_transition(*, actor, document: NormativeDocument, action: str, note: str = "", **ctx):
    on = ctx.get("on") or _today()
    if ctx.get("reviewer") is not None:
        _body(document.congress_id, ctx["reviewer"], "reviewer")
    return FILING_WORKFLOW.apply(document, action, actor=actor, note=note, **{**ctx, "on": on})


# ---- review requests ------------------------------------------------------------------------------------
TRACKING_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def new_tracking_code() -> str:
    raw = "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(12))
    return f"BA-{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def normalize_tracking_code(value: str) -> str:
    cleaned = "".join(ch for ch in (value or "").upper() if ch.isalnum())
    if cleaned.startswith("BA"):
        cleaned = cleaned[2:]
    if len(cleaned) != 12:
        return ""
    return f"BA-{cleaned[:4]}-{cleaned[4:8]}-{cleaned[8:]}"


REQUEST_LIMITS = {"requester_name": 60, "contact": 100, "document_title": 200, "document_number": 60,
                  "issuer": 100, "reasons": 5000}


@transaction.atomic
def review_request_submit(*, congress: Congress, requester_name: str, contact: str, document_title: str,
                          reasons: str, document_number: str = "", issuer: str = "",
                          requester_kind: str = RequesterKind.CITIZEN, source: str = RequestSource.PORTAL,
                          actor=None, received_on: dt.date | None = None) -> ReviewRequest:
    """A review request; from the portal `actor` is None (a member of the public)."""
    if actor is not None:
        _require(actor, actor.congress_id == congress.pk and actor.role in ("office", "committee"),
                 "您没有登记审查建议的权限。")
    data = {"requester_name": requester_name, "contact": contact, "document_title": document_title,
            "document_number": document_number, "issuer": issuer, "reasons": reasons}
    data = {k: _clean_text(v) for k, v in data.items()}
    errors = {}
    for name, label in (("requester_name", "姓名或名称"), ("contact", "联系方式"), ("document_title", "文件名称"),
                        ("reasons", "审查建议的理由")):
        if not data[name]:
            errors[name] = f"请填写{label}。"
    for name, limit in REQUEST_LIMITS.items():
        if len(data[name]) > limit:
            errors[name] = f"不得超过 {limit} 个字。"
    if data["reasons"] and len(data["reasons"]) < 10 and "reasons" not in errors:
        errors["reasons"] = "请具体说明认为该文件存在的问题（不少于 10 个字）。"
    if requester_kind not in RequesterKind.values:
        errors["requester_kind"] = "请选择提出人类别。"
    if errors:
        raise ValidationError(errors)
    for _ in range(5):
        code = new_tracking_code()
        if not ReviewRequest.objects.filter(tracking_code=code).exists():
            break
    req = ReviewRequest(congress=congress, tracking_code=code, source=source, requester_kind=requester_kind,
                        received_on=received_on or _today(), **data)
    req.full_clean()
    req.save()
    audit.record(actor=actor, action="create", obj=req, rule=rules.get("SUP-REVIEW-REQUEST"),
                 after={"tracking_code": code, "source": source, "document_title": req.document_title},
                 note="公众通过门户网站提交审查建议" if actor is None else "登记审查建议")
    return req


def request_transition(*, actor, request: ReviewRequest, action: str, note: str = "", **ctx):
    on = ctx.get("on") or _today()
    document = ctx.get("document")
    if document is not None:
        _same_congress(request.congress_id, document, "document", "备案文件")
    return REQUEST_WORKFLOW.apply(request, action, actor=actor, note=note, **{**ctx, "on": on})
