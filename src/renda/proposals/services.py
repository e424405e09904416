"""All writes of motions and suggestions. Views, the API and commands call these, never the ORM directly.

Every deadline is counted on the congress's working calendar (`core.calendar.calendar_for`) with the
periods of the rules in proposals.toml (working days or calendar months, as each rule says).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from renda.core import attachments, audit, rules, thresholds
from renda.core.calendar import calendar_for
from renda.core.errors import ConflictError
from renda.core.models import Organization
from renda.deputies.models import Delegation, Deputy
from renda.proposals import permissions as perms
from renda.proposals.models import (
    CATEGORY_BY_LABEL,
    REPLYING_ROLES,
    Assignment,
    AssignmentStatus,
    Category,
    Commitment,
    CommitmentStatus,
    CoSigner,
    ExcludedFlag,
    Kind,
    ProgressReport,
    Proposal,
    Proposer,
    Rating,
    Reply,
    ReturnRequest,
    Role,
    Status,
    Verdict,
)
from renda.proposals.workflow import ASSIGNMENT_WORKFLOW, MANUAL_ACTIONS, PROPOSAL_WORKFLOW, close_if_rated

PROPOSAL_FIELDS = ["kind", "number", "title", "category", "status", "reply_due", "assign_due", "key_supervision"]
log = logging.getLogger(__name__)


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


# ---- deadlines -------------------------------------------------------------------------------------------
def assign_deadline(congress, received_on: dt.date) -> dt.date:
    n = rules.param(congress, "PR-ASSIGN", "working_days")
    return calendar_for(congress).add_working_days(received_on, n)


def return_deadline(congress, assigned_on: dt.date) -> dt.date:
    n = rules.param(congress, "PR-RETURN", "working_days")
    return calendar_for(congress).add_working_days(assigned_on, n)


def opinion_deadline(congress, assigned_on: dt.date) -> dt.date:
    return calendar_for(congress).add_months(assigned_on, rules.param(congress, "PR-ASSIST", "months"))


def reply_deadline(congress, assigned_on: dt.date, *, extended: bool = False) -> dt.date:
    name = "max_months" if extended else "months"
    return calendar_for(congress).add_months(assigned_on, rules.param(congress, "PR-REPLY", name))


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
    received_on = _today(received_on)
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


def _check_version(locked, lock_version: int | None, message: str = "") -> None:
    """Optimistic locking on a row already locked with select_for_update: `lock_version` is the version the
    clerk's page or client read; None (an old client) means no check. A stale version is refused with 409."""
    if lock_version is not None and locked.lock_version != lock_version:
        raise ConflictError(message) if message else ConflictError()


SUPERVISE_CONFLICT = "该件的重点督办登记已被他人修改：请刷新页面，核对最新的督办副主任和督办委员会后再提交（您这次提交的内容未保存）。"
ASSIGN_CONFLICT = "该件已被他人修改（可能已经交办）：请刷新页面，核对最新的交办情况后再提交（您这次提交的交办未保存）。"
REASSIGN_CONFLICT = "该退回申请已被他人处理：请刷新页面，核对最新的交办情况后再提交（您这次提交的处理意见未保存）。"
COMMITMENT_CONFLICT = "该承诺事项已被他人更新：请刷新页面，核对最新的落实情况后再提交（您这次提交的内容未保存）。"


@transaction.atomic
def supervise(*, actor, proposal: Proposal, supervisor=None, body: Organization | None = None,
              note: str = "", today: dt.date | None = None, lock_version: int | None = None) -> Proposal:
    """Mark as 重点督办 as decided by 主任会议, with the vice-chair and committee in charge.

    `lock_version` is the proposal's version the clerk read (optimistic locking; None: no check)."""
    if not perms.is_leader(actor, proposal):
        raise PermissionDenied("重点督办由主任会议确定，由办公厅或常委会领导登记。")
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    _check_version(proposal, lock_version, SUPERVISE_CONFLICT)
    before = audit.snapshot(proposal, ["key_supervision", "supervisor", "supervising_body"])
    for obj in (supervisor, body):
        if obj is not None and obj.congress_id != proposal.congress_id:
            raise ValidationError("督办人员或委员会不属于本人大。")
    proposal.key_supervision = True
    proposal.supervisor = supervisor
    proposal.supervising_body = body
    proposal.supervised_on = proposal.supervised_on or _today(today)
    proposal.lock_version += 1
    proposal.save(update_fields=["key_supervision", "supervisor", "supervising_body", "supervised_on", "lock_version",
                                 "updated_at"])
    audit.record(actor=actor, action="update", obj=proposal, before=before, rule=rules.get("PR-SUPERVISE"),
                 after=audit.snapshot(proposal, ["key_supervision", "supervisor", "supervising_body"]), note=note)
    return proposal


