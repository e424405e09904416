"""All writes of meetings, agendas, attendance, votes, appointments and decisions.

Views, the API, commands and the demo call these, never the ORM directly.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from renda.core import audit, rules
from renda.core.documents import format_date, format_doc_number
from renda.core.errors import ConflictError
from renda.core.models import Organization, Person, Position, Term, User
from renda.core.numerals import to_chinese
from renda.core.roles import Role
from renda.core.rules import periods
from renda.meetings import agenda, membership
from renda.meetings import permissions as perms
from renda.meetings.models import (
    BODY_KIND_OF,
    AgendaItem,
    AgendaKind,
    AgendaStatus,
    Appointment,
    Attendance,
    AttendanceStatus,
    Ballot,
    Capacity,
    Choice,
    Decision,
    DecisionKind,
    DecisionStatus,
    Meeting,
    MeetingKind,
    MeetingNotice,
    MeetingStatus,
    Nomination,
    NominationKind,
    NominationStatus,
    Nominator,
    OathCeremony,
    StatementMode,
    Vote,
    VoteMethod,
    VoteStatus,
)
from renda.meetings.workflow import (
    AGENDA_WORKFLOW,
    ATTENDANCE_WORKFLOW,
    DECISION_WORKFLOW,
    MEETING_WORKFLOW,
    NOMINATION_WORKFLOW,
    VOTE_WORKFLOW,
    notice_days,
    require_quorum,
)

log = logging.getLogger(__name__)


def _snap(obj, fields: list[str] | None = None) -> dict[str, Any]:
    """audit.snapshot, with times of day as text (the audit encoder knows dates, not times)."""
    return {k: (v.isoformat() if isinstance(v, dt.time) else v) for k, v in audit.snapshot(obj, fields).items()}


def _same_congress(congress_id: int, obj, field: str, label: str) -> None:
    if obj is not None and obj.congress_id != congress_id:
        raise ValidationError({field: f"{label}不属于本人大。"})


# ---- meetings -------------------------------------------------------------------------------------------
MEETING_FIELDS = ["date", "end_date", "start_time", "place", "presider", "is_ad_hoc", "notes"]


def term_on(congress_id: int, day: dt.date) -> Term | None:
    return Term.objects.filter(congress_id=congress_id, start_date__lte=day).order_by("-start_date").first()


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
    meeting.full_clean()
    try:
        with transaction.atomic():
            meeting.save()
    except IntegrityError:
        raise ValidationError({"number": f"第{number}次会议已经存在。"}) from None
    audit.record(actor=actor, action="create", obj=meeting, after=_snap(meeting))
    return meeting


@transaction.atomic
def meeting_update(*, actor, meeting: Meeting, lock_version: int, **data) -> Meeting:
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not perms.can_edit_meeting(actor, locked):
        if perms.is_office(actor, locked):
            raise rules.violation("MTG-FLOW", f"会议处于「{locked.get_status_display()}」状态，不能修改")
        raise PermissionDenied("您没有修改该会议的权限。")
    if locked.lock_version != lock_version:
        raise ConflictError()
    unknown = set(data) - set(MEETING_FIELDS)
    if unknown:
        raise ValueError(f"unknown meeting fields: {sorted(unknown)}")
    _same_congress(locked.congress_id, data.get("presider"), "presider", "主持人")
    before = _snap(locked)
    for name, value in data.items():
        setattr(locked, name, value)
    if locked.kind == MeetingKind.STANDING:
        _check_presider(locked)
    locked.term = term_on(locked.congress_id, locked.date) or locked.term
    locked.full_clean()
    locked.lock_version += 1
    locked.save()
    audit.record(actor=actor, action="update", obj=locked, before=before, after=_snap(locked))
    return locked


def meeting_transition(*, actor, meeting: Meeting, action: str, note: str = "", **ctx) -> Meeting:
    chairs = ctx.get("chairs_meeting")
    if chairs is not None:  # always the stored row, never a stale copy
        pk = chairs.pk if isinstance(chairs, Meeting) else chairs
        ctx["chairs_meeting"] = Meeting.objects.filter(pk=pk, congress_id=meeting.congress_id).first()
        if ctx["chairs_meeting"] is None:
            raise ValidationError({"chairs_meeting": "所选主任会议不存在。"})
    return MEETING_WORKFLOW.apply(meeting, action, actor=actor, note=note, **ctx)


# ---- agenda ---------------------------------------------------------------------------------------------
ITEM_FIELDS = ["kind", "title", "description", "link", "proposer", "requires_vote", "slot_start", "slot_minutes",
               "documents", "concerned_org"]


def _check_link(link: str | None) -> None:
    """A link is a path of this platform or an http(s) address (never javascript: or data:)."""
    link = (link or "").strip()
    if link and not (link.startswith("/") and not link.startswith("//")) and not link.lower().startswith(
            ("http://", "https://")):
        raise ValidationError({"link": "链接须为本平台的路径或 http(s) 地址。"})


def _next_position(meeting: Meeting) -> int:
    return (meeting.agenda_items.aggregate(m=Max("position"))["m"] or 0) + 1


@transaction.atomic
def item_add(
    *,
    actor,
    meeting: Meeting,
    title: str = "",
    kind: str = AgendaKind.OTHER,
    object_type: str = "",
    object_id: int | str | None = None,
    note: str = "",
    **data,
) -> AgendaItem:
    """Propose an item (staff, while the agenda is prepared), or adjust a decided agenda (主任会议)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    adjusting = False
    if not perms.can_propose_item(actor, meeting):
        if perms.can_adjust_agenda(actor, meeting):
            adjusting = True
            if not (note or "").strip():
                raise rules.violation("MTG-AGENDA", "调整会议议程须说明理由")
        elif perms.is_office_or_leader(actor, meeting) or (
            actor.role == Role.COMMITTEE and actor.congress_id == meeting.congress_id
        ):
            raise rules.violation(
                "MTG-AGENDA",
                f"会议处于「{meeting.get_status_display()}」状态，不能增加议题；议程决定后的调整由主任会议提出",
            )
        else:
            raise PermissionDenied("您没有为该会议提出议题的权限。")
    unknown = set(data) - set(ITEM_FIELDS)
    if unknown:
        raise ValueError(f"unknown agenda fields: {sorted(unknown)}")
    _same_congress(meeting.congress_id, data.get("concerned_org"), "concerned_org", "有关单位")
    _check_link(data.get("link"))
    item = AgendaItem(congress_id=meeting.congress_id, meeting=meeting, kind=kind, title=(title or "").strip(),
                      proposed_by=actor if getattr(actor, "pk", None) else None, **data)
    if object_type:
        t = agenda.agenda_type(object_type)
        if t is None:
            raise ValidationError({"object_type": "不能列入议程的对象类型。"})
        try:
            pk = int(object_id)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise ValidationError({"object_id": "关联对象不存在。"}) from None
        obj = t.lookup(meeting.congress_id, pk)
        if obj is None:
            raise ValidationError({"object_id": "关联对象不存在或不属于本人大。"})
        if meeting.agenda_items.filter(object_type=object_type, object_id=str(pk)).exclude(
            status=AgendaStatus.WITHDRAWN
        ).exists():
            raise rules.violation("MTG-AGENDA", "该事项已在本次会议议程中")
        item.object_type, item.object_id, item.kind = object_type, str(pk), t.kind
        item.title = item.title or t.title(obj)
        item.requires_vote = data.get("requires_vote", t.requires_vote)
        if t.url and not item.link:
            item.link = t.url(obj)
        if t.documents and not data.get("documents"):
            item.documents = list(t.documents(obj))
        if t.concerned_org and "concerned_org" not in data:
            item.concerned_org_id = t.concerned_org(obj)
    elif "requires_vote" not in data:
        item.requires_vote = kind in (AgendaKind.REGULATION, AgendaKind.DECISION, AgendaKind.APPOINTMENT)
    item.position = _next_position(meeting)
    if adjusting:
        item.status = AgendaStatus.LISTED
    item.full_clean()
    item.save()
    audit.record(actor=actor, action="create", obj=item, after=_snap(item),
                 note=note or ("调整议程" if adjusting else "提出议题"),
                 rule=rules.get("MTG-AGENDA") if adjusting else None)
    return item


