"""Writes of the law book (and the two reads every page needs: the text at a date, the comparison of two dates).

Every write is @transaction.atomic, checks permission, validates (full_clean) and appends to the audit trail.
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from renda.core import audit, locking, rules
from renda.core.models import Organization
from renda.core.writes import save_new
from renda.lawbook import permissions as perms
from renda.lawbook.models import (
    CampaignStatus,
    CleanupCampaign,
    CleanupDecision,
    CleanupItem,
    EventKind,
    FindingStatus,
    PackageAmendment,
    PackageStatus,
    Regulation,
    RegulationEvent,
    RegulationKind,
    RegulationStatus,
    RegulationVersion,
    ReviewFinding,
    Topic,
)
from renda.lawbook.packaging import current_version, package_draft_for  # noqa: F401 - re-exported
from renda.lawbook.subscriptions import (  # the public views and other modules call them from here too
    notify,
    subscribe,  # noqa: F401
    subscription_cancel,  # noqa: F401
    subscription_confirm,  # noqa: F401
)
from renda.lawbook.workflow import CAMPAIGN_WORKFLOW
from renda.legislation import texts
from renda.legislation.models import AmendmentForm, BillKind, Stage
from renda.statutes import AmendmentError, apply_decision, compare, draft, render, split_decision
from renda.statutes.amend import apply_section
from renda.statutes.review import review

ONE_DAY = dt.timedelta(days=1)


def _ensure(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _parse(text: str):
    return texts.parse(text)


def _render(statute) -> str:
    return render(statute)


# ---- reads every page needs ----------------------------------------------------------------------------------
def text_at(regulation: Regulation, day: dt.date) -> RegulationVersion | None:
    """The version in force on `day` (rule LAW-TEXT-AT): effective_from ≤ day ≤ effective_to (open end: current).
    None before the first version takes effect and from the day of repeal."""
    return (regulation.versions.filter(effective_from__lte=day)
            .exclude(effective_to__lt=day).order_by("-effective_from").first())


def compare_dates(regulation: Regulation, d1: dt.date, d2: dt.date):
    """The 对照表 between the texts in force on two dates, or None when either date has no text."""
    old, new = text_at(regulation, d1), text_at(regulation, d2)
    if old is None or new is None:
        return None
    return compare(_parse(old.text), _parse(new.text))


# ---- regulations, events, versions ------------------------------------------------------------------------------
def _add_version(*, regulation: Regulation, text: str, effective_from: dt.date, event: RegulationEvent | None,
                 actor) -> RegulationVersion:
    statute = _parse(text)
    last = current_version(regulation)
    if last is not None:
        if effective_from <= last.effective_from:
            raise ValidationError({"effective_on": "新文本的施行日期必须晚于现行文本的施行日期"
                                                    f"（{last.effective_from:%Y年%m月%d日}）。"})
        last.effective_to = effective_from - ONE_DAY
        last.full_clean()
        last.save(update_fields=["effective_to"])
    version = RegulationVersion(congress_id=regulation.congress_id, regulation=regulation, text=_render(statute),
                                effective_from=effective_from, produced_by=event,
                                article_count=len(statute.articles()))
    version.full_clean()
    version.save()
    audit.record(actor=actor, action="version", obj=regulation,
                 after={"effective_from": effective_from, "version": version.pk})
    return version


def _event(*, regulation, kind, date, ref="", decision="", bill=None, package=None, actor) -> RegulationEvent:
    ev = RegulationEvent(congress_id=regulation.congress_id, regulation=regulation, kind=kind, date=date, ref=ref,
                         decision=decision, bill=bill, package=package)
    ev.full_clean()
    ev.save()
    audit.record(actor=actor, action="event", obj=regulation,
                 after={"kind": kind, "date": date, "ref": ref})
    if regulation.kind == RegulationKind.LOCAL and kind in (EventKind.PROMULGATED, EventKind.AMENDED,
                                                            EventKind.REVISED, EventKind.REPEALED):
        notify(congress_id=regulation.congress_id, topic=Topic.REGULATIONS,
               subject=f"《{regulation.title}》{ev.get_kind_display()}",
               body=f"《{regulation.title}》于{date:%Y年%m月%d日}{ev.get_kind_display()}。{ref}",
               key=f"lawbook-event:{ev.pk}")
    return ev


@transaction.atomic
def regulation_import(*, actor, congress, title: str, kind: str, text: str, effective_from: dt.date,
                      number: str = "", enacted_on: dt.date | None = None, check=True) -> Regulation:
    """A regulation or an upper law entered from its text (typed or uploaded): the regulation, its 通过/施行 events
    and its first version."""
    if check:
        _ensure(perms.can_edit_lawbook(actor) and actor.congress_id == congress.pk, "只有办公厅或者委员会工作人员可以导入法规。")
    statute = _parse(text)
    title = (title or statute.title or "").strip().strip("《》")
    if not title:
        raise ValidationError({"title": "请填写法规名称（文本中也没有标题）。"})
    if Regulation.objects.filter(congress=congress, kind=kind, title=title).exists():
        raise ValidationError({"title": f"法规库中已有《{title}》；如要记录修改，请在该法规页面记录修正或者修订。"})
    reg = Regulation(congress=congress, title=title, kind=kind, number=number, enacted_on=enacted_on,
                     created_by=actor if getattr(actor, "pk", None) else None)
    save_new(reg, actor=actor, snap=lambda row: audit.snapshot(row, ["title", "kind", "number"]))
    if enacted_on:
        _event(regulation=reg, kind=EventKind.ADOPTED, date=enacted_on, ref=number, actor=actor)
    ev = _event(regulation=reg, kind=EventKind.EFFECTIVE, date=effective_from, ref=number, actor=actor)
    _add_version(regulation=reg, text=text, effective_from=effective_from, event=ev, actor=actor)
    return reg


@transaction.atomic
def regulation_amend(*, actor, regulation: Regulation, kind: str, date: dt.date, effective_on: dt.date,
                     ref: str = "", decision: str = "", text: str = "", bill=None, package=None,
                     check=True) -> RegulationEvent:
    """Record a 修正 / 修订 (with the new text, or the decision applied to the current text) or a 废止."""
    if check:
        _ensure(perms.can_edit_lawbook(actor, regulation), "只有办公厅或者委员会工作人员可以记录法规的修改。")
    regulation = Regulation.objects.select_for_update().get(pk=regulation.pk)
    if regulation.status == RegulationStatus.REPEALED:
        raise ValidationError("该法规已废止，不能再记录修改。")
    if kind not in (EventKind.AMENDED, EventKind.REVISED, EventKind.REPEALED):
        raise ValidationError({"kind": "只能记录修正、修订或者废止。"})
    if kind == EventKind.REPEALED:
        ev = _event(regulation=regulation, kind=kind, date=date, ref=ref, decision=decision, bill=bill, actor=actor)
        last = current_version(regulation)
        if last is not None:
            if effective_on <= last.effective_from:
                raise ValidationError({"effective_on": "废止日期必须晚于现行文本的施行日期。"})
            last.effective_to = effective_on - ONE_DAY
            last.save(update_fields=["effective_to"])
        regulation.status = RegulationStatus.REPEALED
        regulation.save(update_fields=["status"])
        audit.record(actor=actor, action="transition", obj=regulation, from_state="in_force", to_state="repealed",
                     rule=rules.get("LAW-TEXT-AT"), note=ref or "废止")
        return ev
    if not text and decision:
        base = current_version(regulation)
        if base is None:
            raise ValidationError("该法规还没有文本，无法适用修改决定。")
        try:
            result = apply_decision(_parse(base.text), decision)
        except AmendmentError as exc:
            raise ValidationError({"decision": f"无法适用修改决定：{exc}"}) from None
        if not result.ok:
            reasons = "；".join(f"{s.text}（{s.message}）" for s in result.errors)
            raise ValidationError({"decision": f"修改决定有 {len(result.errors)} 项无法适用：{reasons}"})
        text = result.text
    if not text:
        raise ValidationError({"text": "请提供修改后的文本或者修改决定。"})
    ev = _event(regulation=regulation, kind=kind, date=date, ref=ref, decision=decision, bill=bill, package=package,
                actor=actor)
    _add_version(regulation=regulation, text=text, effective_from=effective_on, event=ev, actor=actor)
    if regulation.status != RegulationStatus.AMENDED:
        regulation.status = RegulationStatus.AMENDED
        regulation.save(update_fields=["status"])
    return ev


# ---- the hook from legislation: a promulgated bill enters the law book ----------------------------------------
@transaction.atomic
def record_promulgation(*, bill, actor) -> Regulation | None:
    """Called by legislation.promulgation when a bill is promulgated (idempotent: once per bill)."""
    if RegulationEvent.objects.filter(bill=bill, kind__in=(EventKind.PROMULGATED, EventKind.AMENDED,
                                                           EventKind.REVISED, EventKind.REPEALED)).exists():
        return None
    version = bill.versions.filter(stage=Stage.PROMULGATED).first() or bill.versions.filter(stage=Stage.FINAL).first()
    day = bill.promulgated_on or timezone.localdate()
    effective = bill.effective_on or day
    ref = bill.announcement_number or ""
    if bill.kind == BillKind.ENACT:
        if version is None:
            return None
        reg = Regulation.objects.filter(congress_id=bill.congress_id, kind=RegulationKind.LOCAL,
                                        title=bill.title).first()
        if reg is not None:  # a regulation of that name already in the book: a 修订 (the whole text anew)
            regulation_amend(actor=actor, regulation=reg, kind=EventKind.REVISED, date=day, effective_on=effective,
                             ref=ref, text=version.text, bill=bill, check=False)
            return reg
        reg = regulation_import(actor=actor, congress=bill.congress, title=bill.title, kind=RegulationKind.LOCAL,
                                text=version.text, effective_from=effective, number=ref,
                                enacted_on=bill.passed_on, check=False)
        if bill.approved_on:
            _event(regulation=reg, kind=EventKind.APPROVED, date=bill.approved_on, ref=bill.approval_body,
                   bill=bill, actor=actor)
        _event(regulation=reg, kind=EventKind.PROMULGATED, date=day, ref=ref, bill=bill, actor=actor)
        return reg
    regs = list(bill.regulations.order_by("id"))  # the regulations the bill names (links, not titles)
    if not regs:
        return None
    if bill.kind == BillKind.REPEAL:
        for reg in regs:
            regulation_amend(actor=actor, regulation=reg, kind=EventKind.REPEALED, date=day, effective_on=effective,
                             ref=ref, bill=bill, check=False)
        return regs[0]
    if bill.amendment_form == AmendmentForm.DECISION:
        decision = bill.versions.filter(stage=Stage.FINAL).first() or version
        if decision is None:
            return None
        report, results = plan_decision(text=decision.text, regulations=regs, effective_on=effective)
        if not report or not all(row["ok"] for row in report):
            reasons = "；".join(f"《{row['title']}》：{row['reason']}" for row in report if not row["ok"])
            raise ValidationError(f"修改决定无法适用于法规库中的现行文本，未能公布：{reasons or '决定中没有修改指令'}"
                                  "。请核对法规案所修改的法规，或者先在法规库中更正现行文本。")
        for reg, result, section in results:
            regulation_amend(actor=actor, regulation=reg, kind=EventKind.AMENDED, date=day, effective_on=effective,
                             ref=ref or bill.display_title, decision=section_text(section), text=result.text,
                             bill=bill, check=False)
        return regs[0]
    if version is not None:  # 修订: the revised full text becomes the new version
        regulation_amend(actor=actor, regulation=regs[0], kind=EventKind.REVISED, date=day, effective_on=effective,
                         ref=ref, text=version.text, bill=bill, check=False)
    return regs[0]


def section_text(section) -> str:
    """One regulation's part of a decision, as written (its clauses, numbered as in the decision)."""
    return "\n".join(f"{label}、{clause}" if label and not label.startswith("（") else f"{label}{clause}"
                     for label, clause in section.clauses)


