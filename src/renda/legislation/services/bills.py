"""Writes of bills: registration, handling data, the 主任会议's decisions on readings and publication, the texts
(versions) and the readings at standing-committee meetings."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max

from renda.core import audit, rules, search
from renda.core.errors import ConflictError
from renda.core.locking import check_version, parse_version
from renda.core.models import Organization, Person
from renda.core.writes import known_fields, save_update
from renda.lawbook.models import IN_FORCE_STATES, RegulationKind
from renda.lawbook.services import current_version
from renda.legislation import permissions as perms
from renda.legislation import texts
from renda.legislation.checks import (
    check_proposer,
    check_scope,
    ground_min_readings,
)
from renda.legislation.dates import act_date, fmt, today
from renda.legislation.models import (
    READING_LABELS,
    READING_STAGE,
    UNDER_DELIBERATION,
    AmendmentForm,
    Bill,
    BillKind,
    BillReading,
    BillStatus,
    BillVersion,
    PlanProject,
    ProposerKind,
    ReadingsGround,
    Stage,
)
from renda.legislation.procedures import check_resubmission
from renda.legislation.services.common import _same_congress
from renda.legislation.workflow import (
    BILL_WORKFLOW,
)
from renda.statutes import int_to_cn


# ---- bills ---------------------------------------------------------------------------------------------------
def _bill_snapshot(bill: Bill) -> dict[str, Any]:
    snap = audit.snapshot(bill)
    if bill.pk:
        snap["proposers"] = sorted(bill.proposers.values_list("pk", flat=True))
        snap["concerned_units"] = sorted(bill.concerned_units.values_list("pk", flat=True))
        snap["regulations"] = sorted(bill.regulations.values_list("pk", flat=True))
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
    regulations: list | None = None,
    amendment_form: str = AmendmentForm.REVISION,
    proposer_org: Organization | None = None,
    proposers: list[Person] | None = None,
    scope_override: bool = False,
    scope_justification: str = "",
    lead_committee: Organization | None = None,
    concerned_units: list[Organization] | None = None,
    project: PlanProject | None = None,
    explanation_title: str = "",
    current_text: str = "",
    resubmission_of: Bill | None = None,
) -> Bill:
    """Register a bill as proposed, with its draft and explanation (立法法 第五十八条).

    A bill of the 主任会议 goes straight onto the agenda (组织法 第五十二条第一款); others wait for its decision.
    """
    if not perms.can_create_bill(actor):
        raise PermissionDenied("只有办公厅和法制工作机构的工作人员可以登记法规案。")
    congress = actor.congress
    proposers = list(proposers or [])
    concerned_units = list(concerned_units or [])
    if submitted_on > today():
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
    regulations = _check_regulations(congress.pk, kind, amendment_form, regulations)
    if proposer_kind == ProposerKind.MEMBERS:
        proposer_org = None
    check_resubmission(congress.pk, resubmission_of)  # 立法法 第六十条
    check_proposer(congress=congress, kind=proposer_kind, org=proposer_org, persons=proposers, on=submitted_on)
    scope_justification = (scope_justification or "").strip()
    check_scope(congress.pk, subject_area, scope_override, scope_justification)
    if not (explanation or "").strip():
        raise rules.violation("LEG-BILL-PACKAGE", "提出法规案须同时提出起草说明")
    if kind == BillKind.AMEND and not (current_text or "").strip() and len(regulations) == 1:
        current_text = _lawbook_text(regulations[0])  # the law book holds the text in force
    if (kind == BillKind.AMEND and not (current_text or "").strip()
            and not (amendment_form == AmendmentForm.DECISION and regulations)):
        raise rules.violation("LEG-BILL-PACKAGE", "修改法规的，须提交现行文本以形成修改前后的对照文本")
    year = submitted_on.year
    number = (Bill.objects.filter(congress=congress, year=year).aggregate(m=Max("number"))["m"] or 0) + 1
    bill = Bill(
        congress=congress, year=year, number=number, title=(title or "").strip()[:200], kind=kind,
        amendment_form=amendment_form if kind == BillKind.AMEND else AmendmentForm.REVISION, project=project, proposer_kind=proposer_kind,
        proposer_org=proposer_org, submitted_on=submitted_on, subject_area=subject_area.strip(),
        scope_override=scope_override, scope_justification=scope_justification, lead_committee=lead_committee,
        readings_required=rules.param(congress, "LEG-READINGS", "default_readings"), resubmission_of=resubmission_of,
    )
    if proposer_kind == ProposerKind.CHAIRS_COUNCIL and resubmission_of is None:
        bill.status = BillStatus.ON_AGENDA
        bill.agenda_decided_on = submitted_on
    bill.full_clean()
    bill.save()
    if proposers:
        bill.proposers.set(proposers)
    if concerned_units:
        bill.concerned_units.set(concerned_units)
    if regulations:
        bill.regulations.set(regulations)
        search.index(bill)  # the regulations' titles are part of the bill's search text
    audit.record(actor=actor, action="create", obj=bill, after=_bill_snapshot(bill),
                 rule=rules.get("LEG-PROPOSER"), note=f"{ProposerKind(proposer_kind).label}提出")
    submitter = proposer_org if proposer_kind != ProposerKind.MEMBERS else None
    if kind == BillKind.AMEND and (current_text or "").strip():
        _version_save(actor=actor, bill=bill, stage=Stage.CURRENT, text=current_text,
                      explanation="修改前的现行文本。", explanation_title="现行文本", submitted_by=submitter)
    _version_save(actor=actor, bill=bill, stage=Stage.DRAFT, text=draft_text, explanation=explanation,
                  explanation_title=explanation_title or f"关于《{bill.display_title}》的说明",
                  submitted_by=submitter)
    return bill


def _check_regulations(congress_id: int, kind: str, form: str, regulations) -> list:
    """The regulations a 修改/废止 bill names: the congress's own local regulations in force (none for 制定)."""
    regulations = list(dict.fromkeys(regulations or []))
    if kind == BillKind.ENACT:
        if regulations:
            raise ValidationError({"regulations": "制定新法规的法规案不链接所修改或者废止的法规。"})
        return []
    if not regulations:
        raise ValidationError({"regulations": "修改或者废止法规的，须选择所修改或者废止的法规。"})
    for reg in regulations:
        if reg.congress_id != congress_id or reg.kind != RegulationKind.LOCAL:
            raise ValidationError({"regulations": "只能选择本级人大常委会制定的地方性法规。"})
        if reg.status not in IN_FORCE_STATES:
            raise ValidationError({"regulations": f"《{reg.title}》已废止，不能再修改或者废止。"})
    if kind == BillKind.AMEND and form not in AmendmentForm.values:
        raise ValidationError({"amendment_form": "请选择修正或者修订。"})
    if kind == BillKind.AMEND and form == AmendmentForm.REVISION and len(regulations) > 1:
        raise ValidationError({"regulations": "修订（提出修订后的全文）只能针对一件法规；一并修改几件法规的，请选择修正（提出修改决定）。"})
    return regulations


