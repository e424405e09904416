"""Worlds built once per test worker and written back into later tests (the demo city, the named cast).

Building a world through the services is the slow part of many tests: the demo city takes 20–60 s (several modules
load it), the named cast of tests/conftest.py a tenth of a second (a thousand tests use it). `cached_build` builds
it and keeps what the build changed in the tables (and its uploaded files): a large world at once, a small one from
its second build on (a key seen once is not worth the reading). A later test or module of the same worker that
builds it with the same key gets those rows written back in its own transaction instead. What a test sees is the
same either way: the same rows, ids, hashes and files (tests/test_world_cache.py checks it).

The key is the world's name, the database, the day and the clock (a stopped clock's instant, or "running"); the
rows are written back only where the tables the build wrote, and those that had rows, hold as many rows as before
the kept build. Anything else, and the world is built as usual. A build that changes a row that was there before
it is never kept. The access probe builds its own demo (it moves the id sequences apart first).
"""

from __future__ import annotations

import datetime as dt
import io
import pickle
import shutil
from dataclasses import dataclass
from pathlib import Path


@dataclass
class _Snapshot:
    tables: dict[str, tuple[list[str], object]]  # table -> (columns, rows: a list, or PostgreSQL's COPY text)
    media: Path | None
    result: bytes  # what the build returned, pickled: each test gets its own copy of the objects
    watched: dict[str, int]  # the row counts, before the build, of the tables it wrote and those that had rows


_SNAPSHOTS: dict[tuple, _Snapshot | None] = {}  # None: this world cannot be kept (its build changed older rows)
_SEEN: set[tuple] = set()
_TABLES: list[str] = []


def _tables() -> list[str]:
    from django.db import connection

    if not _TABLES:
        _TABLES.extend(sorted(connection.introspection.django_table_names(only_existing=True, include_views=False)))
    return _TABLES


def row_counts(tables: list[str] | None = None) -> dict[str, int]:
    """The row count of every model table (or of these), in one query."""
    from django.db import connection

    tables = tables or _tables()
    qn = connection.ops.quote_name
    # The names are the database's own tables: nothing from outside goes into the query.
    sql = " UNION ALL ".join(f"SELECT {i}, COUNT(*) FROM {qn(t)}" for i, t in enumerate(tables))  # noqa: S608
    with connection.cursor() as cur:
        cur.execute(sql)
        return {tables[i]: n for i, n in cur.fetchall()}


def _clock() -> str:
    """"running", or the instant a stopped clock (time-machine, tick=False) shows."""
    import time

    a = time.time()
    b = time.time()
    return f"{a:.6f}" if a == b else "running"


def _read(tables) -> dict[str, tuple[list[str], object]]:
    """What the tables hold: PostgreSQL's own COPY text, SQLite's rows."""
    from django.db import connection

    qn = connection.ops.quote_name
    out = {}
    with connection.cursor() as cur:
        for t in tables:
            cur.execute(f"SELECT * FROM {qn(t)} LIMIT 1")  # noqa: S608 - the database's own table names
            columns = [c[0] for c in cur.description]
            cur.fetchall()
            if connection.vendor == "postgresql":  # exact: JSON, arrays and time zones as the database wrote them
                with cur.cursor.copy(f"COPY {qn(t)} TO STDOUT") as copy:
                    out[t] = (columns, b"".join(bytes(chunk) for chunk in copy))
            else:
                # `+column` is the stored value with no declared type, so no converter turns it into a Python date
                # or time that could not be written back as it was.
                plain = ", ".join(f"+{qn(c)}" for c in columns)
                cur.execute(f"SELECT {plain} FROM {qn(t)} ORDER BY 1")  # noqa: S608
                out[t] = (columns, cur.fetchall())
    return out


def _write(snapshot: _Snapshot) -> None:
    """The snapshot's tables as it has them, inside the caller's transaction (foreign keys are checked at commit)."""
    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import connection

    qn = connection.ops.quote_name
    with connection.cursor() as cur:
        for t, (columns, rows) in snapshot.tables.items():
            cur.execute(f"DELETE FROM {qn(t)}")  # noqa: S608 - the database's own table names
            names = ", ".join(qn(c) for c in columns)
            if connection.vendor == "postgresql":
                with cur.cursor.copy(f"COPY {qn(t)} ({names}) FROM STDIN") as copy:
                    copy.write(rows)
            else:
                marks = ", ".join(["%s"] * len(columns))
                cur.executemany(f"INSERT INTO {qn(t)} ({names}) VALUES ({marks})", rows)  # noqa: S608
        if connection.vendor == "postgresql":  # the next id of every table written comes after the copied rows
            written = set(snapshot.tables)
            models = [m for m in apps.get_models(include_auto_created=True) if m._meta.db_table in written]
            cur.execute("\n".join(connection.ops.sequence_reset_sql(no_style(), models)))  # one round trip


def cached_build(name: str, build, *, keep_first: bool = False):
    """`build()` in the current transaction, or what it wrote last time on this worker written back; returns what
    `build()` returned (a fresh copy each time). `cached_build.last_was_written_back` says which."""
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection
    from django.utils import timezone

    cached_build.last_was_written_back = False
    if not connection.in_atomic_block:  # a transactional test: rows written back would be checked one by one
        return build()
    key = (name, connection.vendor, connection.settings_dict["NAME"], timezone.localdate(), _clock())
    media = Path(settings.MEDIA_ROOT)
    snapshot = _SNAPSHOTS.get(key)
    if key in _SNAPSHOTS:
        # Written back only onto the same starting tables: those it writes and those that had rows hold as many
        # rows as before the first build (one query over a few tables; counting all of them costs 70 ms on
        # PostgreSQL, more than the cast itself).
        if snapshot is None or row_counts(list(snapshot.watched)) != snapshot.watched:
            return build()
        _write(snapshot)
        if snapshot.media is not None:
            shutil.copytree(snapshot.media, media, dirs_exist_ok=True)
        cache.clear()  # as after a fresh build, which would have new ids: nothing cached about an older world
        cached_build.last_was_written_back = True
        return pickle.loads(snapshot.result)  # noqa: S301 - our own objects, pickled by this process
    if key not in _SEEN and not keep_first:  # a small world is kept from its second build on: a key seen once
        _SEEN.add(key)                       # (a clock stopped at a test's own instant) is not worth the reading
        return build()
    before = row_counts()
    older = [t for t, n in before.items() if n]
    old_rows = _read(older)
    result = build()
    after = row_counts()
    changed = [t for t, n in after.items() if n != before[t]]
    if _read(older) != old_rows or any(after[t] < before[t] for t in changed):
        _SNAPSHOTS[key] = None  # the build changed or removed older rows: writing back would not reproduce that
        return result
    kept = None
    if media.exists() and any(media.iterdir()):
        kept = media.parent / f"{media.name}-{name}-copy"
        shutil.copytree(media, kept, dirs_exist_ok=True)
    watched = {t: before[t] for t in sorted({*changed, *older})}
    _SNAPSHOTS[key] = _Snapshot(_read(changed), kept, pickle.dumps(result), watched)
    return result


cached_build.last_was_written_back = False


def load_demo(today: dt.date | None = None) -> None:
    """`renda demo [--today DAY]` into the current transaction and MEDIA_ROOT, once per worker (see above)."""
    from django.core.management import call_command
    from django.utils import timezone

    day = today or timezone.localdate()
    cached_build(f"demo-{day.isoformat()}",
                 lambda: call_command("demo", "--today", day.isoformat(), stdout=io.StringIO()), keep_first=True)