def plan_decision(*, text: str, regulations, effective_on: dt.date | None = None,
                  require_all: bool = True) -> tuple[list[dict], list]:
    """Apply a decision in memory to `regulations` (each section to the regulation its 《title》 names; a decision
    without titles to the only regulation): one report row per regulation and the results to store (nothing
    written). With `require_all`, a regulation the decision does not amend is a refused row too."""
    report: list[dict] = []
    results = []
    try:
        sections = split_decision(text)
    except (AmendmentError, ValueError) as exc:
        return [{"title": "", "regulation": None, "ok": False, "reason": f"无法读取决定：{exc}", "steps": [],
                 "text": ""}], []
    regs = list(regulations)
    by_title = {r.title: r for r in regs}
    if len(sections) == 1 and len(regs) == 1 and not sections[0].title.strip("《》"):
        pairs = [(sections[0], regs[0])]
    else:
        pairs = [(section, by_title.get(section.title.strip("《》"))) for section in sections]
    seen = set()
    for section, reg in pairs:
        title = reg.title if reg is not None else section.title.strip("《》")
        row = {"title": title or "（未写明法规名称）", "regulation": reg.pk if reg else None, "ok": False,
               "reason": "", "steps": [], "text": ""}
        report.append(row)
        if reg is None:
            row["reason"] = "法规库中没有该现行有效的法规，或者法规案没有链接该法规。"
            continue
        if reg.pk in seen:
            row["reason"] = "决定中对同一法规有两部分修改，请合并为一部分。"
            continue
        seen.add(reg.pk)
        if reg.status not in (RegulationStatus.IN_FORCE, RegulationStatus.AMENDED):
            row["reason"] = "该法规已废止。"
            continue
        base = current_version(reg)
        if base is None:
            row["reason"] = "该法规没有文本。"
            continue
        if effective_on is not None and base.effective_from >= effective_on:
            row["reason"] = "该法规已有自决定施行之日或者之后施行的文本。"
            continue
        try:
            result = apply_section(_parse(base.text), section)
        except AmendmentError as exc:
            row["reason"] = f"无法适用：{exc}"
            continue
        row["steps"] = [s.to_dict() for s in result.steps]
        row["text"] = result.text
        if not result.ok:
            row["reason"] = f"{len(result.errors)} 项修改无法适用。"
            continue
        row["ok"] = True
        results.append((reg, result, section))
    if require_all:
        for reg in regs:
            if reg.pk not in seen:
                report.append({"title": reg.title, "regulation": reg.pk, "ok": False, "steps": [], "text": "",
                               "reason": "修改决定中没有修改该法规的内容（请按“一、《法规名称》”分别写明）。"})
    return report, results


