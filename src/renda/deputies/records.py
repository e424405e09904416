"""The performance record (履职档案) of a deputy, compiled from the records behind it, and its score.

This module's own records: liaison activities the deputy took part in (held), members' contacts, issues
the deputy raised and training attended. Other modules plug in their records with

    from renda.deputies.records import RecordEntry, register_record_source

    def my_suggestions(deputy, year) -> list[RecordEntry]:
        return [RecordEntry(kind="suggestion", title=s.title, date=s.submitted_on, status=s.get_status_display(),
                            url=reverse("proposals:suggestion", args=[s.pk]), detail=s.reply_summary) ...]

    register_record_source("proposals.suggestions", my_suggestions)   # in AppConfig.ready()

Kinds with a score are the parameters of rule DEP-SCORE (attendance, motion, suggestion, reception, visit,
inspection, research, group, member_contact, issue, training); an entry may carry its own `points`.
A source must return only the deputy's own records of that year (it is called for the deputy themself
and for the staff who keep the records).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from renda.core import rules
from renda.core.models import RuleParameter
from renda.deputies import permissions as perms
from renda.deputies.models import Activity, ActivityStatus, Deputy, Enrollment, Issue, MemberContact

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RecordEntry:
    kind: str  # a DEP-SCORE parameter name, or any other kind (scored 0 unless `points` is given)
    title: str
    date: dt.date
    status: str = ""  # e.g. 已答复
    url: str = ""
    points: float | None = None
    detail: str = ""  # e.g. the reply, the activity's record
    source: str = ""


RecordSource = Callable[[Deputy, int], list[RecordEntry]]
RECORD_SOURCES: list[tuple[str, RecordSource]] = []


def register_record_source(name: str, source: RecordSource) -> None:
    if not any(n == name for n, _ in RECORD_SOURCES):
        RECORD_SOURCES.append((name, source))


def unregister_record_source(name: str) -> None:
    RECORD_SOURCES[:] = [(n, s) for n, s in RECORD_SOURCES if n != name]


KIND_LABELS = OrderedDict([
    ("attendance", "出席、列席会议"),
    ("motion", "提出议案"),
    ("suggestion", "提出建议、批评和意见"),
    ("reception", "接待选民"),
    ("visit", "走访群众"),
    ("inspection", "视察"),
    ("research", "专题调研"),
    ("group", "代表小组活动"),
    ("member_contact", "常委会组成人员联系"),
    ("issue", "反映群众意见"),
    ("training", "学习培训"),
])
SUGGESTION_KINDS = ("suggestion", "motion")


@dataclass
class KindRow:
    kind: str
    label: str
    count: int
    each: float
    points: float


@dataclass
class PerformanceRecord:
    deputy: Deputy
    year: int
    entries: list[RecordEntry]
    rows: list[KindRow]
    total_points: float
    failed_sources: list[str] = field(default_factory=list)

    def count(self, kind: str) -> int:
        return sum(1 for e in self.entries if e.kind == kind)

    def of_kinds(self, *kinds: str) -> list[RecordEntry]:
        return [e for e in self.entries if e.kind in kinds]

    @property
    def suggestions(self) -> list[RecordEntry]:
        return self.of_kinds(*SUGGESTION_KINDS)

    @property
    def liaison(self) -> list[RecordEntry]:
        return self.of_kinds("reception", "visit", "inspection", "research", "group", "member_contact", "issue")

    @property
    def training(self) -> list[RecordEntry]:
        return self.of_kinds("training")

    @property
    def activity_count(self) -> int:
        return len(self.liaison) + len(self.training)


def score_points(congress_id: int) -> dict[str, float]:
    """Points per kind: the congress's own values of DEP-SCORE, else the defaults (one query)."""
    rule = rules.get("DEP-SCORE")
    points = {name: p.default for name, p in rule.params.items()}
    for name, value in RuleParameter.objects.filter(congress_id=congress_id, rule_id="DEP-SCORE").values_list(
        "name", "value"
    ):
        if name in points:
            points[name] = value
    return points