@transaction.atomic
def item_update(*, actor, item: AgendaItem, lock_version: int, **data) -> AgendaItem:
    locked = AgendaItem.objects.select_for_update().select_related("meeting").get(pk=item.pk)
    if not perms.can_arrange_item(actor, locked):
        raise PermissionDenied("您没有修改该议题的权限。")
    if locked.lock_version != lock_version:
        raise ConflictError()
    unknown = set(data) - set(ITEM_FIELDS)
    if unknown:
        raise ValueError(f"unknown agenda fields: {sorted(unknown)}")
    _same_congress(locked.congress_id, data.get("concerned_org"), "concerned_org", "有关单位")
    _check_link(data.get("link"))
    if locked.status != AgendaStatus.PROPOSED and ("title" in data and data["title"] != locked.title):
        raise rules.violation("MTG-AGENDA", "已列入议程的议题名称只能由主任会议调整")
    before = _snap(locked)
    for name, value in data.items():
        setattr(locked, name, value)
    locked.full_clean()
    locked.lock_version += 1
    locked.save()
    audit.record(actor=actor, action="update", obj=locked, before=before, after=_snap(locked))
    return locked


REORDER_CONFLICT = "会议议程已被他人调整：请刷新页面，核对最新的议题顺序后再调整（您这次的调整未保存）。"


