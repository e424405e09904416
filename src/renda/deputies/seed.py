"""Deputies' volume for benchmarks: stations, activities with participants, issues, contacts and training
for every congress that has deputies (bulk_create; one audit record per congress)."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from renda.core import audit
from renda.core.seeding import SeedContext
from renda.deputies.models import (
    Activity,
    ActivityKind,
    ActivityStatus,
    Course,
    CourseStatus,
    Deputy,
    Enrollment,
    Issue,
    IssueSource,
    IssueStatus,
    Station,
)

KINDS = [ActivityKind.RECEPTION, ActivityKind.RECEPTION, ActivityKind.VISIT, ActivityKind.INSPECTION,
         ActivityKind.RESEARCH, ActivityKind.GROUP]
SOURCE = {ActivityKind.RECEPTION: IssueSource.RECEPTION, ActivityKind.VISIT: IssueSource.VISIT,
          ActivityKind.INSPECTION: IssueSource.INSPECTION, ActivityKind.RESEARCH: IssueSource.RESEARCH,
          ActivityKind.GROUP: IssueSource.GROUP}


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def generate(ctx: SeedContext) -> dict:
    rng = random.Random(8)
    totals = {"stations": 0, "activities": 0, "issues": 0, "courses": 0}
    year = ctx.current_year
    for built in ctx.all:
        deputies = list(Deputy.objects.filter(congress=built.congress).values_list("pk", "delegation_id", "person_id"))
        if not deputies:
            continue
        congress = built.congress
        by_delegation: dict[int, list[tuple[int, int]]] = {}
        for pk, delegation_id, person_id in deputies:
            by_delegation.setdefault(delegation_id, []).append((pk, person_id))
        stations = Station.objects.bulk_create([
            Station(congress=congress, name=f"{g.name}代表联络站", district=g.name.removesuffix("代表团"),
                    address=f"{g.name.removesuffix('代表团')}人民路{i + 1}号", delegation=g,
                    schedule="每月15日上午接待选民")
            for i, g in enumerate(built.delegations)
        ])
        through = Station.deputies.through
        through.objects.bulk_create([
            through(station_id=s.pk, deputy_id=pk)
            for s in stations for pk, _ in by_delegation.get(s.delegation_id, [])[:15]
        ], batch_size=5000)
        units = [u for u in {u.pk: u for u in built.units.values()}.values()]
        bodies = list(built.bodies.values())
        n_activities = len(deputies) * 2
        activities = []
        today = timezone.localdate()
        for n in range(n_activities):
            kind = KINDS[n % len(KINDS)]
            day = dt.date(year - (n % 3 == 0), 1 + n % 12, 1 + n % 28)
            activities.append(Activity(
                congress=congress, kind=kind, title=f"{ActivityKind(kind).label}活动{n}",
                station=stations[n % len(stations)] if kind == ActivityKind.RECEPTION else None,
                organizer=bodies[n % len(bodies)], start=_at(day, 9), end=_at(day, 12),
                status=ActivityStatus.HELD if day < today else ActivityStatus.ANNOUNCED,
                record="代表听取群众意见，形成记录。" if day < today else "", people_received=n % 15,
            ))
        activities = Activity.objects.bulk_create(activities, batch_size=2000)
        pthrough = Activity.participants.through
        pthrough.objects.bulk_create([
            pthrough(activity_id=a.pk, deputy_id=d[0])
            for a in activities for d in rng.sample(deputies, min(4, len(deputies)))
        ], batch_size=5000, ignore_conflicts=True)
        issues = []
        for n, a in enumerate(activities[: len(activities) // 2]):
            status = [IssueStatus.RECEIVED, IssueStatus.ROUTED, IssueStatus.ANSWERED, IssueStatus.CLOSED][n % 4]
            day = a.start.date()
            issues.append(Issue(
                congress=congress, source=SOURCE[a.kind], activity=a, title=f"群众意见{n}", content="反映的具体问题。",
                routed_to=units[n % len(units)] if status != IssueStatus.RECEIVED else None,
                routed_on=day if status != IssueStatus.RECEIVED else None,
                due_on=day + dt.timedelta(days=30) if status != IssueStatus.RECEIVED else None,
                answer="已研究办理。" if status in (IssueStatus.ANSWERED, IssueStatus.CLOSED) else "", status=status,
            ))
        Issue.objects.bulk_create(issues, batch_size=2000)
        courses = Course.objects.bulk_create([
            Course(congress=congress, title=f"代表履职学习培训第{n + 1}期", start=_at(dt.date(year, 1 + n, 10), 9),
                   end=_at(dt.date(year, 1 + n, 12), 17), hours=16, status=CourseStatus.COMPLETED)
            for n in range(10)
        ])
        Enrollment.objects.bulk_create([
            Enrollment(congress=congress, course=c, person_id=person_id, deputy_id=pk,
                       attendance=Enrollment.Attendance.ATTENDED, completed=True)
            for c in courses for pk, _, person_id in rng.sample(deputies, min(60, len(deputies)))
        ], batch_size=5000, ignore_conflicts=True)
        totals["stations"] += len(stations)
        totals["activities"] += len(activities)
        totals["issues"] += len(issues)
        totals["courses"] += len(courses)
        audit.record(actor=None, action="seed", obj=congress, congress_id=congress.pk,
                     after={"stations": len(stations), "activities": len(activities), "issues": len(issues)},
                     note="代表工作压力测试数据")
    return totals
