"""The replica router and read-your-writes (renda.core.dbrouter, renda.core.readwrite), without a real replica.

The decisions are checked with the test settings (one database): the router's health probe is replaced by a fake
where a real standby would be asked; `make scale-check` (deploy/scale/) runs the same code against a real
PostgreSQL primary and hot standby.
"""

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.db import OperationalError, connections
from django.http import HttpResponse
from django.test import RequestFactory
from django_tasks_db.models import DBTaskResult

from renda.accounts.models import LoginSession
from renda.core import dbrouter, readwrite
from renda.core.models import AuditHead, IntakeEntry, OutboxMessage, SearchEntry, User
from renda.portal.models import NewsArticle

ROOT = Path(__file__).resolve().parents[2]
NOON = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)
router = dbrouter.ReplicaRouter()


class Clock:
    def __init__(self):
        self.now = 1000.0

    def monotonic(self):
        return self.now


@pytest.fixture
def replica(monkeypatch, settings):
    """A configured replica that answers (the probe is a fake); a fresh health state and a controllable clock."""
    settings.RENDA_REPLICA_DOWN_SECONDS = 10
    settings.RENDA_REPLICA_MAX_LAG_SECONDS = 5
    settings.RENDA_REPLICA_MARKER_SECONDS = 10
    health = dbrouter.ReplicaHealth()
    clock = Clock()
    probes = []
    monkeypatch.setattr(dbrouter, "health", health)
    monkeypatch.setattr(dbrouter, "enabled", lambda: True)
    monkeypatch.setattr(dbrouter, "_now", clock.monotonic)
    monkeypatch.setattr(health, "check", lambda: probes.append(1))
    health.clock, health.probes = clock, probes
    return health


# ---- the router ---------------------------------------------------------------------------------------------
def test_public_and_search_reads_go_to_the_replica_only_in_a_lag_tolerant_request(replica):
    for model in (NewsArticle, SearchEntry, IntakeEntry):
        assert router.db_for_read(model) == "default"  # outside a marked request: the primary
        with dbrouter.replica_reads():
            assert router.db_for_read(model) == "replica"
        with dbrouter.replica_reads(False):
            assert router.db_for_read(model) == "default"


def test_identity_sessions_tasks_and_audit_always_read_the_primary(replica):
    with dbrouter.replica_reads():
        for model in (User, Session, LoginSession, DBTaskResult, AuditHead, OutboxMessage):
            assert router.db_for_read(model) == "default", model
        assert router.db_for_read(NewsArticle) == "replica"  # the same request's portal reads still do


def test_writes_always_go_to_the_primary(replica):
    with dbrouter.replica_reads():
        for model in (NewsArticle, SearchEntry, User, Session):
            assert router.db_for_write(model) == "default"
    assert router.allow_migrate("default", "portal") is not False
    assert router.allow_migrate("replica", "portal") is False
    assert router.allow_relation(NewsArticle(), User()) is True


def test_a_read_inside_a_transaction_on_the_primary_stays_there(replica, monkeypatch):
    monkeypatch.setattr(connections["default"], "in_atomic_block", True)
    with dbrouter.replica_reads():
        assert router.db_for_read(NewsArticle) == "default"


def test_replica_down_sends_reads_to_the_primary_for_a_while(replica, monkeypatch):
    def refused():
        replica.probes.append(1)
        raise OperationalError("connection refused")

    monkeypatch.setattr(replica, "check", refused)
    with dbrouter.replica_reads():
        assert router.db_for_read(NewsArticle) == "default"
        assert replica.is_down() and replica.failures == 1 and replica.last_reason == "OperationalError"
        assert router.db_for_read(SearchEntry) == "default"
        assert len(replica.probes) == 1  # no second connection attempt while marked down
        replica.clock.now += 9
        assert router.db_for_read(NewsArticle) == "default" and len(replica.probes) == 1
        replica.clock.now += 2  # past RENDA_REPLICA_DOWN_SECONDS: tried again (still refused)
        assert router.db_for_read(NewsArticle) == "default" and len(replica.probes) == 2
        monkeypatch.setattr(replica, "check", lambda: None)  # back
        replica.clock.now += 11
        assert router.db_for_read(NewsArticle) == "replica"


