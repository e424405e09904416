"""All reads of meetings, appointments and decisions, visibility-aware, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Count, Exists, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from renda.core import rules
from renda.core.audit import object_type
from renda.core.calendar import add_months
from renda.core.filters import QueryFilters, choice, number, text
from renda.core.models import Person, Position
from renda.core.registry import CalendarEvent
from renda.core.roles import Role
from renda.core.selectors import narrow, one_or_404, visible
from renda.meetings import membership
from renda.meetings import permissions as perms
from renda.meetings.models import (
    AgendaItem,
    AgendaStatus,
    Appointment,
    Attendance,
    AttendanceStatus,
    Ballot,
    Capacity,
    Choice,
    Decision,
    Meeting,
    MeetingKind,
    MeetingNotice,
    MeetingStatus,
    Nomination,
    Vote,
    VoteStatus,
)


# ---- meetings -------------------------------------------------------------------------------------------
def meetings_for(user) -> QuerySet[Meeting]:
    return (
        visible(Meeting, perms.meeting_filter(user))
        .select_related("body", "term", "presider", "congress")
        .annotate(item_count=Count("agenda_items", filter=~Q(agenda_items__status=AgendaStatus.WITHDRAWN)))
    )


def meeting_for(user, pk: int) -> Meeting:
    """The meeting, or 404 when it does not exist or the user may not see it (existence does not leak)."""
    return one_or_404(visible(Meeting, perms.meeting_filter(user))
                      .select_related("body", "term", "presider", "convenor", "congress", "agenda_decided_by"), pk,
                      "没有找到该会议。")


@dataclass
class MeetingFilters(QueryFilters):
    kind: str = choice(MeetingKind.values, label="会议类型")
    status: str = choice(MeetingStatus.values, label="状态")
    year: int | None = number(1990, 2100, label="年度")
    q: str = text()

    def apply(self, qs: QuerySet[Meeting]) -> QuerySet[Meeting]:
        qs = narrow(qs, kind=self.kind, status=self.status, date__year=self.year)
        if self.q:
            qs = qs.filter(Q(title__icontains=self.q) | Q(place__icontains=self.q))
        return qs


def meeting_page(user, filters: MeetingFilters, page: int | str = 1, per_page: int = 30):
    qs = filters.apply(meetings_for(user)).order_by("-date", "-id")
    return Paginator(qs, per_page).get_page(page)


def items_for(user, meeting: Meeting) -> QuerySet[AgendaItem]:
    return (
        visible(AgendaItem, perms.item_filter(user)).filter(meeting=meeting)
        .select_related("concerned_org", "proposed_by")
        .order_by("position")
    )


def item_for(user, pk: int) -> AgendaItem:
    q = perms.item_filter(user)
    mq = perms.meeting_filter(user)
    item = None
    if q is not None and mq is not None:
        item = (
            AgendaItem.objects.filter(q, meeting__in=Meeting.objects.filter(mq))
            .select_related("meeting", "meeting__congress", "concerned_org")
            .filter(pk=pk).first()
        )
    if item is None:
        raise Http404("没有找到该议题。")
    return item


@dataclass
class RosterRow:
    person: Person
    attendance: Attendance | None
    capacity: str
    post: str = ""

    @property
    def status(self) -> str:
        return self.attendance.status if self.attendance else AttendanceStatus.ABSENT

    @property
    def status_label(self) -> str:
        return AttendanceStatus(self.status).label


def roster(meeting: Meeting) -> list[RosterRow]:
    """Everyone expected (members on the date, in post order) and everyone registered to attend (列席)."""
    positions = (
        Position.objects.filter(membership.position_filter(meeting), congress_id=meeting.congress_id)
        .select_related("person").order_by("order", "id")
    )
    rows: dict[int, RosterRow] = {}
    for pos in positions:
        if pos.person_id not in rows:
            rows[pos.person_id] = RosterRow(pos.person, None, Capacity.MEMBER, pos.get_role_display())
    if not rows and meeting.kind == MeetingKind.PARTY_GROUP:
        for person in membership.members(meeting):
            rows[person.pk] = RosterRow(person, None, Capacity.MEMBER, "")
    for att in Attendance.objects.filter(meeting=meeting).select_related("person", "leave_decided_by"):
        row = rows.get(att.person_id)
        if row is None:
            rows[att.person_id] = RosterRow(att.person, att, Capacity.NONVOTING, att.role_note)
        else:
            row.attendance = att
    return list(rows.values())


def quorum(meeting: Meeting, rows: list[RosterRow] | None = None) -> dict[str, Any]:
    rows = roster(meeting) if rows is None else rows
    members = [r for r in rows if r.capacity == Capacity.MEMBER]
    total = len(members)
    count = {s: 0 for s in AttendanceStatus.values}
    for r in members:
        count[r.status] += 1
    needed = membership.needed_for_majority(total) if total else 0
    return {
        "total": total,
        "present": count[AttendanceStatus.PRESENT],
        "on_leave": count[AttendanceStatus.ON_LEAVE],
        "leave_requested": count[AttendanceStatus.LEAVE_REQUESTED],
        "absent": count[AttendanceStatus.ABSENT],
        "nonvoting": sum(1 for r in rows if r.capacity == Capacity.NONVOTING
                         and r.status == AttendanceStatus.PRESENT),
        "needed": needed,
        "met": membership.quorum_met(count[AttendanceStatus.PRESENT], total),
        "applies": meeting.kind == MeetingKind.STANDING,
    }


def votes_for(user, meeting: Meeting) -> list[Vote]:
    visible = set(items_for(user, meeting).values_list("pk", flat=True))
    return [
        v for v in meeting.votes.select_related("agenda_item").exclude(status=VoteStatus.VOID)
        .order_by("agenda_item__position", "opened_at", "id")
        if v.agenda_item_id in visible
    ]


def vote_for(user, pk: int) -> Vote:
    vote = one_or_404(Vote.objects.select_related("meeting", "agenda_item", "meeting__congress"), pk, "没有找到该表决。")
    item_for(user, vote.agenda_item_id)  # 404 unless its item is visible
    return vote


def attendance_for(user, pk: int) -> Attendance:
    """One attendance record, for those who may see the meeting's roster (404 otherwise)."""
    att = one_or_404(Attendance.objects.select_related("meeting", "person"), pk, "没有找到该出席记录。")
    meeting = meeting_for(user, att.meeting_id)  # 404 unless the meeting is visible
    if not perms.can_see_roster(user, meeting):
        raise Http404("没有找到该出席记录。")
    att.meeting = meeting
    return att


