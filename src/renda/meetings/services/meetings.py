"""Meetings: create, edit, move through their workflow."""

from __future__ import annotations

import datetime as dt
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max

from renda.core import rules
from renda.core.models import Organization, Person
from renda.core.numerals import to_chinese
from renda.meetings import membership
from renda.meetings import permissions as perms
from renda.meetings.common import same_congress as _same_congress
from renda.meetings.common import term_on
from renda.meetings.models import (
    BODY_KIND_OF,
    Meeting,
    MeetingKind,
)
from renda.meetings.services._update import known_fields, locked_for_edit, save_new, save_update
from renda.meetings.workflow import (
    MEETING_WORKFLOW,
)

log = logging.getLogger(__name__)


# ---- meetings -------------------------------------------------------------------------------------------
MEETING_FIELDS = ["date", "end_date", "start_time", "place", "presider", "is_ad_hoc", "notes"]


def meeting_title(meeting: Meeting) -> str:
    congress = meeting.congress
    n = to_chinese(meeting.number)
    term = f"第{to_chinese(meeting.term.number)}届"
    if meeting.kind == MeetingKind.STANDING:
        return f"{congress.city_name}{term}人民代表大会常务委员会第{n}次会议"
    if meeting.kind == MeetingKind.CHAIRS:
        return f"{congress.city_name}{term}人大常委会第{n}次主任会议"
    if meeting.kind == MeetingKind.PARTY_GROUP:
        return f"{congress.city_name}人大{meeting.body.name}第{n}次会议"
    return f"{congress.city_name}{term}人大{meeting.body.name}第{n}次会议"


def _check_presider(meeting: Meeting) -> None:
    """组织法 第五十一条第一款: the director convenes and presides, or entrusts a vice-chair."""
    if meeting.kind != MeetingKind.STANDING:
        return
    director = membership.director_on(meeting.congress_id, meeting.date)
    if director is None:
        raise rules.violation("MTG-CONVENE", f"{meeting.date:%Y-%m-%d} 没有在任的常委会主任，无法召集会议")
    meeting.convenor = director
    if meeting.presider_id is None:
        meeting.presider = director
    elif meeting.presider_id not in membership.leadership_ids_on(meeting.congress_id, meeting.date):
        raise rules.violation("MTG-CONVENE", "会议主持人须为主任或者受主任委托的副主任")


@transaction.atomic
def meeting_create(
    *,
    actor,
    kind: str,
    date: dt.date,
    place: str,
    body: Organization | None = None,
    number: int | None = None,
    end_date: dt.date | None = None,
    start_time: dt.time | None = None,
    presider: Person | None = None,
    is_ad_hoc: bool = False,
    notes: str = "",
) -> Meeting:
    if not perms.can_create_meeting(actor):
        raise PermissionDenied("只有办公厅工作人员可以安排会议。")
    congress_id = actor.congress_id
    if kind not in MeetingKind.values:
        raise ValidationError({"kind": "会议类别不正确。"})
    if body is None:
        if kind == MeetingKind.COMMITTEE:
            raise ValidationError({"body": "请选择举行会议的专门委员会。"})
        body = Organization.objects.filter(congress_id=congress_id, kind=BODY_KIND_OF[kind]).order_by("id").first()
        if body is None:
            raise ValidationError({"body": "本人大没有相应的机构。"})
    _same_congress(congress_id, body, "body", "举行会议的机构")
    _same_congress(congress_id, presider, "presider", "主持人")
    if body.kind != BODY_KIND_OF[kind]:
        raise ValidationError({"body": f"{MeetingKind(kind).label}须由{Organization.Kind(BODY_KIND_OF[kind]).label}举行。"})
    term = term_on(congress_id, date)
    if term is None:
        raise ValidationError({"date": "会议日期不在任何一届的任期内。"})
    if number is None:
        number = (Meeting.objects.filter(congress_id=congress_id, body=body, term=term)
                  .aggregate(m=Max("number"))["m"] or 0) + 1
    meeting = Meeting(
        congress_id=congress_id, kind=kind, body=body, term=term, number=number, date=date, end_date=end_date,
        start_time=start_time, place=(place or "").strip(), presider=presider, is_ad_hoc=is_ad_hoc,
        notes=notes or "",
    )
    if kind == MeetingKind.STANDING:
        _check_presider(meeting)
    else:
        default = (
            membership.director_on(congress_id, date) if kind in (MeetingKind.CHAIRS, MeetingKind.PARTY_GROUP)
            else membership.chair_on(body, date)
        )
        meeting.convenor = presider or default
        meeting.presider = presider or default
    meeting.title = meeting_title(meeting)
    return save_new(meeting, actor=actor, duplicate=lambda: ValidationError({"number": f"第{number}次会议已经存在。"}))


@transaction.atomic
def meeting_update(*, actor, meeting: Meeting, lock_version: int, **data) -> Meeting:
    locked = locked_for_edit(Meeting, meeting, actor=actor, lock_version=lock_version,
                             can_edit=perms.can_edit_meeting, rule="MTG-FLOW", what="会议")
    known_fields(data, MEETING_FIELDS, "meeting")
    _same_congress(locked.congress_id, data.get("presider"), "presider", "主持人")
    return save_update(actor=actor, locked=locked, data=data, adjust=_derive_after_edit)


def _derive_after_edit(m: Meeting) -> None:
    if m.kind == MeetingKind.STANDING:
        _check_presider(m)
    m.term = term_on(m.congress_id, m.date) or m.term


def meeting_transition(*, actor, meeting: Meeting, action: str, note: str = "", **ctx) -> Meeting:
    chairs = ctx.get("chairs_meeting")
    if chairs is not None:  # always the stored row, never a stale copy
        pk = chairs.pk if isinstance(chairs, Meeting) else chairs
        ctx["chairs_meeting"] = Meeting.objects.filter(pk=pk, congress_id=meeting.congress_id).first()
        if ctx["chairs_meeting"] is None:
            raise ValidationError({"chairs_meeting": "所选主任会议不存在。"})
    return MEETING_WORKFLOW.apply(meeting, action, actor=actor, note=note, **ctx)