@transaction.atomic
def agenda_reorder(*, actor, meeting: Meeting, order: list[int], lock_version: int | None = None) -> list[AgendaItem]:
    """Set the items' order: `order` lists every item id of the meeting, first to last.

    The order is a whole-list write, so it is versioned by the meeting: `lock_version` is the meeting's version
    the clerk read (None: no check), and every reorder bumps it, so a concurrent reorder is refused (409)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not perms.is_office(actor, meeting) or meeting.status in (MeetingStatus.CLOSED, MeetingStatus.CANCELLED):
        raise PermissionDenied("您没有调整议题顺序的权限。")
    if lock_version is not None and meeting.lock_version != lock_version:
        raise ConflictError(REORDER_CONFLICT)
    items = {i.pk: i for i in meeting.agenda_items.all()}
    if sorted(order) != sorted(items) or len(set(order)) != len(order):
        raise ValidationError({"order": "议题顺序须列出本次会议的全部议题，且每项一次。"})
    before = {str(pk): items[pk].position for pk in items}
    offset = max([i.position for i in items.values()] + [0]) + len(items) + 1
    for i in items.values():  # two steps: (meeting, position) is unique
        i.position += offset
    AgendaItem.objects.bulk_update(items.values(), ["position"])
    for n, pk in enumerate(order, start=1):
        items[pk].position = n
    AgendaItem.objects.bulk_update(items.values(), ["position"])
    meeting.lock_version += 1
    meeting.save(update_fields=["lock_version", "updated_at"])
    audit.record(actor=actor, action="reorder", obj=meeting, before={"order": before},
                 after={"order": {str(pk): items[pk].position for pk in items}})
    return sorted(items.values(), key=lambda i: i.position)


@transaction.atomic
def item_move(*, actor, item: AgendaItem, direction: str, lock_version: int | None = None) -> list[AgendaItem]:
    """Move one item up or down; `lock_version` is the meeting's version the page was read at."""
    meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)  # the order read below stays current
    ids = list(meeting.agenda_items.order_by("position").values_list("pk", flat=True))
    idx = ids.index(item.pk)
    swap = idx - 1 if direction == "up" else idx + 1
    if 0 <= swap < len(ids):
        ids[idx], ids[swap] = ids[swap], ids[idx]
    return agenda_reorder(actor=actor, meeting=meeting, order=ids, lock_version=lock_version)


def item_transition(*, actor, item: AgendaItem, action: str, note: str = "", **ctx) -> AgendaItem:
    return AGENDA_WORKFLOW.apply(item, action, actor=actor, note=note, **ctx)


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


def _attendance_transition(*, actor, meeting: Meeting, person: Person, action: str, note: str = "", **ctx):
    t = ATTENDANCE_WORKFLOW.transition(action)
    with transaction.atomic():
        probe = Attendance(congress_id=meeting.congress_id, meeting=meeting, person=person)
        if t.allowed is not None and not t.allowed(actor, probe):
            raise PermissionDenied(f"您没有为该人员办理「{t.label}」的权限。")
        att = _attendance_row(meeting, person)
        return ATTENDANCE_WORKFLOW.apply(att, action, actor=actor, note=note, **ctx)


def attendance_sign_in(*, actor, meeting: Meeting, person: Person, at=None) -> Attendance:
    return _attendance_transition(actor=actor, meeting=meeting, person=person, action="sign_in", at=at)


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
    return _attendance_transition(actor=actor, meeting=meeting, person=person, action="cancel_sign_in", note=note)


def attendance_request_leave(*, actor, meeting: Meeting, person: Person, reason: str) -> Attendance:
    return _attendance_transition(actor=actor, meeting=meeting, person=person, action="request_leave", note=reason)


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
        person.full_clean()
        person.save()
        audit.record(actor=actor, action="create", obj=person, after=_snap(person), note="登记列席人员")
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


