"""Agenda items: propose, arrange, reorder, move through their workflow."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max

from renda.core import audit, rules
from renda.core.roles import Role
from renda.meetings import agenda
from renda.meetings import permissions as perms
from renda.meetings.common import UNCHECKED, check_version
from renda.meetings.common import same_congress as _same_congress
from renda.meetings.models import (
    AgendaItem,
    AgendaKind,
    AgendaStatus,
    Meeting,
    MeetingStatus,
)
from renda.meetings.services._update import known_fields, save_new, save_update
from renda.meetings.workflow import (
    AGENDA_WORKFLOW,
)

log = logging.getLogger(__name__)


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
    known_fields(data, ITEM_FIELDS, "agenda")
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
    save_new(item, actor=actor, note=note or ("调整议程" if adjusting else "提出议题"),
             rule=rules.get("MTG-AGENDA") if adjusting else None)
    return item


@transaction.atomic
def item_update(*, actor, item: AgendaItem, lock_version: int, **data) -> AgendaItem:
    locked = AgendaItem.objects.select_for_update().select_related("meeting").get(pk=item.pk)
    if not perms.can_arrange_item(actor, locked):
        raise PermissionDenied("您没有修改该议题的权限。")
    check_version(locked, lock_version)
    known_fields(data, ITEM_FIELDS, "agenda")
    _same_congress(locked.congress_id, data.get("concerned_org"), "concerned_org", "有关单位")
    _check_link(data.get("link"))
    if locked.status != AgendaStatus.PROPOSED and ("title" in data and data["title"] != locked.title):
        raise rules.violation("MTG-AGENDA", "已列入议程的议题名称只能由主任会议调整")
    return save_update(actor=actor, locked=locked, data=data)


REORDER_CONFLICT = "会议议程已被他人调整：请刷新页面，核对最新的议题顺序后再调整（您这次的调整未保存）。"


@transaction.atomic
def agenda_reorder(*, actor, meeting: Meeting, order: list[int], lock_version=UNCHECKED) -> list[AgendaItem]:
    """Set the items' order: `order` lists every item id of the meeting, first to last.

    The order is a whole-list write, so it is versioned by the meeting: `lock_version` is the meeting's version
    the clerk read, and every reorder bumps it, so a concurrent reorder is refused (409)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not perms.is_office(actor, meeting) or meeting.status in (MeetingStatus.CLOSED, MeetingStatus.CANCELLED):
        raise PermissionDenied("您没有调整议题顺序的权限。")
    check_version(meeting, lock_version, REORDER_CONFLICT)
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
def item_move(*, actor, item: AgendaItem, direction: str, lock_version=UNCHECKED) -> list[AgendaItem]:
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