# ---- 交办 --------------------------------------------------------------------------------------------------
def _new_assignment(proposal: Proposal, unit: Organization, role: str, part: str, on: dt.date) -> Assignment:
    if unit.congress_id != proposal.congress_id or not unit.is_handling_unit:
        raise ValidationError({"unit": f"「{unit}」不是本人大的承办单位。"})
    congress = proposal.congress
    a = Assignment(
        congress_id=proposal.congress_id, proposal=proposal, unit=unit, role=role, part=part, assigned_on=on,
        return_due=return_deadline(congress, on),
        opinion_due=opinion_deadline(congress, on) if role == Role.ASSIST else None,
        reply_due=reply_deadline(congress, on, extended=proposal.extended) if role in REPLYING_ROLES else None,
    )
    a.full_clean()
    a.save()
    return a


def _refresh_due(proposal: Proposal) -> None:
    dues = [a.reply_due for a in proposal.assignments.filter(role__in=REPLYING_ROLES).exclude(
        status=AssignmentStatus.RETURNED) if a.reply_due]
    proposal.reply_due = max(dues) if dues else None
    proposal.save(update_fields=["reply_due", "updated_at"])


@transaction.atomic
def proposal_assign(*, actor, proposal: Proposal, units: list[tuple[Organization, str, str]],
                    today: dt.date | None = None, lock_version: int | None = None) -> Proposal:
    """交办: units is [(unit, role, part)]: one 主办 with any 协办, or several 分办 each with its part.

    `lock_version` is the proposal's version the clerk read (optimistic locking; None: no check). The row is
    locked and its state checked before any assignment is created, so a second 交办 never adds units silently.
    """
    if not perms.is_office(actor, proposal):
        raise PermissionDenied("只有代表工作机构可以交办。")
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    _check_version(proposal, lock_version, ASSIGN_CONFLICT)
    step = PROPOSAL_WORKFLOW.transition("assign")
    if proposal.status not in step.sources:  # e.g. already 交办 by somebody else: nothing is added
        raise rules.violation(step.rule, f"当前状态为「{proposal.get_status_display()}」，不能执行「{step.label}」")
    today = _today(today)
    roles = [r for _, r, _ in units]
    if roles.count(Role.LEAD) > 1:
        raise rules.violation("PR-ASSIGN", "会同办理只能确定一个主办单位")
    if Role.ASSIST in roles and Role.LEAD not in roles:
        raise rules.violation("PR-ASSIGN", "确定协办单位的，须同时确定主办单位")
    if Role.LEAD in roles and Role.SEPARATE in roles:
        raise rules.violation("PR-ASSIGN", "分别办理与会同办理不能同时适用")
    if any(r == Role.SEPARATE and not (p or "").strip() for _, r, p in units):
        raise rules.violation("PR-ASSIGN", "分别办理的，应当明确各承办单位办理的内容")
    if len({u.pk for u, _, _ in units}) != len(units):
        raise ValidationError("同一承办单位不能重复交办。")
    for unit, role, part in units:
        _new_assignment(proposal, unit, role, part, today)
    proposal.assigned_on = today
    proposal.save(update_fields=["assigned_on", "updated_at"])
    _refresh_due(proposal)
    proposal = PROPOSAL_WORKFLOW.apply(proposal, "assign", actor=actor,
                                       note="交办：" + "、".join(f"{u}（{dict(Role.choices)[r]}）" for u, r, _ in units))
    return proposal


@transaction.atomic
def return_request(*, actor, assignment: Assignment, reason: str, today: dt.date | None = None) -> ReturnRequest:
    today = _today(today)
    ASSIGNMENT_WORKFLOW.apply(assignment, "request_return", actor=actor, note=reason, today=today)
    rr = ReturnRequest.objects.create(congress_id=assignment.congress_id, assignment=assignment,
                                      reason=reason.strip(), requested_on=today, requested_by=actor)
    return rr


@transaction.atomic
def return_decide(*, actor, assignment: Assignment, accept: bool, note: str = "",
                  new_unit: Organization | None = None, today: dt.date | None = None,
                  lock_version: int | None = None) -> Assignment | None:
    """Accept (and reassign to `new_unit` with the same role) or refuse a unit's return request.

    `lock_version` is the assignment's version the clerk read (optimistic locking; None: no check). The
    request must still be pending: a second decision never reassigns the item a second time."""
    today = _today(today)
    action = "accept_return" if accept else "refuse_return"
    assignment = Assignment.objects.select_for_update().select_related("proposal").get(pk=assignment.pk)
    _check_version(assignment, lock_version, REASSIGN_CONFLICT)
    ASSIGNMENT_WORKFLOW.check(assignment, action, actor=actor, note=note or ("同意退回" if accept else ""))
    rr = assignment.return_requests.filter(decision=ReturnRequest.Decision.PENDING).last()
    ASSIGNMENT_WORKFLOW.apply(assignment, action, actor=actor, note=note or ("同意退回" if accept else ""))
    if rr is not None:
        rr.decision = ReturnRequest.Decision.ACCEPTED if accept else ReturnRequest.Decision.REFUSED
        rr.decided_on = today
        rr.decision_note = note
        rr.save(update_fields=["decision", "decided_on", "decision_note"])
    new = None
    if accept and new_unit is not None:
        proposal = assignment.proposal
        if proposal.assignments.filter(unit=new_unit).exclude(status=AssignmentStatus.RETURNED).exists():
            raise ValidationError("该单位已在办理本件。")
        new = _new_assignment(proposal, new_unit, assignment.role, assignment.part, today)
        audit.record(actor=actor, action="reassign", obj=proposal, rule=rules.get("PR-RETURN"),
                     note=f"退回后重新交办：{new_unit}（{new.get_role_display()}）")
        _refresh_due(proposal)
    return new


