"""Reads that may lag go to the streaming replica; every write, and every other read, to the primary.

Enabled only when `RENDA_REPLICA_DATABASE_URL` names a hot standby (PostgreSQL streaming replication,
`pg_basebackup -R`): settings.py then adds the database alias `replica`, this router and
`renda.core.readwrite.ReadYourWritesMiddleware`. Without it nothing here runs (one database, as before).

Which reads may use the replica is decided per request, never per query alone:

- the request must be one the middleware marked lag-tolerant (`replica_reads()`): a GET or HEAD of the public portal
  and open data, the other modules' public pages, global search, statistics (`LAG_TOLERANT_PATHS`, or
  `RENDA_REPLICA_PATHS`) — and the person must not have written in the last few seconds (read-your-writes);
- the model must not be one whose staleness would be wrong rather than old: sessions, users and identity, the task
  queue, the audit chain's head, the outbox (`PRIMARY_ONLY_APPS`, `PRIMARY_ONLY_MODELS`);
- no transaction may be open on the primary (a read inside `atomic()` belongs to that transaction);
- the replica must be up and not lagging: the first use in a thread connects (bounded by `connect_timeout` in the
  URL) and asks the standby for its replay lag; a connection error, a query error on the replica or a lag beyond
  `RENDA_REPLICA_MAX_LAG_SECONDS` marks it down in this process for `RENDA_REPLICA_DOWN_SECONDS`, during which
  every read goes to the primary. The middleware answers a request whose replica failed half-way again from the
  primary (a GET writes nothing, so it is safe to run twice).

Outside requests (the task worker, management commands, the demo) nothing is marked lag-tolerant: all on the
primary. Migrations run on the primary only (a hot standby is read-only and replays them).
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import re
import threading
import time
from collections.abc import Iterator

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connections

log = logging.getLogger("renda.dbrouter")

PRIMARY = "default"
REPLICA = "replica"

# Apps and models always read from the primary, whatever the request.
PRIMARY_ONLY_APPS = frozenset({
    "sessions",  # a session just written (sign-in) must be found at once
    "auth",
    "admin",
    "contenttypes",
    "accounts",  # lock-out counters, sign-in sessions, second factor: identity decisions on fresh rows
    "django_tasks_database",  # the worker's queue (claimed rows, results)
})
PRIMARY_ONLY_MODELS = frozenset({
    "core.user",  # the session's password hash is checked against it on every request
    "core.audithead",
    "core.auditevent",
    "core.outboxmessage",
    "core.apitoken",
})

# Paths whose GETs may be answered from a replica a second or two behind (regular expressions on path_info).
LAG_TOLERANT_PATHS = (
    r"^/public/(?!manage/)",  # the portal and its open data (/public/<code>/data/*.json|csv)
    r"^/[a-z]+/public/",  # every module's public pages (/supervision/public/<code>/, /participation/public/…)
    r"^/search/",  # global search
    r"^/meetings/statistics/",  # reports
)

def _now() -> float:
    return time.monotonic()


_replica_reads: contextvars.ContextVar[bool] = contextvars.ContextVar("renda_replica_reads", default=False)


def enabled() -> bool:
    """Whether a replica is configured at all."""
    return REPLICA in settings.DATABASES


@contextlib.contextmanager
def replica_reads(allowed: bool = True) -> Iterator[None]:
    """Within the block, reads that may lag go to the replica (when it is up)."""
    token = _replica_reads.set(allowed)
    try:
        yield
    finally:
        _replica_reads.reset(token)


def replica_reads_allowed() -> bool:
    return _replica_reads.get()


_PATHS_CACHE: dict[tuple[str, ...], re.Pattern] = {}


def lag_tolerant(path: str) -> bool:
    """Whether a GET of this path may be answered from the replica."""
    patterns = tuple(getattr(settings, "RENDA_REPLICA_PATHS", None) or LAG_TOLERANT_PATHS)
    rx = _PATHS_CACHE.get(patterns)
    if rx is None:
        rx = _PATHS_CACHE[patterns] = re.compile("|".join(f"(?:{p})" for p in patterns))
    return bool(rx.search(path))


def primary_only(model) -> bool:
    meta = model._meta
    return meta.app_label in PRIMARY_ONLY_APPS or meta.label_lower in PRIMARY_ONLY_MODELS


# The lag a hot standby reports of itself: 0 when it has replayed everything it received; the age of the last
# replayed transaction otherwise; "infinitely" stale when it is not streaming from the primary at all.
LAG_SQL = """
SELECT CASE
  WHEN NOT pg_is_in_recovery() THEN 0
  WHEN NOT EXISTS (SELECT 1 FROM pg_stat_wal_receiver WHERE status = 'streaming') THEN 1e9
  WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
  ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0)