def ballots(vote: Vote) -> list[Ballot]:
    return list(vote.ballots.select_related("person").order_by("person_id"))


def live_tally(vote: Vote) -> dict[str, int]:
    counts = {c: 0 for c in Choice.values}
    for c, n in vote.ballots.values_list("choice").annotate(n=Count("id")).values_list("choice", "n"):
        counts[c] = n
    return counts


def notices(meeting: Meeting) -> dict[str, Any]:
    rows = list(MeetingNotice.objects.filter(meeting=meeting).select_related("person").order_by("id"))
    return {
        "rows": rows,
        "sent": sum(1 for r in rows if r.delivered),
        "without_email": sum(1 for r in rows if not r.delivered),
        "late": any(r.late for r in rows),
        "first_on": min((r.sent_on for r in rows), default=None),
    }


def pending_leave(user) -> QuerySet[Attendance]:
    if not perms.is_leader(user):
        return Attendance.objects.none()
    return (
        Attendance.objects.filter(congress_id=user.congress_id, status=AttendanceStatus.LEAVE_REQUESTED)
        .exclude(meeting__status__in=(MeetingStatus.CLOSED, MeetingStatus.CANCELLED))
        .select_related("meeting", "person").order_by("meeting__date", "id")
    )


# ---- the two-month rule ---------------------------------------------------------------------------------
def interval_status(congress_id: int, today: dt.date | None = None) -> dict[str, Any] | None:
    """The next standing meeting must be held within two months of the last (组织法 第五十一条第一款).

    Returns None when nothing is due; otherwise a level ("warning" before the deadline, "danger" when the
    deadline has passed or the next meeting is scheduled after it) and a Chinese message.
    """
    today = today or timezone.localdate()
    months = int(rules.param(congress_id, "MTG-INTERVAL", "max_interval_months"))
    warn_days = int(rules.param(congress_id, "MTG-INTERVAL-WARN", "warn_days"))
    qs = Meeting.objects.filter(congress_id=congress_id, kind=MeetingKind.STANDING).exclude(
        status=MeetingStatus.CANCELLED)
    last = qs.filter(date__lte=today).order_by("-date").first()
    if last is None:
        return None
    deadline = add_months(last.date, months)
    upcoming = qs.filter(date__gt=today).order_by("date").first()
    base = {"last": last, "deadline": deadline, "next": upcoming, "rule": rules.get("MTG-INTERVAL")}
    if upcoming is not None:
        if upcoming.date > deadline:
            return {**base, "level": "danger",
                    "message": f"下一次常委会会议（{upcoming.date:%Y-%m-%d}）距上次会议（{last.date:%Y-%m-%d}）超过"
                               f"{months}个月，应在 {deadline:%Y-%m-%d} 前举行"}
        return None
    if today > deadline:
        return {**base, "level": "danger",
                "message": f"自上次常委会会议（{last.date:%Y-%m-%d}）已超过{months}个月，尚未安排下一次会议"}
    if (deadline - today).days <= warn_days:
        return {**base, "level": "warning",
                "message": f"距上次常委会会议（{last.date:%Y-%m-%d}）将满{months}个月，须在 {deadline:%Y-%m-%d} "
                           "前举行下一次会议，目前尚未安排"}
    return None