# ---- handling -----------------------------------------------------------------------------------------------
@transaction.atomic
def opinion_submit(*, actor, assignment: Assignment, text: str, today: dt.date | None = None) -> Assignment:
    if not (text or "").strip():
        raise ValidationError({"opinion": "请填写协办意见。"})
    today = _today(today)
    if not perms.can_send_opinion(actor, assignment):
        raise PermissionDenied("只有协办单位可以提出协办意见。")
    assignment.opinion = text.strip()
    assignment.opinion_on = today
    assignment.save(update_fields=["opinion", "opinion_on"])
    return ASSIGNMENT_WORKFLOW.apply(assignment, "send_opinion", actor=actor, note="协办意见")


@dataclass
class CommitmentIn:
    text: str
    due_date: dt.date


@transaction.atomic
def reply_submit(
    *,
    actor,
    assignment: Assignment,
    text: str,
    result_class: str,
    communication: str,
    signer: str,
    commitments: list[CommitmentIn] | None = None,
    letter=None,
    today: dt.date | None = None,
) -> Reply:
    today = _today(today)
    if not perms.can_reply(actor, assignment):
        raise PermissionDenied("只有主办或分办单位可以答复代表。")
    proposal = Proposal.objects.select_for_update().get(pk=assignment.proposal_id)
    reply = Reply(
        congress_id=assignment.congress_id, proposal=proposal, assignment=assignment, round=proposal.round,
        text=(text or "").strip(), result_class=result_class, communication=communication,
        signer=(signer or "").strip(), replied_on=today,
        on_time=assignment.reply_due is None or today <= assignment.reply_due, created_by=actor,
    )
    reply.full_clean()
    ASSIGNMENT_WORKFLOW.apply(assignment, "reply", actor=actor, note="答复代表")
    reply.save()
    for c in commitments or []:
        if not (c.text or "").strip():
            raise ValidationError({"commitments": "承诺事项不能为空。"})
        commitment = Commitment(congress_id=reply.congress_id, reply=reply, text=c.text.strip(), due_date=c.due_date,
                                year=today.year)
        commitment.full_clean()
        commitment.save()
    if letter is not None:
        attachments.attach(actor=actor, obj=reply, upload=letter)
    audit.record(actor=actor, action="create", obj=reply,
                 after=audit.snapshot(reply, ["round", "result_class", "communication", "signer", "on_time"]))
    pending = proposal.assignments.filter(role__in=REPLYING_ROLES).exclude(
        status__in=(AssignmentStatus.RETURNED, AssignmentStatus.REPLIED))
    if not pending.exists():
        PROPOSAL_WORKFLOW.apply(proposal, "replied", actor=actor, note="承办单位已全部答复")
        _mail_deputies(proposal, "【代表建议答复待测评】", lambda item, note: (
            f"您领衔提出的建议《{item.title}》（{item.number}）{note}，承办单位已作出第{proposal.round}轮答复，"
            "请登录履职平台查看答复，并提出满意、基本满意或不满意的测评意见。"))
    return reply


# ---- deputies' email (on commit) --------------------------------------------------------------------------------
def _mail_deputies(main: Proposal, subject: str, body) -> int:
    """Email the lead deputy of `main` and of each suggestion merged into it (并案) who has an email on their
    User, once the service's transaction commits. `body(item, note)` gives the text for the deputy's own item
    (`note` says it is handled with the main item). Returns how many emails are queued."""
    from django.conf import settings
    from django.core import mail
    from django.db.models import Q

    from renda.core.models import User

    items = sorted(
        Proposal.objects.filter(Q(pk=main.pk) | Q(merged_into_id=main.pk, status=Status.MERGED))
        .select_related("lead_deputy__person"),
        key=lambda p: (p.pk != main.pk, p.number))
    leads = {p.pk: p.lead_deputy for p in items}
    persons = {d.person_id for d in leads.values() if d is not None}
    if not persons:
        return 0
    emails: dict[int, list[str]] = {}
    for person_id, email in User.objects.filter(
        congress_id=main.congress_id, role="deputy", is_active=True, person_id__in=persons,
    ).exclude(email="").order_by("id").values_list("person_id", "email"):
        emails.setdefault(person_id, []).append(email.strip())
    messages, seen = [], set()
    for item in items:
        deputy = leads.get(item.pk)
        if deputy is None:
            continue
        note = "" if item.pk == main.pk else f"（已并入{main.number}《{main.title}》办理）"
        for email in emails.get(deputy.person_id, []):
            if not email or email in seen:
                continue
            seen.add(email)
            messages.append(mail.EmailMessage(
                f"{subject}{item.number} {item.title}",
                f"{deputy.person.name}代表：\n\n{body(item, note)}\n\n（本邮件由履职平台自动发送）",
                settings.DEFAULT_FROM_EMAIL, [email]))
    if messages:
        transaction.on_commit(lambda: _send(messages), robust=True)
    return len(messages)


