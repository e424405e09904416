"""Appointments and removals (任免): nominations, the roster, the oath."""

from __future__ import annotations

import datetime as dt
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from renda.core import rules
from renda.core.documents import format_date
from renda.core.models import Organization, Person, Position
from renda.meetings import permissions as perms
from renda.meetings.common import check_version
from renda.meetings.common import same_congress as _same_congress
from renda.meetings.models import (
    Appointment,
    Meeting,
    Nomination,
    NominationKind,
    NominationStatus,
    Nominator,
    OathCeremony,
    StatementMode,
)
from renda.meetings.services._update import known_fields, save_new, save_update
from renda.meetings.workflow import (
    NOMINATION_WORKFLOW,
)

log = logging.getLogger(__name__)


# ---- appointments and removals (任免) --------------------------------------------------------------------
OK = Organization.Kind
NOMINATORS_FOR = {
    OK.GOVERNMENT: {Nominator.MAYOR, Nominator.CHAIRS_COUNCIL},
    OK.GOV_DEPARTMENT: {Nominator.MAYOR},
    OK.SUPERVISORY_COMMISSION: {Nominator.SUPERVISORY_DIRECTOR, Nominator.CHAIRS_COUNCIL},
    OK.COURT: {Nominator.COURT_PRESIDENT, Nominator.CHAIRS_COUNCIL},
    OK.PROCURATORATE: {Nominator.CHIEF_PROCURATOR, Nominator.CHAIRS_COUNCIL},
}
CONGRESS_NOMINATORS = {Nominator.CHAIRS_COUNCIL, Nominator.DIRECTOR}
CONGRESS_KINDS = (OK.STANDING_COMMITTEE, OK.CHAIRS_COUNCIL, OK.SPECIAL_COMMITTEE, OK.WORKING_BODY)
NOMINATOR_ORGAN_KIND = {
    Nominator.MAYOR: OK.GOVERNMENT,
    Nominator.SUPERVISORY_DIRECTOR: OK.SUPERVISORY_COMMISSION,
    Nominator.COURT_PRESIDENT: OK.COURT,
    Nominator.CHIEF_PROCURATOR: OK.PROCURATORATE,
    Nominator.CHAIRS_COUNCIL: OK.CHAIRS_COUNCIL,
    Nominator.DIRECTOR: OK.STANDING_COMMITTEE,
}


def _organ_kind(organ: Organization) -> str:
    if organ.kind in NOMINATORS_FOR or organ.kind in CONGRESS_KINDS:
        return organ.kind
    parent = organ.organ()
    return parent.kind if parent is not None else organ.kind


def _check_nominator(kind: str, nominator: str, organ: Organization) -> None:
    if kind == NominationKind.RESIGN and nominator == Nominator.SELF:
        return
    if nominator == Nominator.SELF:
        raise rules.violation("APPT-NOMINATOR", "本人只能提出辞职")
    organ_kind = _organ_kind(organ)
    allowed = CONGRESS_NOMINATORS if organ_kind in CONGRESS_KINDS else NOMINATORS_FOR.get(organ_kind, set())
    if nominator not in allowed:
        labels = "、".join(Nominator(n).label for n in sorted(allowed)) or "—"
        raise rules.violation(
            "APPT-NOMINATOR", f"{organ.name}的职务应由{labels}提请，不能由{Nominator(nominator).label}提请"
        )


def _nominator_organ(congress_id: int, nominator: str, organ: Organization) -> Organization:
    if nominator == Nominator.SELF:
        return organ
    found = Organization.objects.filter(congress_id=congress_id, kind=NOMINATOR_ORGAN_KIND[nominator]).order_by(
        "id").first()
    if found is None:
        raise ValidationError({"nominator": "本人大没有相应的提请机关。"})
    return found


def _active(qs, day: dt.date):
    return qs.filter(Q(end_date__isnull=True) | Q(end_date__gte=day), start_date__lte=day)


NOMINATION_FIELDS = ["reasons", "has_letter", "has_resume", "has_assessment", "review_opinion", "reviewed_on",
                     "exam_date", "exam_score", "statement_date", "statement_mode", "letter_number", "post_title",
                     "received_on"]


