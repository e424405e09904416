"""All writes of liaison with the people: stations, activities, members' contacts and the issues raised."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from renda.core import rules
from renda.core.locking import UNCHECKED, locked_for_edit
from renda.core.models import Person, Position
from renda.core.writes import known_fields
from renda.deputies import permissions as perms
from renda.deputies.models import (
    Activity,
    ActivityKind,
    ActivityStatus,
    Deputy,
    Issue,
    IssueSource,
    MemberContact,
    Station,
)
from renda.deputies.workflow import ACTIVITY_WORKFLOW, ISSUE_WORKFLOW
from renda.deputies.writes import insert, save_edit

STATION_FIELDS = ["kind", "name", "district", "address", "schedule", "contact_phone", "delegation", "active"]
ACTIVITY_FIELDS = ["kind", "title", "station", "organizer", "lead", "start", "end", "place"]


def _same_congress(congress_id: int, **objs) -> None:
    for name, obj in objs.items():
        if obj is not None and obj.congress_id != congress_id:
            raise ValidationError({name: "所选对象不属于本人大。"})


def _active_deputies(congress_id: int, deputies, rule: str) -> list[Deputy]:
    deputies = list(deputies or [])
    for d in deputies:
        if d.congress_id != congress_id:
            raise ValidationError({"deputies": "所选代表不属于本人大。"})
        if d.status not in Deputy.ACTIVE_STATES:
            raise rules.violation(rule, f"{d.person.name}代表资格已终止")
    return deputies


# ---- stations ------------------------------------------------------------------------------------------
@transaction.atomic
def station_create(*, actor, deputies=None, **data) -> Station:
    if not perms.can_manage_stations(actor):
        raise PermissionDenied("只有办公厅或者代表工作机构可以设立联络站。")
    known_fields(data, STATION_FIELDS, "station")
    _same_congress(actor.congress_id, delegation=data.get("delegation"))
    return insert(Station(congress_id=actor.congress_id, **data), actor=actor, fields=STATION_FIELDS, m2m="deputies",
                  related=lambda: _active_deputies(actor.congress_id, deputies, "LIA-STATION"))


@transaction.atomic
def station_update(*, actor, station: Station, lock_version=UNCHECKED, deputies=None, **data) -> Station:
    locked = locked_for_edit(Station, station, actor=actor, lock_version=lock_version,
                             allowed=lambda user, s: perms.can_manage_stations(user) and perms.in_congress(user, s),
                             refused="只有办公厅或者代表工作机构可以修改联络站。")
    known_fields(data, STATION_FIELDS, "station")
    _same_congress(locked.congress_id, delegation=data.get("delegation"))
    return save_edit(locked, data, actor=actor, fields=STATION_FIELDS, m2m="deputies", related=None if deputies is None
                     else lambda: _active_deputies(locked.congress_id, deputies, "LIA-STATION"))


# ---- activities ----------------------------------------------------------------------------------------
def _check_activity(congress_id: int, data: dict[str, Any]) -> None:
    _same_congress(congress_id, station=data.get("station"), organizer=data.get("organizer"), lead=data.get("lead"))
    if data.get("start") and data.get("end") and data["end"] < data["start"]:
        raise ValidationError({"end": "结束时间不能早于开始时间。"})
    if data.get("kind") == ActivityKind.RECEPTION and data.get("station") is None:
        raise ValidationError({"station": "接待选民日须选择联络站。"})


@transaction.atomic
def activity_create(*, actor, participants=None, **data) -> Activity:
    if not perms.can_create_activity(actor):
        raise PermissionDenied("您没有安排代表活动的权限。")
    known_fields(data, ACTIVITY_FIELDS, "activity")
    if not perms.is_manager(actor):  # a committee organises its own inspections and research
        data["organizer"] = actor.organization
    _check_activity(actor.congress_id, data)
    activity = Activity(congress_id=actor.congress_id, **data)
    if not activity.place and activity.station is not None:
        activity.place = activity.station.address
    return insert(activity, actor=actor, fields=ACTIVITY_FIELDS, m2m="participants",
                  related=lambda: _active_deputies(actor.congress_id, participants, "LIA-ACTIVITY"))


@transaction.atomic
def activity_update(*, actor, activity: Activity, lock_version=UNCHECKED, participants=None,
                    **data) -> Activity:
    locked = locked_for_edit(Activity, activity, actor=actor, lock_version=lock_version,
                             allowed=perms.can_manage_activity, refused="您没有修改该活动的权限。")
    if locked.status not in (ActivityStatus.PLANNED, ActivityStatus.ANNOUNCED) and (set(data) - {"record"}):
        raise rules.violation("LIA-ACTIVITY", f"活动已{locked.get_status_display()}，只能补充活动记录")
    fields = [*ACTIVITY_FIELDS, "record", "people_received"]
    known_fields(data, fields, "activity")
    _check_activity(locked.congress_id, {n: getattr(locked, n) for n in ACTIVITY_FIELDS} | data)
    return save_edit(locked, data, actor=actor, fields=fields, m2m="participants", related=None if participants is None
                     else lambda: _active_deputies(locked.congress_id, participants, "LIA-ACTIVITY"))


def activity_transition(*, actor, activity: Activity, action: str, note: str = "", **ctx) -> Activity:
    return ACTIVITY_WORKFLOW.apply(activity, action, actor=actor, note=note, **ctx)


# ---- members contacting deputies ----------------------------------------------------------------------
def is_standing_committee_member(person: Person, day: dt.date) -> bool:
    return Position.objects.filter(person=person).on_standing_committee().in_post_on(day).exists()


@transaction.atomic
def contact_create(*, actor, member: Person | None, deputies, date: dt.date, mode: str = "forum", place: str = "",
                   notes: str = "") -> MemberContact:
    if not perms.can_create_contact(actor):
        raise PermissionDenied("您没有登记联系代表情况的权限。")
    if not perms.is_manager(actor):
        member = actor.person  # a member records their own contacts
    if member is None:
        raise ValidationError({"member": "请选择常委会组成人员。"})
    _same_congress(actor.congress_id, member=member)
    if not is_standing_committee_member(member, date):
        raise ValidationError({"member": f"{member.name}在{date:%Y年%m月%d日}不是常委会组成人员。"})
    deputies = _active_deputies(actor.congress_id, deputies, "LIA-STATION")
    if not deputies:
        raise ValidationError({"deputies": "请选择联系的代表。"})
    contact = MemberContact(congress_id=actor.congress_id, member=member, date=date, mode=mode, place=place,
                            notes=(notes or "").strip(), created_by=actor)
    return insert(contact, actor=actor, fields=["member", "date", "mode", "place", "notes"], m2m="deputies",
                  related=lambda: deputies)


# ---- issues -------------------------------------------------------------------------------------------
SOURCE_OF_ACTIVITY = {
    ActivityKind.RECEPTION: IssueSource.RECEPTION,
    ActivityKind.VISIT: IssueSource.VISIT,
    ActivityKind.INSPECTION: IssueSource.INSPECTION,
    ActivityKind.RESEARCH: IssueSource.RESEARCH,
    ActivityKind.GROUP: IssueSource.GROUP,
}


@transaction.atomic
def issue_create(*, actor, title: str, content: str, activity: Activity | None = None,
                 contact: MemberContact | None = None, deputy: Deputy | None = None, raised_by: str = "",
                 source: str | None = None) -> Issue:
    """An issue raised at an activity or a member's contact (or registered directly by the office)."""
    if not perms.can_add_issue(actor, activity=activity, contact=contact):
        raise PermissionDenied("您没有登记该意见的权限。")
    congress_id = actor.congress_id
    _same_congress(congress_id, activity=activity, contact=contact, deputy=deputy)
    if activity is not None:
        source = SOURCE_OF_ACTIVITY[activity.kind]
        if deputy is not None and not activity.participants.filter(pk=deputy.pk).exists():
            raise ValidationError({"deputy": "反映意见的代表未参加该活动。"})
    elif contact is not None:
        source = IssueSource.MEMBER_CONTACT
        if deputy is not None and not contact.deputies.filter(pk=deputy.pk).exists():
            raise ValidationError({"deputy": "提出意见的代表未参加该次联系。"})
    source = source or IssueSource.OTHER
    if source not in IssueSource.values:
        raise ValidationError({"source": "来源不正确。"})
    issue = Issue(congress_id=congress_id, source=source, activity=activity, contact=contact, deputy=deputy,
                  raised_by=(raised_by or "").strip()[:60], title=(title or "").strip(), content=(content or "").strip())
    return insert(issue, actor=actor, fields=["source", "activity", "contact", "deputy", "title", "content"])


def issue_transition(*, actor, issue: Issue, action: str, note: str = "", **ctx) -> Issue:
    routed_to = ctx.get("routed_to")
    if routed_to is not None and routed_to.congress_id != issue.congress_id:
        raise ValidationError({"routed_to": "交办单位不属于本人大。"})
    return ISSUE_WORKFLOW.apply(issue, action, actor=actor, note=note, **ctx)