def own_entries(deputy: Deputy, year: int, viewer=None) -> list[RecordEntry]:
    """The records this module keeps: activities, contacts, issues raised, training.

    With a `viewer`, an issue the viewer may not open (routed to another body) still counts, but shows neither
    its title nor its answer: the record proves the work without disclosing another body's case."""
    entries: list[RecordEntry] = []
    activities = (
        Activity.objects.filter(participants=deputy, status=ActivityStatus.HELD, start__year=year)
        .select_related("station")
        .order_by("start")
    )
    for a in activities:
        entries.append(RecordEntry(
            kind=a.kind, title=a.title, date=timezone.localtime(a.start).date(), status=a.get_status_display(),
            url=reverse("deputies:activity", args=[a.pk]), detail=a.record[:200], source="liaison",
        ))
    for c in MemberContact.objects.filter(deputies=deputy, date__year=year).select_related("member").order_by("date"):
        entries.append(RecordEntry(
            kind="member_contact", title=f"{c.member.name}（常委会组成人员）{c.get_mode_display()}联系",
            date=c.date, url=reverse("deputies:contact", args=[c.pk]), detail=c.notes[:200], source="liaison",
        ))
    issues = (
        Issue.objects.filter(deputy=deputy)
        .filter(Q(activity__start__year=year) | Q(contact__date__year=year)
                | Q(activity__isnull=True, contact__isnull=True, created_at__year=year))
        .select_related("activity", "contact")
        .order_by("id")
    )
    visible = None
    if viewer is not None:
        q = perms.issue_filter(viewer)
        visible = set(Issue.objects.filter(q, deputy=deputy).values_list("pk", flat=True)) if q is not None else set()
    for i in issues:
        day = (timezone.localtime(i.activity.start).date() if i.activity_id
               else i.contact.date if i.contact_id else timezone.localtime(i.created_at).date())
        if visible is not None and i.pk not in visible:
            entries.append(RecordEntry(kind="issue", title="反映群众意见（由其他机构办理）", date=day,
                                       status=i.get_status_display(), source="liaison"))
            continue
        entries.append(RecordEntry(
            kind="issue", title=i.title, date=day, status=i.get_status_display(),
            url=reverse("deputies:issue", args=[i.pk]), detail=i.answer[:200], source="liaison",
        ))
    enrollments = (
        Enrollment.objects.filter(person_id=deputy.person_id, attendance=Enrollment.Attendance.ATTENDED,
                                  course__start__year=year)
        .select_related("course")
        .order_by("course__start")
    )
    for e in enrollments:
        entries.append(RecordEntry(
            kind="training", title=e.course.title, date=timezone.localtime(e.course.start).date(),
            status="已结业" if e.completed else "已出席", url=reverse("deputies:course", args=[e.course_id]),
            detail=f"{e.course.hours} 学时" if e.course.hours else "", source="training",
        ))
    return entries


def compile_record(deputy: Deputy, year: int, viewer=None) -> PerformanceRecord:
    """The deputy's record for the year; `viewer` (the signed-in user) hides the details of this module's
    entries that user may not open."""
    entries = own_entries(deputy, year, viewer)
    failed = []
    for name, source in RECORD_SOURCES:
        try:
            with transaction.atomic():  # a savepoint: a failing source leaves the transaction usable
                entries.extend(list(source(deputy, year)))
        except Exception:  # one module's failure must not take the deputy's platform down
            logger.exception("record source %s failed for deputy %s", name, deputy.pk)
            failed.append(name)
    entries.sort(key=lambda e: (e.date, e.kind, e.title))
    points = score_points(deputy.congress_id)
    rows: list[KindRow] = []
    kinds = list(KIND_LABELS) + sorted({e.kind for e in entries} - set(KIND_LABELS))
    total = 0.0
    for kind in kinds:
        mine = [e for e in entries if e.kind == kind]
        if not mine and kind not in KIND_LABELS:
            continue
        each = float(points.get(kind, 0))
        got = sum(float(e.points) if e.points is not None else each for e in mine)
        total += got
        rows.append(KindRow(kind=kind, label=KIND_LABELS.get(kind, kind), count=len(mine), each=each, points=got))
    return PerformanceRecord(deputy=deputy, year=year, entries=entries, rows=rows, total_points=total,
                             failed_sources=failed)


def fmt_points(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"