def draft_for(*, regulation: Regulation, new_text: str):
    """The draft 修改决定 that turns the regulation's current text into `new_text` (statutes.draft), titled for
    the regulation; None when the regulation has no text. The new text's "（草案…）" is not a change of name."""
    base = current_version(regulation)
    if base is None:
        return None
    old, new = _parse(base.text), _parse(new_text)
    new.title = re.sub(r"（草案[^（）]*）$", "", (new.title or "").strip()) or old.title
    new.notes = list(old.notes)
    return draft(old, new)


# ---- 打包修改 ---------------------------------------------------------------------------------------------------------
@transaction.atomic
def package_create(*, actor, congress, title: str, decided_on: dt.date, effective_on: dt.date, text: str,
                   check=True) -> PackageAmendment:
    if check:
        _ensure(perms.can_edit_lawbook(actor) and actor.congress_id == congress.pk, "只有办公厅或者委员会工作人员可以录入修改决定。")
    if effective_on < decided_on:
        raise ValidationError({"effective_on": "施行日期不能早于通过日期。"})
    pkg = PackageAmendment(congress=congress, title=title.strip(), decided_on=decided_on, effective_on=effective_on,
                           text=text.strip(), created_by=actor if getattr(actor, "pk", None) else None)
    return save_new(pkg, actor=actor, snap=lambda row: audit.snapshot(row, ["title", "decided_on"]))