def _lawbook_text(regulation) -> str:
    version = current_version(regulation)
    return version.text if version is not None else ""


BILL_EDITABLE = ["lead_committee", "needs_argumentation", "needs_hearing", "project"]


@transaction.atomic
def bill_update(*, actor, bill: Bill, lock_version: int, concerned_units: list[Organization] | None = None,
                regulations: list | None = None, **data) -> Bill:
    """The bill's handling data: the lead committee, the units concerned, whether 论证会/听证会 are required."""
    locked = Bill.objects.select_for_update().get(pk=bill.pk)
    if not (perms.can_edit_bill(actor, locked) or perms.can_decide(actor, locked)):
        raise PermissionDenied("您没有修改该法规案的权限。")
    check_version(locked, lock_version)
    known_fields(data, BILL_EDITABLE, "bill")
    for name in ("lead_committee", "project"):
        _same_congress(locked.congress_id, name, data.get(name))
    if data.get("lead_committee") is not None and data["lead_committee"].kind != Organization.Kind.SPECIAL_COMMITTEE:
        raise ValidationError({"lead_committee": "须为本级人民代表大会的专门委员会。"})
    for obj in concerned_units or []:
        _same_congress(locked.congress_id, "concerned_units", obj)
    if regulations is not None and set(regulations) != set(locked.regulations.all()):
        if locked.status in (BillStatus.PROMULGATED, BillStatus.FILED):
            raise ValidationError({"regulations": "法规案已经公布，不能再调整所修改或者废止的法规。"})
        regulations = _check_regulations(locked.congress_id, locked.kind, locked.amendment_form, regulations)
    else:
        regulations = None

    def set_links(row: Bill) -> None:
        if concerned_units is not None:
            row.concerned_units.set(concerned_units)
        if regulations is not None:
            row.regulations.set(regulations)
            search.index(row)

    return save_update(locked, data, actor=actor, snap=_bill_snapshot, after_save=set_links)


from renda.core.locking import UNCHECKED  # noqa: E402 - bill_set_readings called without a version from a form

READINGS_CONFLICT = ("该法规案已被他人修改（审议次数可能已经调整）：请刷新页面，核对最新的审议次数决定后再提交"
                     "（您这次提交的决定未保存）。")


@transaction.atomic
def bill_set_readings(*, actor, bill: Bill, readings: int, ground: str, reason: str,
                      on: dt.date | None = None, lock_version: Any = UNCHECKED) -> Bill:
    """The 主任会议 decides fewer readings on a ground of 立法法 第三十三条 (rule LEG-READINGS-EXCEPTION).

    `lock_version` is the bill's version the form was read at (optimistic locking: a stale or missing one is
    refused); callers that act on the row they just read (the demo, scripts) leave it out."""
    locked = Bill.objects.select_for_update().get(pk=bill.pk)
    if not perms.can_decide(actor, locked):
        raise PermissionDenied("减少审议次数由主任会议决定。")
    if lock_version is not UNCHECKED:
        try:
            check_version(locked, lock_version)
        except ConflictError as exc:
            raise ConflictError(READINGS_CONFLICT if parse_version(lock_version) is not None else exc.message) from None
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
                        "warnings": len(version.parse_warnings)},
                 note=f"{Stage(stage).label}，共 {version.article_count} 条"
                      + (f"，{len(version.parse_warnings)} 处结构提示" if version.parse_warnings else ""))
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
    check_version(locked, lock_version)
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
                 after={"reading": number, "held_on": held_on, "meeting": reading.meeting, "version": version.pk},
                 note=f"{reading.label}：{reading.meeting}（{fmt(held_on)}），审议{version.get_stage_display()}")
    BILL_WORKFLOW.apply(locked, "deliberate", actor=actor, note=f"{reading.label}：{reading.meeting}",
                        reading=reading, on=held_on)
    return reading