END
"""


class ReplicaLagging(OperationalError):
    pass


class ReplicaHealth:
    """Per process: is the replica usable? A failure marks it down for a while (all reads to the primary)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._down_until = 0.0
        self.failures = 0  # bumped on every mark_down: the middleware compares it before and after a request
        self.last_reason = ""

    @staticmethod
    def down_seconds() -> float:
        return float(getattr(settings, "RENDA_REPLICA_DOWN_SECONDS", 10))

    @staticmethod
    def max_lag() -> float:
        return float(getattr(settings, "RENDA_REPLICA_MAX_LAG_SECONDS", 5))

    def mark_down(self, reason: str) -> None:
        with self._lock:
            was_up = _now() >= self._down_until
            self._down_until = _now() + self.down_seconds()
            self.failures += 1
            self.last_reason = reason
        if was_up:
            log.warning("replica unavailable (%s): reads go to the primary for %.0f s", reason, self.down_seconds())

    def is_down(self) -> bool:
        return _now() < self._down_until

    def reset(self) -> None:
        with self._lock:
            self._down_until = 0.0
            self.last_reason = ""

    def check(self) -> None:
        """Connect when this thread has no replica connection yet, and refuse a lagging standby; raises."""
        conn = connections[REPLICA]
        if conn.connection is not None:
            return  # connected in this thread already; a query error on it marks it down (execute wrapper)
        conn.ensure_connection()
        if not getattr(conn, "_renda_replica_watch", False):
            conn.execute_wrappers.append(_watch_replica_queries)
            conn._renda_replica_watch = True
        if conn.vendor == "postgresql":
            with conn.cursor() as cur:
                cur.execute(LAG_SQL)
                lag = float(cur.fetchone()[0] or 0)
            if lag > self.max_lag():
                conn.close()
                raise ReplicaLagging(f"replay lag {lag:.1f} s")

    def usable(self) -> bool:
        if not enabled() or self.is_down():
            return False
        try:
            self.check()
        except (DatabaseError, OSError) as exc:
            self.mark_down(type(exc).__name__ if not isinstance(exc, ReplicaLagging) else str(exc))
            with contextlib.suppress(Exception):
                connections[REPLICA].close()
            return False
        return True


health = ReplicaHealth()


def _watch_replica_queries(execute, sql, params, many, context):
    """Execute wrapper on the replica connection: a dropped or refused connection marks the replica down."""
    try:
        return execute(sql, params, many, context)
    except (OperationalError, InterfaceError) as exc:
        health.mark_down(type(exc).__name__)
        raise


class ReplicaRouter:
    """DATABASE_ROUTERS entry (settings.py adds it when a replica is configured)."""

    def db_for_read(self, model, **hints) -> str:
        if not _replica_reads.get() or primary_only(model):
            return PRIMARY
        if connections[PRIMARY].in_atomic_block:
            return PRIMARY  # a read inside a transaction on the primary belongs to it
        return REPLICA if health.usable() else PRIMARY

    def db_for_write(self, model, **hints) -> str:
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        return db != REPLICA
