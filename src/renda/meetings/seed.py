"""Meeting volume for benchmarks: standing-committee and 主任会议 meetings for every congress and year, their
agendas and attendance, and per-member ballots for the main congress (bulk_create; one audit record each)."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from renda.core import audit
from renda.core.numerals import to_chinese
from renda.core.seeding import SeedContext
from renda.meetings.models import (
    AgendaItem,
    AgendaKind,
    AgendaStatus,
    Attendance,
    AttendanceStatus,
    Ballot,
    Choice,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Vote,
    VoteStatus,
)

STANDING_PER_YEAR = 8
CHAIRS_PER_YEAR = 20
ITEMS = [("听取和审议市人民政府关于{n}工作情况的报告", AgendaKind.REPORT, False),
         ("《{place}{n}条例（草案）》", AgendaKind.REGULATION, True),
         ("关于{n}的决定（草案）", AgendaKind.DECISION, True),
         ("人事任免事项", AgendaKind.APPOINTMENT, True),
         ("听取专题询问整改情况的报告", AgendaKind.OTHER, False)]
TOPICS = ["水环境治理", "养老服务", "营商环境", "历史文化保护", "城市管理", "食品安全", "公共文化服务", "物业管理"]


def _dates(year: int, n: int) -> list[dt.date]:
    """n weekdays spread evenly over the year (eight a year are never more than two months apart)."""
    out = []
    for k in range(n):
        day = dt.date(year, 1, 20) + dt.timedelta(days=k * 335 // n)
        while day.weekday() >= 5:
            day += dt.timedelta(days=1)
        out.append(day)
    return out


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(11, 0)))


def generate(ctx: SeedContext) -> dict:
    rng = random.Random(6)
    years = list(range(ctx.current_year - ctx.scale.plan_years + 1, ctx.current_year + 1))
    counts = {"meetings": 0, "items": 0, "attendance": 0, "ballots": 0}
    bar = ctx.bar("会议", len(ctx.all))
    for built in ctx.all:
        congress = built.congress
        members = [built.director, *built.vice_chairs, *([built.secretary_general] if built.secretary_general else []),
                   *built.members]
        main = built is ctx.main
        chairs_body = built.standing_committee.children.filter(kind="chairs_council").first()
        meetings = []
        for year in years:
            for n, day in enumerate(_dates(year, STANDING_PER_YEAR), start=1):
                meetings.append(Meeting(
                    congress=congress, kind=MeetingKind.STANDING, body=built.standing_committee, term=built.term,
                    number=(year - years[0]) * STANDING_PER_YEAR + n, date=day, place="常委会会议厅",
                    title=f"{congress.city_name}人民代表大会常务委员会第{to_chinese((year - years[0]) * STANDING_PER_YEAR + n)}次会议",
                    status=MeetingStatus.CLOSED if day < dt.date(ctx.current_year, 11, 1) else MeetingStatus.CONVENED,
                    convenor=built.director, presider=built.director, agenda_decided_on=day - dt.timedelta(days=9),
                ))
            if chairs_body is not None:
                for n, day in enumerate(_dates(year, CHAIRS_PER_YEAR), start=1):
                    meetings.append(Meeting(
                        congress=congress, kind=MeetingKind.CHAIRS, body=chairs_body, term=built.term,
                        number=(year - years[0]) * CHAIRS_PER_YEAR + n, date=day, place="第一会议室",
                        title=f"{congress.city_name}人大常委会第{to_chinese((year - years[0]) * CHAIRS_PER_YEAR + n)}次主任会议",
                        status=MeetingStatus.CLOSED, convenor=built.director,
                    ))
        meetings = Meeting.objects.bulk_create(meetings, batch_size=2000)
        standing = [m for m in meetings if m.kind == MeetingKind.STANDING]
        items, attendance = [], []
        recent = [m for m in standing if main or m.date.year >= ctx.current_year - 1]
        for m in standing:
            for pos, (title, kind, vote) in enumerate(ITEMS, start=1):
                items.append(AgendaItem(
                    congress=congress, meeting=m, position=pos, kind=kind, requires_vote=vote,
                    title=title.format(n=rng.choice(TOPICS), place=congress.city_name),
                    status=(AgendaStatus.PASSED if vote else AgendaStatus.DELIBERATED)
                    if m.status == MeetingStatus.CLOSED else AgendaStatus.LISTED,
                ))
        for m in recent:
            for p in members:
                r = rng.random()
                attendance.append(Attendance(
                    congress=congress, meeting=m, person=p,
                    status=AttendanceStatus.PRESENT if r < 0.9 else AttendanceStatus.ON_LEAVE,
                    leave_reason="" if r < 0.9 else "因公出差",
                ))
        items = AgendaItem.objects.bulk_create(items, batch_size=5000)
        Attendance.objects.bulk_create(attendance, batch_size=5000)
        ballots = 0
        if main:
            present: dict[int, list[int]] = {}
            for a in attendance:
                if a.status == AttendanceStatus.PRESENT:
                    present.setdefault(a.meeting_id, []).append(a.person_id)
            votes = []
            for item in items:
                m = next(x for x in standing if x.pk == item.meeting_id)
                if not item.requires_vote or m.status != MeetingStatus.CLOSED:
                    continue
                votes.append(Vote(congress=congress, meeting_id=m.pk, agenda_item=item, status=VoteStatus.ANNOUNCED,
                                  opened_at=_at(m.date), announced_at=_at(m.date), total_members=len(members),
                                  present=len(present.get(m.pk, [])), passed=True))
            votes = Vote.objects.bulk_create(votes, batch_size=5000)
            rows = []
            for v in votes:
                choices = [Choice.YES if rng.random() < 0.92 else rng.choice([Choice.NO, Choice.ABSTAIN,
                                                                              Choice.NOT_VOTED])
                           for _ in present.get(v.meeting_id, [])]
                rows += [Ballot(congress=congress, vote=v, person_id=pid, choice=c)
                         for pid, c in zip(present.get(v.meeting_id, []), choices, strict=True)]
                v.yes = sum(1 for c in choices if c == Choice.YES)
                v.no = sum(1 for c in choices if c == Choice.NO)
                v.abstain = sum(1 for c in choices if c == Choice.ABSTAIN)
                v.not_voted = sum(1 for c in choices if c == Choice.NOT_VOTED)
            Vote.objects.bulk_update(votes, ["yes", "no", "abstain", "not_voted"], batch_size=5000)
            Ballot.objects.bulk_create(rows, batch_size=10000)
            ballots = len(rows)
        counts["meetings"] += len(meetings)
        counts["items"] += len(items)
        counts["attendance"] += len(attendance)
        counts["ballots"] += ballots
        audit.record(actor=None, action="seed", obj=congress, congress_id=congress.pk, note="批量数据",
                     after={"meetings": len(meetings), "agenda_items": len(items), "attendance": len(attendance),
                            "ballots": ballots})
        bar.update(1)
    bar.close()
    return counts
