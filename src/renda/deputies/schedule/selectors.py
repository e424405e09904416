"""The one calendar (统筹兼顾): every engagement from every module, per person, per body, for the congress.

Events come from the sources registered in core.registry (CALENDAR_SOURCES); each source returns only
what the user may see. Warnings:
- a person booked for two engagements at overlapping times (CAL-DOUBLE-BOOKING);
- two standing-committee meetings further apart than MTG-INTERVAL's max_interval_months (组织法 第五十一条),
  or no meeting scheduled before that interval runs out;
- a meeting or collective activity on a statutory holiday (CAL-HOLIDAY, the holiday calendar).
"""

from __future__ import annotations

import calendar as _cal
import contextlib
import datetime as dt
import itertools
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from renda.core import rules
from renda.core.calendar import add_months, calendar_for
from renda.core.models import HolidayDate, Organization, Person, Term
from renda.core.registry import CALENDAR_SOURCES, CalendarEvent, accepts_person

logger = logging.getLogger(__name__)

KIND_LABELS = {
    "meeting": "会议", "inspection": "视察", "research": "专题调研", "hearing": "听证", "training": "培训",
    "reception": "接待选民日", "visit": "走访联系", "exchange": "外事", "deadline": "期限", "group": "代表小组活动",
}
NOT_ENGAGEMENTS = frozenset({"deadline"})  # no one is booked for a deadline
SCOPES = ("me", "person", "body", "all")


@dataclass(frozen=True)
class Item:
    """A calendar event with its span in aware datetimes (all-day events cover whole days)."""

    event: CalendarEvent
    begin: dt.datetime
    finish: dt.datetime
    all_day: bool

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.event.kind, self.event.kind)

    def days(self) -> list[dt.date]:
        first = timezone.localtime(self.begin).date()
        last = timezone.localtime(self.finish - dt.timedelta(microseconds=1)).date()
        return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


@dataclass
class Clash:
    rule_id: str
    kind: str  # double_booking | meeting_interval | holiday
    message: str
    items: list[Item] = field(default_factory=list)
    person_id: int | None = None

    @property
    def basis(self) -> str:
        return rules.get(self.rule_id).basis_text


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def to_item(ev: CalendarEvent) -> Item:
    if isinstance(ev.start, dt.datetime):
        begin = ev.start if timezone.is_aware(ev.start) else timezone.make_aware(ev.start)
        end = ev.end if isinstance(ev.end, dt.datetime) else None
        if end is not None and timezone.is_naive(end):
            end = timezone.make_aware(end)
        finish = end if end is not None and end > begin else begin + dt.timedelta(hours=1)
        return Item(ev, begin, finish, False)
    last = ev.end if isinstance(ev.end, dt.date) and not isinstance(ev.end, dt.datetime) and ev.end >= ev.start \
        else ev.start
    return Item(ev, _midnight(ev.start), _midnight(last + dt.timedelta(days=1)), True)


def collect(user, start: dt.date, end: dt.date, *, person_id: int | None = None) -> list[Item]:
    """Every visible event overlapping [start, end] from every registered source, in time order; with `person_id`,
    only the events that person is booked for: the sources that accept `person_id` (core.registry.accepts_person)
    read only that person's rows, the others are read whole and filtered here (the same items as
    `scoped(collect(user, start, end), person_id=…)`)."""
    items: list[Item] = []
    # Inside a transaction each source runs in a savepoint, so that a failing source leaves the transaction usable;
    # outside one (a page in autocommit) a failed statement spoils nothing, and BEGIN/COMMIT per source is saved.
    guard = transaction.atomic if transaction.get_connection().in_atomic_block else contextlib.nullcontext
    for name, source in CALENDAR_SOURCES:
        try:
            with guard():
                if person_id is not None and accepts_person(source):
                    events = list(source(user, start, end, person_id=person_id))
                else:
                    events = list(source(user, start, end))
                if person_id is not None:
                    events = [ev for ev in events if person_id in ev.person_ids]
        except Exception:  # one module's failure must not take the calendar down
            logger.exception("calendar source %s failed", name)
            continue
        items.extend(to_item(ev) for ev in events if ev.congress_id == user.congress_id)
    lo, hi = _midnight(start), _midnight(end + dt.timedelta(days=1))
    items = [i for i in items if i.begin < hi and i.finish > lo]
    items.sort(key=lambda i: (i.begin, i.event.title))
    return items