def package_plan(package: PackageAmendment) -> tuple[list[dict], list]:
    """Apply the decision in memory: one report row per regulation and the results to store (nothing written)."""
    regs = Regulation.objects.filter(congress_id=package.congress_id, kind=RegulationKind.LOCAL,
                                     status__in=(RegulationStatus.IN_FORCE, RegulationStatus.AMENDED))
    return plan_decision(text=package.text, regulations=regs, effective_on=package.effective_on, require_all=False)


@transaction.atomic
def package_apply(*, actor, package: PackageAmendment, seen=locking.UNCHECKED, check=True) -> PackageAmendment:
    """Apply a package amendment (rule LAW-PACKAGE): all regulations or none. The report is kept either way."""
    if check:
        _ensure(perms.can_edit_lawbook(actor, package), "只有办公厅或者委员会工作人员可以适用修改决定。")
    package = PackageAmendment.objects.select_for_update().get(pk=package.pk)
    locking.check_version(package, seen, stale="该决定已被他人处理，请刷新后重试。")
    if package.status == PackageStatus.APPLIED:
        raise ValidationError("该决定已经适用。")
    report, results = package_plan(package)
    ok = bool(report) and all(r["ok"] for r in report)
    if ok:
        for reg, result, section in results:
            part = "\n".join(f"{label}、{clause}" if label else clause for label, clause in section.clauses)
            regulation_amend(actor=actor, regulation=reg, kind=EventKind.AMENDED, date=package.decided_on,
                             effective_on=package.effective_on, ref=package.title, decision=part,
                             text=result.text, package=package, check=False)
    package.status = PackageStatus.APPLIED if ok else PackageStatus.REFUSED
    package.report = [{k: v for k, v in row.items() if k != "text"} for row in report]
    package.lock_version += 1
    package.save(update_fields=["status", "report", "lock_version"])
    audit.record(actor=actor, action="apply" if ok else "refuse", obj=package, rule=rules.get("LAW-PACKAGE"),
                 after={"status": package.status, "regulations": len(report)})
    return package


