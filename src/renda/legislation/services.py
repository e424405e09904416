"""All writes of legislation. Views, the API, the demo and other modules call these, never the ORM directly.

`bill_record_vote` is the one place a vote on a bill is recorded: the meetings module may call it when a
standing-committee meeting closes its votes.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from renda.core import audit, crypto, rules, thresholds
from renda.core.calendar import calendar_for
from renda.core.errors import ConflictError
from renda.core.models import Congress, Organization, Person, Position
from renda.legislation import permissions as perms
from renda.legislation import texts
from renda.legislation.models import (
    ACTIVE_ANALYSIS,
    READING_LABELS,
    READING_STAGE,
    UNDER_DELIBERATION,
    AnalysisStatus,
    Bill,
    BillComment,
    BillKind,
    BillReading,
    BillStatus,
    BillVersion,
    BillVote,
    CommentAnalysis,
    CommentPeriod,
    CommentSource,
    Consultation,
    ConsultationKind,
    ContactPoint,
    DecisionOutcome,
    FeedbackNotice,
    LegislativePlan,
    NoticeStatus,
    PeriodStatus,
    PlanProject,
    ProjectKind,
    ProposerKind,
    ProvisionDecision,
    ReadingsGround,
    Stage,
)
from renda.legislation.workflow import (
    BILL_WORKFLOW,
    CONSULTATION_WORKFLOW,
    NOTICE_WORKFLOW,
    PERIOD_WORKFLOW,
    PLAN_WORKFLOW,
    act_date,
    fmt,
)
from renda.legislation.workflow import today as workflow_today
from renda.statutes import int_to_cn


def _today() -> dt.date:
    return workflow_today()


def _same_congress(congress_id: int, field: str, obj) -> None:
    if obj is not None and obj.congress_id != congress_id:
        raise ValidationError({field: "所选记录不属于本人大。"})


# ---- checks shared with the workflow guards --------------------------------------------------------------
def check_scope(congress_id: int, area: str, override: bool, justification: str, what: str = "") -> None:
    """立法法 第八十一条: a matter outside the listed areas needs a recorded legal basis and reason."""
    areas = rules.param(congress_id, "LEG-SCOPE", "areas")
    area = (area or "").strip()
    if not area:
        raise ValidationError({"subject_area": "请选择或者填写立法事项。"})
    if area in areas:
        return
    prefix = f"{what}的" if what else ""
    if not override:
        raise rules.violation(
            "LEG-SCOPE", f"{prefix}立法事项“{area}”不在{'、'.join(areas)}等所列事项之内，须记录法律依据和理由"
        )
    minimum = rules.param(congress_id, "LEG-SCOPE", "min_justification_chars")
    if len((justification or "").strip()) < minimum:
        raise rules.violation("LEG-SCOPE", f"{prefix}超出所列事项的法律依据和理由不少于 {minimum} 个字")


def ground_min_readings(congress_id: int, ground: str) -> int:
    """The fewest readings a ground allows (立法法 第三十三条, by reference; rule LEG-READINGS-EXCEPTION)."""
    return int(rules.param(congress_id, "LEG-READINGS-EXCEPTION", f"{ground}_min"))


def standing_committee_members(congress_id: int, on: dt.date) -> set[int]:
    """The people holding a post of the standing committee (主任、副主任、秘书长、委员) on `on`."""
    rows = Position.objects.filter(
        congress_id=congress_id,
        organization__kind=Organization.Kind.STANDING_COMMITTEE,
        role__in=Position.STANDING_COMMITTEE_ROLES,
        start_date__lte=on,
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=on)).values_list("person_id", flat=True)
    return set(rows)


def check_proposer(*, congress: Congress, kind: str, org: Organization | None, persons: list[Person],
                   on: dt.date) -> None:
    """组织法 第五十二条: who may put a bill to the standing committee."""
    congress_id = congress.pk
    if kind not in ProposerKind.values:
        raise rules.violation("LEG-PROPOSER", "提案人类别不正确")
    if kind == ProposerKind.MEMBERS:
        name = "county_min_members" if congress.level == Congress.Level.COUNTY else "city_min_members"
        minimum = rules.param(congress_id, "LEG-PROPOSER", name)
        people = {p.pk for p in persons if p.congress_id == congress_id}
        members = standing_committee_members(congress_id, on)
        outsiders = [p.name for p in persons if p.pk not in members]
        if outsiders:
            raise rules.violation(
                "LEG-PROPOSER", f"{'、'.join(outsiders[:5])}在{fmt(on)}不是常委会组成人员，不能联名提出"
            )
        if len(people) < minimum:
            raise rules.violation(
                "LEG-PROPOSER", f"常委会组成人员联名提出议案须{minimum}人以上，现有{len(people)}人"
            )
        return
    if org is None or org.congress_id != congress_id:
        raise rules.violation("LEG-PROPOSER", "须指明提出法规案的机关")
    expected = {
        ProposerKind.CHAIRS_COUNCIL: Organization.Kind.CHAIRS_COUNCIL,
        ProposerKind.GOVERNMENT: Organization.Kind.GOVERNMENT,
        ProposerKind.SPECIAL_COMMITTEE: Organization.Kind.SPECIAL_COMMITTEE,
    }[kind]
    if org.kind != expected:
        raise rules.violation(
            "LEG-PROPOSER", f"{org}不是{ProposerKind(kind).label}，不能以该名义提出法规案"
        )


# ---- the legislative plan ---------------------------------------------------------------------------------
@transaction.atomic
def plan_create(*, actor, year: int, title: str | None = None) -> LegislativePlan:
    if not perms.can_create_plan(actor):
        raise PermissionDenied("只有办公厅和法制工作机构的工作人员可以拟订立法计划。")
    congress = actor.congress
    if LegislativePlan.objects.filter(congress=congress, year=year).exists():
        raise ValidationError({"year": f"{year} 年的立法计划已经存在。"})
    plan = LegislativePlan(congress=congress, year=year,
                           title=(title or f"{congress.standing_committee_name}{year}年立法计划")[:120])
    plan.full_clean()
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError:
        raise ValidationError({"year": f"{year} 年的立法计划已经存在。"}) from None
    audit.record(actor=actor, action="create", obj=plan, after=audit.snapshot(plan))
    return plan


PROJECT_FIELDS = ["kind", "title", "subject_area", "scope_override", "scope_justification", "drafting_unit",
                  "lead_body", "planned_meeting", "workplan_item", "note"]


def _check_project_refs(plan: LegislativePlan, data: dict[str, Any]) -> None:
    for name in ("drafting_unit", "lead_body", "workplan_item"):
        _same_congress(plan.congress_id, name, data.get(name))
    lead = data.get("lead_body")
    if lead is not None and lead.kind not in Organization.CONGRESS_BODY_KINDS:
        raise ValidationError({"lead_body": "牵头单位须为常委会的专门委员会或者工作机构。"})
    item = data.get("workplan_item")
    if item is not None:
        from renda.workplan.models import Category

        if item.category != Category.LEGISLATION:
            raise ValidationError({"workplan_item": "只能关联“立法”类别的工作要点事项。"})
        if item.plan.year != plan.year:
            raise ValidationError({"workplan_item": f"只能关联 {plan.year} 年工作要点的事项。"})
    if data.get("kind") is not None and data["kind"] not in ProjectKind.values:
        raise ValidationError({"kind": "项目类别不正确。"})


@transaction.atomic
def project_create(*, actor, plan: LegislativePlan, **data) -> PlanProject:
    plan = LegislativePlan.objects.select_for_update().get(pk=plan.pk)
    if not perms.can_edit_plan(actor, plan):
        if perms.can_draft_plan(actor, plan):
            raise rules.violation("LEG-PLAN-FLOW", f"立法计划处于「{plan.get_status_display()}」状态，调整须先启动调整")
        raise PermissionDenied("您没有编辑该立法计划的权限。")
    unknown = set(data) - set(PROJECT_FIELDS)
    if unknown:
        raise ValueError(f"unknown project fields: {sorted(unknown)}")
    _check_project_refs(plan, data)
    data["scope_justification"] = (data.get("scope_justification") or "").strip()
    check_scope(plan.congress_id, data.get("subject_area", ""), bool(data.get("scope_override")),
                data["scope_justification"], what=f"《{data.get('title', '')}》")
    number = (plan.projects.aggregate(m=Max("number"))["m"] or 0) + 1
    project = PlanProject(congress_id=plan.congress_id, plan=plan, number=number, **data)
    project.full_clean()
    project.save()
    audit.record(actor=actor, action="create", obj=project, after=audit.snapshot(project))
    return project


@transaction.atomic
def project_update(*, actor, project: PlanProject, lock_version: int, **data) -> PlanProject:
    locked = PlanProject.objects.select_for_update().select_related("plan").get(pk=project.pk)
    if not perms.can_edit_plan(actor, locked.plan):
        if perms.can_draft_plan(actor, locked.plan):
            raise rules.violation("LEG-PLAN-FLOW", "立法计划已通过，调整项目须先启动调整")
        raise PermissionDenied("您没有编辑该立法计划的权限。")
    if locked.lock_version != lock_version:
        raise ConflictError()
    unknown = set(data) - set(PROJECT_FIELDS)
    if unknown:
        raise ValueError(f"unknown project fields: {sorted(unknown)}")
    _check_project_refs(locked.plan, data)
    before = audit.snapshot(locked)
    for name, value in data.items():
        setattr(locked, name, value)
    locked.scope_justification = (locked.scope_justification or "").strip()
    check_scope(locked.congress_id, locked.subject_area, locked.scope_override, locked.scope_justification,
                what=f"《{locked.title}》")
    locked.full_clean()
    locked.lock_version += 1
    locked.save()
    audit.record(actor=actor, action="update", obj=locked, before=before, after=audit.snapshot(locked))
    return locked


def plan_transition(*, actor, plan: LegislativePlan, action: str, note: str = "", **ctx) -> LegislativePlan:
    return PLAN_WORKFLOW.apply(plan, action, actor=actor, note=note, **ctx)


# ---- bills ---------------------------------------------------------------------------------------------------
def _bill_snapshot(bill: Bill) -> dict[str, Any]:
    snap = audit.snapshot(bill)
    if bill.pk:
        snap["proposers"] = sorted(bill.proposers.values_list("pk", flat=True))
        snap["concerned_units"] = sorted(bill.concerned_units.values_list("pk", flat=True))
    return snap


@transaction.atomic
def bill_create(
    *,
    actor,
    title: str,
    proposer_kind: str,
    submitted_on: dt.date,
    subject_area: str,
    draft_text: str,
    explanation: str,
    kind: str = BillKind.ENACT,
    amends: str = "",
    proposer_org: Organization | None = None,
    proposers: list[Person] | None = None,
    scope_override: bool = False,
    scope_justification: str = "",
    lead_committee: Organization | None = None,
    concerned_units: list[Organization] | None = None,
    project: PlanProject | None = None,
    explanation_title: str = "",
    current_text: str = "",
) -> Bill:
    """Register a bill as proposed, with its draft and explanation (立法法 第五十八条).

    A bill of the 主任会议 goes straight onto the agenda (组织法 第五十二条第一款); others wait for its decision.
    """
    if not perms.can_create_bill(actor):
        raise PermissionDenied("只有办公厅和法制工作机构的工作人员可以登记法规案。")
    congress = actor.congress
    proposers = list(proposers or [])
    concerned_units = list(concerned_units or [])
    if submitted_on > _today():
        raise ValidationError({"submitted_on": "提出日期不能晚于今天。"})
    for name, obj in (("proposer_org", proposer_org), ("lead_committee", lead_committee), ("project", project)):
        _same_congress(congress.pk, name, obj)
    for obj in proposers:
        _same_congress(congress.pk, "proposers", obj)
    for obj in concerned_units:
        _same_congress(congress.pk, "concerned_units", obj)
    if lead_committee is not None and lead_committee.kind != Organization.Kind.SPECIAL_COMMITTEE:
        raise ValidationError({"lead_committee": "须为本级人民代表大会的专门委员会。"})
    if kind not in BillKind.values:
        raise ValidationError({"kind": "类别不正确。"})
    if kind in (BillKind.AMEND, BillKind.REPEAL) and not (amends or "").strip():
        raise ValidationError({"amends": "修改或者废止法规的，须写明所修改或者废止的法规名称。"})
    if proposer_kind == ProposerKind.MEMBERS:
        proposer_org = None
    check_proposer(congress=congress, kind=proposer_kind, org=proposer_org, persons=proposers, on=submitted_on)
    scope_justification = (scope_justification or "").strip()
    check_scope(congress.pk, subject_area, scope_override, scope_justification)
    if not (explanation or "").strip():
        raise rules.violation("LEG-BILL-PACKAGE", "提出法规案须同时提出起草说明")
    if kind == BillKind.AMEND and not (current_text or "").strip():
        raise rules.violation("LEG-BILL-PACKAGE", "修改法规的，须提交现行文本以形成修改前后的对照文本")
    year = submitted_on.year
    number = (Bill.objects.filter(congress=congress, year=year).aggregate(m=Max("number"))["m"] or 0) + 1
    bill = Bill(
        congress=congress, year=year, number=number, title=(title or "").strip()[:200], kind=kind,
        amends=(amends or "").strip()[:200], project=project, proposer_kind=proposer_kind,
        proposer_org=proposer_org, submitted_on=submitted_on, subject_area=subject_area.strip(),
        scope_override=scope_override, scope_justification=scope_justification, lead_committee=lead_committee,
        readings_required=rules.param(congress, "LEG-READINGS", "default_readings"),
    )
    if proposer_kind == ProposerKind.CHAIRS_COUNCIL:
        bill.status = BillStatus.ON_AGENDA
        bill.agenda_decided_on = submitted_on
    bill.full_clean()
    bill.save()
    if proposers:
        bill.proposers.set(proposers)
    if concerned_units:
        bill.concerned_units.set(concerned_units)
    audit.record(actor=actor, action="create", obj=bill, after=_bill_snapshot(bill),
                 rule=rules.get("LEG-PROPOSER"), note=f"{ProposerKind(proposer_kind).label}提出")
    submitter = proposer_org if proposer_kind != ProposerKind.MEMBERS else None
    if kind == BillKind.AMEND:
        _version_save(actor=actor, bill=bill, stage=Stage.CURRENT, text=current_text,
                      explanation="修改前的现行文本。", explanation_title="现行文本", submitted_by=submitter)
    _version_save(actor=actor, bill=bill, stage=Stage.DRAFT, text=draft_text, explanation=explanation,
                  explanation_title=explanation_title or f"关于《{bill.display_title}》的说明",
                  submitted_by=submitter)
    return bill


BILL_EDITABLE = ["lead_committee", "needs_argumentation", "needs_hearing", "project"]


@transaction.atomic
def bill_update(*, actor, bill: Bill, lock_version: int, concerned_units: list[Organization] | None = None,
                **data) -> Bill:
    """The bill's handling data: the lead committee, the units concerned, whether 论证会/听证会 are required."""
    locked = Bill.objects.select_for_update().get(pk=bill.pk)
    if not (perms.can_edit_bill(actor, locked) or perms.can_decide(actor, locked)):
        raise PermissionDenied("您没有修改该法规案的权限。")
    if locked.lock_version != lock_version:
        raise ConflictError()
    unknown = set(data) - set(BILL_EDITABLE)
    if unknown:
        raise ValueError(f"unknown bill fields: {sorted(unknown)}")
    for name in ("lead_committee", "project"):
        _same_congress(locked.congress_id, name, data.get(name))
    if data.get("lead_committee") is not None and data["lead_committee"].kind != Organization.Kind.SPECIAL_COMMITTEE:
        raise ValidationError({"lead_committee": "须为本级人民代表大会的专门委员会。"})
    for obj in concerned_units or []:
        _same_congress(locked.congress_id, "concerned_units", obj)
    before = _bill_snapshot(locked)
    for name, value in data.items():
        setattr(locked, name, value)
    locked.full_clean()
    locked.lock_version += 1
    locked.save()
    if concerned_units is not None:
        locked.concerned_units.set(concerned_units)
    audit.record(actor=actor, action="update", obj=locked, before=before, after=_bill_snapshot(locked))
    return locked