# ---- votes ----------------------------------------------------------------------------------------------
def vote_day(vote: Vote) -> dt.date:
    """The day the result counts from: the announcement day, within the meeting's days."""
    meeting = vote.meeting
    if vote.announced_at:
        day = timezone.localdate(vote.announced_at)
        if meeting.date <= day <= meeting.last_day:
            return day
    return meeting.last_day


@transaction.atomic
def vote_open(*, actor, item: AgendaItem, part: str = "", method: str = VoteMethod.ELECTRONIC, at=None) -> Vote:
    item = AgendaItem.objects.select_for_update().select_related("meeting").get(pk=item.pk)
    meeting = item.meeting
    if not perms.can_manage_votes(actor, meeting):
        if perms.is_office(actor, meeting):
            raise rules.violation("MTG-VOTE-FLOW", "只有常委会会议对议题进行表决")
        raise PermissionDenied("您没有组织表决的权限。")
    if meeting.status != MeetingStatus.IN_SESSION:
        raise rules.violation("MTG-VOTE-FLOW", f"会议处于「{meeting.get_status_display()}」状态，不能表决")
    if item.status not in (AgendaStatus.LISTED, AgendaStatus.DELIBERATED):
        raise rules.violation("MTG-VOTE-FLOW", f"议题处于「{item.get_status_display()}」状态，不能表决")
    if not item.requires_vote:
        raise rules.violation("MTG-VOTE-FLOW", "该议题为听取审议事项，不需要表决")
    if method not in VoteMethod.values:
        raise ValidationError({"method": "表决方式不正确。"})
    part = (part or "").strip()
    votes = item.votes.exclude(status=VoteStatus.VOID)
    if votes.filter(status=VoteStatus.OPEN).exists():
        raise rules.violation("MTG-VOTE-FLOW", "该议题有尚未宣布结果的表决")
    if part:
        if votes.filter(part="").exists():
            raise rules.violation("MTG-SEPARATE-VOTE", "整体表决已经进行，不能再对条款单独表决")
        if votes.filter(part=part).exists():
            raise rules.violation("MTG-SEPARATE-VOTE", f"「{part}」已经单独表决")
    else:
        t = agenda.agenda_type(item.object_type)
        obj = agenda.linked_object(item)
        if item.object_type and obj is None:
            raise rules.violation("MTG-VOTE-FLOW", "议题关联的事项已不存在")
        if t is not None and t.before_vote is not None and obj is not None:
            t.before_vote(obj)
    require_quorum(meeting, "表决")
    present, total = _present_and_total(meeting)
    vote = Vote(congress_id=item.congress_id, meeting=meeting, agenda_item=item, part=part, method=method,
                opened_at=at or timezone.now(), total_members=total, present=present)
    vote.full_clean(exclude=["agenda_item"])
    vote.save()
    audit.record(actor=actor, action="create", obj=vote, after=_snap(vote),
                 note=f"单独表决：{part}" if part else "整体表决", rule=rules.get(
                     "MTG-SEPARATE-VOTE" if part else "MTG-VOTE-FLOW"))
    return vote


def _present_and_total(meeting: Meeting) -> tuple[int, int]:
    from renda.meetings.workflow import quorum_counts

    return quorum_counts(meeting)


def _eligibility(meeting: Meeting) -> tuple[set[int], set[int]]:
    """(member ids on the meeting's date, the present ones)."""
    ids = membership.member_ids(meeting)
    present = set(
        Attendance.objects.filter(meeting=meeting, person_id__in=ids, status=AttendanceStatus.PRESENT)
        .values_list("person_id", flat=True)
    )
    return ids, present


def _check_open(vote: Vote, actor) -> Vote:
    locked = Vote.objects.select_for_update().select_related("meeting", "agenda_item").get(pk=vote.pk)
    if not perms.can_manage_votes(actor, locked.meeting):
        raise PermissionDenied("您没有录入表决结果的权限。")
    if locked.status != VoteStatus.OPEN:
        raise rules.violation("MTG-VOTE-FLOW", f"表决处于「{locked.get_status_display()}」状态，不能录入")
    return locked