def interval_gaps(congress_id: int, year: int) -> list[dict[str, Any]]:
    """Consecutive standing meetings of a year with their gaps; `ok` is False where the gap exceeds the rule."""
    months = int(rules.param(congress_id, "MTG-INTERVAL", "max_interval_months"))
    dates = list(
        Meeting.objects.filter(congress_id=congress_id, kind=MeetingKind.STANDING, date__year=year)
        .exclude(status=MeetingStatus.CANCELLED).order_by("date").values_list("date", flat=True)
    )
    return [{"from": a, "to": b, "days": (b - a).days, "ok": b <= add_months(a, months)}
            for a, b in pairwise(dates)]


# ---- appointments and decisions ------------------------------------------------------------------------
def nominations_for(user) -> QuerySet[Nomination]:
    return visible(Nomination, perms.nomination_filter(user)).select_related(
        "person", "organ", "nominator_organ", "oath", "oath__administered_by")


def nomination_for(user, pk: int) -> Nomination:
    return one_or_404(nominations_for(user).select_related("target", "target_position"), pk, "没有找到该任免案。")


def appointments_for(user, *, current_only: bool = False) -> QuerySet[Appointment]:
    if not getattr(user, "is_authenticated", False) or not user.congress_id:
        return Appointment.objects.none()
    qs = Appointment.objects.filter(congress_id=user.congress_id)
    if user.role == Role.UNIT:
        if not user.organization_id:
            return Appointment.objects.none()
        qs = qs.filter(organ_id=user.organization_id)
    if current_only:
        qs = qs.filter(end_date__isnull=True)
    return qs.select_related("person", "organ", "nomination", "ended_by").order_by("-start_date", "-id")


def decisions_for(user) -> QuerySet[Decision]:
    return visible(Decision, perms.decision_filter(user)).select_related("proposer", "drafting_body")


def decision_for(user, pk: int) -> Decision:
    return one_or_404(decisions_for(user), pk, "没有找到该决定（决议）。")


def agenda_items_of(obj) -> QuerySet[AgendaItem]:
    return AgendaItem.objects.filter(congress_id=obj.congress_id, object_type=object_type(obj),
                                     object_id=str(obj.pk)).select_related("meeting").order_by("meeting__date")


def whole_vote_of(obj) -> Vote | None:
    return (Vote.objects.filter(congress_id=obj.congress_id, agenda_item__object_type=object_type(obj),
                                agenda_item__object_id=str(obj.pk), part="", status=VoteStatus.ANNOUNCED)
            .select_related("meeting").order_by("-announced_at").first())