READINGS_CONFLICT = ("该法规案已被他人修改（审议次数可能已经调整）：请刷新页面，核对最新的审议次数决定后再提交"
                     "（您这次提交的决定未保存）。")


@transaction.atomic
def bill_set_readings(*, actor, bill: Bill, readings: int, ground: str, reason: str,
                      on: dt.date | None = None, lock_version: int | None = None) -> Bill:
    """The 主任会议 decides fewer readings on a ground of 立法法 第三十三条 (rule LEG-READINGS-EXCEPTION).

    `lock_version` is the bill's version the form was read at (optimistic locking; None: no check)."""
    locked = Bill.objects.select_for_update().get(pk=bill.pk)
    if not perms.can_decide(actor, locked):
        raise PermissionDenied("减少审议次数由主任会议决定。")
    if lock_version is not None and locked.lock_version != lock_version:
        raise ConflictError(READINGS_CONFLICT)
    on = act_date({"on": on})
    if locked.status not in (BillStatus.ON_AGENDA, BillStatus.IN_DELIBERATION):
        raise rules.violation("LEG-READINGS-EXCEPTION",
                              f"法规案处于「{locked.get_status_display()}」状态，不能调整审议次数")
    default = rules.param(locked.congress_id, "LEG-READINGS", "default_readings")
    if not isinstance(readings, int) or readings < 1 or readings > default:
        raise ValidationError({"readings": f"审议次数须在 1 至 {default} 次之间。"})
    done = locked.readings.count()
    if readings < done:
        raise rules.violation("LEG-READINGS-EXCEPTION", f"已经审议 {done} 次，不能减为 {readings} 次")
    before = audit.snapshot(locked, ["readings_required", "readings_ground", "readings_reason"])
    if readings == default:
        locked.readings_ground = ""
        locked.readings_reason = (reason or "").strip()
    else:
        if ground not in ReadingsGround.values:
            raise rules.violation("LEG-READINGS-EXCEPTION", "减少审议次数须选择法定情形")
        fewest = ground_min_readings(locked.congress_id, ground)
        if readings < fewest:
            raise rules.violation(
                "LEG-READINGS-EXCEPTION",
                f"“{ReadingsGround(ground).label}”的，可以经{int_to_cn(fewest)}次"
                f"常委会会议审议后交付表决，不能减为{int_to_cn(readings)}次",
            )
        if readings == 1 and not rules.param(locked.congress_id, "LEG-READINGS-EXCEPTION", "allow_one_reading"):
            raise rules.violation("LEG-READINGS-EXCEPTION", "本市规定法规案不得经一次会议审议即交付表决")
        if ground == ReadingsGround.PARTIAL_AMENDMENT and locked.kind != BillKind.AMEND:
            raise rules.violation("LEG-READINGS-EXCEPTION", "“部分修改”的情形只适用于修改法规的法规案")
        minimum = rules.param(locked.congress_id, "LEG-READINGS-EXCEPTION", "min_reason_chars")
        if len((reason or "").strip()) < minimum:
            raise rules.violation("LEG-READINGS-EXCEPTION", f"主任会议的决定理由不少于 {minimum} 个字")
        locked.readings_ground = ground
        locked.readings_reason = reason.strip()
    locked.readings_required = readings
    locked.readings_decided_on = on
    locked.lock_version += 1
    locked.full_clean()
    locked.save()
    audit.record(actor=actor, action="update", obj=locked, before=before,
                 after=audit.snapshot(locked, ["readings_required", "readings_ground", "readings_reason"]),
                 rule=rules.get("LEG-READINGS-EXCEPTION"), note=f"主任会议决定审议{int_to_cn(readings)}次")
    return locked