@transaction.atomic
def ballots_record(*, actor, vote: Vote, choices: dict[int, str], lock_version: int | None = None) -> Vote:
    """Staff enter members' choices (person id → yes/no/abstain/not_voted); only present members vote.

    The web form posts every member's choice as the clerk saw it: with `lock_version` (the vote's version
    when the form was read) a save over ballots somebody else entered meanwhile is refused."""
    vote = _check_open(vote, actor)
    if lock_version is not None and vote.lock_version != lock_version:
        raise ConflictError("表决意见已被他人录入或修改：请刷新页面，核对最新的逐人表决意见后再保存（您这次提交的内容未保存）。")
    members, present = _eligibility(vote.meeting)
    people = {p.pk: p.name for p in Person.objects.filter(congress_id=vote.congress_id, pk__in=list(choices))}
    clean: dict[int, str] = {}
    for pid, choice in choices.items():
        pid = int(pid)
        name = people.get(pid)
        if name is None:
            raise ValidationError({"person": "人员不存在或不属于本人大。"})
        if choice not in Choice.values:
            raise ValidationError({"choice": f"{name}的表决意见不正确。"})
        if pid not in members:
            raise rules.violation("MTG-VOTE-MEMBER", f"{name}不是常委会组成人员（列席人员没有表决权）")
        if pid not in present:
            raise rules.violation("MTG-VOTE-MEMBER", f"{name}未签到出席（请假或缺席），不能表决")
        clean[pid] = choice
    _write_ballots(vote, clean)
    vote.lock_version += 1
    vote.save(update_fields=["lock_version"])
    audit.record(actor=actor, action="ballots", obj=vote, after=_counts(clean), note="录入表决结果")
    return vote


def _write_ballots(vote: Vote, choices: dict[int, str], replace_all: bool = False) -> None:
    qs = Ballot.objects.filter(vote=vote)
    if not replace_all:
        qs = qs.filter(person_id__in=list(choices))
    qs.delete()
    Ballot.objects.bulk_create(
        [Ballot(congress_id=vote.congress_id, vote=vote, person_id=pid, choice=c) for pid, c in choices.items()]
    )


def _counts(choices: dict[int, str]) -> dict[str, int]:
    out = {c: 0 for c in Choice.values}
    for c in choices.values():
        out[c] += 1
    return out


@transaction.atomic
def ballots_import(*, actor, vote: Vote, data: bytes, filename: str = ""):
    """Import the voting system's CSV: every row checked; one bad row and nothing is recorded."""
    from renda.meetings.imports import parse_vote_csv

    vote = _check_open(vote, actor)
    members, present = _eligibility(vote.meeting)
    people = list(Person.objects.filter(congress_id=vote.congress_id, pk__in=members | present))
    report = parse_vote_csv(data, members=people, present_ids=present)
    report.filename = filename
    if report.ok:
        _write_ballots(vote, report.choices, replace_all=True)
        vote.source = (filename or "表决系统导入")[:200]
        vote.lock_version += 1
        vote.save(update_fields=["source", "lock_version"])
        audit.record(actor=actor, action="import", obj=vote, after={**_counts(report.choices), "file": filename},
                     note="导入表决器数据", rule=rules.get("MTG-VOTE-IMPORT"))
    return report


def tally_and_fill(vote: Vote) -> None:
    """At the announcement: present members without a ballot did not press (未按表决器); count; decide."""
    members, present = _eligibility(vote.meeting)
    have = set(Ballot.objects.filter(vote=vote).values_list("person_id", flat=True))
    Ballot.objects.bulk_create(
        [Ballot(congress_id=vote.congress_id, vote=vote, person_id=pid, choice=Choice.NOT_VOTED)
         for pid in sorted(present - have)]
    )
    counts = {c: 0 for c in Choice.values}
    for c in Ballot.objects.filter(vote=vote, person_id__in=members).values_list("choice", flat=True):
        counts[c] += 1
    vote.total_members = len(members)
    vote.present = len(present)
    vote.yes, vote.no, vote.abstain, vote.not_voted = (counts[Choice.YES], counts[Choice.NO], counts[Choice.ABSTAIN],
                                                      counts[Choice.NOT_VOTED])
    vote.passed = membership.majority_met(vote.yes, vote.total_members)


def run_vote_hooks(vote: Vote, *, actor) -> None:
    """A whole vote moves the item, then the linked object's workflow through its registered hook; a part
    vote only tells the object (on_part_voted)."""
    item = AgendaItem.objects.get(pk=vote.agenda_item_id)
    if not vote.is_whole:
        t = agenda.agenda_type(item.object_type)
        obj = agenda.linked_object(item) if t is not None and t.on_part_voted is not None else None
        if obj is not None:
            t.on_part_voted(obj, vote, actor)
        return
    AGENDA_WORKFLOW.apply(item, "pass" if vote.passed else "fail", actor=actor,
                          note=f"赞成{vote.yes}票，反对{vote.no}票，弃权{vote.abstain}票，未按表决器{vote.not_voted}人"
                               f"（全体组成人员{vote.total_members}人）")
    t = agenda.agenda_type(item.object_type)
    obj = agenda.linked_object(item)
    if t is None or obj is None:
        return
    hook = t.on_vote_passed if vote.passed else t.on_vote_failed
    if hook is not None:
        hook(obj, vote, actor)


