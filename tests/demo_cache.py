"""The demo city, built once per test worker and copied into the next module that loads it.

Several modules load the whole demo city into a module-wide transaction (tests/conftest.py `module_world`) and roll it
back at their end; building it takes half a minute on SQLite and more on PostgreSQL. `load_demo` builds it the first
time and keeps what the build left in every table (and its uploaded files); a later module of the same worker that
loads it for the same day, on the same clock and on the same starting tables gets those rows inserted again in a
second or two. What a test sees is the same either way: the same rows, ids, hashes and files.

The key is the loading day, the clock (a stopped clock's instant, or "running"), the database and a fingerprint of
the tables before loading: anything else, and the demo is built as usual. The probe does not use it (it moves the
id sequences apart before loading, tests/security/probe.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import shutil
from dataclasses import dataclass
from pathlib import Path


@dataclass
class _Snapshot:
    tables: dict[str, tuple[list[str], object]]  # table -> (columns, rows: a list, or PostgreSQL's COPY text)
    media: Path


_SNAPSHOTS: dict[tuple, _Snapshot] = {}


def _tables() -> list[str]:
    from django.db import connection

    return sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))


def _fingerprint(tables: list[str]) -> str:
    """The row count of every table: equal counts before loading mean the same starting tables (a fresh database)."""
    from django.db import connection

    qn = connection.ops.quote_name
    with connection.cursor() as cur:
        counts = []
        for t in tables:
            cur.execute(f"SELECT COUNT(*) FROM {qn(t)}")  # noqa: S608 - the database's own table names
            counts.append(f"{t}={cur.fetchone()[0]}")
    return hashlib.sha256(";".join(counts).encode()).hexdigest()


def _clock() -> str:
    """"running", or the instant a stopped clock (time-machine, tick=False) shows."""
    import time

    a = time.time()
    b = time.time()
    return f"{a:.6f}" if a == b else "running"


def _read(tables: list[str]) -> dict[str, tuple[list[str], object]]:
    """What every non-empty table holds: PostgreSQL's own COPY text, SQLite's rows."""
    from django.db import connection

    qn = connection.ops.quote_name
    out = {}
    with connection.cursor() as cur:
        for t in tables:
            cur.execute(f"SELECT * FROM {qn(t)} LIMIT 1")  # noqa: S608 - the database's own table names
            columns = [c[0] for c in cur.description]
            if not cur.fetchall():
                continue
            if connection.vendor == "postgresql":  # exact: JSON, arrays and time zones as the database wrote them
                with cur.cursor.copy(f"COPY {qn(t)} TO STDOUT") as copy:
                    out[t] = (columns, b"".join(bytes(chunk) for chunk in copy))
            else:
                # `+column` is the stored value with no declared type, so no converter turns it into a Python date
                # or time that could not be written back as it was.
                plain = ", ".join(f"+{qn(c)}" for c in columns)
                cur.execute(f"SELECT {plain} FROM {qn(t)}")  # noqa: S608
                out[t] = (columns, cur.fetchall())
    return out


def _write(snapshot: _Snapshot, tables: list[str]) -> None:
    """Every table as the snapshot has it, inside the caller's transaction (foreign keys are checked at commit)."""
    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import connection

    qn = connection.ops.quote_name
    with connection.cursor() as cur:
        for t in tables:
            cur.execute(f"DELETE FROM {qn(t)}")  # noqa: S608 - the database's own table names
        for t, (columns, rows) in snapshot.tables.items():
            names = ", ".join(qn(c) for c in columns)
            if connection.vendor == "postgresql":
                with cur.cursor.copy(f"COPY {qn(t)} ({names}) FROM STDIN") as copy:
                    copy.write(rows)
            else:
                marks = ", ".join(["%s"] * len(columns))
                cur.executemany(f"INSERT INTO {qn(t)} ({names}) VALUES ({marks})", rows)  # noqa: S608
        if connection.vendor == "postgresql":  # the next id of every table comes after the copied rows
            for sql in connection.ops.sequence_reset_sql(no_style(), apps.get_models(include_auto_created=True)):
                cur.execute(sql)


def cached_build(name: str, build) -> bool:
    """Run `build()` in the current transaction, or write what it left last time on this worker; True if written.

    Its rows are kept per (name, database, day, clock, starting tables), its files in MEDIA_ROOT beside them."""
    from django.conf import settings
    from django.db import connection
    from django.utils import timezone

    tables = _tables()
    key = (name, connection.vendor, connection.settings_dict["NAME"], timezone.localdate(), _clock(),
           _fingerprint(tables))
    media = Path(settings.MEDIA_ROOT)
    snapshot = _SNAPSHOTS.get(key)
    if snapshot is not None:
        _write(snapshot, tables)
        if snapshot.media.exists():
            shutil.copytree(snapshot.media, media, dirs_exist_ok=True)
        return True
    build()
    kept = media.parent / f"{media.name}-{name}-copy"
    if media.exists():
        shutil.copytree(media, kept, dirs_exist_ok=True)
    _SNAPSHOTS[key] = _Snapshot(_read(tables), kept)
    return False


def load_demo(today: dt.date | None = None) -> None:
    """`renda demo [--today DAY]` into the current transaction and MEDIA_ROOT, once per worker (see above)."""
    from django.core.management import call_command
    from django.utils import timezone

    day = today or timezone.localdate()
    cached_build(f"demo-{day.isoformat()}",
                 lambda: call_command("demo", "--today", day.isoformat(), stdout=io.StringIO()))