@transaction.atomic
def bill_waive_publication(*, actor, bill: Bill, reason: str) -> Bill:
    """The 主任会议 decides not to publish the draft for comment (立法法 第四十条 但书)."""
    locked = Bill.objects.select_for_update().get(pk=bill.pk)
    if not perms.can_decide(actor, locked):
        raise PermissionDenied("不向社会公布由主任会议决定。")
    if locked.status not in UNDER_DELIBERATION:
        raise rules.violation("LEG-PUBLIC-COMMENT", f"法规案处于「{locked.get_status_display()}」状态")
    if len((reason or "").strip()) < 10:
        raise rules.violation("LEG-PUBLIC-COMMENT", "主任会议决定不公布的，须记录理由（不少于 10 个字）")
    before = audit.snapshot(locked, ["publication_waived", "publication_waiver_reason"])
    locked.publication_waived = True
    locked.publication_waiver_reason = reason.strip()
    locked.lock_version += 1
    locked.save()
    audit.record(actor=actor, action="update", obj=locked, before=before,
                 after=audit.snapshot(locked, ["publication_waived", "publication_waiver_reason"]),
                 rule=rules.get("LEG-PUBLIC-COMMENT"), note="主任会议决定不向社会公布征求意见")
    return locked


def bill_transition(*, actor, bill: Bill, action: str, note: str = "", **ctx) -> Bill:
    return BILL_WORKFLOW.apply(bill, action, actor=actor, note=note, **ctx)