def _send(messages) -> None:
    from django.core import mail

    try:
        mail.get_connection().send_messages(messages)
    except Exception:  # the record is saved; a mail server outage must not fail the request
        log.warning("proposals: email to deputies could not be sent", exc_info=True)


@transaction.atomic
def extension_approve(*, actor, proposal: Proposal, note: str = "") -> Proposal:
    """延期答复, approved by the deputies' working body: at most max_months from assignment (PR-REPLY)."""
    if not perms.is_office(actor, proposal):
        raise PermissionDenied("延期答复须经代表工作机构同意。")
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status not in (Status.ASSIGNED, Status.REHANDLING) or proposal.round > 1:
        raise rules.violation("PR-REPLY", "只有首轮办理中的件可以申请延期答复")
    proposal.extended = True
    proposal.save(update_fields=["extended", "updated_at"])
    for a in proposal.assignments.filter(role__in=REPLYING_ROLES).exclude(status=AssignmentStatus.RETURNED):
        a.reply_due = reply_deadline(proposal.congress, a.assigned_on, extended=True)
        a.save(update_fields=["reply_due"])
    _refresh_due(proposal)
    audit.record(actor=actor, action="extend", obj=proposal, rule=rules.get("PR-REPLY"), note=note or "同意延期答复",
                 after={"reply_due": proposal.reply_due})
    return proposal


def rating_main(proposal: Proposal) -> Proposal:
    """The item whose reply is rated: the item itself, or its main item when merged (并案)."""
    if proposal.status == Status.MERGED and proposal.merged_into_id:
        return proposal.merged_into
    return proposal


def can_rate_now(user, proposal: Proposal) -> bool:
    """Whether `user` may rate `proposal` now (a merged suggestion is rated when its main item is replied)."""
    main = rating_main(proposal)
    if main.status != Status.REPLIED:
        return False
    ok = perms.is_lead_deputy(user, proposal) or perms.is_office(user, proposal)
    return ok and not proposal.ratings.filter(round=main.round).exists()


@transaction.atomic
def proposal_rate(*, actor, proposal: Proposal, verdict: str, comment: str = "",
                  today: dt.date | None = None) -> Rating:
    """The lead deputy's verdict on the current round of replies.

    并案 (PR-MERGE): the lead deputy of each merged suggestion rates the main item's reply on their own
    suggestion. Any 不满意 puts the main item into 不满意待处理 at once; the main item closes only when every
    lead deputy of the group has rated 满意 or 基本满意 (guard `group_satisfied`).
    """
    today = _today(today)
    if verdict not in Verdict.values:
        raise ValidationError({"verdict": "请选择满意、基本满意或不满意。"})
    if verdict == Verdict.UNSATISFIED and not (comment or "").strip():
        raise ValidationError({"comment": "不满意的，请说明理由。"})
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    main = Proposal.objects.select_for_update().get(pk=rating_main(proposal).pk)
    merged_child = main.pk != proposal.pk
    if not (perms.is_lead_deputy(actor, proposal) or perms.is_office(actor, proposal)):
        raise PermissionDenied("只有本件的领衔代表可以测评（代表工作机构可以代为登记书面测评）。")
    if merged_child and main.status != Status.REPLIED:
        raise rules.violation("PR-RATE", f"主件{main.number}当前为「{main.get_status_display()}」，暂不能测评")
    PROPOSAL_WORKFLOW.check(main, "dispute", actor=actor)  # state: replied, awaiting the verdict
    if Rating.objects.filter(proposal=proposal, round=main.round).exists():
        raise rules.violation("PR-RATE", f"第{main.round}轮答复已经测评")
    rating = Rating(congress_id=proposal.congress_id, proposal=proposal, round=main.round, verdict=verdict,
                    comment=comment, rated_on=today, rated_by=actor)
    rating.full_clean()
    rating.save()
    label = rating.get_verdict_display()
    if merged_child:
        audit.record(actor=actor, action="rate", obj=proposal, rule=rules.get("PR-MERGE"),
                     note=f"并案建议测评（主件{main.number}第{main.round}轮答复）：{label}")
    if verdict == Verdict.UNSATISFIED:
        who = f"并入建议{proposal.number}的领衔代表" if merged_child else ""
        PROPOSAL_WORKFLOW.apply(main, "dispute", actor=actor, note=f"{who}测评：{label}", today=today)
    else:
        close_if_rated(main, actor=actor, today=today, note=f"测评：{label}")
    return rating


