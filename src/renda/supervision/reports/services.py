"""Writes of reports: the record and its schedule, research before the meeting, the steps of the report's process,
key figures and the preliminary review. The cycle after the meeting is in supervision.cycle.services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from renda.core import audit, rules
from renda.core.documents import format_date
from renda.core.models import Organization
from renda.core.writes import known_fields, save_new, save_update, stripped
from renda.deputies.models import Deputy
from renda.supervision import checks, counting
from renda.supervision import permissions as perms
from renda.supervision.annual.services import annual_ensure
from renda.supervision.deadlines import report_deadline
from renda.supervision.models import (
    FINANCIAL_KINDS,
    HEARD_REPORT_STATES,
    WINDOW_KINDS,
    FiscalFigure,
    PreliminaryReview,
    PrelimStatus,
    Report,
    ReportKind,
    ReportStatus,
    Research,
)
from renda.supervision.reports.workflow import PRELIM_WORKFLOW, REPORT_WORKFLOW

REPORT_FIELDS = ["kind", "title", "year", "organ", "reporting_unit", "lead_body", "workplan_item", "meeting",
                 "meeting_title", "meeting_date", "rectification_of", "resolution", "resolution_due"]


def _take_meeting(congress_id: int, data: dict) -> None:
    """A linked meeting gives the date the deadlines count from (and the meeting's name)."""
    meeting = data.get("meeting")
    if meeting is None:
        return
    checks.same_congress(congress_id, meeting, "meeting", "会议")
    if getattr(meeting, "kind", "standing") != "standing":
        raise ValidationError({"meeting": "专项工作报告由常务委员会会议听取和审议，请选择常委会会议。"})
    data["meeting_date"] = meeting.date
    data["meeting_title"] = meeting.title[:120]



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
        report.schedule_note = "应在每年六月至九月期间审议（依据《监督法》第十九条第二款、第二十条）"
    audit_report = report.rectification_of
    due = audit_report.rectification_due if audit_report is not None else None
    if report.kind == ReportKind.AUDIT_RECTIFICATION and due and day > due:
        report.schedule_late = True
        report.schedule_note = f"应于 {format_date(due)} 前听取（依据《监督法》第二十七条第二款）"


def _check_report_refs(congress_id: int, data: dict[str, Any], year: int | None) -> None:
    checks.organ(congress_id, data.get("organ"))
    unit = data.get("reporting_unit")
    if unit is not None:
        checks.same_congress(congress_id, unit, "reporting_unit", "受委托的部门")
        if unit.kind != Organization.Kind.GOV_DEPARTMENT or unit.organ() != data.get("organ"):
            raise ValidationError({"reporting_unit": "受委托报告的须为报告机关（人民政府）的工作部门（监督法第十六条第一款）。"})
    checks.body(congress_id, data.get("lead_body"))
    kind = data.get("kind") or ReportKind.SPECIAL
    checks.workplan_item(congress_id, data.get("workplan_item"), "financial" if kind in FINANCIAL_KINDS else "report",
                   year)
    audit_report = data.get("rectification_of")
    if audit_report is not None:
        checks.same_congress(congress_id, audit_report, "rectification_of", "审计工作报告")
        if kind != ReportKind.AUDIT_RECTIFICATION or audit_report.kind != ReportKind.AUDIT_WORK:
            raise ValidationError({"rectification_of": "只有审计查出问题整改情况的报告才对应审计工作报告。"})


@transaction.atomic
def report_create(*, actor, title: str, organ: Organization, lead_body: Organization,
                  kind: str = ReportKind.SPECIAL, year: int | None = None, **data) -> Report:
    checks.require(perms.can_create_report(actor), "只有办公厅或委员会工作人员可以登记监督报告。")
    known_fields(data, REPORT_FIELDS, "report")
    congress_id = actor.congress_id
    checks.own_committee(actor, lead_body, "委员会工作人员只能登记本委员会负责的报告。")
    fields = {"title": checks.clean(title), "organ": organ, "lead_body": lead_body, "kind": kind, **data}
    _take_meeting(congress_id, fields)
    meeting_date = fields.get("meeting_date")
    year = year or (meeting_date.year if meeting_date else checks.today().year)
    _check_report_refs(congress_id, fields, year)
    report = Report(congress_id=congress_id, year=year, created_by=actor, **fields)
    _apply_schedule(report)
    save_new(report, actor=actor)
    annual_ensure(congress_id=report.congress_id, year=report.year)  # the year's statutory reports are checked
    return report


@transaction.atomic
def report_update(*, actor, report: Report, lock_version: int, **data) -> Report:
    locked = Report.objects.select_for_update().get(pk=report.pk)
    checks.versioned(locked, lock_version)
    checks.require(perms.can_manage_report(actor, locked), "您没有修改该报告的权限。")
    known_fields(data, REPORT_FIELDS, "report")
    _take_meeting(locked.congress_id, data)
    frozen = [name for name in ("meeting_date", "organ", "kind") if name in data and data[name] != getattr(locked, name)]
    if locked.status in HEARD_REPORT_STATES and frozen:
        raise rules.violation("SUP-REPORT-FLOW", "报告已经审议，会议日期、报告机关和类别不能再修改")
    return save_update(locked, stripped(data), actor=actor, snap=audit.snapshot, check=_check_and_schedule)


def _check_and_schedule(report: Report) -> None:
    """The references of the edited report checked, then its deadlines and flags computed again."""
    _check_report_refs(report.congress_id, {f: getattr(report, f) for f in REPORT_FIELDS}, report.year)
    _apply_schedule(report)



def report_transition(*, actor, report: Report, action: str, note: str = "", **ctx) -> Report:
    """One step of the report's process; lateness is recorded (flag + audit note, the steps' `default_note`), never
    refused."""
    return REPORT_WORKFLOW.apply(report, action, actor=actor, note=note, **ctx)


def _report_stage_check(report: Report, allowed_states, message: str) -> None:
    if report.status not in allowed_states:
        raise rules.violation("SUP-REPORT-FLOW", f"报告处于「{report.get_status_display()}」状态，{message}")


@transaction.atomic
def report_add_research(*, actor, report: Report, date: dt.date, findings: str, place: str = "",
                        participants: str = "") -> Research:
    report = Report.objects.select_for_update().get(pk=report.pk)
    checks.require(perms.can_manage_report(actor, report), "您没有登记调研的权限。")
    _report_stage_check(report, (ReportStatus.PLANNED, ReportStatus.DRAFT_SUBMITTED, ReportStatus.COMMENTED,
                                 ReportStatus.REVISED_SUBMITTED, ReportStatus.DISTRIBUTED),
                        "会前调研须在审议之前登记")
    r = Research(congress_id=report.congress_id, report=report, date=date, findings=checks.clean(findings),
                 place=checks.clean(place), participants=checks.clean(participants), created_by=actor)
    r.full_clean()
    r.save()
    audit.record(actor=actor, action="research", obj=report, after={"date": date, "findings": r.findings[:200]})
    return r


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
    checks.require(perms.can_manage_report(actor, report), "您没有录入关键数据的权限。")
    if report.kind not in FINANCIAL_KINDS:
        raise rules.violation("SUP-BUDGET-FIGURES", "只有计划、预算、决算、审计和国有资产等报告录入关键数据")
    checks.versioned(report, lock_version,
                     "关键数据已被他人修改并保存：请重新打开录入页面，在最新数据的基础上修改后再保存（您这次提交的数据未保存）。")
    errors: list[str] = []
    figures: list[FiscalFigure] = []
    seen: set[tuple[str, int]] = set()
    for n, raw in enumerate(rows, start=1):
        indicator = checks.clean(raw.get("indicator"))
        if not indicator and all(not checks.clean(str(raw.get(k) or "")) for k in ("budget", "adjusted", "actual")):
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
            unit = checks.clean(raw.get("unit")) or "亿元"
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
def prelim_create(*, actor, report: Report, body: Organization, opinion: str, invited_deputies=()
                  ) -> PreliminaryReview:
    report = Report.objects.select_for_update().get(pk=report.pk)
    checks.require(perms.can_manage_report(actor, report), "您没有提出初步审查意见的权限。")
    if report.kind not in FINANCIAL_KINDS:
        raise rules.violation("SUP-PRELIM-REVIEW", "初步审查适用于决算、预算调整等财政经济报告")
    checks.body(report.congress_id, body, "body")
    deputies = _deputies(report.congress_id, invited_deputies)
    p = PreliminaryReview(congress_id=report.congress_id, report=report, body=body, opinion=checks.clean(opinion),
                          created_by=actor)
    p.full_clean()
    p.save()
    p.invited_deputies.set(deputies)
    audit.record(actor=actor, action="create", obj=p,
                 after={**audit.snapshot(p), "invited_deputies": [d.name for d in deputies]})
    return p


def _deputies(congress_id: int, people) -> list:
    """Deputies of this congress's people's congress (预算法 第二十二条第五款: 邀请本级人民代表大会代表参加)."""
    people = list(people or [])
    for person in people:
        checks.person_in(congress_id, person, "invited_deputies")
    ids = set(Deputy.objects.filter(congress_id=congress_id, person__in=people).values_list("person_id", flat=True))
    strangers = [p.name for p in people if p.pk not in ids]
    if strangers:
        raise ValidationError({"invited_deputies": f"{'、'.join(strangers)}不是本级人民代表大会代表。"})
    return people


@transaction.atomic
def prelim_invite(*, actor, prelim: PreliminaryReview, invited_deputies) -> PreliminaryReview:
    """Record the deputies invited to the preliminary review (before its opinion is sent)."""
    prelim = PreliminaryReview.objects.select_for_update().select_related("report").get(pk=prelim.pk)
    checks.require(perms.can_manage_report(actor, prelim.report), "您没有登记邀请代表的权限。")
    if prelim.status != PrelimStatus.DRAFTING:
        raise rules.violation("SUP-PRELIM-REVIEW", "初步审查意见已经送交，不能再登记邀请的代表")
    deputies = _deputies(prelim.congress_id, invited_deputies)
    prelim.invited_deputies.add(*deputies)
    audit.record(actor=actor, action="update", obj=prelim, rule=rules.get("SUP-PRELIM-REVIEW"),
                 after={"invited_deputies": [d.name for d in deputies]})
    return prelim


def prelim_transition(*, actor, prelim: PreliminaryReview, action: str, note: str = "", **ctx):
    return PRELIM_WORKFLOW.apply(prelim, action, actor=actor, note=note, **ctx)