# ---- 法规清理 ---------------------------------------------------------------------------------------------------------
@transaction.atomic
def campaign_create(*, actor, congress, title: str, year: int, reason: str = "", regulations=(), lead=None,
                    check=True) -> CleanupCampaign:
    if check:
        _ensure(perms.is_office(actor) or perms.has_role(actor, "admin"), "只有办公厅可以对法规清理立项。")
        _ensure(actor.congress_id == congress.pk, "不能为其他人大立项。")
    campaign = CleanupCampaign(congress=congress, title=title.strip(), year=year, reason=reason, lead=lead,
                               created_by=actor if getattr(actor, "pk", None) else None)
    campaign.full_clean()
    campaign.save()
    for reg in regulations:
        if reg.congress_id != congress.pk:
            raise ValidationError("清理范围只能包括本级的法规。")
        CleanupItem.objects.create(congress=congress, campaign=campaign, regulation=reg)
    audit.record(actor=actor, action="create", obj=campaign, after={"title": campaign.title, "items": len(regulations)})
    return campaign


def _committee(congress_id: int, committee) -> Organization:
    org = committee if isinstance(committee, Organization) else Organization.objects.filter(pk=committee).first()
    if org is None or org.congress_id != congress_id:
        raise ValidationError({"committee": "请选择本级人大的委员会。"})
    return org


@transaction.atomic
def item_assign(*, actor, item: CleanupItem, committee, check=True) -> CleanupItem:
    item = CleanupItem.objects.select_for_update().select_related("campaign").get(pk=item.pk)
    if check:
        _ensure(perms.can_manage_campaign(actor, item.campaign), "只有办公厅可以分工。")
    if item.campaign.status not in (CampaignStatus.PROPOSED, CampaignStatus.ASSIGNED):
        raise rules.violation("LAW-CLEANUP-ASSIGN", "审查开始后不能再调整分工。", congress=item.campaign.congress)
    before = {"committee": item.committee_id}
    item.committee = _committee(item.congress_id, committee)
    item.save(update_fields=["committee"])
    audit.record(actor=actor, action="update", obj=item, before=before, after={"committee": item.committee_id})
    return item


@transaction.atomic
def item_decide(*, actor, item: CleanupItem, decision: str, reason: str, proposed_text: str = "",
                seen=locking.UNCHECKED, check=True) -> CleanupItem:
    item = CleanupItem.objects.select_for_update().select_related("campaign", "regulation").get(pk=item.pk)
    if check:
        _ensure(perms.can_decide_item(actor, item), "只有承担审查的委员会或者办公厅可以提出清理意见。")
    locking.check_version(item, seen, stale="该清理意见已被他人修改，请刷新后重试。")
    if item.campaign.status != CampaignStatus.REVIEWING:
        raise rules.violation("LAW-CLEANUP-DECIDE", "清理意见只能在审查阶段提出。", congress=item.campaign.congress)
    if decision not in CleanupDecision.values:
        raise ValidationError({"decision": "请选择保留、修改、废止或者打包修改。"})
    if not (reason or "").strip():
        raise ValidationError({"reason": "请说明理由。"})
    proposed_text = (proposed_text or "").strip()
    if proposed_text:
        if decision not in (CleanupDecision.AMEND, CleanupDecision.PACKAGE):
            raise ValidationError({"proposed_text": "只有提出修改或者打包修改意见的，才附建议修改后的文本。"})
        _parse(proposed_text)
    before = audit.snapshot(item, ["decision", "reason"])
    item.decision, item.reason, item.proposed_text = decision, reason.strip(), proposed_text
    item.decided_by = actor if getattr(actor, "pk", None) else None
    item.decided_at = timezone.now()
    item.lock_version += 1
    item.full_clean()
    item.save()
    audit.record(actor=actor, action="update", obj=item, before=before,
                 after=audit.snapshot(item, ["decision", "reason"]), rule=rules.get("LAW-CLEANUP-DECIDE"))
    return item


