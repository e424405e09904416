"""What each app contributes to the shell: navigation areas and home-page panels.

Apps register in their AppConfig.ready(); the core renders them. An area that no
app has built yet shows a "coming" page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from renda.core.roles import Role


@dataclass(frozen=True)
class Area:
    key: str
    label: str
    url_name: str | None = None  # None: not built yet
    roles: frozenset[str] | None = None  # None: every signed-in role
    order: int = 100


# The areas of the platform, in the order of the four powers and the speech's directives.
AREAS: dict[str, Area] = {
    a.key: a
    for a in [
        Area("workplan", "工作要点", order=10),
        Area("legislation", "立法", order=20),
        Area("supervision", "监督", order=30),
        Area("decisions", "决定任免", order=40),
        Area("proposals", "议案建议", order=50),
        Area("deputies", "代表工作", order=60),
        Area("participation", "联系群众", order=70),
        Area("training", "自身建设", order=80),
        Area("exchanges", "对外交流", order=90),
        Area("calendar", "统筹日程", order=95),
    ]
}

HomePanel = Callable[[object], dict | None]  # panel(user) -> {"title", "items": [...], ...} or None
HOME_PANELS: list[tuple[int, HomePanel]] = []


def register_area(key: str, *, label: str | None = None, url_name: str, roles=None, order: int | None = None):
    base = AREAS.get(key, Area(key, label or key))
    AREAS[key] = Area(
        key=key,
        label=label or base.label,
        url_name=url_name,
        roles=frozenset(roles) if roles is not None else None,
        order=order if order is not None else base.order,
    )


def register_home_panel(panel: HomePanel, order: int = 100) -> None:
    HOME_PANELS.append((order, panel))
    HOME_PANELS.sort(key=lambda p: p[0])


def areas_for(user) -> list[Area]:
    if not getattr(user, "is_authenticated", False):
        return []
    role = getattr(user, "role", None)
    if role == Role.UNIT:  # handling units see only what is assigned to them
        return sorted(
            (a for a in AREAS.values() if a.url_name and a.roles and Role.UNIT in a.roles),
            key=lambda a: a.order,
        )
    return sorted(
        (a for a in AREAS.values() if a.roles is None or role in a.roles),
        key=lambda a: a.order,
    )


# ---- the one calendar (统筹兼顾) -------------------------------------------------------------------------
@dataclass(frozen=True)
class CalendarEvent:
    """One dated engagement from any module, for the platform's one calendar."""

    kind: str  # meeting | inspection | research | hearing | training | reception | visit | exchange | deadline
    title: str
    start: object  # datetime.datetime (aware) or datetime.date for all-day events
    end: object | None
    url: str
    congress_id: int
    person_ids: frozenset[int] = frozenset()  # core.Person ids booked for it
    body_id: int | None = None  # core.Organization id of the body holding it
    place: str = ""


CalendarSource = Callable[..., list]  # source(user, start: date, end: date) -> list[CalendarEvent], visible only
CALENDAR_SOURCES: list[tuple[str, CalendarSource]] = []


def register_calendar_source(name: str, source: CalendarSource) -> None:
    if not any(n == name for n, _ in CALENDAR_SOURCES):
        CALENDAR_SOURCES.append((name, source))


# ---- supervision topic hints (监督议题建议) -----------------------------------------------------------------
# Apps that notice what the public cares about (the participation app's hot issues) offer candidate supervision
# topics; the pages where topics are chosen (the work plan while it is drafted or revised, the supervision
# overview) list them. Neither side imports the other: sources register here in AppConfig.ready().
@dataclass(frozen=True)
class TopicHint:
    """One candidate supervision topic offered by some app, as the choosing pages show it."""

    title: str
    rationale: str
    source_label: str  # where it comes from, e.g. "社情民意"
    url: str = ""  # a page the viewer may open for the evidence ("" when the viewer may not open it)
    recent_count: int = 0  # items in the recent window …
    previous_count: int = 0  # … and in the window before it
    keywords: tuple[str, ...] = ()


# source(user, year) -> hints for the topics of `year` that `user` may see, newest first. Called only for the
# roles in TOPIC_HINT_ROLES; a source still scopes its rows to user.congress_id.
TopicSource = Callable[[object, int], list[TopicHint]]
TOPIC_SOURCES: list[tuple[str, TopicSource]] = []
# Topics are chosen by staff and leadership; units, deputies, members and the public get no hints.
TOPIC_HINT_ROLES = frozenset({Role.OFFICE, Role.LEADER, Role.COMMITTEE, Role.ADMIN})


def register_topic_source(name: str, source: TopicSource) -> None:
    """Register a source of topic hints once under `name` (ready() may run more than once in tests)."""
    if not any(n == name for n, _ in TOPIC_SOURCES):
        TOPIC_SOURCES.append((name, source))


def topic_hints(user, year: int) -> list[TopicHint]:
    """Every registered source's hints for `user` and `year`; a failing source is logged and skipped."""
    import logging

    from django.db import transaction

    if not getattr(user, "is_authenticated", False) or not getattr(user, "congress_id", None):
        return []
    if getattr(user, "role", None) not in TOPIC_HINT_ROLES:
        return []
    hints: list[TopicHint] = []
    for name, source in TOPIC_SOURCES:
        try:
            with transaction.atomic():  # a savepoint: a failing source leaves the transaction usable
                hints.extend(h for h in source(user, year) if isinstance(h, TopicHint))
        except Exception:  # one module's failure must not take the page down
            logging.getLogger(__name__).exception("topic source %s failed", name)
    return hints