def scoped(items: list[Item], *, person_id: int | None = None, body_id: int | None = None) -> list[Item]:
    if person_id is not None:
        items = [i for i in items if person_id in i.event.person_ids]
    if body_id is not None:
        items = [i for i in items if i.event.body_id == body_id]
    return items


def standing_committee_id(congress_id: int) -> int | None:
    return (
        Organization.objects.filter(congress_id=congress_id, kind=Organization.Kind.STANDING_COMMITTEE)
        .values_list("pk", flat=True).first()
    )


def _fmt(item: Item) -> str:
    if item.all_day:
        return f"{timezone.localtime(item.begin):%m月%d日}"
    return f"{timezone.localtime(item.begin):%m月%d日 %H:%M}—{timezone.localtime(item.finish):%H:%M}"


def double_bookings(items: list[Item], names: dict[int, str] | None = None) -> list[Clash]:
    by_person: dict[int, list[Item]] = defaultdict(list)
    for item in items:
        if item.event.kind in NOT_ENGAGEMENTS:
            continue
        for pid in item.event.person_ids:
            by_person[pid].append(item)
    if names is None:
        ids = [pid for pid, its in by_person.items() if len(its) > 1]
        # one query whether or not anyone is double-booked (a fixed number of queries per page)
        names = dict(Person.objects.filter(pk__in=ids or [0]).values_list("pk", "name"))
    out: list[Clash] = []
    for pid, its in by_person.items():
        its.sort(key=lambda i: i.begin)
        active: list[Item] = []
        for item in its:
            active = [a for a in active if a.finish > item.begin]
            for other in active:
                who = names.get(pid, "有关人员")
                out.append(Clash(
                    rule_id="CAL-DOUBLE-BOOKING", kind="double_booking", person_id=pid, items=[other, item],
                    message=f"{who}同时安排了「{other.event.title}」（{_fmt(other)}）和「{item.event.title}」（{_fmt(item)}）",
                ))
            active.append(item)
    return out


def meeting_interval_warnings(items: list[Item], congress_id: int, start: dt.date, end: dt.date,
                              lookback_from: dt.date | None = None) -> list[Clash]:
    """Gaps between standing-committee meetings longer than MTG-INTERVAL allows.

    `items` must cover [lookback_from, end + the interval]; a meeting in the window with no meeting in the
    lookback before it (and a term that had already begun then) is itself late.
    """
    sc = standing_committee_id(congress_id)
    meetings = [i for i in items if i.event.kind == "meeting" and sc is not None and i.event.body_id == sc]
    if not meetings:
        return []
    months = rules.param(congress_id, "MTG-INTERVAL", "max_interval_months")
    meetings.sort(key=lambda i: i.begin)
    out = []
    first = meetings[0]
    d1 = timezone.localtime(first.begin).date()
    if lookback_from is not None and start <= d1 <= end and add_months(d1, -months) >= lookback_from:
        term_start = (
            Term.objects.filter(congress_id=congress_id, start_date__lte=d1).order_by("-number")
            .values_list("start_date", flat=True).first()
        )
        if term_start is not None and term_start <= add_months(d1, -months):
            out.append(Clash(
                rule_id="MTG-INTERVAL", kind="meeting_interval", items=[first],
                message=f"常委会会议「{first.event.title}」（{d1:%Y-%m-%d}）之前{months}个月内没有举行常委会会议，"
                        f"两次会议间隔超过{months}个月",
            ))
    for a, b in itertools.pairwise(meetings):
        da = timezone.localtime(a.begin).date()
        db = timezone.localtime(b.begin).date()
        latest = add_months(da, months)
        if db > latest and db >= start and da <= end:
            out.append(Clash(
                rule_id="MTG-INTERVAL", kind="meeting_interval", items=[a, b],
                message=f"常委会会议「{a.event.title}」（{da:%Y-%m-%d}）与「{b.event.title}」（{db:%Y-%m-%d}）"
                        f"间隔超过{months}个月，最迟应于{latest:%Y年%m月%d日}前举行下一次会议",
            ))
    last = meetings[-1]
    dl = timezone.localtime(last.begin).date()
    latest = add_months(dl, months)
    if start <= latest <= end:
        out.append(Clash(
            rule_id="MTG-INTERVAL", kind="meeting_interval", items=[last],
            message=f"「{last.event.title}」（{dl:%Y-%m-%d}）之后尚未安排常委会会议，最迟应于{latest:%Y年%m月%d日}前举行",
        ))
    return out