@transaction.atomic
def campaign_transition(*, actor, campaign: CleanupCampaign, action: str, seen=locking.UNCHECKED, **data):
    locking.check_version(campaign, seen, stale="该清理项目已被他人修改，请刷新后重试。")
    obj = CAMPAIGN_WORKFLOW.apply(campaign, action, actor=actor, **data)
    return obj


# ---- 对照上位法审查 -------------------------------------------------------------------------------------------------
def run_review(text: str, uppers: list[tuple[str, str]]) -> list:
    """The findings of the statute engine's review (renda.statutes.review) of `text` against the upper laws."""
    return list(review(text, uppers))


@transaction.atomic
def review_target(*, actor, document=None, bill_version=None, uppers: list[Regulation], day: dt.date | None = None,
                  findings=None, check=True) -> list[ReviewFinding]:
    """Run the review of a filed document or a draft against upper laws of the law book and store the findings
    (a finding already stored for the same provision, upper provision and kind is not stored twice)."""
    target = document or bill_version
    if target is None:
        raise ValidationError("请指定要审查的备案文件或者法规草案。")
    if check:
        _ensure(perms.can_review(actor, target), "只有办公厅或者委员会工作人员可以进行审查。")
    for up in uppers:
        if up.congress_id != target.congress_id:
            raise ValidationError({"uppers": "只能选择本法规库中的上位法。"})
    if not uppers:
        raise ValidationError({"uppers": "请至少选择一件上位法。"})
    day = day or timezone.localdate()
    by_title = {}
    pairs = []
    for up in uppers:
        v = text_at(up, day) or current_version(up)
        if v is not None:
            pairs.append((up.title, v.text))
            by_title[up.title] = up
    if findings is None:
        findings = run_review(target.text, pairs)
    created = []
    for f in findings:
        d = f.to_dict() if hasattr(f, "to_dict") else dict(f)
        upper_law = str(d.get("upper_law") or "").strip("《》")
        key = dict(document=document, bill_version=bill_version, article=str(d.get("article") or "")[:40],
                   kind=str(d.get("kind") or "")[:40], upper_law=upper_law[:200],
                   upper_article=str(d.get("upper_article") or "")[:40])
        if ReviewFinding.objects.filter(**key).exists():
            continue
        rf = ReviewFinding(congress_id=target.congress_id, upper=by_title.get(upper_law),
                           message=str(d.get("message") or "")[:4000] or "（无说明）",
                           lower_text=str(d.get("lower_text") or ""), upper_text=str(d.get("upper_text") or ""), **key)
        rf.full_clean()
        rf.save()
        created.append(rf)
    audit.record(actor=actor, action="review", obj=target, rule=rules.get("LAW-REVIEW-ASSIST"),
                 after={"uppers": [u.title for u in uppers], "findings": len(created)})
    return created


@transaction.atomic
def finding_decide(*, actor, finding: ReviewFinding, status: str, note: str = "", check=True) -> ReviewFinding:
    finding = ReviewFinding.objects.select_for_update().get(pk=finding.pk)
    if check:
        _ensure(perms.can_review(actor, finding), "只有办公厅或者委员会工作人员可以处理审查提示。")
    if status not in (FindingStatus.ACCEPTED, FindingStatus.DISMISSED, FindingStatus.OPEN):
        raise ValidationError({"status": "请选择采纳或者不采纳。"})
    if status == FindingStatus.DISMISSED and not (note or "").strip():
        raise ValidationError({"note": "不采纳的，请说明理由。"})
    before = {"status": finding.status}
    finding.status = status
    finding.decision_note = (note or "").strip()
    finding.decided_by = actor if getattr(actor, "pk", None) else None
    finding.decided_at = timezone.now() if status != FindingStatus.OPEN else None
    finding.full_clean()
    finding.save()
    audit.record(actor=actor, action="update", obj=finding, before=before, after={"status": status},
                 rule=rules.get("LAW-REVIEW-ASSIST"), note=finding.decision_note)
    return finding