def vote_transition(*, actor, vote: Vote, action: str, note: str = "", **ctx) -> Vote:
    return VOTE_WORKFLOW.apply(vote, action, actor=actor, note=note, **ctx)


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
    from django.db.models import Q

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
    unknown = set(data) - set(NOMINATION_FIELDS)
    if unknown:
        raise ValueError(f"unknown nomination fields: {sorted(unknown)}")
    received_on = received_on or timezone.localdate()
    if person is None:
        name = (person_name or "").strip()
        if not name:
            raise ValidationError({"person": "请选择或填写拟任免人员。"})
        if kind != NominationKind.APPOINT:
            raise ValidationError({"person": "免职、辞职须选择已任职的人员。"})
        person = Person(congress_id=congress_id, name=name[:40], gender=person_gender or "",
                        birth_year=person_birth_year, title=post_title[:120])
        person.full_clean()
        person.save()
        audit.record(actor=actor, action="create", obj=person, after=_snap(person), note="任免案新增人员")
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
    nom.full_clean()
    nom.save()
    audit.record(actor=actor, action="create", obj=nom, after=_snap(nom))
    return nom


@transaction.atomic
def nomination_update(*, actor, nomination: Nomination, lock_version: int, **data) -> Nomination:
    locked = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if not perms.can_manage_nominations(actor, locked):
        raise PermissionDenied("您没有修改该任免案的权限。")
    if locked.status in (NominationStatus.WITHDRAWN, NominationStatus.REJECTED, NominationStatus.SWORN) or (
        locked.status == NominationStatus.APPROVED and set(data) - {"letter_number"}
    ):
        raise rules.violation("APPT-VOTE", f"任免案处于「{locked.get_status_display()}」状态，不能修改")
    if locked.lock_version != lock_version:
        raise ConflictError()
    unknown = set(data) - set(NOMINATION_FIELDS)
    if unknown:
        raise ValueError(f"unknown nomination fields: {sorted(unknown)}")
    if data.get("statement_mode") and data["statement_mode"] not in StatementMode.values:
        raise ValidationError({"statement_mode": "供职发言方式不正确。"})
    if data.get("exam_score") is not None and not 0 <= data["exam_score"] <= 100:
        raise ValidationError({"exam_score": "考试成绩应在 0 至 100 分之间。"})
    before = _snap(locked)
    for name, value in data.items():
        setattr(locked, name, value)
    locked.full_clean()
    locked.lock_version += 1
    locked.save()
    audit.record(actor=actor, action="update", obj=locked, before=before, after=_snap(locked))
    return locked


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


def _next_letter_number(nom: Nomination, day: dt.date) -> str:
    prefix = f"{nom.congress.doc_prefix or '人常'}任"
    taken = Nomination.objects.filter(congress_id=nom.congress_id, letter_number__startswith=f"{prefix}〔{day.year}〕")
    n = taken.count() + 1
    while taken.filter(letter_number=format_doc_number(prefix, day.year, n)).exists():
        n += 1
    return format_doc_number(prefix, day.year, n)


