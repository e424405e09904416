"""Attendance: sign-in, leave, non-voting attendees."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from renda.core import audit, rules
from renda.core.models import Person
from renda.meetings import membership
from renda.meetings import permissions as perms
from renda.meetings.common import snap as _snap
from renda.meetings.models import (
    Attendance,
    AttendanceStatus,
    Capacity,
    Meeting,
    MeetingStatus,
)
from renda.meetings.services._update import save_new
from renda.meetings.workflow import (
    ATTENDANCE_WORKFLOW,
)

log = logging.getLogger(__name__)


# ---- attendance -----------------------------------------------------------------------------------------
def _attendance_row(meeting: Meeting, person: Person, *, nonvoting_ok: bool = True) -> Attendance:
    if person.congress_id != meeting.congress_id:
        raise ValidationError({"person": "人员不属于本人大。"})
    att = Attendance.objects.filter(meeting=meeting, person=person).first()
    if att is not None:
        return att
    if person.pk not in membership.member_ids(meeting):
        raise rules.violation(
            "MTG-ATTENDANCE", f"{person.name}不是本次会议的组成人员；列席人员须先由办公厅登记"
        )
    att = Attendance(congress_id=meeting.congress_id, meeting=meeting, person=person, capacity=Capacity.MEMBER)
    try:
        with transaction.atomic():
            att.save()
    except IntegrityError:
        att = Attendance.objects.get(meeting=meeting, person=person)
    return att


LEAVE_DECISIONS = ("approve_leave", "refuse_leave")


def attendance_transition(*, actor, meeting: Meeting, person: Person, action: str, note: str = "", **ctx):
    """Any step of a person's attendance, addressed by meeting and person (the roster's buttons): the row is
    created on the first step a member takes; a leave decision needs the request it decides."""
    t = ATTENDANCE_WORKFLOW.transition(action)
    with transaction.atomic():
        probe = Attendance(congress_id=meeting.congress_id, meeting=meeting, person=person)
        if t.allowed is not None and not t.allowed(actor, probe):
            raise PermissionDenied(f"您没有为该人员办理「{t.label}」的权限。")
        if action in LEAVE_DECISIONS:
            att = Attendance.objects.filter(meeting=meeting, person=person).first()
            if att is None:
                raise rules.violation("MTG-LEAVE", f"{person.name}没有提出请假")
        else:
            att = _attendance_row(meeting, person)
        return ATTENDANCE_WORKFLOW.apply(att, action, actor=actor, note=note, **ctx)


def attendance_sign_in(*, actor, meeting: Meeting, person: Person, at=None) -> Attendance:
    return attendance_transition(actor=actor, meeting=meeting, person=person, action="sign_in", at=at)


@transaction.atomic
def attendance_sign_in_many(*, actor, meeting: Meeting, people: list[Person], at=None) -> int:
    """Sign many in at once (the sign-in desk's list or the electronic sign-in system): the same checks as
    the workflow's `sign_in` step for every person, one audit record for the batch. All or nothing."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not perms.can_manage_attendance(actor, meeting):
        raise PermissionDenied("只有办公厅工作人员可以批量签到。")
    members = membership.member_ids(meeting)
    existing = {a.person_id: a for a in Attendance.objects.select_for_update().filter(
        meeting=meeting, person_id__in=[p.pk for p in people])}
    now = at or timezone.now()
    new, changed = [], []
    for person in people:
        if person.congress_id != meeting.congress_id:
            raise ValidationError({"person": "人员不属于本人大。"})
        att = existing.get(person.pk)
        if att is None:
            if person.pk not in members:
                raise rules.violation(
                    "MTG-ATTENDANCE", f"{person.name}不是本次会议的组成人员；列席人员须先由办公厅登记")
            att = Attendance(congress_id=meeting.congress_id, meeting=meeting, person=person)
            new.append(att)
        elif att.status == AttendanceStatus.PRESENT:
            continue
        else:
            changed.append(att)
        att.meeting = meeting
        ATTENDANCE_WORKFLOW.check(att, "sign_in", actor=actor)
        att.status, att.signed_in_at = AttendanceStatus.PRESENT, now
        att.lock_version += 1
    Attendance.objects.bulk_create(new)
    Attendance.objects.bulk_update(changed, ["status", "signed_in_at", "lock_version"])
    done = [a.person_id for a in new + changed]
    if done:
        audit.record(actor=actor, action="sign_in", obj=meeting, after={"signed_in": sorted(done)},
                     rule=ATTENDANCE_WORKFLOW.transition("sign_in").rule_obj, note=f"签到 {len(done)} 人")
    return len(done)


def attendance_cancel_sign_in(*, actor, meeting: Meeting, person: Person, note: str) -> Attendance:
    return attendance_transition(actor=actor, meeting=meeting, person=person, action="cancel_sign_in", note=note)


def attendance_request_leave(*, actor, meeting: Meeting, person: Person, reason: str) -> Attendance:
    return attendance_transition(actor=actor, meeting=meeting, person=person, action="request_leave", note=reason)


def attendance_decide_leave(*, actor, attendance: Attendance, approve: bool, note: str = "") -> Attendance:
    return ATTENDANCE_WORKFLOW.apply(attendance, "approve_leave" if approve else "refuse_leave", actor=actor,
                                     note=note)


@transaction.atomic
def attendance_add_nonvoting(*, actor, meeting: Meeting, person: Person | None = None, name: str = "",
                             role_note: str = "") -> Attendance:
    """列席: the heads of the organs and others attend without a vote (组织法 第五十一条第二款)."""
    if not perms.can_manage_attendance(actor, meeting):
        raise PermissionDenied("您没有登记列席人员的权限。")
    if person is None:
        name = (name or "").strip()
        if not name:
            raise ValidationError({"person": "请选择人员或填写姓名。"})
        person = Person(congress_id=meeting.congress_id, name=name[:40], title=(role_note or "")[:120])
        save_new(person, actor=actor, note="登记列席人员")
    if person.congress_id != meeting.congress_id:
        raise ValidationError({"person": "人员不属于本人大。"})
    if meeting.status in (MeetingStatus.CLOSED, MeetingStatus.CANCELLED):
        raise rules.violation("MTG-ATTENDANCE", "会议已闭会或已取消")
    if person.pk in membership.member_ids(meeting):
        raise rules.violation("MTG-ATTENDANCE", f"{person.name}是本次会议的组成人员，出席会议享有表决权，不作为列席人员登记")
    att, created = Attendance.objects.get_or_create(
        meeting=meeting, person=person,
        defaults={"congress_id": meeting.congress_id, "capacity": Capacity.NONVOTING,
                  "role_note": (role_note or person.title)[:120]},
    )
    if created:
        audit.record(actor=actor, action="create", obj=att, after=_snap(att), note="登记列席人员")
    return att
