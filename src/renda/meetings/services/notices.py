"""Meeting notices, through the core outbox (sent after commit, retried, idempotent)."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from renda.core import audit, outbox, rules
from renda.core.documents import format_date
from renda.core.models import Person, User
from renda.core.rules import periods
from renda.meetings import membership
from renda.meetings import permissions as perms
from renda.meetings.guards import notice_days
from renda.meetings.models import (
    AgendaStatus,
    Attendance,
    Capacity,
    Meeting,
    MeetingNotice,
    MeetingStatus,
)

log = logging.getLogger(__name__)


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


def notice_key(meeting: Meeting, person: Person) -> str:
    return f"meeting-notice:{meeting.pk}:{person.pk}"


@transaction.atomic
def notices_send(*, meeting: Meeting, today: dt.date | None = None, actor=None) -> dict[str, Any]:
    """Notify everyone expected who has not been notified yet. Safe to run any number of times.

    Each email is written to the core outbox in this transaction (idempotent by meeting and person) and sent by
    the task queue once it commits: nothing goes over SMTP while the meeting row is locked, a rolled back run
    sends nothing, and a failed delivery is retried by the outbox. The MeetingNotice rows record who was
    notified (and who has no email and must be telephoned)."""
    meeting = Meeting.objects.select_for_update().select_related("congress").get(pk=meeting.pk)
    if actor is not None and not perms.is_office(actor, meeting):
        raise PermissionDenied("只有办公厅工作人员可以发出会议通知。")
    if meeting.status not in (MeetingStatus.CONVENED, MeetingStatus.IN_SESSION):
        raise rules.violation("MTG-NOTICE", "会议议程经主任会议决定后方可发出会议通知")
    today = today or timezone.localdate()
    result = {"meeting": meeting.pk, "sent": 0, "without_email": 0, "late": False}
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
    rows = []
    for person in pending:
        email = emails.get(person.pk, "")
        if email:
            outbox.send(to=email, subject=subject, body=f"{person.name}：\n\n{body}",
                        key=notice_key(meeting, person), congress_id=meeting.congress_id)
            result["sent"] += 1
        else:
            result["without_email"] += 1
        rows.append(MeetingNotice(congress_id=meeting.congress_id, meeting=meeting, person=person, email=email,
                                  sent_on=today, delivered=bool(email), late=late))
    MeetingNotice.objects.bulk_create(rows, ignore_conflicts=True)
    result["late"] = late
    audit.record(actor=actor, action="notice", obj=meeting, after=result, rule=rules.get("MTG-NOTICE"),
                 note="发出会议通知" + ("（晚于规定日期）" if late else ""))
    return result


def notices_send_due(*, today: dt.date | None = None) -> list[dict[str, Any]]:
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
        results.append(notices_send(meeting=meeting, today=today))
    return results