@transaction.atomic
def proposal_rehandle(*, actor, proposal: Proposal, note: str = "", today: dt.date | None = None) -> Proposal:
    """不满意 → 重新办理 (PR-RATE): a new round with a new reply deadline for the replying units."""
    today = _today(today)
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    PROPOSAL_WORKFLOW.check(proposal, "rehandle", actor=actor)
    due = calendar_for(proposal.congress).add_months(today, rules.param(proposal.congress, "PR-RATE",
                                                                         "rehandle_months"))
    for a in proposal.assignments.exclude(status=AssignmentStatus.RETURNED):
        if a.status in (AssignmentStatus.REPLIED, AssignmentStatus.OPINION_SENT):
            ASSIGNMENT_WORKFLOW.apply(a, "reopen", actor=actor, note="重新办理")
            a.refresh_from_db()
        if a.role in REPLYING_ROLES:
            a.reply_due = due
            a.save(update_fields=["reply_due"])
    proposal.round += 1
    proposal.reply_due = due
    proposal.save(update_fields=["round", "reply_due", "updated_at"])
    return PROPOSAL_WORKFLOW.apply(proposal, "rehandle", actor=actor, note=note or "测评不满意，重新办理")


# ---- 并案 (PR-MERGE) ----------------------------------------------------------------------------------------
@transaction.atomic
def proposal_merge(*, actor, proposal: Proposal, main: Proposal, note: str = "",
                   today: dt.date | None = None) -> Proposal:
    """Merge `proposal` (not yet assigned) into `main`: it follows the main item's 交办, replies and verdicts."""
    today = _today(today)
    if not perms.can_merge(actor, proposal):
        raise PermissionDenied("只有代表工作机构可以决定并案。")
    if main.congress_id != actor.congress_id:
        raise rules.violation("PR-MERGE", "只能与本人大的代表建议并案")
    main = Proposal.objects.select_for_update().get(pk=main.pk)
    if main.status == Status.MERGED:
        raise rules.violation("PR-MERGE", f"{main.number}本身已并入其他建议，请选择其主件")
    proposal = PROPOSAL_WORKFLOW.apply(proposal, "merge", actor=actor, main=main, today=today,
                                       note=note or f"并入{main.number}《{main.title}》办理")
    audit.record(actor=actor, action="merge", obj=main, rule=rules.get("PR-MERGE"),
                 note=f"并入：{proposal.number}《{proposal.title}》" + (f"；{note}" if note else ""))
    return proposal


@transaction.atomic
def proposal_unmerge(*, actor, proposal: Proposal, note: str = "", today: dt.date | None = None) -> Proposal:
    """Undo a merge while the main item is still 待交办; the suggestion goes back to 待交办 on its own."""
    proposal = Proposal.objects.select_related("merged_into").get(pk=proposal.pk)
    main = proposal.merged_into
    proposal = PROPOSAL_WORKFLOW.apply(proposal, "unmerge", actor=actor, today=_today(today),
                                       note=note or (f"撤销并入{main.number}" if main else "撤销并案"))
    if main is not None:
        audit.record(actor=actor, action="unmerge", obj=main, rule=rules.get("PR-MERGE"),
                     note=f"撤销并案：{proposal.number}《{proposal.title}》")
    return proposal


# ---- 重点督办 progress reports (PR-PROGRESS) -------------------------------------------------------------------
PROGRESS_STATES = (Status.ASSIGNED, Status.REPLIED, Status.DISPUTED, Status.REHANDLING)
PROGRESS_DUE_STATES = (Status.ASSIGNED, Status.REHANDLING)  # handling open: reports are due


def progress_due(proposal: Proposal, last_report: dt.date | None, interval: int | None = None) -> dt.date | None:
    """The next progress report's due date: `interval_days` after the last report, or after the item was
    both assigned and put under key supervision; None when no report is due (not key, not open)."""
    if not proposal.key_supervision or proposal.status not in PROGRESS_DUE_STATES or not proposal.assigned_on:
        return None
    base = last_report or max(d for d in (proposal.assigned_on, proposal.supervised_on) if d)
    if interval is None:
        interval = rules.param(proposal.congress_id, "PR-PROGRESS", "interval_days")
    return base + dt.timedelta(days=interval)


@transaction.atomic
def progress_report_file(*, actor, proposal: Proposal, text: str, reported_on: dt.date | None = None,
                         attachment=None, today: dt.date | None = None) -> ProgressReport:
    """A dated progress report on a 重点督办 item by its lead unit or the committee in charge."""
    today = _today(today)
    reported_on = reported_on or today
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if not perms.can_file_progress(actor, proposal):
        raise PermissionDenied("只有主办单位或负责督办的专门委员会可以报送办理进展。")
    if not proposal.key_supervision:
        raise rules.violation("PR-PROGRESS", "本件不是重点督办件，不需要报送办理进展")
    if proposal.status not in PROGRESS_STATES:
        raise rules.violation("PR-PROGRESS", f"本件当前为「{proposal.get_status_display()}」，不能报送办理进展")
    if not (text or "").strip():
        raise ValidationError({"text": "请填写办理进展。"})
    if reported_on > today:
        raise ValidationError({"reported_on": "报告日期不能晚于今天。"})
    if proposal.assigned_on and reported_on < proposal.assigned_on:
        raise ValidationError({"reported_on": "报告日期不能早于交办日期。"})
    report = ProgressReport(congress_id=proposal.congress_id, proposal=proposal, reporter_id=actor.organization_id,
                            reported_on=reported_on, text=text.strip(), created_by=actor)
    report.full_clean()
    report.save()
    if attachment is not None:
        try:
            attachments.attach(actor=actor, obj=report, upload=attachment)
        except ValidationError as exc:  # type by content, size: the whole report is rolled back
            raise ValidationError({"attachment": exc.messages}) from exc
    audit.record(actor=actor, action="create", obj=report, rule=rules.get("PR-PROGRESS"),
                 after=audit.snapshot(report, ["reported_on", "reporter"]), note="报送重点督办件办理进展")
    reporter = report.reporter.name
    _mail_deputies(proposal, "【重点督办建议办理进展】", lambda item, note: (
        f"您领衔提出的建议《{item.title}》（{item.number}）{note}为重点督办件。{reporter}于"
        f"{reported_on:%Y年%m月%d日}报送了办理进展：\n\n{report.text}\n\n请登录履职平台查看办理进展。"))
    return report


