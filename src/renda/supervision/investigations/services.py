"""Writes of special-question investigations: the proposal, the committee's members, the steps."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from renda.core import audit, rules
from renda.core.models import Person, Position
from renda.deputies.models import Deputy
from renda.supervision import checks, counting
from renda.supervision import permissions as perms
from renda.supervision.investigations.workflow import INVESTIGATION_WORKFLOW
from renda.supervision.models import (
    Investigation,
    InvestigationMember,
    InvestigationProposer,
    InvestigationStatus,
    InvestigatorRole,
    ProposerKind,
)


# ---- special-question investigations --------------------------------------------------------------------
@transaction.atomic
def investigation_propose(*, actor, title: str, matter: str, proposer_kind: str,
                          proposers: list[Person] | None = None, proposed_on: dt.date | None = None
                          ) -> Investigation:
    checks.require(perms.can_propose_investigation(actor), "您没有提议组织特定问题调查委员会的权限。")
    day = proposed_on or checks.today()
    cid = actor.congress_id
    proposers = list(proposers or [])
    if proposer_kind == ProposerKind.CHAIRS_COUNCIL:
        if actor.role not in ("office", "leader"):
            raise PermissionDenied("主任会议的提议由办公厅或常委会领导登记。")
        proposers = []
    elif proposer_kind == ProposerKind.MEMBERS:
        if actor.role == "member" and actor.person_id not in {p.pk for p in proposers}:
            proposers.append(actor.person)
        members = Position.standing_committee_ids_on(cid, day)
        for p in proposers:
            checks.person_in(cid, p, "proposers")
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
    inv = Investigation(congress_id=cid, title=checks.clean(title), matter=checks.clean(matter),
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
    checks.require(perms.is_office_or_leader(actor, inv), "调查委员会的组成由主任会议提名，办公厅登记。")
    if inv.status != InvestigationStatus.PROPOSED:
        raise rules.violation("SUP-INVEST-COMMITTEE", "调查委员会的组成在全体会议决定前提名")
    if role not in InvestigatorRole.values:
        raise ValidationError({"role": "请选择职务。"})
    if role == InvestigatorRole.EXPERT:
        if not checks.clean(name) and person is None:
            raise ValidationError({"name": "请填写专家姓名。"})
    else:
        checks.person_in(inv.congress_id, person)
        is_member = person.pk in Position.standing_committee_ids_on(inv.congress_id, inv.proposed_on)
        is_deputy = Deputy.objects.filter(congress_id=inv.congress_id, person=person).exists()
        if not (is_member or is_deputy):
            raise rules.violation("SUP-INVEST-COMMITTEE", f"{person.name}既不是常务委员会组成人员，也不是人大代表")
    m = InvestigationMember(congress_id=inv.congress_id, investigation=inv, person=person, role=role,
                            name=checks.clean(name) or (person.name if person else ""))
    m.full_clean()
    m.save()
    audit.record(actor=actor, action="member", obj=inv, after={"name": m.name, "role": role})
    return m


def investigation_transition(*, actor, investigation: Investigation, action: str, note: str = "", **ctx):
    on = ctx.get("on") or checks.today()
    return INVESTIGATION_WORKFLOW.apply(investigation, action, actor=actor, note=note, **{**ctx, "on": on})