# ---- versions -------------------------------------------------------------------------------------------------
def _version_save(*, actor, bill: Bill, stage: str, text: str, explanation: str, explanation_title: str = "",
                  submitted_by: Organization | None = None, published: bool = False) -> BillVersion:
    statute = texts.parse(text)
    if BillVersion.objects.filter(bill=bill, stage=stage).exists():
        raise rules.violation("LEG-UNIFIED-REVIEW", f"该法规案已有{Stage(stage).label}，每一阶段只形成一个文本")
    version = BillVersion(
        congress_id=bill.congress_id, bill=bill, stage=stage, title=(statute.title or bill.title)[:200],
        text=texts.render(statute), explanation=(explanation or "").strip(),
        explanation_title=(explanation_title or "").strip()[:200], submitted_by=submitted_by,
        article_count=len(statute.articles()), parse_warnings=texts.warnings_of(statute), published=published,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    version.full_clean()
    try:
        with transaction.atomic():
            version.save()
    except IntegrityError:
        raise rules.violation(
            "LEG-UNIFIED-REVIEW", f"该法规案已有{Stage(stage).label}，每一阶段只形成一个文本"
        ) from None
    audit.record(actor=actor, action="version", obj=bill,
                 after={"stage": stage, "version": version.pk, "articles": version.article_count,
                        "warnings": len(version.parse_warnings)})
    return version


def _check_stage(bill: Bill, stage: str) -> None:
    """Stages follow the readings (立法法 第八十七条第二款, 第三十六条, 第四十四条第一款)."""
    done = bill.readings.count()
    if stage in (Stage.CURRENT, Stage.DRAFT):
        if bill.status not in (BillStatus.PROPOSED, BillStatus.REFERRED, BillStatus.ON_AGENDA) or done:
            raise rules.violation("LEG-BILL-PACKAGE", "草案文本随法规案一并提出，一审后的修改形成草案修改稿")
        if stage == Stage.CURRENT and bill.kind == BillKind.ENACT:
            raise rules.violation("LEG-BILL-PACKAGE", "制定新法规的法规案没有现行文本")
        return
    if stage == Stage.PROMULGATED:
        raise rules.violation("LEG-PROMULGATE", "公布文本在公布时形成")
    if bill.status not in (BillStatus.IN_DELIBERATION, BillStatus.DEFERRED):
        raise rules.violation("LEG-UNIFIED-REVIEW", f"法规案处于「{bill.get_status_display()}」状态，不能提出草案修改稿")
    if stage == Stage.FINAL:
        if done < bill.readings_required:
            raise rules.violation(
                "LEG-UNIFIED-REVIEW",
                f"表决稿在审议{int_to_cn(bill.readings_required)}次后提出，现已审议{int_to_cn(done) if done else '零'}次",
            )
        return
    needed = 2 if stage == Stage.SECOND else 3
    if bill.readings_required < needed:
        raise rules.violation("LEG-UNIFIED-REVIEW",
                              f"本法规案经{int_to_cn(bill.readings_required)}次审议，不形成{Stage(stage).label}")
    if done < needed - 1:
        raise rules.violation(
            "LEG-UNIFIED-REVIEW", f"{Stage(stage).label}在{READING_LABELS[needed - 1]}后由法制委员会提出，尚未{READING_LABELS[needed - 1]}"
        )
    if done >= needed:
        raise rules.violation("LEG-UNIFIED-REVIEW", f"{READING_LABELS[needed]}已经举行，不能再提出{Stage(stage).label}")


@transaction.atomic
def version_add(*, actor, bill: Bill, stage: str, text: str, explanation: str, explanation_title: str = "",
                submitted_by: Organization | None = None) -> BillVersion:
    locked = Bill.objects.select_for_update().get(pk=bill.pk)
    if not perms.can_add_version(actor, locked):
        raise PermissionDenied("您没有登记法规案文本的权限。")
    if stage not in Stage.values:
        raise ValidationError({"stage": "阶段不正确。"})
    _same_congress(locked.congress_id, "submitted_by", submitted_by)
    _check_stage(locked, stage)
    if stage in (Stage.SECOND, Stage.THIRD, Stage.FINAL) and not (explanation or "").strip():
        raise rules.violation("LEG-UNIFIED-REVIEW", "草案修改稿须附法制委员会修改情况的汇报或者审议结果的报告")
    if stage in (Stage.DRAFT,) and not (explanation or "").strip():
        raise rules.violation("LEG-BILL-PACKAGE", "法规草案须附起草说明")
    if submitted_by is None and stage in (Stage.SECOND, Stage.THIRD, Stage.FINAL):
        submitted_by = Organization.objects.filter(
            congress_id=locked.congress_id, name=rules.param(locked.congress_id, "LEG-UNIFIED-REVIEW",
                                                             "legal_bodies")[0]).first()
    return _version_save(actor=actor, bill=locked, stage=stage, text=text, explanation=explanation,
                         explanation_title=explanation_title, submitted_by=submitted_by)


def version_frozen_reason(version: BillVersion) -> str:
    """Why a version may no longer be edited ('' when it may)."""
    if version.published:
        return "已向社会公布"
    if version.readings.exists():
        return "已提交常委会会议审议"
    if version.votes.exists():
        return "已交付表决"
    if version.comments.exists():
        return "已收到意见"
    if version.stage == Stage.PROMULGATED:
        return "是公布的标准文本"
    return ""


@transaction.atomic
def version_update(*, actor, version: BillVersion, lock_version: int, text: str | None = None,
                   explanation: str | None = None, explanation_title: str | None = None) -> BillVersion:
    locked = BillVersion.objects.select_for_update().select_related("bill").get(pk=version.pk)
    if not perms.can_add_version(actor, locked.bill):
        raise PermissionDenied("您没有修改法规案文本的权限。")
    if locked.lock_version != lock_version:
        raise ConflictError()
    reason = version_frozen_reason(locked)
    if reason:
        raise rules.violation("LEG-VERSION-FROZEN", f"该文本{reason}，不能再修改")
    before = audit.snapshot(locked, ["text", "explanation", "explanation_title"])
    if text is not None:
        statute = texts.parse(text)
        locked.text = texts.render(statute)
        locked.title = (statute.title or locked.bill.title)[:200]
        locked.article_count = len(statute.articles())
        locked.parse_warnings = texts.warnings_of(statute)
    if explanation is not None:
        if not explanation.strip():
            raise ValidationError({"explanation": "说明不能为空。"})
        locked.explanation = explanation.strip()
    if explanation_title is not None:
        locked.explanation_title = explanation_title.strip()[:200]
    locked.full_clean()
    locked.lock_version += 1
    locked.save()
    audit.record(actor=actor, action="update", obj=locked, before=before,
                 after=audit.snapshot(locked, ["text", "explanation", "explanation_title"]))
    return locked


def _promulgated_title(bill: Bill) -> str:
    return bill.title


def ensure_promulgated_text(*, bill: Bill, actor) -> BillVersion | None:
    """The 公布文本: the adopted 表决稿 under the regulation's name, with its 题注 (立法法 第六十五条第三款)."""
    if bill.versions.filter(stage=Stage.PROMULGATED).exists():
        return None
    final = bill.versions.filter(stage=Stage.FINAL).first()
    if final is None:
        return None
    statute = texts.parse(final.text)
    statute.title = _promulgated_title(bill)
    vote = bill.votes.filter(eid="", passed=True).order_by("-voted_on").first()
    congress = bill.congress
    adopted = f"{fmt(bill.passed_on)}{congress.standing_committee_name}{vote.meeting if vote and vote.meeting else '会议'}通过"
    approved = f"{fmt(bill.approved_on)}{bill.approval_body or '省人民代表大会常务委员会'}批准"
    statute.notes = [f"（{adopted}　{approved}）"]
    text = texts.render(statute)
    version = BillVersion(
        congress_id=bill.congress_id, bill=bill, stage=Stage.PROMULGATED, title=statute.title, text=text,
        explanation_title=f"{congress.standing_committee_name}公告（{bill.announcement_number}）",
        explanation=(f"《{bill.title}》已由{adopted}，经{approved}，现予公布，自{fmt(bill.effective_on)}起施行。"),
        article_count=len(statute.articles()), parse_warnings=[], published=True,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    version.full_clean()
    version.save()
    audit.record(actor=actor, action="version", obj=bill, after={"stage": Stage.PROMULGATED, "version": version.pk})
    return version


# ---- readings -------------------------------------------------------------------------------------------------
@transaction.atomic
def bill_record_reading(*, actor, bill: Bill, held_on: dt.date, meeting: str, summary: str = "") -> BillReading:
    """One deliberation at a standing-committee meeting; takes the bill into (or keeps it in) deliberation."""
    locked = Bill.objects.select_for_update().get(pk=bill.pk)
    if not perms.can_register(actor, locked):
        raise PermissionDenied("您没有记录审议的权限。")
    BILL_WORKFLOW.check(locked, "deliberate", actor=actor, reading=True)  # state and permission first
    held_on = act_date({"on": held_on})
    if not (meeting or "").strip():
        raise ValidationError({"meeting": "请填写审议的会议。"})
    previous = list(locked.readings.order_by("number"))
    number = len(previous) + 1
    if number > locked.readings_required:
        raise rules.violation(
            "LEG-READINGS", f"本法规案经{int_to_cn(locked.readings_required)}次审议后交付表决，审议已经完成"
        )
    if locked.agenda_decided_on and held_on < locked.agenda_decided_on:
        raise rules.violation("LEG-READINGS", f"审议日期早于列入议程的日期（{fmt(locked.agenda_decided_on)}）")
    if previous and held_on <= previous[-1].held_on:
        raise rules.violation(
            "LEG-READINGS", f"每次审议在不同的常委会会议进行，{READING_LABELS.get(number, '本次审议')}须晚于"
                            f"{fmt(previous[-1].held_on)}"
        )
    stage = READING_STAGE[number]
    version = locked.versions.filter(stage=stage).first()
    if version is None:
        who = "提案人" if number == 1 else "法制委员会"
        raise rules.violation("LEG-UNIFIED-REVIEW", f"{READING_LABELS[number]}须审议{who}提出的{Stage(stage).label}，尚未登记")
    reading = BillReading(
        congress_id=locked.congress_id, bill=locked, number=number, held_on=held_on, meeting=meeting.strip()[:100],
        version=version, summary=(summary or "").strip(), recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    reading.full_clean()
    reading.save()
    audit.record(actor=actor, action="reading", obj=locked,
                 after={"reading": number, "held_on": held_on, "meeting": reading.meeting, "version": version.pk})
    BILL_WORKFLOW.apply(locked, "deliberate", actor=actor, note=f"{reading.label}：{reading.meeting}",
                        reading=reading, on=held_on)
    return reading


# ---- comment periods and comments ------------------------------------------------------------------------------
@transaction.atomic
def period_open(*, actor, bill: Bill, opens_on: dt.date, closes_on: dt.date, version: BillVersion | None = None,
                channels: str = "") -> CommentPeriod:
    """Publish a deliberated text for public comment (立法法 第四十条): after a reading, for at least 30 days."""
    locked = Bill.objects.select_for_update().get(pk=bill.pk)
    if not perms.can_manage_period(actor, locked):
        raise PermissionDenied("您没有公布法规草案征求意见的权限。")
    if locked.status not in (BillStatus.IN_DELIBERATION, BillStatus.DEFERRED):
        raise rules.violation(
            "LEG-PUBLIC-COMMENT", f"法规草案在常委会会议审议后向社会公布，现处于「{locked.get_status_display()}」状态"
        )
    last = locked.readings.order_by("-number").select_related("version").first()
    if last is None:
        raise rules.violation("LEG-PUBLIC-COMMENT", "法规草案在常委会会议审议后向社会公布，尚未审议")
    if version is None:
        version = last.version
    if version.bill_id != locked.pk:
        raise ValidationError({"version": "文本不属于该法规案。"})
    if not version.readings.exists():
        raise rules.violation("LEG-PUBLIC-COMMENT", "向社会公布的应当是经常委会会议审议的文本")
    if opens_on < last.held_on:
        raise rules.violation("LEG-PUBLIC-COMMENT", f"征求意见应在常委会会议（{fmt(last.held_on)}）后开始")
    if opens_on > _today() + dt.timedelta(days=60):
        raise ValidationError({"opens_on": "开始日期不能晚于今天六十日以上。"})
    minimum = rules.param(locked.congress_id, "LEG-PUBLIC-COMMENT", "min_days")
    earliest = calendar_for(locked.congress_id).add_days(opens_on, minimum)
    if closes_on < earliest:
        raise rules.violation(
            "LEG-PUBLIC-COMMENT",
            f"征求意见时间自{fmt(opens_on)}起不少于{minimum}日，截止日期不得早于{fmt(earliest)}",
        )
    if CommentPeriod.objects.filter(bill=locked, status=PeriodStatus.OPEN).exists():
        raise rules.violation("LEG-PUBLIC-COMMENT", "该法规案已有正在进行的征求意见，同一时间只能有一次")
    period = CommentPeriod(congress_id=locked.congress_id, bill=locked, version=version, opens_on=opens_on,
                           closes_on=closes_on, channels=(channels or "").strip()[:200],
                           created_by=actor if getattr(actor, "pk", None) else None)
    period.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            period.save()
    except IntegrityError:
        raise rules.violation("LEG-PUBLIC-COMMENT", "该法规案已有正在进行的征求意见，同一时间只能有一次") from None
    if not version.published:
        BillVersion.objects.filter(pk=version.pk).update(published=True)
    audit.record(actor=actor, action="publish", obj=locked, rule=rules.get("LEG-PUBLIC-COMMENT"),
                 after={"version": version.pk, "opens_on": opens_on, "closes_on": closes_on},
                 note="向社会公布征求意见")
    return period


def period_transition(*, actor, period: CommentPeriod, action: str, note: str = "", **ctx) -> CommentPeriod:
    return PERIOD_WORKFLOW.apply(period, action, actor=actor, note=note, **ctx)


def _provision(version: BillVersion, eid: str) -> tuple[str, str, str]:
    """(eid, article eid, label) of a provision of the version; '' for the draft as a whole."""
    eid = (eid or "").strip()
    if not eid:
        return "", "", ""
    provision = texts.provision_map(texts.statute_of(version)).get(eid)
    if provision is None:
        raise ValidationError({"eid": "所选条款不在该文本中。"})
    return provision.eid, provision.article_eid, provision.label


def participant_key(contact: str, name: str = "") -> str:
    """A keyed digest of who sent a comment (the contact, else the name): counts participants, reveals nobody."""
    who = re.sub(r"[\s\-－()（）]+", "", (contact or "").strip().lower()) or (name or "").strip()
    return crypto.digest(who, context="legislation.billcomment.participant") if who else ""


def _comment(*, bill: Bill, version: BillVersion, period: CommentPeriod | None, eid: str, text: str, source: str,
             contact_point: ContactPoint | None, name: str, contact: str, submitted_at: dt.datetime,
             entered_by) -> BillComment:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "意见内容不能为空。"})
    if len(text) > 5000:
        raise ValidationError({"text": "意见内容不得超过 5000 字。"})
    eid, article_eid, label = _provision(version, eid)
    name = (name or "").strip()[:100]
    contact = (contact or "").strip()[:100]
    comment = BillComment(
        congress_id=bill.congress_id, bill=bill, version=version, period=period, eid=eid, article_eid=article_eid,
        provision_label=label, text=text, source=source, contact_point=contact_point,
        name=name, contact=contact, participant=participant_key(contact, name), submitted_at=submitted_at,
        entered_by=entered_by if getattr(entered_by, "pk", None) else None,
    )
    comment.full_clean()
    comment.save()
    return comment


@transaction.atomic
def comment_add(*, actor, bill: Bill, version: BillVersion, text: str, source: str, eid: str = "",
                contact_point: ContactPoint | None = None, name: str = "", contact: str = "",
                submitted_at: dt.datetime | None = None) -> BillComment:
    """Staff enter a comment received from a 基层立法联系点, a department, a deputy or (on paper) the public."""
    bill = Bill.objects.select_for_update().get(pk=bill.pk)
    if not perms.can_enter_comments(actor, bill):
        raise PermissionDenied("您没有登记立法意见的权限。")
    if version.bill_id != bill.pk:
        raise ValidationError({"version": "文本不属于该法规案。"})
    if source not in CommentSource.values:
        raise ValidationError({"source": "意见来源不正确。"})
    if bill.status not in UNDER_DELIBERATION:
        raise rules.violation("LEG-COMMENT-ENTRY", f"法规案处于「{bill.get_status_display()}」状态，不再征求意见")
    submitted_at = submitted_at or timezone.now()
    if timezone.localtime(submitted_at).date() > _today():
        raise ValidationError({"submitted_at": "提交时间不能晚于现在。"})
    period = None
    if source == CommentSource.CONTACT_POINT:
        if contact_point is None:
            raise ValidationError({"contact_point": "请选择基层立法联系点。"})
        _same_congress(bill.congress_id, "contact_point", contact_point)
        if not contact_point.active:
            raise ValidationError({"contact_point": "该基层立法联系点已撤销。"})
    else:
        contact_point = None
    if source == CommentSource.PUBLIC:
        day = timezone.localtime(submitted_at).date()
        period = bill.comment_periods.filter(version=version, opens_on__lte=day, closes_on__gte=day).first()
        if period is None:
            raise rules.violation(
                "LEG-PUBLIC-COMMENT", "社会公众的意见应在该文本向社会公布征求意见期间提出"
            )
    elif version.readings.count() == 0 and version.stage != Stage.DRAFT:
        raise rules.violation("LEG-COMMENT-ENTRY", "意见应针对提请审议的文本提出")
    comment = _comment(bill=bill, version=version, period=period, eid=eid, text=text, source=source,
                       contact_point=contact_point, name=name, contact=contact, submitted_at=submitted_at,
                       entered_by=actor)
    audit.record(actor=actor, action="comment", obj=bill,
                 after={"comment": comment.pk, "source": source, "eid": comment.eid})
    return comment


@transaction.atomic
def comment_submit_public(*, period: CommentPeriod, text: str, eid: str = "", name: str = "", contact: str = "",
                          submitted_at: dt.datetime | None = None) -> BillComment:
    """A comment from the public portal (the participation module calls this): only while the period runs."""
    period = CommentPeriod.objects.select_related("bill", "version").get(pk=period.pk)
    submitted_at = submitted_at or timezone.now()
    day = timezone.localtime(submitted_at).date()
    if not period.is_running(day):
        raise rules.violation("LEG-PUBLIC-COMMENT", "征求意见已经结束或者尚未开始")
    comment = _comment(bill=period.bill, version=period.version, period=period, eid=eid, text=text,
                       source=CommentSource.PUBLIC, contact_point=None, name=name, contact=contact,
                       submitted_at=submitted_at, entered_by=None)
    audit.record(actor=None, action="comment", obj=period.bill,
                 after={"comment": comment.pk, "source": "public", "eid": comment.eid})
    return comment


@transaction.atomic
def contact_point_create(*, actor, name: str, location: str = "") -> ContactPoint:
    if not perms.is_writer(actor):
        raise PermissionDenied("您没有设立基层立法联系点的权限。")
    point = ContactPoint(congress_id=actor.congress_id, name=(name or "").strip()[:100],
                         location=(location or "").strip()[:100],
                         order=(ContactPoint.objects.filter(congress_id=actor.congress_id)
                                .aggregate(m=Max("order"))["m"] or 0) + 1)
    point.full_clean()
    point.save()
    audit.record(actor=actor, action="create", obj=point, after=audit.snapshot(point))
    return point


# ---- consultations ----------------------------------------------------------------------------------------
CONSULTATION_STATES = (BillStatus.ON_AGENDA, BillStatus.IN_DELIBERATION, BillStatus.DEFERRED)


@transaction.atomic
def consultation_create(*, actor, bill: Bill, kind: str, title: str, starts_at: dt.datetime, topics: str,
                        place: str = "", organizer: Organization | None = None,
                        participants: str = "") -> Consultation:
    bill = Bill.objects.select_for_update().get(pk=bill.pk)
    if not perms.can_manage_consultations(actor, bill):
        raise PermissionDenied("您没有安排论证会、听证会的权限。")
    if kind not in ConsultationKind.values:
        raise ValidationError({"kind": "形式不正确。"})
    if bill.status not in CONSULTATION_STATES:
        raise rules.violation("LEG-CONSULTATION",
                              f"列入常委会会议议程的法规案方可组织听取意见，现处于「{bill.get_status_display()}」状态")
    if kind == ConsultationKind.EVALUATION and bill.versions.filter(stage=Stage.FINAL).exists():
        raise rules.violation("LEG-EVALUATION", "法制委员会已提出表决稿和审议结果的报告，评估应在此前进行")
    _same_congress(bill.congress_id, "organizer", organizer)
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at)
    c = Consultation(
        congress_id=bill.congress_id, bill=bill, kind=kind, title=(title or "").strip()[:200], starts_at=starts_at,
        place=(place or "").strip()[:200], organizer=organizer, topics=(topics or "").strip(),
        participants=(participants or "").strip(), created_by=actor if getattr(actor, "pk", None) else None,
    )
    c.full_clean()
    c.save()
    audit.record(actor=actor, action="create", obj=c, after=audit.snapshot(c))
    return c