# ---- 承诺事项台账 (PR-COMMIT) ---------------------------------------------------------------------------------
COMMITMENT_FIELDS = ["status", "due_date", "done_on", "note", "year"]


def _lock_commitment(actor, commitment: Commitment, lock_version: int | None) -> Commitment:
    if not perms.can_update_commitment(actor, commitment):
        raise PermissionDenied("只有作出承诺的承办单位可以更新承诺事项。")
    c = Commitment.objects.select_for_update().select_related("reply").get(pk=commitment.pk)
    _check_version(c, lock_version, COMMITMENT_CONFLICT)
    if c.status != CommitmentStatus.OPEN:
        raise rules.violation("PR-COMMIT", f"该承诺事项的状态为「{c.get_status_display()}」，不能再更新")
    return c


@transaction.atomic
def commitment_done(*, actor, commitment: Commitment, done_on: dt.date | None, note: str,
                    today: dt.date | None = None, lock_version: int | None = None) -> Commitment:
    """Mark an open commitment done; `lock_version` is the version the unit read (None: no check)."""
    today = _today(today)
    c = _lock_commitment(actor, commitment, lock_version)
    if len((note or "").strip()) < 4:
        raise rules.violation("PR-COMMIT", "承诺事项完成的，须注明落实情况")
    if done_on is None:
        raise ValidationError({"done_on": "请填写完成日期。"})
    if done_on > today:
        raise ValidationError({"done_on": "完成日期不能晚于今天。"})
    if done_on < c.reply.replied_on:
        raise ValidationError({"done_on": "完成日期不能早于作出承诺的答复日期。"})
    before = audit.snapshot(c, COMMITMENT_FIELDS)
    c.status = CommitmentStatus.DONE
    c.done_on = done_on
    c.note = note.strip()
    c.lock_version += 1
    c.full_clean()
    c.save()
    audit.record(actor=actor, action="update", obj=c, before=before, after=audit.snapshot(c, COMMITMENT_FIELDS),
                 rule=rules.get("PR-COMMIT"), note="承诺事项已完成")
    return c


@transaction.atomic
def commitment_carry(*, actor, commitment: Commitment, due_date: dt.date | None, note: str,
                     today: dt.date | None = None, lock_version: int | None = None) -> Commitment:
    """Carry an open commitment to the next year's ledger with a new completion date (跨年度办理);
    `lock_version` is the version the unit read (None: no check)."""
    c = _lock_commitment(actor, commitment, lock_version)
    if len((note or "").strip()) < 4:
        raise rules.violation("PR-COMMIT", "结转下一年度的，须说明未能完成的原因和工作进度安排")
    if due_date is None:
        raise ValidationError({"due_date": "请填写新的承诺完成时间。"})
    next_year = c.year + 1
    if due_date.year < next_year:
        raise rules.violation("PR-COMMIT", f"结转的承诺事项须确定{next_year}年或以后的完成时间")
    before = audit.snapshot(c, COMMITMENT_FIELDS)
    c.status = CommitmentStatus.CARRIED
    c.note = note.strip()
    c.lock_version += 1
    c.save()
    audit.record(actor=actor, action="update", obj=c, before=before, after=audit.snapshot(c, COMMITMENT_FIELDS),
                 rule=rules.get("PR-COMMIT"), note=f"结转{next_year}年")
    carried = Commitment(congress_id=c.congress_id, reply=c.reply, text=c.text, year=next_year, due_date=due_date,
                         carried_from=c)
    carried.full_clean()
    carried.save()
    audit.record(actor=actor, action="create", obj=carried, after=audit.snapshot(carried, COMMITMENT_FIELDS),
                 rule=rules.get("PR-COMMIT"), note=f"由{c.year}年结转")
    return carried


# ---- import --------------------------------------------------------------------------------------------------
IMPORT_HEADER = ["编号", "标题", "领衔代表", "联名代表", "代表团", "类别", "内容"]


@dataclass
class ImportReport:
    created: int = 0
    skipped: int = 0  # already there (same number): a re-import creates no duplicates
    problems: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _split_names(value: Any) -> list[str]:
    return [n for n in re.split(r"[、，,；;\s]+", str(value or "").strip()) if n]