@transaction.atomic
def nomination_create(
    *,
    actor,
    kind: str,
    nominator: str,
    organ: Organization,
    post_title: str,
    person: Person | None = None,
    person_name: str = "",
    person_gender: str = "",
    person_birth_year: int | None = None,
    position_role: str = "",
    target: Appointment | None = None,
    target_position: Position | None = None,
    received_on: dt.date | None = None,
    **data,
) -> Nomination:
    if not perms.can_manage_nominations(actor):
        raise PermissionDenied("只有办公厅工作人员可以登记任免案。")
    congress_id = actor.congress_id
    if kind not in NominationKind.values:
        raise ValidationError({"kind": "任免类别不正确。"})
    if nominator not in Nominator.values:
        raise ValidationError({"nominator": "提请人不正确。"})
    _same_congress(congress_id, organ, "organ", "任职机关")
    _same_congress(congress_id, person, "person", "人员")
    _check_nominator(kind, nominator, organ)
    known_fields(data, NOMINATION_FIELDS, "nomination")
    received_on = received_on or timezone.localdate()
    if person is None:
        name = (person_name or "").strip()
        if not name:
            raise ValidationError({"person": "请选择或填写拟任免人员。"})
        if kind != NominationKind.APPOINT:
            raise ValidationError({"person": "免职、辞职须选择已任职的人员。"})
        person = Person(congress_id=congress_id, name=name[:40], gender=person_gender or "",
                        birth_year=person_birth_year, title=post_title[:120])
        save_new(person, actor=actor, note="任免案新增人员")
    in_congress_body = organ.kind in CONGRESS_KINDS
    if kind == NominationKind.APPOINT:
        if in_congress_body and not position_role:
            raise ValidationError({"position_role": "常委会所属机构的职务须选择职务类别。"})
        if position_role and not in_congress_body:
            raise ValidationError({"position_role": "只有常委会所属机构的职务才登记机构职务。"})
        if position_role in Position.STANDING_COMMITTEE_ROLES and organ.kind == OK.STANDING_COMMITTEE:
            raise rules.violation("APPT-NOMINATOR", "常委会组成人员由人民代表大会选举产生，不由常委会任命")
        target = target_position = None
    else:
        _same_congress(congress_id, target, "target", "所免职务")
        _same_congress(congress_id, target_position, "target_position", "所免职务")
        if target is None and target_position is None:
            target = _active(Appointment.objects.filter(congress_id=congress_id, person=person, organ=organ),
                             received_on).order_by("-start_date").first()
            if target is None:
                target_position = _active(
                    Position.objects.filter(congress_id=congress_id, person=person, organization=organ), received_on
                ).order_by("-start_date").first()
        if target is None and target_position is None:
            raise ValidationError({"target": f"{person.name}目前没有在{organ.name}任职的记录。"})
    nom = Nomination(
        congress_id=congress_id, kind=kind, nominator=nominator,
        nominator_organ=_nominator_organ(congress_id, nominator, organ), person=person, organ=organ,
        post_title=(post_title or "").strip(), position_role=position_role or "", target=target,
        target_position=target_position, received_on=received_on, **data,
    )
    return save_new(nom, actor=actor)


@transaction.atomic
def nomination_update(*, actor, nomination: Nomination, lock_version: int, **data) -> Nomination:
    locked = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if not perms.can_manage_nominations(actor, locked):
        raise PermissionDenied("您没有修改该任免案的权限。")
    if locked.status in (NominationStatus.WITHDRAWN, NominationStatus.REJECTED, NominationStatus.SWORN) or (
        locked.status == NominationStatus.APPROVED and set(data) - {"letter_number"}
    ):
        raise rules.violation("APPT-VOTE", f"任免案处于「{locked.get_status_display()}」状态，不能修改")
    check_version(locked, lock_version)
    known_fields(data, NOMINATION_FIELDS, "nomination")
    if data.get("statement_mode") and data["statement_mode"] not in StatementMode.values:
        raise ValidationError({"statement_mode": "供职发言方式不正确。"})
    if data.get("exam_score") is not None and not 0 <= data["exam_score"] <= 100:
        raise ValidationError({"exam_score": "考试成绩应在 0 至 100 分之间。"})
    return save_update(actor=actor, locked=locked, data=data)


def nomination_transition(*, actor, nomination: Nomination, action: str, note: str = "", **ctx) -> Nomination:
    return NOMINATION_WORKFLOW.apply(nomination, action, actor=actor, note=note, **ctx)


def nomination_may_be_voted(nom: Nomination) -> None:
    """Before the vote: the review is complete and the nominee has made the statement (供职发言)."""
    if nom.status != NominationStatus.READY:
        raise rules.violation("APPT-VOTE", f"任免案处于「{nom.get_status_display()}」状态，不能提请表决")
    if (
        nom.kind == NominationKind.APPOINT
        and rules.param(nom.congress_id, "APPT-STATEMENT", "required")
        and not nom.statement_date
    ):
        raise rules.violation("APPT-STATEMENT", f"{nom.person.name}尚未作供职发言")


@transaction.atomic
def oath_record(
    *,
    actor,
    date: dt.date,
    administered_by: Person,
    nominations: list[Nomination],
    place: str = "",
    form: str = OathCeremony.Form.COLLECTIVE,
    leader: Person | None = None,
    meeting: Meeting | None = None,
) -> OathCeremony:
    """宪法宣誓: the ceremony and who took the oath (宪法 第二十七条第三款)."""
    if not perms.can_manage_nominations(actor):
        raise PermissionDenied("只有办公厅工作人员可以登记宪法宣誓。")
    congress_id = actor.congress_id
    if not nominations:
        raise ValidationError({"nominations": "请选择宣誓人员。"})
    for n in nominations:
        _same_congress(congress_id, n, "nominations", "任免案")
    _same_congress(congress_id, administered_by, "administered_by", "监誓人")
    _same_congress(congress_id, leader, "leader", "领誓人")
    _same_congress(congress_id, meeting, "meeting", "会议")
    if form == OathCeremony.Form.COLLECTIVE and len(nominations) > 1 and leader is None:
        leader = nominations[0].person
    ceremony = OathCeremony(congress_id=congress_id, date=date, administered_by=administered_by, place=place,
                            form=form, leader=leader, meeting=meeting)
    save_new(ceremony, actor=actor, rule=rules.get("APPT-OATH"))
    for n in nominations:
        NOMINATION_WORKFLOW.apply(n, "swear", actor=actor, oath=ceremony, note=f"{format_date(date)}宪法宣誓")
    return ceremony