def apply_nomination_to_roster(nom: Nomination, *, actor) -> None:
    """An approved nomination writes the roster: posts of the congress's bodies as core Position rows."""
    day = nom.decided_on or timezone.localdate()
    if nom.kind == NominationKind.APPOINT:
        position = None
        if nom.position_role:
            position = Position(
                congress_id=nom.congress_id, person=nom.person, organization=nom.organ, role=nom.position_role,
                term=term_on(nom.congress_id, day), start_date=day, order=50,
            )
            position.full_clean()
            position.save()
            audit.record(actor=actor, action="create", obj=position, after=_snap(position),
                         note=f"依{nom}写入任职记录")
        appt = Appointment(congress_id=nom.congress_id, person=nom.person, organ=nom.organ,
                           post_title=nom.post_title, start_date=day, position=position, nomination=nom)
        appt.full_clean()
        appt.save()
        audit.record(actor=actor, action="appoint", obj=appt, after=_snap(appt))
        if not nom.letter_number:
            nom.letter_number = _next_letter_number(nom, day)
            nom.save(update_fields=["letter_number"])
        return
    ended = []
    if nom.target_id:
        appt = Appointment.objects.select_for_update().get(pk=nom.target_id)
        appt.end_date = max(day, appt.start_date)
        appt.ended_by = nom
        appt.save(update_fields=["end_date", "ended_by"])
        ended.append(appt)
        if appt.position_id:
            Position.objects.filter(pk=appt.position_id, end_date__isnull=True).update(end_date=appt.end_date)
    if nom.target_position_id:
        pos = Position.objects.select_for_update().get(pk=nom.target_position_id)
        pos.end_date = max(day, pos.start_date)
        pos.save(update_fields=["end_date"])
        ended.append(pos)
    for obj in ended:
        audit.record(actor=actor, action="remove", obj=obj, after={"end_date": day, "nomination": nom.pk},
                     note=str(nom))


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
    ceremony.full_clean()
    ceremony.save()
    audit.record(actor=actor, action="create", obj=ceremony, after=_snap(ceremony),
                 rule=rules.get("APPT-OATH"))
    for n in nominations:
        NOMINATION_WORKFLOW.apply(n, "swear", actor=actor, oath=ceremony, note=f"{format_date(date)}宪法宣誓")
    return ceremony


# ---- decisions ------------------------------------------------------------------------------------------
DECISION_FIELDS = ["kind", "title", "text", "proposer", "drafting_body"]


@transaction.atomic
def decision_create(*, actor, title: str, text: str, kind: str = DecisionKind.DECISION,
                    proposer: Organization | None = None, drafting_body: Organization | None = None) -> Decision:
    if not perms.can_create_decision(actor):
        raise PermissionDenied("您没有起草决定、决议的权限。")
    congress_id = actor.congress_id
    _same_congress(congress_id, proposer, "proposer", "提请机关")
    _same_congress(congress_id, drafting_body, "drafting_body", "起草机构")
    if drafting_body is None and actor.role == Role.COMMITTEE:
        drafting_body = actor.organization
    dec = Decision(congress_id=congress_id, kind=kind, title=(title or "").strip(), text=(text or "").strip(),
                   proposer=proposer, drafting_body=drafting_body, created_by=actor)
    dec.full_clean()
    dec.save()
    audit.record(actor=actor, action="create", obj=dec, after=_snap(dec))
    return dec


@transaction.atomic
def decision_update(*, actor, decision: Decision, lock_version: int, **data) -> Decision:
    locked = Decision.objects.select_for_update().get(pk=decision.pk)
    if not perms.can_edit_decision(actor, locked):
        if perms.is_office(actor, locked):
            raise rules.violation("DEC-FLOW", f"草案处于「{locked.get_status_display()}」状态，不能修改")
        raise PermissionDenied("您没有修改该草案的权限。")
    if locked.lock_version != lock_version:
        raise ConflictError()
    unknown = set(data) - set(DECISION_FIELDS)
    if unknown:
        raise ValueError(f"unknown decision fields: {sorted(unknown)}")
    _same_congress(locked.congress_id, data.get("proposer"), "proposer", "提请机关")
    _same_congress(locked.congress_id, data.get("drafting_body"), "drafting_body", "起草机构")
    before = _snap(locked)
    for name, value in data.items():
        setattr(locked, name, value)
    locked.full_clean()
    locked.lock_version += 1
    locked.save()
    audit.record(actor=actor, action="update", obj=locked, before=before, after=_snap(locked))
    return locked


def decision_transition(*, actor, decision: Decision, action: str, note: str = "", **ctx) -> Decision:
    return DECISION_WORKFLOW.apply(decision, action, actor=actor, note=note, **ctx)


def decision_may_be_voted(dec: Decision) -> None:
    if dec.status != DecisionStatus.SUBMITTED:
        raise rules.violation("DEC-FLOW", f"草案处于「{dec.get_status_display()}」状态，不能提请表决")


# ---- notices --------------------------------------------------------------------------------------------
def notice_recipients(meeting: Meeting) -> list[Person]:
    people = membership.members(meeting)
    seen = {p.pk for p in people}
    for att in Attendance.objects.filter(meeting=meeting, capacity=Capacity.NONVOTING).select_related("person"):
        if att.person_id not in seen:
            people.append(att.person)
            seen.add(att.person_id)
    return people