XLSX_MAX_BYTES = 5 * 1024 * 1024  # the upload
XLSX_MAX_UNPACKED = 100 * 1024 * 1024  # its unpacked members (a zip bomb is refused before openpyxl opens it)


def _check_xlsx_upload(fileobj) -> None:
    """Type by content (a ZIP container holding a workbook) and size, with a Chinese error (docs/SECURITY.md)."""
    import zipfile

    if fileobj is None:
        raise ValidationError("请选择要导入的 .xlsx 文件。")
    size = getattr(fileobj, "size", None)
    if size is not None and size > XLSX_MAX_BYTES:
        raise ValidationError(f"文件过大（不得超过 {XLSX_MAX_BYTES // 1024 // 1024} MB）。")
    fileobj.seek(0)
    head = fileobj.read(4)
    fileobj.seek(0)
    if head != b"PK\x03\x04":
        raise ValidationError("无法读取该文件：请上传 .xlsx 格式的 Excel 文件（按文件内容识别，与文件名无关）。")
    try:
        with zipfile.ZipFile(fileobj) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
            unpacked = sum(i.file_size for i in infos)
    except zipfile.BadZipFile:
        raise ValidationError("无法读取该文件：文件已损坏或不是 .xlsx 格式。") from None
    finally:
        fileobj.seek(0)
    if "xl/workbook.xml" not in names:
        raise ValidationError("无法读取该文件：这不是 Excel 工作簿（.xlsx）。")
    if unpacked > XLSX_MAX_UNPACKED:
        raise ValidationError("文件解压后过大，未予导入。")


@transaction.atomic
def import_xlsx(*, actor, fileobj, year: int, received_on: dt.date | None = None, session=None) -> ImportReport:
    """Row by row: good rows are stored, bad rows reported with their row number and reason."""
    from openpyxl import load_workbook

    if not perms.can_import(actor):
        raise PermissionDenied("只有代表工作机构可以导入代表建议。")
    _check_xlsx_upload(fileobj)
    try:
        wb = load_workbook(fileobj, read_only=True, data_only=True)
    except Exception:
        raise ValidationError("无法读取该文件：请上传 .xlsx 格式的 Excel 文件。") from None
    ws = wb.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    header = [str(c or "").strip() for c in next(rows, ())]
    missing = [h for h in IMPORT_HEADER if h not in header]
    if missing:
        raise ValidationError(f"表头缺少：{'、'.join(missing)}（应为 {'、'.join(IMPORT_HEADER)}）。")
    col = {h: header.index(h) for h in IMPORT_HEADER}
    congress = actor.congress
    received_on = received_on or _today(None)
    deputies: dict[str, Deputy] = {}
    for d in Deputy.objects.filter(congress=congress).select_related("person", "delegation").order_by("term__number"):
        deputies[d.person.name] = d
    delegations = {d.name: d for d in Delegation.objects.filter(congress=congress)}
    existing = set(Proposal.objects.filter(congress=congress, year=year).values_list("number", flat=True))
    assign_due = assign_deadline(congress, received_on)
    report = ImportReport()
    new: list[Proposal] = []
    signers: list[tuple[int, list[Deputy]]] = []
    for rownum, row in enumerate(rows, start=2):
        cell = {h: ("" if row[i] is None else str(row[i]).strip()) if i < len(row) else "" for h, i in col.items()}
        if not any(cell.values()):
            continue
        number = cell["编号"]
        reasons = []
        if not number:
            reasons.append("编号为空")
        if not cell["标题"]:
            reasons.append("标题为空")
        lead = deputies.get(cell["领衔代表"])
        if not cell["领衔代表"]:
            reasons.append("缺少领衔代表")
        elif lead is None:
            reasons.append(f"领衔代表「{cell['领衔代表']}」不是本人大代表")
        delegation = None
        if cell["代表团"]:
            delegation = delegations.get(cell["代表团"])
            if delegation is None:
                reasons.append(f"代表团「{cell['代表团']}」不存在")
        co = []
        for name in _split_names(cell["联名代表"]):
            d = deputies.get(name)
            if d is None:
                reasons.append(f"联名代表「{name}」不是本人大代表")
            elif lead is None or d.pk != lead.pk:
                co.append(d)
        category = CATEGORY_BY_LABEL.get(cell["类别"], Category.OTHER if not cell["类别"] else None)
        if category is None:
            reasons.append(f"类别「{cell['类别']}」无法识别")
        if not cell["内容"]:
            reasons.append("内容为空")
        if reasons:
            report.problems.append((rownum, "；".join(reasons)))
            continue
        if number in existing:
            report.skipped += 1
            continue
        existing.add(number)
        p = Proposal(
            congress=congress, year=year, number=number[:30], session=session, title=cell["标题"][:200],
            content=cell["内容"], category=category, lead_deputy=lead,
            delegation=delegation or lead.delegation, received_on=received_on, assign_due=assign_due,
            flags=screen(cell["标题"], cell["内容"]), status=Status.SUBMITTED,
            channel="session" if session else "recess", created_by=actor,
        )
        new.append(p)
        signers.append((len(new) - 1, co))
    Proposal.objects.bulk_create(new, batch_size=500)
    now = timezone.now()
    CoSigner.objects.bulk_create(
        [CoSigner(congress=congress, proposal=new[i], deputy=d, confirmed_at=now) for i, co in signers for d in co],
        batch_size=1000, ignore_conflicts=True,
    )
    report.created = len(new)
    audit.record(actor=actor, action="import", congress_id=congress.pk, rule=rules.get("PR-IMPORT"),
                 note=f"导入代表建议：新增 {report.created} 件，已存在 {report.skipped} 件，"
                      f"有问题 {len(report.problems)} 行")
    return report