def consultation_transition(*, actor, consultation: Consultation, action: str, note: str = "",
                            **ctx) -> Consultation:
    return CONSULTATION_WORKFLOW.apply(consultation, action, actor=actor, note=note, **ctx)


# ---- votes ------------------------------------------------------------------------------------------------
def _vote_counts(yes: Any, no: Any, abstain: Any, total: int) -> tuple[int, int, int]:
    counts = []
    for name, value in (("yes", yes), ("no", no), ("abstain", abstain)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValidationError({name: "票数须为非负整数。"})
        counts.append(value)
    if sum(counts) > total:
        raise ValidationError({"yes": f"赞成、反对、弃权票数之和（{sum(counts)}）超过常委会全体组成人员（{total}名）。"})
    return counts[0], counts[1], counts[2]


def _vote_preconditions(bill: Bill) -> None:
    """A vote before the readings, or before the 主任会议 put the bill to the vote, is refused."""
    if bill.status in (BillStatus.ON_AGENDA, BillStatus.IN_DELIBERATION):
        done = bill.readings.count()
        if done < bill.readings_required:
            raise rules.violation(
                "LEG-READINGS",
                f"已经常委会会议审议{int_to_cn(done) if done else '零'}次，本法规案须经"
                f"{int_to_cn(bill.readings_required)}次审议后方可交付表决",
            )
        raise rules.violation("LEG-VOTE", "法规草案表决稿尚未由主任会议提请表决")
    if bill.status != BillStatus.VOTE_PENDING:
        raise rules.violation("LEG-VOTE", f"法规案处于「{bill.get_status_display()}」状态，不能表决")


@transaction.atomic
def bill_record_separate_vote(*, actor, bill: Bill, eid: str, voted_on: dt.date, yes: int, no: int, abstain: int,
                              meeting: str = "", note: str = "") -> BillVote:
    """A separate vote on a contested article of the 表决稿 (立法法 第四十四条第二款)."""
    locked = Bill.objects.select_for_update().get(pk=bill.pk)
    if not perms.can_register(actor, locked):
        raise PermissionDenied("您没有记录表决结果的权限。")
    _vote_preconditions(locked)
    final = locked.versions.filter(stage=Stage.FINAL).first()
    voted_on = act_date({"on": voted_on})
    if not (eid or "").strip():
        raise ValidationError({"eid": "请选择单独表决的条款。"})
    eid, _, label = _provision(final, eid)
    if locked.votes.filter(eid=eid).exists():
        raise rules.violation("LEG-SEPARATE-VOTE", f"{label}已经单独表决")
    total = len(standing_committee_members(locked.congress_id, voted_on))
    if total == 0:
        raise ValidationError({"voted_on": "该日没有在任的常委会组成人员。"})
    yes, no, abstain = _vote_counts(yes, no, abstain, total)
    vote = BillVote(congress_id=locked.congress_id, bill=locked, version=final, eid=eid, provision_label=label,
                    voted_on=voted_on, meeting=(meeting or "").strip()[:100], members_total=total, yes=yes, no=no,
                    abstain=abstain, passed=thresholds.more_than_half(yes, total), note=(note or "").strip(),
                    recorded_by=actor if getattr(actor, "pk", None) else None)
    vote.full_clean()
    vote.save()
    audit.record(actor=actor, action="vote", obj=locked, rule=rules.get("LEG-SEPARATE-VOTE"),
                 after={"eid": eid, "yes": yes, "no": no, "abstain": abstain, "members": total,
                        "passed": vote.passed}, note=f"{label}单独表决")
    return vote


@transaction.atomic
def bill_record_vote(*, actor, bill: Bill, voted_on: dt.date, yes: int, no: int, abstain: int,
                     meeting: str = "", note: str = "") -> BillVote:
    """The vote on the whole 表决稿: passed with more than half of ALL members (组织法 第五十一条第四款).

    All members = the people holding a standing-committee post (主任、副主任、秘书长、委员) on the vote date.
    The meetings module may call this when a meeting records its votes.
    """
    locked = Bill.objects.select_for_update().get(pk=bill.pk)
    if not perms.can_register(actor, locked):
        raise PermissionDenied("您没有记录表决结果的权限。")
    _vote_preconditions(locked)
    voted_on = act_date({"on": voted_on})
    last = locked.readings.order_by("-number").first()
    if last and voted_on < last.held_on:
        raise rules.violation("LEG-VOTE", f"表决日期早于最后一次审议（{fmt(last.held_on)}）")
    final = locked.versions.filter(stage=Stage.FINAL).first()
    if final is None:
        raise rules.violation("LEG-UNIFIED-REVIEW", "法制委员会尚未提出草案表决稿")
    failed_separate = [v.provision_label for v in locked.votes.filter(passed=False).exclude(eid="")]
    if failed_separate and not (note or "").strip():
        raise rules.violation(
            "LEG-SEPARATE-VOTE",
            f"{'、'.join(failed_separate)}单独表决未获通过，交付表决须记录主任会议的决定",
        )
    total = len(standing_committee_members(locked.congress_id, voted_on))
    if total == 0:
        raise ValidationError({"voted_on": "该日没有在任的常委会组成人员。"})
    yes, no, abstain = _vote_counts(yes, no, abstain, total)
    vote = BillVote(congress_id=locked.congress_id, bill=locked, version=final, eid="", voted_on=voted_on,
                    meeting=(meeting or "").strip()[:100], members_total=total, yes=yes, no=no, abstain=abstain,
                    passed=thresholds.more_than_half(yes, total), note=(note or "").strip(),
                    recorded_by=actor if getattr(actor, "pk", None) else None)
    vote.full_clean()
    vote.save()
    audit.record(actor=actor, action="vote", obj=locked, rule=rules.get("LEG-VOTE"),
                 after={"yes": yes, "no": no, "abstain": abstain, "members": total, "passed": vote.passed})
    outcome = "pass" if vote.passed else "fail"
    summary = f"赞成{yes}票，反对{no}票，弃权{abstain}票（全体组成人员{total}名）"
    BILL_WORKFLOW.apply(locked, outcome, actor=actor, note=f"{note.strip()}；{summary}" if note else summary,
                        vote=vote, on=voted_on)
    return vote


# ---- comment analysis (a background task) -------------------------------------------------------------------
# A running analysis writes its progress at least every few seconds; one silent for this long was killed (worker
# restarted, process out of memory) and may be started again. A pending one waits for a worker of the queue.
ANALYSIS_STALE_SECONDS = 180
ANALYSIS_PENDING_STALE_SECONDS = 3600
PROGRESS_MIN_INTERVAL = 1.0  # seconds between progress writes


def analysis_params(congress) -> dict[str, Any]:
    return {
        "threshold": float(rules.param(congress, "LEG-COMMENT-ANALYSIS", "threshold")),
        "min_campaign_size": int(rules.param(congress, "LEG-COMMENT-ANALYSIS", "min_campaign_size")),
    }


def analysis_is_stale(analysis: CommentAnalysis, now: dt.datetime | None = None) -> bool:
    """A run that no longer runs: running without a heartbeat for a while, or pending for too long."""
    now = now or timezone.now()
    if analysis.status == AnalysisStatus.RUNNING:
        last = analysis.heartbeat_at or analysis.started_at or analysis.created_at
        return (now - last).total_seconds() > ANALYSIS_STALE_SECONDS
    if analysis.status == AnalysisStatus.PENDING:
        return (now - analysis.created_at).total_seconds() > ANALYSIS_PENDING_STALE_SECONDS
    return False


def _fingerprint(version: BillVersion) -> tuple[int, int]:
    agg = BillComment.objects.filter(congress_id=version.congress_id, version=version).aggregate(
        n=Count("id"), last=Max("id"))
    return agg["n"] or 0, agg["last"] or 0


@transaction.atomic
def _analysis_claim(*, actor, version: BillVersion, force: bool) -> tuple[CommentAnalysis, bool]:
    version = BillVersion.objects.select_for_update().select_related("bill").get(pk=version.pk)
    bill = version.bill
    if not perms.can_analyze_comments(actor, bill):
        raise PermissionDenied("您没有分析立法意见的权限。")
    latest = CommentAnalysis.objects.filter(congress_id=version.congress_id, version=version).defer(
        "result", "summary")
    active = latest.filter(status__in=ACTIVE_ANALYSIS).first()
    if active is not None:
        if not analysis_is_stale(active):
            return active, False
        before = {"status": active.status, "progress": active.progress}
        active.status = AnalysisStatus.FAILED
        active.finished_at = timezone.now()
        active.error = "分析任务中断（长时间没有进度），已重新开始。"
        active.save(update_fields=["status", "finished_at", "error"])
        audit.record(actor=actor, action="update", obj=active, before=before,
                     after={"status": active.status}, note="意见分析中断")
    count, last = _fingerprint(version)
    if count == 0:
        raise ValidationError("该文本还没有意见，无需分析。")
    params = analysis_params(version.congress_id)
    done = latest.filter(status=AnalysisStatus.DONE).order_by("-finished_at", "-id").first()
    if (not force and done is not None and done.comment_count == count and done.last_comment_id == last
            and done.params == params):
        return done, False
    analysis = CommentAnalysis(congress_id=version.congress_id, bill=bill, version=version, params=params,
                               comment_count=count, last_comment_id=last,
                               requested_by=actor if getattr(actor, "pk", None) else None)
    analysis.full_clean(validate_constraints=False)
    analysis.save()
    audit.record(actor=actor, action="create", obj=analysis, rule=rules.get("LEG-COMMENT-ANALYSIS"),
                 after={"version": version.pk, "comments": count, **params}, note="开始意见分析")
    return analysis, True


def comment_analysis_start(*, actor, version: BillVersion, force: bool = False) -> CommentAnalysis:
    """Start the analysis of the comments on `version` in the background, or return the run that answers it.

    Idempotent: while a run is pending or running, that run is returned; when the newest finished run covers
    exactly the current comments with the current parameters, it is returned (unless `force`). A run killed
    half-way (no heartbeat for ANALYSIS_STALE_SECONDS) is marked failed and a new one starts.
    """
    from renda.legislation.tasks import analyze_version_comments

    analysis, created = _analysis_claim(actor=actor, version=version, force=force)
    if not created:
        return analysis
    try:
        result = analyze_version_comments.enqueue(analysis.pk)
    except Exception as exc:  # the queue is unavailable: the run fails visibly instead of waiting forever
        CommentAnalysis.objects.filter(pk=analysis.pk).update(
            status=AnalysisStatus.FAILED, finished_at=timezone.now(), error=f"无法提交后台任务：{type(exc).__name__}")
    else:
        CommentAnalysis.objects.filter(pk=analysis.pk).update(task_id=str(result.id)[:64])
    analysis.refresh_from_db()
    return analysis


class _ProgressWriter:
    """Writes progress (0–100) and the heartbeat to the row, at most once per PROGRESS_MIN_INTERVAL."""

    def __init__(self, pk: int, low: int = 0, high: int = 100) -> None:
        self.pk, self.low, self.high = pk, low, high
        self.last_write = 0.0
        self.last_value = -1

    def write(self, value: int, *, force: bool = False) -> None:
        import time

        value = max(0, min(100, int(value)))
        now = time.monotonic()
        if not force and (value == self.last_value or now - self.last_write < PROGRESS_MIN_INTERVAL):
            return
        self.last_write, self.last_value = now, value
        CommentAnalysis.objects.filter(pk=self.pk, status=AnalysisStatus.RUNNING).update(
            progress=value, heartbeat_at=timezone.now())

    def engine(self, done: int, total: int) -> None:
        if total:
            self.write(self.low + (self.high - self.low) * done / total)


def comment_analysis_run(analysis_id: int) -> CommentAnalysis | None:
    """The body of the background task: load the comments, run the engine, store the result.

    Runs outside any long transaction (progress must be visible to the page while it runs). A run that is no
    longer pending (taken by another worker, finished, failed) is left alone.
    """
    import logging

    from renda.legislation import analysis as glue
    from renda.textmining import analyze_comments

    now = timezone.now()
    claimed = CommentAnalysis.objects.filter(pk=analysis_id, status=AnalysisStatus.PENDING).update(
        status=AnalysisStatus.RUNNING, started_at=now, heartbeat_at=now, progress=0)
    if not claimed:
        return CommentAnalysis.objects.filter(pk=analysis_id).first()
    analysis = CommentAnalysis.objects.select_related("version", "bill").defer("result", "summary").get(
        pk=analysis_id)
    version = analysis.version
    writer = _ProgressWriter(analysis.pk, low=10, high=95)
    try:
        refs = glue.provision_refs(version)
        expected = max(1, analysis.comment_count)
        rows = list(glue.comment_rows(version, refs=refs,
                                      on_row=lambda n: writer.write(min(10, 10 * n // expected))))
        writer.write(10, force=True)
        params = analysis.params or analysis_params(version.congress_id)
        result = analyze_comments(rows, threshold=params["threshold"],
                                  min_campaign_size=params["min_campaign_size"], progress=writer.engine)
        del rows
        writer.write(96, force=True)
        summary = glue.build_summary(result, refs)
    except Exception as exc:
        logging.getLogger(__name__).exception("comment analysis %s failed", analysis_id)
        CommentAnalysis.objects.filter(pk=analysis_id).update(
            status=AnalysisStatus.FAILED, finished_at=timezone.now(),
            error=f"分析失败（{type(exc).__name__}），请稍后重试或者联系管理员。")
        return CommentAnalysis.objects.filter(pk=analysis_id).first()
    with transaction.atomic():
        locked = CommentAnalysis.objects.select_for_update().defer("result", "summary").get(pk=analysis_id)
        if locked.status != AnalysisStatus.RUNNING:  # marked failed as stale meanwhile: keep that verdict
            return locked
        locked.result = result
        locked.summary = summary
        locked.status = AnalysisStatus.DONE
        locked.progress = 100
        locked.finished_at = locked.heartbeat_at = timezone.now()
        locked.save(update_fields=["result", "summary", "status", "progress", "finished_at", "heartbeat_at"])
        totals = result["totals"]
        audit.record(actor=None, action="analyze", obj=locked, congress_id=locked.congress_id,
                     rule=rules.get("LEG-COMMENT-ANALYSIS"), note="意见分析完成",
                     after={"comments": totals["comments"], "distinct": totals["distinct"],
                            "clusters": totals["clusters"], "campaigns": totals["campaigns"]})
    return locked


# ---- adoption decisions per provision ------------------------------------------------------------------------
def _article_label(version: BillVersion, article_eid: str) -> str:
    if not article_eid:
        return ""
    for row in texts.article_rows(texts.statute_of(version)):
        if row.eid == article_eid:
            return row.label
    raise ValidationError({"article_eid": "所选条文不在该文本中。"})


@transaction.atomic
def decision_save(*, actor, version: BillVersion, article_eid: str, outcome: str, reasons: str,
                  main_opinions: str = "", lock_version: int | None = None) -> ProvisionDecision:
    """Record (or change) whether the opinions on one article were adopted, with reasons (LEG-COMMENT-DECISION).

    `lock_version` is the version the form was rendered with; None means "there was no decision yet". When
    another clerk saved in between, ConflictError with a Chinese message.
    """
    version = BillVersion.objects.select_for_update().select_related("bill").get(pk=version.pk)
    bill = version.bill
    if not perms.can_decide_comments(actor, bill):
        raise PermissionDenied("您没有记录意见采纳情况的权限。")
    article_eid = (article_eid or "").strip()
    label = _article_label(version, article_eid)
    if outcome not in DecisionOutcome.values:
        raise ValidationError({"outcome": "请选择采纳、部分采纳或者未采纳。"})
    reasons = (reasons or "").strip()
    main_opinions = (main_opinions or "").strip()
    minimum = rules.param(version.congress_id, "LEG-COMMENT-DECISION", "min_reason_chars")
    if outcome != DecisionOutcome.ADOPTED and len(reasons) < minimum:
        raise rules.violation("LEG-COMMENT-DECISION",
                              f"{DecisionOutcome(outcome).label}的，须说明理由（不少于{minimum}个字）")
    if not reasons:
        raise ValidationError({"reasons": "请填写采纳情况的说明（如：已在草案修改稿第五条中吸收）。"})
    existing = ProvisionDecision.objects.select_for_update().filter(version=version, article_eid=article_eid).first()
    where = label or "总体意见"
    if existing is None:
        if lock_version not in (None, 0, -1):
            raise ConflictError(f"{where}的采纳情况已被他人删除或者尚未保存，请刷新页面后重新填写。")
        decision = ProvisionDecision(congress_id=version.congress_id, bill=bill, version=version,
                                     article_eid=article_eid, provision_label=label, outcome=outcome,
                                     reasons=reasons, main_opinions=main_opinions,
                                     decided_by=actor if getattr(actor, "pk", None) else None)
        decision.full_clean(validate_constraints=False)
        decision.save()
        audit.record(actor=actor, action="create", obj=decision, after=audit.snapshot(decision),
                     rule=rules.get("LEG-COMMENT-DECISION"))
        return decision
    if lock_version is None or lock_version < 0 or existing.lock_version != lock_version:
        raise ConflictError(
            f"{where}的采纳情况已由{existing.decided_by or '他人'}修改（现为“{existing.get_outcome_display()}”），"
            "请刷新页面，核对后重新提交。")
    before = audit.snapshot(existing)
    existing.outcome, existing.reasons, existing.main_opinions = outcome, reasons, main_opinions
    existing.decided_by = actor if getattr(actor, "pk", None) else None
    existing.full_clean(validate_constraints=False)
    existing.lock_version += 1
    existing.save()
    audit.record(actor=actor, action="update", obj=existing, before=before, after=audit.snapshot(existing),
                 rule=rules.get("LEG-COMMENT-DECISION"))
    return existing


# ---- the public feedback notice (立法法 第四十条) ------------------------------------------------------------------
NOTICE_EDITABLE = ("title", "body")


@transaction.atomic
def notice_create(*, actor, version: BillVersion, title: str = "", body: str = "") -> FeedbackNotice:
    """A draft notice on how the comments on `version` were handled; prefilled from the decisions when empty."""
    from renda.legislation import selectors

    version = BillVersion.objects.select_related("bill").get(pk=version.pk)
    bill = version.bill
    if not perms.can_manage_notices(actor, bill):
        raise PermissionDenied("您没有起草征求意见情况通报的权限。")
    if not BillComment.objects.filter(congress_id=version.congress_id, version=version).exists() and \
            not version.comment_periods.exists():
        raise rules.violation("LEG-COMMENT-FEEDBACK", "该文本没有征求意见，无需通报")
    if not (title or "").strip() or not (body or "").strip():
        draft_title, draft_body = selectors.notice_draft(version)
        title = (title or "").strip() or draft_title
        body = (body or "").strip() or draft_body
    notice = FeedbackNotice(congress_id=version.congress_id, bill=bill, version=version,
                            title=title.strip()[:200], body=body.strip(),
                            created_by=actor if getattr(actor, "pk", None) else None)
    notice.full_clean()
    notice.save()
    audit.record(actor=actor, action="create", obj=notice, after=audit.snapshot(notice),
                 rule=rules.get("LEG-COMMENT-FEEDBACK"))
    return notice


@transaction.atomic
def notice_update(*, actor, notice: FeedbackNotice, lock_version: int, title: str, body: str) -> FeedbackNotice:
    locked = FeedbackNotice.objects.select_for_update().select_related("bill").get(pk=notice.pk)
    if not perms.can_manage_notices(actor, locked.bill):
        raise PermissionDenied("您没有修改征求意见情况通报的权限。")
    if locked.lock_version != lock_version:
        raise ConflictError("该通报已被他人修改，请刷新页面后重新提交。")
    if locked.status != NoticeStatus.DRAFT:
        raise rules.violation("LEG-COMMENT-FEEDBACK", f"通报处于「{locked.get_status_display()}」状态，不能修改")
    before = audit.snapshot(locked)
    locked.title = (title or "").strip()[:200]
    locked.body = (body or "").strip()
    locked.full_clean()
    locked.lock_version += 1
    locked.save()
    audit.record(actor=actor, action="update", obj=locked, before=before, after=audit.snapshot(locked))
    return locked


def notice_transition(*, actor, notice: FeedbackNotice, action: str, note: str = "", **ctx) -> FeedbackNotice:
    return NOTICE_WORKFLOW.apply(notice, action, actor=actor, note=note, **ctx)
