"""What each app contributes to the shell: navigation areas and home-page panels.

Apps register in their AppConfig.ready(); the core renders them. An area that no
app has built yet shows a "coming" page.
"""

from __future__ import annotations

import hashlib
import inspect
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

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


def add_once_in_order(entries: list, name: str, item, order: int) -> None:
    """Add `(order, name, item)` to `entries` unless `name` is there (ready() may run twice), keeping them by order."""
    if any(n == name for _, n, _ in entries):
        return
    entries.append((order, name, item))
    entries.sort(key=lambda entry: entry[0])


# ---- home panels, cached per user --------------------------------------------------------------------------
# A panel reads its app's rows (and sometimes more: `depends`); its rendered HTML is cached per user, per day and per
# *generation* of each app it depends on in the user's congress. Every service write appends an audit record, and
# `audit.record` calls `changed(congress_id, app_label)`, which draws a new generation for that app (at once and
# again after the commit, so a page computed between the write and the commit is not kept): the next home page of
# every user of that congress recomputes that app's panels and keeps the others. PANEL_TTL bounds what no audited
# write announces (the time of day, bulk loads).
PANEL_TTL = 120
CALENDAR = "calendar"  # a dependency: every app that registered a calendar source (the one calendar)
PANEL_DEPENDS: dict[str, tuple[str, ...]] = {}  # panel key -> "app" or "app.model" tokens (or CALENDAR)
# Panels that read more than their own app: the deputy's panel lists the engagements of the one calendar.
DEFAULT_DEPENDS: dict[str, tuple[str, ...]] = {"deputies": ("deputies", CALENDAR)}
# What of an app the calendar reads, where that is much less than the app (supervision's calendar shows inspections
# and reports, not the public's review requests, which arrive all day): "app.model" tokens; other apps whole.
CALENDAR_MODELS: dict[str, tuple[str, ...]] = {
    "supervision": ("supervision.inspection", "supervision.inspectionteammember", "supervision.fieldvisit",
                    "supervision.report"),
}
_GEN = "home-gen:{congress}:{app}"


def panel_key(panel: HomePanel) -> str:
    return f"{getattr(panel, '__module__', '')}.{getattr(panel, '__qualname__', repr(panel))}"


def _app_of(panel: HomePanel) -> str:
    parts = (getattr(panel, "__module__", "") or "").split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "renda" else parts[0]


def register_home_panel(panel: HomePanel, order: int = 100, depends: tuple[str, ...] | None = None) -> None:
    """Register a home panel (`panel(user) -> dict | None`, the dict naming its `template`), once per key; `depends`:
    the app labels whose writes change it (default: its own app; CALENDAR for every calendar source's app)."""
    key = panel_key(panel)
    HOME_PANELS[:] = [(o, p) for o, p in HOME_PANELS if panel_key(p) != key]
    HOME_PANELS.append((order, panel))
    HOME_PANELS.sort(key=lambda p: p[0])
    app = _app_of(panel)
    PANEL_DEPENDS[key] = tuple(depends or DEFAULT_DEPENDS.get(app) or (app,))


def _apps(depends: tuple[str, ...]) -> list[str]:
    out = set()
    for d in depends:
        if d == CALENDAR:
            for app in {name.split(".")[0] for name, _ in CALENDAR_SOURCES}:
                out.update(CALENDAR_MODELS.get(app, (app,)))
        else:
            out.add(d)
    return sorted(out)


def changed(congress_id: int | None, app_label: str, model_name: str = "") -> None:
    """A write of a model of `app_label` in a congress: the panels depending on that app, or on that model, are
    recomputed (called by audit.record)."""
    if not congress_id or not app_label:
        return
    keys = [_GEN.format(congress=congress_id, app=app_label)]
    if model_name:
        keys.append(_GEN.format(congress=congress_id, app=f"{app_label}.{model_name}"))

    def bump(keys=keys):
        cache.set_many({k: secrets.token_hex(6) for k in keys}, None)

    try:
        bump()
        connection = transaction.get_connection()
        if connection.in_atomic_block:  # once per key and transaction, however many records it writes
            flush, pending = getattr(connection, "_renda_home_pending", (None, None))
            if flush is None or not any(entry[1] is flush for entry in connection.run_on_commit):
                pending = set()  # (a rolled back transaction dropped the earlier callback with its keys)

                def flush(pending=pending):
                    bump(sorted(pending))

                connection._renda_home_pending = (flush, pending)
                transaction.on_commit(flush, robust=True)
            pending.update(keys)
    except Exception:  # the cache is down: the TTL still bounds what a panel shows
        logging.getLogger(__name__).warning("home panels: could not mark %s of %s changed", app_label, congress_id)


def _generations(congress_id: int, apps: list[str]) -> dict[str, str]:
    keys = {app: _GEN.format(congress=congress_id, app=app) for app in apps}
    found = cache.get_many(list(keys.values()))
    out = {}
    for app, key in keys.items():
        gen = found.get(key)
        if gen is None:  # never drawn or evicted: a new generation (every panel depending on it recomputed)
            cache.add(key, secrets.token_hex(6), None)
            gen = cache.get(key) or "0"
        out[app] = gen
    return out


def home_panels(user) -> list[str]:
    """The rendered HTML of every home panel for `user`, from the cache where its generations are unchanged."""
    if not getattr(settings, "RENDA_HOME_CACHE", not getattr(settings, "TESTING", False)):
        # off in the test suite by default (ids are reused between tests); tests/core/test_home_cache.py turns it on
        out = []
        for _, panel in HOME_PANELS:
            data = panel(user)
            if data:
                out.append(mark_safe(render_to_string(data["template"], {"panel": data})))
        return out
    congress_id = getattr(user, "congress_id", None) or 0
    panels = [(panel_key(p), p, _apps(PANEL_DEPENDS.get(panel_key(p)) or (_app_of(p),))) for _, p in HOME_PANELS]
    gens = _generations(congress_id, sorted({a for _, _, apps in panels for a in apps})) if congress_id else {}
    who = f"{user.pk}:{getattr(user, 'role', '')}:{getattr(user, 'organization_id', '')}:" \
          f"{getattr(user, 'person_id', '')}:{congress_id}:{timezone.localdate().isoformat()}"
    keys = {}
    for key, _, apps in panels:
        stamp = hashlib.sha256(f"{who}:{key}:{','.join(gens.get(a, '') for a in apps)}".encode()).hexdigest()[:32]
        keys[key] = f"home-panel:{stamp}"
    cached = cache.get_many(list(keys.values()))
    fresh: dict[str, str] = {}
    out = []
    for key, panel, _ in panels:
        html = cached.get(keys[key])
        if html is None:
            data = panel(user)
            html = render_to_string(data["template"], {"panel": data}) if data else ""
            fresh[keys[key]] = html
        if html:
            out.append(mark_safe(html))  # rendered by our own templates (autoescaped)
    if fresh:
        cache.set_many(fresh, PANEL_TTL)
    return out


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


def accepts_person(source: CalendarSource) -> bool:
    """Whether a calendar source reads one person's engagements by itself: it declares a keyword `person_id`
    (`source(user, start, end, person_id=None)`) and, given one, returns at least every event of the window whose
    `person_ids` holds that person (each with its full `person_ids`), filtered in the database. Sources without the
    keyword are called as before and filtered by the caller."""
    try:
        params = inspect.signature(source).parameters
    except (TypeError, ValueError):
        return False
    p = params.get("person_id")
    return p is not None and p.kind in (p.KEYWORD_ONLY, p.POSITIONAL_OR_KEYWORD)


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
