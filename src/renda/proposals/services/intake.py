"""Intake: submission, co-signers' confirmation, the manual steps, 重点督办 registration."""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from renda.core import audit, rules, thresholds
from renda.core.models import Organization
from renda.core.workflow import or_today
from renda.deputies.models import Delegation, Deputy
from renda.proposals import permissions as perms
from renda.proposals.deadlines import (
    assign_deadline,
)
from renda.proposals.locking import UNCHECKED, check_version
from renda.proposals.models import (
    Category,
    CoSigner,
    ExcludedFlag,
    Kind,
    Proposal,
    Proposer,
    Status,
)
from renda.proposals.services.common import PROPOSAL_FIELDS
from renda.proposals.workflow import MANUAL_ACTIONS, PROPOSAL_WORKFLOW

# ---- intake ----------------------------------------------------------------------------------------------
_SCREEN = {
    ExcludedFlag.PERSONAL: re.compile(r"本人|我(的)?(家|父|母|亲属|孩子|子女)|亲属的|个人待遇|我单位"),
    ExcludedFlag.COMPLAINT: re.compile(r"申诉|控告|检举|举报|上访"),
    ExcludedFlag.CASE: re.compile(r"案件|判决|裁定|立案|审理|起诉|检察院.*处理"),
    ExcludedFlag.PROMOTION: re.compile(r"产品推介|学术探讨|推销|推广.*产品|品牌.*采购|指定.*供应商|我公司"),
}


def screen(title: str, content: str) -> list[str]:
    """Flags for the clerk: subjects that should not be raised as suggestions (rule PR-EXCLUDED)."""
    text = f"{title}\n{content}"
    flags = [flag.value for flag, rx in _SCREEN.items() if rx.search(text)]
    if len(re.sub(r"\s", "", content or "")) < 15:
        flags.append(ExcludedFlag.EMPTY.value)
    return flags


def _next_number(congress_id: int, year: int) -> str:
    taken = Proposal.objects.filter(congress_id=congress_id, year=year).count()
    n = taken + 1
    while Proposal.objects.filter(congress_id=congress_id, year=year, number=f"{year}{n:04d}").exists():
        n += 1
    return f"{year}{n:04d}"


def _serving_on(deputy: Deputy, day: dt.date) -> bool:
    """A deputy of the term in office on `day` whose mandate had not ended or been suspended (rule
    PR-MOTION-PROPOSER: only serving deputies of the term count towards 十人以上)."""
    term = deputy.term
    if term.start_date > day or (term.end_date is not None and term.end_date < day):
        return False
    if deputy.ended_on is not None:
        return deputy.ended_on > day
    return deputy.status == Deputy.Status.SERVING


def _check_deputy(congress_id: int, deputy: Deputy | None, label: str) -> None:
    if deputy is not None and deputy.congress_id != congress_id:
        raise ValidationError({"lead_deputy": f"{label}不属于本人大。"})


@transaction.atomic
def proposal_submit(
    *,
    actor,
    title: str,
    content: str,
    lead_deputy: Deputy | None = None,
    cosigners: list[Deputy] | None = None,
    kind: str = Kind.SUGGESTION,
    proposer: str = Proposer.DEPUTIES,
    category: str = Category.OTHER,
    channel: str = "recess",
    received_on: dt.date | None = None,
    number: str | None = None,
    session=None,
    grounds: str = "",
    solution: str = "",
    delegation: Delegation | None = None,
    confidential: bool = False,
) -> Proposal:
    if not perms.can_submit(actor):
        raise PermissionDenied("只有代表或代表工作机构可以提出、登记议案建议。")
    congress = actor.congress
    received_on = or_today(received_on)
    if actor.role == "deputy":
        own = Deputy.objects.filter(congress=congress, person_id=actor.person_id).order_by("-term__number").first()
        if own is None or (lead_deputy is not None and lead_deputy.pk != own.pk):
            raise PermissionDenied("代表只能以本人名义领衔提出。")
        lead_deputy = own
    # each co-signer once, and never the lead (who is known only now, for a deputy submitting in person)
    unique: dict[int, Deputy] = {}
    for d in cosigners or []:
        if lead_deputy is None or d.pk != lead_deputy.pk:
            unique.setdefault(d.pk, d)
    cosigners = list(unique.values())
    _check_deputy(congress.pk, lead_deputy, "领衔代表")
    for d in cosigners:
        _check_deputy(congress.pk, d, "联名代表")
    if proposer == Proposer.DEPUTIES and lead_deputy is None:
        raise ValidationError({"lead_deputy": "请填写领衔代表。"})
    if kind == Kind.MOTION:
        if proposer == Proposer.DEPUTIES:
            minimum = rules.param(congress, "PR-MOTION-PROPOSER", "min_cosigners")
            signers = [lead_deputy, *cosigners]
            counted = [d for d in signers if _serving_on(d, received_on)]
            if not thresholds.at_least(len(counted), minimum):
                left_out = [d.person.name for d in signers if d not in counted]
                note = f"（{'、'.join(left_out)}不是提出之日在任的本届代表，不计入）" if left_out else ""
                raise rules.violation(
                    "PR-MOTION-PROPOSER", f"代表联名提出议案须 {minimum} 人以上，当前只有 {len(counted)} 人{note}"
                )
        if not (title.strip() and grounds.strip() and solution.strip()):
            raise rules.violation("PR-MOTION-CONTENT", "议案须写明案由、案据和方案")
    if not (content or "").strip():
        raise ValidationError({"content": "内容不能为空。"})
    year = received_on.year
    proposal = Proposal(
        congress=congress,
        kind=kind,
        year=year,
        number=number or _next_number(congress.pk, year),
        session=session,
        channel=channel,
        proposer=proposer,
        title=title.strip(),
        content=content.strip(),
        grounds=grounds,
        solution=solution,
        category=category,
        lead_deputy=lead_deputy,
        delegation=delegation or (lead_deputy.delegation if lead_deputy else None),
        received_on=received_on,
        assign_due=assign_deadline(congress, received_on),
        confidential=confidential,
        flags=screen(title, content),
        status=Status.DRAFT if cosigners else Status.SUBMITTED,
        created_by=actor,
    )
    proposal.full_clean()
    try:
        with transaction.atomic():
            proposal.save()
    except IntegrityError:
        raise rules.violation("PR-IMPORT", f"{year} 年度编号 {proposal.number} 已经存在") from None
    for d in cosigners:
        CoSigner.objects.create(congress=congress, proposal=proposal, deputy=d,
                                confirmed_at=timezone.now() if actor.role == "office" else None)
    if cosigners and actor.role == "office":
        proposal.status = Status.SUBMITTED  # registered from a signed paper: the signatures are the confirmation
        proposal.save(update_fields=["status"])
    audit.record(actor=actor, action="create", obj=proposal, after=audit.snapshot(proposal, PROPOSAL_FIELDS))
    return proposal