def _emails(people: list[Person]) -> dict[int, str]:
    out = {p.pk: p.email for p in people if p.email}
    missing = [p.pk for p in people if not p.email]
    if missing:
        for pid, email in (User.objects.filter(person_id__in=missing, is_active=True).exclude(email="")
                           .values_list("person_id", "email")):
            out.setdefault(pid, email)
    return out


def notice_text(meeting: Meeting) -> tuple[str, str]:
    items = [i for i in meeting.agenda_items.order_by("position") if i.status != AgendaStatus.WITHDRAWN]
    when = format_date(meeting.date)
    if meeting.end_date and meeting.end_date != meeting.date:
        when += f"至{format_date(meeting.end_date)}"
    if meeting.start_time:
        when += f" {meeting.start_time:%H:%M}"
    lines = [
        f"{meeting.title}定于{when}在{meeting.place}举行。",
        "",
        "建议会议讨论的主要事项：",
        *[f"{n}. {i.title}" for n, i in enumerate(items, start=1)],
        "",
        "因病或者其他特殊原因不能出席的，请书面向主任请假（可在平台上提交）。",
        "",
        f"{meeting.congress.standing_committee_name}办公厅",
    ]
    return f"会议通知：{meeting.title}", "\n".join(lines)


@transaction.atomic
def notices_send(*, meeting: Meeting, today: dt.date | None = None, actor=None, connection=None) -> dict[str, Any]:
    """Notify everyone expected who has not been notified yet. Safe to run any number of times."""
    meeting = Meeting.objects.select_for_update().select_related("congress").get(pk=meeting.pk)
    if actor is not None and not perms.is_office(actor, meeting):
        raise PermissionDenied("只有办公厅工作人员可以发出会议通知。")
    if meeting.status not in (MeetingStatus.CONVENED, MeetingStatus.IN_SESSION):
        raise rules.violation("MTG-NOTICE", "会议议程经主任会议决定后方可发出会议通知")
    today = today or timezone.localdate()
    result = {"meeting": meeting.pk, "sent": 0, "without_email": 0, "failed": 0, "late": False}
    if today > meeting.last_day:
        return result
    due = periods.latest_before(meeting.congress_id, meeting.date, notice_days(meeting))  # rule CAL-BEFORE
    late = (not meeting.is_ad_hoc) and today > due
    done = set(MeetingNotice.objects.filter(meeting=meeting).values_list("person_id", flat=True))
    pending = [p for p in notice_recipients(meeting) if p.pk not in done]
    if not pending:
        return result
    emails = _emails(pending)
    subject, body = notice_text(meeting)
    connection = connection or mail.get_connection()
    rows = []
    for person in pending:
        email = emails.get(person.pk, "")
        delivered = False
        if email:
            msg = mail.EmailMessage(subject, f"{person.name}：\n\n{body}", settings.DEFAULT_FROM_EMAIL, [email],
                                    connection=connection)
            try:
                msg.send()
            except Exception:  # a mail failure leaves no row: the next run retries that person
                log.exception("meeting notice to %s failed", email)
                result["failed"] += 1
                continue
            delivered = True
            result["sent"] += 1
        else:
            result["without_email"] += 1
        rows.append(MeetingNotice(congress_id=meeting.congress_id, meeting=meeting, person=person, email=email,
                                  sent_on=today, delivered=delivered, late=late))
    MeetingNotice.objects.bulk_create(rows, ignore_conflicts=True)
    result["late"] = late
    audit.record(actor=actor, action="notice", obj=meeting, after=result, rule=rules.get("MTG-NOTICE"),
                 note="发出会议通知" + ("（晚于规定日期）" if late else ""))
    return result


def notices_send_due(*, today: dt.date | None = None, connection=None) -> list[dict[str, Any]]:
    """The daily task: every convened meeting whose notice day has come and that has not yet ended."""
    today = today or timezone.localdate()
    # the longest notice period, one day more for the strict reading and a holiday week before it (CAL-BEFORE)
    max_days = int(rules.get("MTG-NOTICE").params["days_before"].maximum or 30) + 10
    candidates = Meeting.objects.filter(
        status__in=(MeetingStatus.CONVENED, MeetingStatus.IN_SESSION),
        date__lte=today + dt.timedelta(days=max_days),
    ).exclude(date__lt=today - dt.timedelta(days=60)).order_by("date", "id")
    results = []
    for meeting in candidates:
        if today > meeting.last_day:
            continue
        if today < periods.latest_before(meeting.congress_id, meeting.date, notice_days(meeting)) \
                and not meeting.is_ad_hoc:
            continue
        results.append(notices_send(meeting=meeting, today=today, connection=connection))
    return results