# ---- reminders -------------------------------------------------------------------------------------------------
def send_reminders(*, today: dt.date | None = None, congress_id: int | None = None) -> int:
    """Due-soon and overdue reminders (in the app and by email). Safe to run twice: one per (assignment,
    kind, deadline), kept by a unique constraint; a second run sends nothing new."""
    from django.core.mail import send_mail

    from renda.core.models import User
    from renda.proposals.models import Reminder

    today = _today(today)
    qs = Assignment.objects.filter(status=AssignmentStatus.ACTIVE).select_related("proposal", "unit")
    if congress_id:
        qs = qs.filter(congress_id=congress_id)
    sent = 0
    horizon: dict[int, int] = {}
    for a in qs.iterator():
        due = a.opinion_due if a.role == Role.ASSIST else a.reply_due
        if due is None or a.proposal.status not in (Status.ASSIGNED, Status.REHANDLING):
            continue
        if a.congress_id not in horizon:
            horizon[a.congress_id] = rules.param(a.congress_id, "PR-REMIND", "days_before")
        if due < today:
            kind = Reminder.Kind.OVERDUE
        elif (due - today).days <= horizon[a.congress_id]:
            kind = Reminder.Kind.DUE_SOON
        else:
            continue
        emails = sorted(e for e in User.objects.filter(
            congress_id=a.congress_id, organization_id=a.unit_id, is_active=True).values_list("email", flat=True) if e)
        try:
            with transaction.atomic():
                Reminder.objects.create(congress_id=a.congress_id, assignment=a, kind=kind, due_date=due,
                                        sent_on=today, recipients=emails)
        except IntegrityError:
            continue  # already reminded for this deadline
        what = "协办意见" if a.role == Role.ASSIST else "答复"
        state = "已逾期" if kind == Reminder.Kind.OVERDUE else "即将到期"
        if emails:
            send_mail(
                subject=f"【代表建议办理提醒】{a.proposal.number} {what}{state}",
                message=f"{a.unit}：代表建议《{a.proposal.title}》（{a.proposal.number}）的{what}期限为 "
                        f"{due:%Y年%m月%d日}，{state}。请登录履职平台及时办理。",
                from_email=None, recipient_list=emails, fail_silently=True,
            )
        sent += 1
    return sent + send_progress_reminders(today=today, congress_id=congress_id)


def send_progress_reminders(*, today: dt.date | None = None, congress_id: int | None = None) -> int:
    """PR-PROGRESS: a 重点督办 item whose next progress report is due (or overdue) reminds its lead unit and the
    committee in charge, once per due date (same unique key as the other reminders: safe to run twice)."""
    from django.core.mail import send_mail
    from django.db.models import Max

    from renda.core.models import User
    from renda.proposals.models import Reminder

    today = _today(today)
    qs = Proposal.objects.filter(key_supervision=True, status__in=PROGRESS_DUE_STATES).annotate(
        last_report=Max("progress_reports__reported_on"))
    if congress_id:
        qs = qs.filter(congress_id=congress_id)
    sent = 0
    intervals: dict[int, int] = {}
    for p in qs.order_by("pk"):
        if p.congress_id not in intervals:
            intervals[p.congress_id] = rules.param(p.congress_id, "PR-PROGRESS", "interval_days")
        due = progress_due(p, p.last_report, intervals[p.congress_id])
        if due is None or due > today:
            continue
        lead = p.assignments.filter(role__in=REPLYING_ROLES).exclude(
            status=AssignmentStatus.RETURNED).select_related("unit").order_by("id").first()
        if lead is None:
            continue
        orgs = [lead.unit_id] + ([p.supervising_body_id] if p.supervising_body_id else [])
        emails = sorted(e for e in User.objects.filter(
            congress_id=p.congress_id, organization_id__in=orgs, is_active=True).values_list("email", flat=True) if e)
        try:
            with transaction.atomic():
                Reminder.objects.create(congress_id=p.congress_id, assignment=lead, kind=Reminder.Kind.PROGRESS,
                                        due_date=due, sent_on=today, recipients=emails)
        except IntegrityError:
            continue  # already reminded for this due date
        if emails:
            send_mail(
                subject=f"【重点督办件进展报告提醒】{p.number} {p.title}",
                message=f"重点督办件《{p.title}》（{p.number}）的办理进展报告应于 {due:%Y年%m月%d日} 前报送"
                        f"（主办单位：{lead.unit}）。请登录履职平台报送办理进展。",
                from_email=None, recipient_list=emails, fail_silently=True,
            )
        sent += 1
    return sent