def test_a_query_error_on_the_replica_connection_marks_it_down(replica):
    def execute(sql, params, many, context):
        raise OperationalError("server closed the connection unexpectedly")

    with pytest.raises(OperationalError):
        dbrouter._watch_replica_queries(execute, "SELECT 1", (), False, {})
    assert replica.is_down()
    with dbrouter.replica_reads():
        assert router.db_for_read(NewsArticle) == "default"
    assert dbrouter._watch_replica_queries(lambda *a: "rows", "SELECT 1", (), False, {}) == "rows"


class FakeCursor:
    def __init__(self, lag):
        self.lag, self.sql = lag, []

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def execute(self, sql):
        self.sql.append(sql)

    def fetchone(self):
        return (self.lag,)


class FakeReplicaConnection:
    vendor = "postgresql"

    def __init__(self, lag):
        self.connection = None
        self.execute_wrappers = []
        self.cursor_obj = FakeCursor(lag)
        self.closed = 0

    def ensure_connection(self):
        self.connection = object()

    def cursor(self):
        return self.cursor_obj

    def close(self):
        self.connection = None
        self.closed += 1


@pytest.mark.parametrize(("lag", "used"), [(0, True), (4.5, True), (30, False), (1e9, False)])
def test_a_lagging_or_not_streaming_standby_is_not_used(monkeypatch, settings, lag, used):
    settings.RENDA_REPLICA_MAX_LAG_SECONDS = 5
    health = dbrouter.ReplicaHealth()
    conn = FakeReplicaConnection(lag)
    monkeypatch.setattr(dbrouter, "health", health)
    monkeypatch.setattr(dbrouter, "enabled", lambda: True)
    monkeypatch.setattr(dbrouter, "connections", {"replica": conn, "default": connections["default"]})
    with dbrouter.replica_reads():
        assert router.db_for_read(NewsArticle) == ("replica" if used else "default")
    assert "pg_is_in_recovery" in conn.cursor_obj.sql[0] and "pg_stat_wal_receiver" in conn.cursor_obj.sql[0]
    assert conn.execute_wrappers == [dbrouter._watch_replica_queries]  # installed once per connection object
    if used:
        with dbrouter.replica_reads():
            assert router.db_for_read(SearchEntry) == "replica"
        assert len(conn.cursor_obj.sql) == 1  # connected: no second probe in this thread
    else:
        assert health.is_down() and "replay lag" in health.last_reason and conn.closed >= 1


def test_without_a_replica_configured_nothing_goes_anywhere_else():
    assert not dbrouter.enabled()  # the test settings have one database
    with dbrouter.replica_reads():
        assert router.db_for_read(NewsArticle) == "default"


@pytest.mark.parametrize(("path", "tolerant"), [
    ("/public/xx-city/", True),
    ("/public/xx-city/data/deputies.json", True),
    ("/public/", True),
    ("/public/manage/news/", False),
    ("/supervision/public/xx-city/", True),
    ("/participation/public/xx-city/received/", True),
    ("/search/", True),
    ("/meetings/statistics/", True),
    ("/workplan/", False),
    ("/workplan/items/3/", False),
    ("/api/v1/workplan/plans", False),
    ("/login/", False),
])
def test_lag_tolerant_paths(path, tolerant, settings):
    settings.RENDA_REPLICA_PATHS = []
    assert dbrouter.lag_tolerant(path) is tolerant


def test_lag_tolerant_paths_can_be_configured(settings):
    settings.RENDA_REPLICA_PATHS = [r"^/only-here/"]
    assert dbrouter.lag_tolerant("/only-here/x") and not dbrouter.lag_tolerant("/public/xx-city/")


# ---- the middleware -----------------------------------------------------------------------------------------
def run(request, decisions, *, fail_first=None):
    """The middleware around a view that records where a portal read would go."""
    calls = []

    def view(req):
        calls.append(1)
        decisions.append((dbrouter.replica_reads_allowed(), router.db_for_read(NewsArticle)))
        if fail_first is not None and len(calls) == 1:
            fail_first()
            return HttpResponse("系统暂时不可用", status=503)
        return HttpResponse("ok")

    return readwrite.ReadYourWritesMiddleware(view)(request)


