"""Writes of 撤职案: drafting, the members' written signatures, the defence, the steps (through the workflow)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from renda.core import audit, rules
from renda.core.models import Organization, Person
from renda.core.writes import save_new
from renda.supervision import checks
from renda.supervision import permissions as perms
from renda.supervision.removal.models import (
    DefenceMode,
    RemovalCase,
    RemovalPost,
    RemovalProposer,
    RemovalSigner,
    RemovalStatus,
)
from renda.supervision.removal.workflow import REMOVAL_WORKFLOW


@transaction.atomic
def removal_create(*, actor, title: str, target_name: str, target_post: str, post_kind: str,
                   target_organ: Organization, proposer_kind: str, reasons: str, materials: str = "",
                   proposer_organ: Organization | None = None) -> RemovalCase:
    checks.require(perms.can_create_removal(actor), "只有办公厅、常委会领导或组成人员可以起草撤职案。")
    cid = actor.congress_id
    if proposer_kind not in RemovalProposer.values:
        raise ValidationError({"proposer_kind": "请选择提案人。"})
    if post_kind not in RemovalPost.values:
        raise ValidationError({"post_kind": "请选择监督法第六十条所列的职务类别。"})
    if actor.role == "member" and proposer_kind != RemovalProposer.MEMBERS:
        raise PermissionDenied("组成人员只能起草联名提出的撤职案。")
    checks.organ(cid, target_organ, "target_organ", "撤职对象所在的机关")
    if proposer_kind == RemovalProposer.ORGAN:
        checks.organ(cid, proposer_organ, "proposer_organ", "提出撤职案的机关")
    else:
        proposer_organ = None
    case = RemovalCase(congress_id=cid, title=checks.clean(title), target_name=checks.clean(target_name),
                       target_post=checks.clean(target_post), post_kind=post_kind, target_organ=target_organ,
                       proposer_kind=proposer_kind, proposer_organ=proposer_organ, reasons=checks.clean(reasons),
                       materials=checks.clean(materials), created_by=actor)
    save_new(case, actor=actor)
    if actor.role == "member" and actor.person_id:
        removal_sign(actor=actor, case=case)
    return case


@transaction.atomic
def removal_sign(*, actor, case: RemovalCase, person: Person | None = None,
                 on: dt.date | None = None) -> RemovalSigner:
    """A member's written signature (书面联名); the office records signatures given on paper."""
    case = RemovalCase.objects.select_for_update().get(pk=case.pk)
    checks.require(perms.can_sign_removal(actor, case), "只有常委会组成人员本人可以联名。")
    if case.proposer_kind != RemovalProposer.MEMBERS:
        raise rules.violation("SUP-REMOVAL-PROPOSER", "该撤职案不是由组成人员联名提出的")
    person = checks.signer(actor, person)
    if case.status != RemovalStatus.DRAFTING:
        raise rules.violation("SUP-REMOVAL-PROPOSER", "撤职案已经提出，不能再联名")
    when = checks.signed_on(case.congress_id, person, on)
    signer, created = RemovalSigner.objects.get_or_create(
        case=case, person=person, defaults={"congress_id": case.congress_id, "signed_on": when})
    if created:
        audit.record(actor=actor, action="sign", obj=case, rule=rules.get("SUP-REMOVAL-PROPOSER"),
                     after={"person": person.name, "date": when})
    return signer


@transaction.atomic
def removal_record_defence(*, actor, case: RemovalCase, mode: str, text: str = "", on: dt.date | None = None,
                           printed: bool = False) -> RemovalCase:
    """The person's defence (第六十二条第二款): at the meeting, in writing (printed for the meeting by decision of
    the 主任会议), or none after being told of the right."""
    case = RemovalCase.objects.select_for_update().get(pk=case.pk)
    checks.require(perms.is_office_or_leader(actor, case), "申辩情况由办公厅或常委会领导登记。")
    if case.status != RemovalStatus.PLACED:
        raise rules.violation("SUP-REMOVAL-DEFENCE", f"撤职案处于「{case.get_status_display()}」状态，申辩在提请表决前登记")
    if mode not in DefenceMode.values:
        raise ValidationError({"mode": "请选择申辩方式。"})
    text = checks.clean(text)
    if mode != DefenceMode.NONE and not text:
        raise rules.violation("SUP-REMOVAL-DEFENCE", "须记录申辩意见的内容")
    before = {"defence_mode": case.defence_mode, "defence_printed": case.defence_printed}
    case.defence_mode = mode
    case.defence_text = text if mode != DefenceMode.NONE else ""
    case.defence_on = on or checks.today()
    case.defence_printed = bool(printed) and mode == DefenceMode.WRITTEN
    case.lock_version += 1
    case.full_clean()
    case.save()
    audit.record(actor=actor, action="update", obj=case, rule=rules.get("SUP-REMOVAL-DEFENCE"), before=before,
                 after={"defence_mode": mode, "defence_printed": case.defence_printed})
    return case


def removal_transition(*, actor, case: RemovalCase, action: str, note: str = "", **ctx) -> RemovalCase:
    on = ctx.get("on") or checks.today()
    return REMOVAL_WORKFLOW.apply(case, action, actor=actor, note=note, **{**ctx, "on": on})