def holiday_warnings(items: list[Item], congress_id: int) -> list[Clash]:
    wc = calendar_for(congress_id)
    names = dict(
        HolidayDate.objects.filter(date__in=wc.holidays, kind=HolidayDate.Kind.HOLIDAY).values_list("date", "name")
    )
    out = []
    for item in items:
        if item.event.kind in NOT_ENGAGEMENTS or item.event.kind == "exchange":
            continue
        hit = [d for d in item.days() if d in wc.holidays]
        if hit:
            day = hit[0]
            out.append(Clash(
                rule_id="CAL-HOLIDAY", kind="holiday", items=[item],
                message=f"「{item.event.title}」安排在法定节假日{names.get(day, '')}（{day:%Y-%m-%d}）",
            ))
    return out


@dataclass
class CalendarView:
    start: dt.date
    end: dt.date
    items: list[Item]
    warnings: list[Clash]
    weeks: list[list[dict]] = field(default_factory=list)


def calendar_view(user, *, view: str, anchor: dt.date, person_id: int | None = None,
                  body_id: int | None = None) -> CalendarView:
    if view == "week":
        start = anchor - dt.timedelta(days=anchor.weekday())
        end = start + dt.timedelta(days=6)
    elif view == "list":
        start, end = anchor, anchor + dt.timedelta(days=59)
    else:
        start = anchor.replace(day=1)
        end = anchor.replace(day=_cal.monthrange(anchor.year, anchor.month)[1])
    months = rules.param(user.congress_id, "MTG-INTERVAL", "max_interval_months")
    # meetings before and after the window decide the interval warnings
    lookback = add_months(start, -months)
    everything = collect(user, lookback, add_months(end, months))
    shown_all = [i for i in everything if i.begin < _midnight(end + dt.timedelta(days=1)) and i.finish > _midnight(start)]
    mine = scoped(shown_all, person_id=person_id, body_id=body_id)
    warnings = [
        *double_bookings(mine),
        *meeting_interval_warnings(everything, user.congress_id, start, end, lookback_from=lookback),
        *holiday_warnings(mine, user.congress_id),
    ]
    cv = CalendarView(start=start, end=end, items=mine, warnings=warnings)
    if view in ("month", "week"):
        first = start - dt.timedelta(days=start.weekday())
        last = end + dt.timedelta(days=6 - end.weekday())
        wc = calendar_for(user.congress_id)
        by_day: dict[dt.date, list[Item]] = defaultdict(list)
        for item in mine:
            for d in item.days():
                by_day[d].append(item)
        week: list[dict] = []
        day = first
        today = timezone.localdate()
        while day <= last:
            week.append({"date": day, "items": by_day.get(day, []), "in_range": start <= day <= end,
                         "today": day == today, "rest": not wc.is_working_day(day)})
            if len(week) == 7:
                cv.weeks.append(week)
                week = []
            day += dt.timedelta(days=1)
    return cv


def upcoming_for_person(user, person_id: int | None, today: dt.date, days: int = 60) -> list[Item]:
    if not person_id:
        return []
    now = timezone.now()
    items = collect(user, today, today + dt.timedelta(days=days), person_id=person_id)  # that person's rows only
    return [i for i in items if i.finish > now and i.event.kind not in NOT_ENGAGEMENTS]


def next_meeting_for_person(items: list[Item]) -> Item | None:
    """The next meeting if there is one, else the next engagement of any kind."""
    meetings = [i for i in items if i.event.kind == "meeting"]
    return (meetings or items or [None])[0]