def test_after_a_write_the_same_browser_reads_from_the_primary(replica):
    rf = RequestFactory()
    decisions = []
    with time_machine.travel(NOON, tick=False) as traveller:
        assert run(rf.get("/public/xx-city/"), decisions).status_code == 200
        assert decisions[-1] == (True, "replica")
        posted = run(rf.post("/participation/public/xx-city/submit/", {"text": "x"}), decisions)
        assert decisions[-1] == (False, "default")  # the write itself never reads from the replica
        cookie = posted.cookies[readwrite.MARKER_COOKIE]
        assert cookie["httponly"] and int(cookie["max-age"]) == 10 and cookie.value != "1"  # signed
        after = rf.get("/participation/public/xx-city/received/")
        after.COOKIES[readwrite.MARKER_COOKIE] = cookie.value
        run(after, decisions)
        assert decisions[-1] == (False, "default")  # read-your-writes
        traveller.shift(dt.timedelta(seconds=11))  # past the marker (max lag + 5 s)
        later = rf.get("/participation/public/xx-city/received/")
        later.COOKIES[readwrite.MARKER_COOKIE] = cookie.value
        run(later, decisions)
        assert decisions[-1] == (True, "replica")
    assert not run(rf.get("/public/xx-city/"), decisions).cookies  # a read sets no marker


def test_a_forged_marker_is_ignored(replica):
    decisions = []
    req = RequestFactory().get("/public/xx-city/")
    req.COOKIES[readwrite.MARKER_COOKIE] = "1:forged:signature"
    run(req, decisions)
    assert decisions == [(True, "replica")]


def test_staff_pages_and_writes_stay_on_the_primary(replica):
    rf = RequestFactory()
    decisions = []
    run(rf.get("/workplan/items/1/"), decisions)
    run(rf.post("/search/", {}), decisions)  # not a GET
    assert decisions == [(False, "default"), (False, "default")]


def test_a_request_whose_replica_failed_is_answered_from_the_primary(replica):
    decisions = []
    resp = run(RequestFactory().get("/public/xx-city/news/"), decisions,
               fail_first=lambda: replica.mark_down("OperationalError"))
    assert resp.status_code == 200 and resp.content == b"ok"
    assert decisions == [(True, "replica"), (False, "default")]


def test_a_failure_that_is_not_the_replica_is_not_retried(replica):
    decisions = []
    resp = run(RequestFactory().get("/public/xx-city/news/"), decisions, fail_first=lambda: None)
    assert resp.status_code == 503 and len(decisions) == 1


def test_settings_enable_the_router_only_with_a_replica_url():
    code = ("import django, json; from django.conf import settings; django.setup(); "
            "m = settings.MIDDLEWARE; print(json.dumps([sorted(settings.DATABASES), settings.DATABASE_ROUTERS, "
            "m.index('renda.core.readwrite.ReadYourWritesMiddleware') - m.index('renda.core.logging.RequestLogMiddleware')"
            " if 'renda.core.readwrite.ReadYourWritesMiddleware' in m else None, settings.SESSION_ENGINE]))")
    base = {k: v for k, v in os.environ.items() if not k.startswith("RENDA_")}
    base.update({"RENDA_TESTING": "1", "DJANGO_SETTINGS_MODULE": "renda.settings"})

    def probe(**extra):
        out = subprocess.run([sys.executable, "-c", code], env={**base, **extra}, capture_output=True, text=True,
                             cwd=ROOT, check=True, timeout=120).stdout
        import json

        return json.loads(out.strip().splitlines()[-1])

    assert probe() == [["default"], [], None, "django.contrib.sessions.backends.db"]
    dbs, routers, position, engine = probe(
        RENDA_DATABASE_URL="postgres://postgres@127.0.0.1:5432/x",
        RENDA_REPLICA_DATABASE_URL="postgres://postgres@127.0.0.1:5433/x?connect_timeout=2",
        RENDA_SESSION_ENGINE="django.contrib.sessions.backends.cached_db")
    assert dbs == ["default", "replica"] and routers == ["renda.core.dbrouter.ReplicaRouter"]
    assert position == 1 and engine == "django.contrib.sessions.backends.cached_db"