# ---- statistics -----------------------------------------------------------------------------------------
def member_statistics(congress_id: int, year: int, person_id: int | None = None) -> list[dict[str, Any]]:
    """Each standing-committee member's attendance and voting in a year (five queries whatever the volume).

    Feeds the members' performance records (履职档案): expected = meetings held while the person was in post.
    """
    meetings = list(
        Meeting.objects.filter(congress_id=congress_id, kind=MeetingKind.STANDING, date__year=year,
                               status__in=(MeetingStatus.IN_SESSION, MeetingStatus.CLOSED))
        .values_list("id", "date", "body_id")
    )
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    positions = (Position.objects.filter(congress_id=congress_id).on_standing_committee().in_post_during(start, end)
                 .select_related("person").order_by("order", "id"))
    if person_id is not None:
        positions = positions.filter(person_id=person_id)
    periods: dict[int, list[tuple[dt.date, dt.date | None]]] = {}
    people: dict[int, Person] = {}
    for pos in positions:
        periods.setdefault(pos.person_id, []).append((pos.start_date, pos.end_date))
        people.setdefault(pos.person_id, pos.person)
    meeting_ids = [m[0] for m in meetings]
    att = {
        (a["meeting_id"], a["person_id"]): a["status"]
        for a in Attendance.objects.filter(meeting_id__in=meeting_ids, person_id__in=list(people))
        .values("meeting_id", "person_id", "status")
    }
    votes_per_meeting = dict(
        Vote.objects.filter(meeting_id__in=meeting_ids, status=VoteStatus.ANNOUNCED)
        .values_list("meeting_id").annotate(n=Count("id")).values_list("meeting_id", "n")
    )
    ballots: dict[int, dict[str, int]] = {}
    for pid, picked, n in (
        Ballot.objects.filter(vote__meeting_id__in=meeting_ids, vote__status=VoteStatus.ANNOUNCED,
                              person_id__in=list(people))
        .values_list("person_id", "choice").annotate(n=Count("id")).values_list("person_id", "choice", "n")
    ):
        ballots.setdefault(pid, {})[picked] = n
    out = []
    for pid, person in people.items():
        expected = [m for m in meetings if any(s <= m[1] and (e is None or e >= m[1]) for s, e in periods[pid])]
        status = [att.get((m[0], pid), AttendanceStatus.ABSENT) for m in expected]
        b = ballots.get(pid, {})
        votes_total = sum(votes_per_meeting.get(m[0], 0) for m in expected)
        cast = sum(b.get(c, 0) for c in (Choice.YES, Choice.NO, Choice.ABSTAIN))
        present = status.count(AttendanceStatus.PRESENT)
        out.append({
            "person": person,
            "person_id": pid,
            "name": person.name,
            "meetings": len(expected),
            "present": present,
            "on_leave": status.count(AttendanceStatus.ON_LEAVE),
            "absent": len(expected) - present - status.count(AttendanceStatus.ON_LEAVE),
            "attendance_rate": round(100.0 * present / len(expected), 1) if expected else 0.0,
            "votes": votes_total,
            "yes": b.get(Choice.YES, 0),
            "no": b.get(Choice.NO, 0),
            "abstain": b.get(Choice.ABSTAIN, 0),
            "not_voted": b.get(Choice.NOT_VOTED, 0),
            "missed": max(0, votes_total - cast - b.get(Choice.NOT_VOTED, 0)),
            "participation_rate": round(100.0 * cast / votes_total, 1) if votes_total else 0.0,
        })
    return out


# ---- home panel and calendar ---------------------------------------------------------------------------
def home_panel(user) -> dict[str, Any] | None:
    """The next meeting, leave requests to approve, the two-month warning."""
    if not getattr(user, "is_authenticated", False) or not user.congress_id:
        return None
    today = timezone.localdate()
    q = perms.meeting_filter(user)
    # the next three meetings: no agenda-item count (meetings_for's aggregate over every future meeting's items is
    # not shown here), only the rows shown
    upcoming = list(
        Meeting.objects.filter(q, date__gte=today).exclude(status=MeetingStatus.CANCELLED)
        .only("id", "title", "date", "place", "status").order_by("date", "id")[:3]
    ) if q is not None else []
    leave = list(pending_leave(user)[:20])
    warning = interval_status(user.congress_id, today) if user.role in (Role.OFFICE, Role.LEADER) else None
    my_leave = []
    if user.person_id and user.role in (Role.MEMBER, Role.LEADER):
        my_leave = list(
            Attendance.objects.filter(person_id=user.person_id, congress_id=user.congress_id,
                                      meeting__date__gte=today)
            .exclude(status=AttendanceStatus.ABSENT).select_related("meeting").order_by("meeting__date")[:5]
        )
    if not (upcoming or leave or warning or my_leave):
        return None
    return {"title": "会议", "upcoming": upcoming, "leave": leave, "warning": warning, "my_leave": my_leave,
            "template": "meetings/_home_panel.html"}