@transaction.atomic
def cosigner_confirm(*, actor, proposal: Proposal) -> CoSigner:
    sig = CoSigner.objects.select_for_update().filter(
        proposal=proposal, deputy__person_id=actor.person_id, congress_id=actor.congress_id
    ).first()
    if sig is None or actor.role != "deputy":
        raise PermissionDenied("您不是该件的联名代表。")
    if sig.confirmed_at is None:
        sig.confirmed_at = timezone.now()
        sig.save(update_fields=["confirmed_at"])
        audit.record(actor=actor, action="confirm", obj=proposal, note=f"联名代表{sig.deputy}确认")
    if not proposal.cosigners.filter(confirmed_at__isnull=True).exists() and proposal.status == Status.DRAFT:
        PROPOSAL_WORKFLOW.apply(proposal, "confirm", actor=actor)
    return sig


@transaction.atomic
def proposal_transition(*, actor, proposal: Proposal, action: str, note: str = "", **ctx) -> Proposal:
    if action not in MANUAL_ACTIONS:
        raise PermissionDenied(f"操作「{action}」须通过相应的表单办理。")
    return PROPOSAL_WORKFLOW.apply(proposal, action, actor=actor, note=note, **ctx)


SUPERVISE_CONFLICT = "该件的重点督办登记已被他人修改：请刷新页面，核对最新的督办副主任和督办委员会后再提交（您这次提交的内容未保存）。"
ASSIGN_CONFLICT = "该件已被他人修改（可能已经交办）：请刷新页面，核对最新的交办情况后再提交（您这次提交的交办未保存）。"
REASSIGN_CONFLICT = "该退回申请已被他人处理：请刷新页面，核对最新的交办情况后再提交（您这次提交的处理意见未保存）。"


@transaction.atomic
def supervise(*, actor, proposal: Proposal, supervisor=None, body: Organization | None = None,
              note: str = "", today: dt.date | None = None, lock_version=UNCHECKED) -> Proposal:
    """Mark as 重点督办 as decided by 主任会议, with the vice-chair and committee in charge.

    `lock_version` is the proposal's version the clerk read (optimistic locking: a missing or stale one is refused)."""
    if not perms.is_office_or_leader(actor, proposal):
        raise PermissionDenied("重点督办由主任会议确定，由办公厅或常委会领导登记。")
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    check_version(proposal, lock_version, SUPERVISE_CONFLICT)
    before = audit.snapshot(proposal, ["key_supervision", "supervisor", "supervising_body"])
    for obj in (supervisor, body):
        if obj is not None and obj.congress_id != proposal.congress_id:
            raise ValidationError("督办人员或委员会不属于本人大。")
    proposal.key_supervision = True
    proposal.supervisor = supervisor
    proposal.supervising_body = body
    proposal.supervised_on = proposal.supervised_on or or_today(today)
    proposal.lock_version += 1
    proposal.save(update_fields=["key_supervision", "supervisor", "supervising_body", "supervised_on", "lock_version",
                                 "updated_at"])
    audit.record(actor=actor, action="update", obj=proposal, before=before, rule=rules.get("PR-SUPERVISE"),
                 after=audit.snapshot(proposal, ["key_supervision", "supervisor", "supervising_body"]), note=note)
    return proposal