def calendar_events(user, start: dt.date, end: dt.date, person_id: int | None = None) -> list[CalendarEvent]:
    """Meetings in [start, end] as calendar events booked for everyone expected; the two-month deadline.
    With `person_id`: only the meetings that person is expected at (their bodies' meetings, the chairs' meetings for
    a member of the council of chairmen, a non-voting attendance), read by the database."""
    qs = meetings_for(user).filter(date__lte=end).filter(
        Q(end_date__gte=start) | Q(end_date__isnull=True, date__gte=start)
    ).exclude(status=MeetingStatus.CANCELLED).order_by("date")
    if person_id is not None:
        held = Position.objects.filter(person_id=person_id, congress_id=user.congress_id).in_post_during(start, end)
        qs = qs.filter(
            Q(body_id__in=held.values("organization_id"))
            | Q(Exists(held.filter(organization__kind="standing_committee", role__in=Position.LEADERSHIP_ROLES)),
                kind=MeetingKind.CHAIRS)
            | Q(pk__in=Attendance.objects.filter(person_id=person_id, capacity=Capacity.NONVOTING)
                .values("meeting_id"))
        )
    meetings = list(qs)
    if not meetings and not user.congress_id:
        return []
    # who is expected: positions over the window, in one query, matched to each meeting's date in Python
    bodies = {m.body_id for m in meetings}
    positions = list(
        Position.objects.filter(congress_id=user.congress_id).in_post_during(start, end)
        .filter(Q(organization_id__in=bodies) | Q(organization__kind="standing_committee"))
        .values("person_id", "organization_id", "organization__kind", "role", "start_date", "end_date")
    )
    nonvoting: dict[int, set[int]] = {}
    for mid, pid in Attendance.objects.filter(meeting__in=meetings, capacity=Capacity.NONVOTING).values_list(
            "meeting_id", "person_id"):
        nonvoting.setdefault(mid, set()).add(pid)
    events = []
    for m in meetings:
        ids = set(nonvoting.get(m.pk, set()))
        for p in positions:
            if not (p["start_date"] <= m.date and (p["end_date"] is None or p["end_date"] >= m.date)):
                continue
            if m.kind == MeetingKind.CHAIRS:
                if p["organization__kind"] == "standing_committee" and p["role"] in Position.LEADERSHIP_ROLES:
                    ids.add(p["person_id"])
            elif p["organization_id"] == m.body_id and (
                m.kind != MeetingKind.STANDING or p["role"] in Position.STANDING_COMMITTEE_ROLES
            ):
                ids.add(p["person_id"])
        start_at: Any = m.date
        if m.start_time:
            start_at = timezone.make_aware(dt.datetime.combine(m.date, m.start_time))
        events.append(CalendarEvent(
            kind="meeting", title=m.title, start=start_at, end=m.end_date, url=reverse("meetings:meeting", args=[m.pk]),
            congress_id=m.congress_id, person_ids=frozenset(ids), body_id=m.body_id, place=m.place,
        ))
    if person_id is None and user.role in (Role.OFFICE, Role.LEADER, Role.ADMIN):  # no one is booked for it
        status = interval_status(user.congress_id, timezone.localdate())
        if status and status["next"] is None and start <= status["deadline"] <= end:
            events.append(CalendarEvent(
                kind="deadline", title="常委会会议最迟举行日期（每两个月至少一次）", start=status["deadline"], end=None,
                url=reverse("meetings:index"), congress_id=user.congress_id,
            ))
    if person_id is not None:
        events = [e for e in events if person_id in e.person_ids]
    return events
