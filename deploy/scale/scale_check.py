#!/usr/bin/env python3
"""`make scale-check`: more than one machine, on loopback — two application nodes, a primary and a hot standby.

    .venv/bin/python deploy/scale/scale_check.py [--quick] [--seconds 120] [--threads 14] [--keep]

Brings up, in a temporary folder, with deploy/prod_check.py's `Stack` (same nginx site file, same gunicorn settings):

- PostgreSQL 15 primary (initdb, wal_level=replica, a replication slot) and a streaming replica made from it with
  the stock `pg_basebackup -R -C -S` and started as a hot standby — before `migrate` and the demo city, so the whole
  schema and data reach the replica through streaming replication;
- Redis shared by both nodes for the cache, the sessions (`cached_db`: Redis in front, the primary behind) and
  the public forms' rate limits;
- two gunicorn nodes (deploy/gunicorn.conf.py, each on its own port) behind one nginx (deploy/nginx/renda.conf with
  both nodes in the upstream), and the task worker (`renda db_worker`);
- `RENDA_REPLICA_DATABASE_URL`: renda.core.dbrouter sends the reads of public pages, open data, search and
  statistics to the replica; renda.core.readwrite keeps a browser that has just written on the primary.

Then a mixed load through nginx over TLS — citizens submitting 社情民意 (form, POST, receipt page: the receipt is
read right after the write, so it checks read-your-writes), staff posting work-plan progress notes, anonymous
readers of the portal, open data and public pages, a deputy searching, and the /healthz floor — while the faults
run: node A killed (SIGKILL), node A restarted, the replica killed (`pg_ctl stop -m immediate`), the replica
restarted. A citizen's retry re-sends the same submission token (idempotent); a staff member whose answer was lost
looks whether the note is there before posting it again. A write counts as failed only if it never lands.

Checks: 0 failed writes; every accepted write is in the primary, and in the replica once it has caught up; no read
failed while the replica was down (fallback to the primary); the replica served reads before and after its
restart (its own transaction counter); every receipt page found its submission at once (read-your-writes); both
nodes answered; the task worker processed every accepted submission; the rate limit is counted across both nodes
(Redis). Prints the tables and exits 1 on any failure. The stack is always torn down (`--keep` keeps the folder).
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import itertools
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "deploy"))
sys.path.insert(0, str(ROOT / "bench"))

from bench_load import pct  # noqa: E402
from prod_check import DEMO_CODE, DEPLOY, VENV_BIN, Stack, free_port, log, pg_bin  # noqa: E402

MARK = "扩展检查"
SLOT = "renda_replica"
# Signed-in sessions for the load (as bench/bench_load.py makes them), marked as having given the second factor
# at sign-in (staff need TOTP in production): staff who may report progress on work-plan items, and deputies.
SCALE_PREP = r"""
import json
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from renda.accounts.signals import MFA_DONE
from renda.core.models import Congress, User
from renda.workplan.models import WorkPlanItem
from renda.workplan import permissions as wperms

store = import_module(settings.SESSION_ENGINE).SessionStore
backend = settings.AUTHENTICATION_BACKENDS[0]
city = Congress.objects.get(code="%(code)s")

def session(user):
    s = store()
    s[SESSION_KEY] = str(user.pk)
    s[BACKEND_SESSION_KEY] = backend
    s[HASH_SESSION_KEY] = user.get_session_auth_hash()
    s[MFA_DONE] = True
    s.create()
    return s.session_key

out = {"staff": [], "deputies": []}
items = list(WorkPlanItem.objects.filter(congress=city).order_by("id"))
for user in User.objects.filter(congress=city, role__in=["office", "committee"], is_active=True).order_by("id"):
    mine = [i.pk for i in items if wperms.can_report_progress(user, i)]
    if mine:
        out["staff"].append({"user": user.username, "session": session(user), "items": mine[:10]})
for user in User.objects.filter(congress=city, role="deputy", is_active=True).order_by("id")[:10]:
    out["deputies"].append({"user": user.username, "session": session(user)})
print("PREP " + json.dumps(out))
"""


# ---- the stack ------------------------------------------------------------------------------------------------
class ScaleStack(Stack):
    """prod_check's stack with a hot standby, two gunicorn nodes behind nginx, sessions in Redis."""

    NODES = ("node-a", "node-b")

    def __init__(self, keep: bool = False, workers: int = 2, threads: int = 4):
        super().__init__(keep=keep, gunicorn_workers=workers, gunicorn_threads=threads)
        self.node_ports = {"node-a": self.app_port, "node-b": free_port()}
        self.replica_port = free_port()
        self.replica_data = self.root / "pg-replica"
        self.env.update({
            "RENDA_REPLICA_DATABASE_URL": f"postgres://postgres@127.0.0.1:{self.replica_port}/renda?connect_timeout=2",
            "RENDA_SESSION_ENGINE": "django.contrib.sessions.backends.cached_db",
            "RENDA_REPLICA_DOWN_SECONDS": "5",
            "RENDA_REPLICA_MAX_LAG_SECONDS": "5",
        })

    def start_postgres(self) -> None:
        self.say(f"启动主库 PostgreSQL（端口 {self.pg_port}，wal_level=replica）")
        self.pgdata.mkdir()
        sock = self.root / "pgsock"
        sock.mkdir()
        if self.is_root:
            shutil.chown(self.pgdata, "postgres", "postgres")
            shutil.chown(sock, "postgres", "postgres")
        subprocess.run(self._as_postgres([pg_bin("initdb"), "-D", str(self.pgdata), "-U", "postgres", "--auth=trust",
                                          "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]),
                       check=True, capture_output=True)
        # initdb's pg_hba.conf already lets 127.0.0.1 connect for replication (trust, loopback only).
        self.pg_opts = (f"-p {self.pg_port} -k {sock} -c listen_addresses=127.0.0.1 -c max_connections=200 "
                        "-c wal_level=replica -c max_wal_senders=10 -c max_replication_slots=10 -c checkpoint_timeout=30s")
        self.pg_ctl("start")
        subprocess.run(self._as_postgres([pg_bin("createdb"), "-h", "127.0.0.1", "-p", str(self.pg_port),
                                          "-U", "postgres", "renda"]), check=True, capture_output=True)
        self.start_replica(initial=True)

    def start_replica(self, initial: bool = False) -> None:
        sock = self.root / "pgsock-replica"
        if initial:
            self.say(f"建立流复制备库（pg_basebackup -R，复制槽 {SLOT}，端口 {self.replica_port}）")
            for d in (self.replica_data, sock):
                d.mkdir(mode=0o700)
                if self.is_root:
                    shutil.chown(d, "postgres", "postgres")
            subprocess.run(self._as_postgres([
                pg_bin("pg_basebackup"), "-h", "127.0.0.1", "-p", str(self.pg_port), "-U", "postgres",
                "-D", str(self.replica_data), "-R", "-X", "stream", "-C", "-S", SLOT, "--checkpoint=fast", "--no-sync"]),
                check=True, capture_output=True)
        opts = (f"-p {self.replica_port} -k {sock} -c listen_addresses=127.0.0.1 -c max_connections=200 "
                "-c hot_standby=on -c hot_standby_feedback=on -c checkpoint_timeout=30s"
                # A throwaway standby: no fsync, so its restart after the kill is not a minutes-long sync of the
                # data directory on a busy disk (a killed process loses nothing the OS has; this is not a power cut).
                " -c fsync=off")
        subprocess.run(self._as_postgres([pg_bin("pg_ctl"), "-D", str(self.replica_data), "-w", "-t", "60",
                                          "-l", str(self.replica_data / "standby.log"), "-o", opts, "start"]),
                       check=True, capture_output=True)

    def stop_replica(self, mode: str = "immediate") -> None:
        subprocess.run(self._as_postgres([pg_bin("pg_ctl"), "-D", str(self.replica_data), "-w", "-t", "60",
                                          "-m", mode, "stop"]), check=True, capture_output=True)

    def start_gunicorn(self) -> None:
        for name in self.NODES:
            self.start_node(name)

    def start_node(self, name: str) -> None:
        port = self.node_ports[name]
        self.say(f"启动应用节点 {name}（gunicorn 127.0.0.1:{port}，{self.gunicorn_workers} 进程 × "
                 f"{self.gunicorn_threads} 线程）")
        env = {**self.env, "RENDA_GUNICORN_BIND": f"127.0.0.1:{port}"}
        self._spawn(name, [str(VENV_BIN / "gunicorn"), "-c", str(DEPLOY / "gunicorn.conf.py"),
                           "renda.wsgi:application"], env=env)
        self._wait_port(port, name)

    def kill_node(self, name: str) -> None:
        proc = self.procs[name]
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)  # the master and its workers, mid-request: a crashed machine
        proc.wait(timeout=10)

    def site_config(self) -> str:
        site = super().site_config()
        one = f"server 127.0.0.1:{self.app_port} fail_timeout=0;"
        if one not in site:
            raise RuntimeError("nginx upstream 行与 prod_check 不一致")
        both = "\n    ".join(f"server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;" for p in self.node_ports.values())
        return site.replace(one, both)

    def sql(self, query: str, params: list | None = None, port: int | None = None) -> list[tuple]:
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=port or self.pg_port, user="postgres", dbname="renda",
                             connect_timeout=5, autocommit=True) as conn:
            return conn.execute(query, params or []).fetchall()

    def replica_sql(self, query: str, params: list | None = None) -> list[tuple]:
        return self.sql(query, params, port=self.replica_port)

    def replication_gap(self) -> int:
        """Bytes of WAL the standby has not replayed yet (-1: no standby streaming)."""
        return int(self.sql("SELECT coalesce(max(pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)), -1) "
                            "FROM pg_stat_replication")[0][0])

    def wait_caught_up(self, timeout: float = 120) -> float:
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            with contextlib.suppress(Exception):
                if self.replication_gap() == 0:
                    return time.monotonic() - started
            time.sleep(0.3)
        raise RuntimeError(f"备库在 {timeout:.0f} 秒内没有追上主库")

    def replica_transactions(self) -> int:
        return int(self.replica_sql("SELECT xact_commit + xact_rollback FROM pg_stat_database "
                                    "WHERE datname = 'renda'")[0][0])

    def down(self) -> None:
        for name in self.NODES:
            proc = self.procs.get(name)
            if proc is not None and proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGTERM)
                with contextlib.suppress(subprocess.TimeoutExpired):
                    proc.wait(timeout=30)
                if proc.poll() is None:
                    os.killpg(proc.pid, signal.SIGKILL)
        if (self.replica_data / "postmaster.pid").exists():
            with contextlib.suppress(subprocess.CalledProcessError):
                self.stop_replica("fast")
        super().down()


# ---- the load -------------------------------------------------------------------------------------------------
@dataclass
class Result:
    cls: str
    page: str
    status: int
    ms: float
    ok: bool
    done: float
    kind: str = "read"  # read / write
    body: str = ""


@dataclass
class Write:
    kind: str  # opinion / progress
    marker: str
    key: str = ""  # the submission token's id (opinions)
    accepted: bool = False
    attempts: int = 0
    landed_unanswered: bool = False  # a lost answer, but the write was there (found before posting again)
    receipt_ok: bool | None = None


@dataclass
class Run:
    results: list[Result] = field(default_factory=list)
    writes: list[Write] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    stop: threading.Event = field(default_factory=threading.Event)

    def add(self, r: Result) -> None:
        with self.lock:
            self.results.append(r)

    def add_write(self, w: Write) -> None:
        with self.lock:
            self.writes.append(w)


def token_id(token: str) -> str:
    """The random id inside a signed submission token (django.core.signing: base64(JSON):timestamp:signature)."""
    part = token.split(":", 1)[0]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def form_value(html: str, name: str) -> str | None:
    m = re.search(rf'name="{re.escape(name)}" value="([^"]*)"', html)
    return m.group(1) if m else None


class Load:
    def __init__(self, stack: ScaleStack, prep: dict, seed: int = 1):
        self.stack, self.prep = stack, prep
        self.run_id = f"{int(time.time())}-{random.Random(seed).randrange(10**6)}"
        self.seq = itertools.count(1)
        self.ips = (f"10.{a}.{b}.{c}" for a, b, c in itertools.product(range(1, 250), range(256), range(1, 255)))
        self.ip_lock = threading.Lock()

    def next_ip(self) -> str:
        with self.ip_lock:
            return next(self.ips)

    def marker(self, kind: str) -> str:
        return f"{MARK}{kind}-{self.run_id}-{next(self.seq)}"

    def req(self, run: Run, b, cls: str, page: str, method: str, path: str, expect: tuple[int, ...], *,
            data=None, kind: str = "read", location: str | None = None, must_contain: str | None = None):
        t = time.perf_counter()
        # A GET cut off with its connection (the node behind it killed) is sent once more on a new connection, as
        # a browser retries an idempotent request; a write is never re-sent here (the citizen's retry with the same
        # token is its own step). The latency counts both tries.
        for _attempt in range(2 if method == "GET" else 1):
            try:
                resp = b.request(method, path, data=data)
                status, body, loc = resp.status, resp.text, resp.headers.get("location", "")
                break
            except Exception as exc:  # a dropped connection or a timeout is a failed request, never a hang
                status, body, loc = 0, f"{type(exc).__name__}: {exc}", ""
                b.close()
                if "timed out" in str(exc).lower():
                    break
        ok = (status in expect and (location is None or location in loc)
              and (must_contain is None or must_contain in body))
        run.add(Result(cls, page, status, (time.perf_counter() - t) * 1000, ok, time.monotonic(), kind, body[:300]))
        return ok, body

    # a citizen: the form, the submission (retried with the same token), the receipt read at once
    def citizen(self, run: Run, rng: random.Random) -> None:
        base = f"/participation/public/{DEMO_CODE}"
        while not run.stop.is_set():
            b = self.stack.browser(client_ip=self.next_ip(), timeout=60)
            try:
                ok, html = self.req(run, b, "citizen", "社情民意表单", "GET", f"{base}/submit/", (200,))
                if not ok:
                    continue
                token = form_value(html, "submission_token")
                csrf = form_value(html, "csrfmiddlewaretoken")
                category = re.search(r'<option value="(\d+)"', html)
                if not (token and csrf and category):
                    run.add(Result("citizen", "社情民意表单（解析）", 0, 0, False, time.monotonic(), body=html[:300]))
                    continue
                w = Write("opinion", self.marker("opinion"), key=token_id(token))
                data = {"csrfmiddlewaretoken": csrf, "submission_token": token, "website": "",
                        "category": category.group(1), "place": "南湖区青石街道",
                        "text": f"小区门口路灯损坏多日，夜间出行不便，建议尽快维修。{w.marker}",
                        "name": "", "phone": "", "email": ""}
                for attempt in range(1, 7):
                    w.attempts = attempt
                    ok, _ = self.req(run, b, "citizen", "提交社情民意（写）", "POST", f"{base}/submit/", (303,),
                                     data=data, kind="write", location=f"{base}/received/")
                    if ok:
                        w.accepted = True
                        break
                    time.sleep(0.3 * attempt)  # the same token again: the server finds the first row
                if w.accepted:  # read-your-writes: the receipt is read right after the write
                    w.receipt_ok, _ = self.req(run, b, "citizen", "回执（写后读）", "GET", f"{base}/received/",
                                               (200,), must_contain="tracking-code")
                run.add_write(w)
                time.sleep(rng.uniform(0.0, 0.2))
            finally:
                b.close()

    # a staff member: item page, a progress note (re-posted only if it did not land), the lists
    def staff(self, run: Run, who: dict, rng: random.Random) -> None:
        b = self.stack.browser(timeout=60)
        b.cookies["sessionid"] = who["session"]
        while not run.stop.is_set():
            item = rng.choice(who["items"])
            path = f"/workplan/items/{item}/"
            w = Write("progress", self.marker("progress"))
            for attempt in range(1, 7):
                w.attempts = attempt
                ok, html = self.req(run, b, "staff", "事项详情", "GET", path, (200,))
                csrf = form_value(html, "csrfmiddlewaretoken") if ok else None
                if csrf is None:
                    time.sleep(0.3 * attempt)
                    continue
                ok, _ = self.req(run, b, "staff", "填报进展（写）", "POST", f"{path}progress/", (302,),
                                 data={"csrfmiddlewaretoken": csrf, "text": f"本周推进情况：{w.marker}"},
                                 kind="write", location=path)
                if ok:
                    w.accepted = True
                    break
                # The answer was lost: look before posting again (a note is not idempotent).
                if self.stack.sql("SELECT 1 FROM workplan_itemprogress WHERE text LIKE %s", [f"%{w.marker}"]):
                    w.accepted = w.landed_unanswered = True
                    break
                time.sleep(0.3 * attempt)
            run.add_write(w)
            self.req(run, b, "staff", "工作要点列表", "GET", "/workplan/", (200, 302))
            self.req(run, b, "staff", "议案建议列表", "GET", "/proposals/", (200,))
        b.close()

    # anonymous readers of the portal, open data and public pages (replica)
    def reader(self, run: Run, rng: random.Random) -> None:
        pages = [("门户首页", f"/public/{DEMO_CODE}/"), ("新闻", f"/public/{DEMO_CODE}/news/"),
                 ("法规", f"/public/{DEMO_CODE}/regulations/"), ("代表", f"/public/{DEMO_CODE}/deputies/"),
                 ("开放数据 JSON", f"/public/{DEMO_CODE}/data/deputies.json"),
                 ("开放数据 CSV", f"/public/{DEMO_CODE}/data/news.csv"),
                 ("监督公开", f"/supervision/public/{DEMO_CODE}/")]
        b = self.stack.browser(client_ip=self.next_ip(), timeout=60)
        while not run.stop.is_set():
            name, path = rng.choice(pages)
            self.req(run, b, "reader", name, "GET", path, (200,))
        b.close()

    # a deputy who searches and reads, never writes (search on the replica)
    def searcher(self, run: Run, who: dict, rng: random.Random) -> None:
        b = self.stack.browser(timeout=60)
        b.cookies["sessionid"] = who["session"]
        words = ["工作", "代表", "监督", "预算", "条例", "建议"]
        while not run.stop.is_set():
            self.req(run, b, "searcher", "全局搜索", "GET", f"/search/?q={urllib.parse.quote(rng.choice(words))}", (200,))
            self.req(run, b, "searcher", "首页", "GET", "/", (200,))
        b.close()

    def floor(self, run: Run) -> None:
        b = self.stack.browser(timeout=60)
        while not run.stop.is_set():
            self.req(run, b, "floor", "/healthz", "GET", "/healthz", (200,))
            time.sleep(0.1)
        b.close()

    def threads(self, run: Run, n: int) -> list[threading.Thread]:
        staff = self.prep["staff"]
        deputies = self.prep["deputies"]
        n_cit = max(2, n * 4 // 14)
        n_staff = max(1, n * 3 // 14)
        n_search = max(1, n * 2 // 14)
        n_read = max(1, n - n_cit - n_staff - n_search)
        out = [threading.Thread(target=self.citizen, args=(run, random.Random(10 + i))) for i in range(n_cit)]
        out += [threading.Thread(target=self.staff, args=(run, staff[i % len(staff)], random.Random(20 + i)))
                for i in range(n_staff)]
        out += [threading.Thread(target=self.searcher, args=(run, deputies[i % len(deputies)], random.Random(30 + i)))
                for i in range(n_search)]
        out += [threading.Thread(target=self.reader, args=(run, random.Random(40 + i))) for i in range(n_read)]
        out.append(threading.Thread(target=self.floor, args=(run,)))
        for t in out:
            t.daemon = True
        return out


# ---- the run --------------------------------------------------------------------------------------------------
PHASES = ("稳态", "节点 A 被杀", "节点 A 重启后", "备库被杀", "备库重启后")


@dataclass
class Timeline:
    marks: list[tuple[float, str]] = field(default_factory=list)
    replica_tx: dict[str, int] = field(default_factory=dict)
    max_replay_lag_ms: float = 0.0

    def phase_of(self, t: float) -> str:
        current = PHASES[0]
        for at, name in self.marks:
            if t >= at:
                current = name
        return current


def faults(stack: ScaleStack, run: Run, seconds: float, tl: Timeline) -> None:
    """The five phases (weights 2:1:1:1:2 of the load time): steady, node A killed, node A back, replica killed,
    replica back. The replica's own transaction counter is sampled over the steady phase and over the last phase
    once the nodes may use it again (after RENDA_REPLICA_DOWN_SECONDS)."""
    unit = seconds / 7
    settle = float(stack.env["RENDA_REPLICA_DOWN_SECONDS"]) + 1
    start = time.monotonic()
    tl.marks.append((start, PHASES[0]))

    def sample_lag():
        with contextlib.suppress(Exception):
            rows = stack.sql("SELECT EXTRACT(EPOCH FROM replay_lag) * 1000 FROM pg_stat_replication")
            if rows and rows[0][0] is not None:
                tl.max_replay_lag_ms = max(tl.max_replay_lag_ms, float(rows[0][0]))

    def until(t):
        while time.monotonic() < start + t:
            sample_lag()
            time.sleep(0.5)

    tl.replica_tx["稳态 开始"] = stack.replica_transactions()
    until(2 * unit)
    tl.replica_tx["稳态 结束"] = stack.replica_transactions()
    log("故障 1：杀掉应用节点 A（SIGKILL）")
    tl.marks.append((time.monotonic(), PHASES[1]))
    stack.kill_node("node-a")
    until(3 * unit)
    log("恢复 1：重启应用节点 A")
    stack.start_node("node-a")
    tl.marks.append((time.monotonic(), PHASES[2]))
    until(4 * unit)
    log("故障 2：杀掉备库（pg_ctl stop -m immediate）")
    tl.marks.append((time.monotonic(), PHASES[3]))
    stack.stop_replica("immediate")
    until(5 * unit)
    log("恢复 2：重启备库")
    stack.start_replica()  # pg_ctl -w: returns when the standby accepts read-only connections
    tl.marks.append((time.monotonic(), PHASES[4]))
    log("备库已重新接受连接（崩溃恢复后继续流复制）")
    time.sleep(settle)  # the nodes try it again after RENDA_REPLICA_DOWN_SECONDS
    tl.replica_tx["重启后 开始"] = stack.replica_transactions()
    start = time.monotonic() - 5 * unit  # the last phase: two units of load on the replica again
    until(7 * unit)
    tl.replica_tx["重启后 结束"] = stack.replica_transactions()


def warm_up(stack: ScaleStack, prep: dict) -> None:
    """Every worker of both nodes loads its templates and URL patterns before the clock starts."""
    staff = prep["staff"][0]
    b = stack.browser(timeout=120)
    b.cookies["sessionid"] = staff["session"]
    paths = ["/", "/workplan/", f"/workplan/items/{staff['items'][0]}/", "/proposals/", "/search/?q=" +
             urllib.parse.quote("工作"), f"/public/{DEMO_CODE}/", f"/public/{DEMO_CODE}/news/",
             f"/participation/public/{DEMO_CODE}/submit/", f"/supervision/public/{DEMO_CODE}/"]
    for _ in range(2 * len(ScaleStack.NODES) * stack.gunicorn_workers):
        for path in paths:
            with contextlib.suppress(Exception):
                b.get(path)
        b.close()  # a new connection: nginx may pick the other node
    b.close()


def prepare(stack: ScaleStack) -> dict:
    out = stack.renda("shell", "--no-imports", "-c", SCALE_PREP % {"code": DEMO_CODE}).stdout
    prep = json.loads(next(x for x in out.splitlines() if x.startswith("PREP "))[5:])
    prep["deputies"] = prep["deputies"] or prep["staff"]
    if not prep["staff"]:
        raise SystemExit("演示数据中没有可填报进展的工作人员")
    return prep


def rate_limit_shared(stack: ScaleStack) -> tuple[bool, str]:
    """One address submits until refused: the limit (PO-INTAKE per_hour) holds across both nodes (Redis)."""
    base = f"/participation/public/{DEMO_CODE}"
    b = stack.browser(client_ip="10.250.0.1")
    statuses = []
    for _ in range(16):
        page = b.get(f"{base}/submit/")
        if page.status != 200:
            statuses.append(page.status)
            break
        html = page.text
        category = re.search(r'<option value="(\d+)"', html).group(1)
        r = b.post(f"{base}/submit/", {"csrfmiddlewaretoken": form_value(html, "csrfmiddlewaretoken"),
                                        "submission_token": form_value(html, "submission_token"), "website": "",
                                        "category": category, "place": "滨江区", "text": "限流检查：同一来源连续提交。",
                                        "name": "", "phone": "", "email": ""})
        statuses.append(r.status)
        if r.status == 429:
            break
    b.close()
    accepted = statuses.count(303)
    ok = statuses[-1] == 429 and accepted == 10
    return ok, f"同一地址接受 {accepted} 次后第 {len(statuses)} 次得到 {statuses[-1]}（规则上限每小时 10 次）"


def node_requests(stack: ScaleStack) -> dict[str, int]:
    out = {}
    for name in stack.NODES:
        n = 0
        path = stack.logs / f"{name}.log"
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            if '"renda.request"' in line:
                n += 1
        out[name] = n
    return out


def report(stack: ScaleStack, load: Load, run: Run, tl: Timeline, elapsed: float) -> bool:
    res, writes = run.results, run.writes
    checks: list[tuple[str, bool, str]] = []

    by_phase: dict[str, list[Result]] = defaultdict(list)
    for r in res:
        by_phase[tl.phase_of(r.done)].append(r)
    print(f"\n## scale-check：两个应用节点 + 主库/流复制备库 + Redis + 任务进程（{elapsed:.0f} 秒，{len(res)} 个请求，"
          f"{len(res) / elapsed:.1f} 请求/秒）\n")
    print("| 阶段 | 请求 | 读 成功/失败 | 写请求 成功/失败 | p50 ms | p95 ms |")
    print("|---|---:|---:|---:|---:|---:|")
    for ph in PHASES:
        rs = by_phase.get(ph, [])
        reads = [r for r in rs if r.kind == "read"]
        wr = [r for r in rs if r.kind == "write"]
        ms = [r.ms for r in rs]
        print(f"| {ph} | {len(rs)} | {sum(r.ok for r in reads)}/{sum(not r.ok for r in reads)} | "
              f"{sum(r.ok for r in wr)}/{sum(not r.ok for r in wr)} | {pct(ms, 50):.0f} | {pct(ms, 95):.0f} |")
    print("\n| 类别 | 请求 | p50 ms | p95 ms | 失败 |")
    print("|---|---:|---:|---:|---:|")
    by_cls: dict[str, list[Result]] = defaultdict(list)
    for r in res:
        by_cls[r.cls].append(r)
    for cls, rs in sorted(by_cls.items()):
        ms = [r.ms for r in rs]
        print(f"| {cls} | {len(rs)} | {pct(ms, 50):.0f} | {pct(ms, 95):.0f} | {sum(not r.ok for r in rs)} |")
    failed_requests = [r for r in res if not r.ok]
    groups: dict[tuple, list[Result]] = defaultdict(list)
    for r in failed_requests:
        groups[(tl.phase_of(r.done), r.cls, r.page, r.status)].append(r)
    for (ph, cls, page, status), rs in sorted(groups.items()):
        print(f"  失败请求 ×{len(rs)}：[{ph}] {cls} {page} 状态 {status}：{rs[0].body[:140]!r}")

    # writes: accepted, failed (never landed), in the primary, in the replica
    opinions = [w for w in writes if w.kind == "opinion"]
    notes = [w for w in writes if w.kind == "progress"]
    failed = [w for w in writes if not w.accepted]
    retried = [w for w in writes if w.attempts > 1]
    keys = {row[0].rsplit(":", 1)[-1]: (row[1], row[2]) for row in
            stack.sql("SELECT key, status, code FROM core_intakeentry WHERE kind = 'participation.opinion'")}
    like = f"%{MARK}progress-{load.run_id}-%"
    primary_notes = {m for (t,) in stack.sql("SELECT text FROM workplan_itemprogress WHERE text LIKE %s", [like])
                     for m in re.findall(rf"{MARK}progress-{re.escape(load.run_id)}-\d+", t)}
    lost = [w for w in opinions if w.accepted and w.key not in keys] + \
           [w for w in notes if w.accepted and w.marker not in primary_notes]
    failed_landed = [w for w in failed if (w.key in keys if w.kind == "opinion" else w.marker in primary_notes)]
    dup_notes = stack.sql("SELECT count(*) - count(DISTINCT text) FROM workplan_itemprogress WHERE text LIKE %s",
                          [like])[0][0]

    caught = stack.wait_caught_up()
    replica_keys = {row[0].rsplit(":", 1)[-1] for row in
                    stack.replica_sql("SELECT key FROM core_intakeentry WHERE kind = 'participation.opinion'")}
    replica_notes = {m for (t,) in stack.replica_sql("SELECT text FROM workplan_itemprogress WHERE text LIKE %s",
                                                     [like])
                     for m in re.findall(rf"{MARK}progress-{re.escape(load.run_id)}-\d+", t)}
    missing_on_replica = [w for w in opinions if w.accepted and w.key not in replica_keys] + \
                         [w for w in notes if w.accepted and w.marker not in replica_notes]

    # the worker turns every accepted submission into an opinion
    deadline = time.monotonic() + 90
    pending = -1
    accepted_keys = [w.key for w in opinions if w.accepted]
    while time.monotonic() < deadline:
        rows = stack.sql("SELECT key, status FROM core_intakeentry WHERE kind = 'participation.opinion'")
        st = {k.rsplit(":", 1)[-1]: s for k, s in rows}
        pending = sum(1 for k in accepted_keys if st.get(k) != "done")
        if pending == 0:
            break
        time.sleep(1)

    print("\n| 写入 | 尝试 | 被接受 | 重试过 | 应答丢失但已落库 | 最终失败 | 主库中缺失 | 备库追平后缺失 |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for kind, ws in (("社情民意提交（同一提交凭证重试）", opinions), ("工作要点进展（先查后重发）", notes)):
        if not ws:
            continue
        print(f"| {kind} | {len(ws)} | {sum(w.accepted for w in ws)} | {sum(w.attempts > 1 for w in ws)} | "
              f"{sum(w.landed_unanswered for w in ws)} | {sum(not w.accepted for w in ws)} | "
              f"{sum(1 for w in lost if w.kind == ws[0].kind)} | "
              f"{sum(1 for w in missing_on_replica if w.kind == ws[0].kind)} |")

    ryw = [w for w in opinions if w.accepted]
    ryw_bad = [w for w in ryw if not w.receipt_ok]
    nodes = node_requests(stack)
    tx = tl.replica_tx
    steady_tx = tx.get("稳态 结束", 0) - tx.get("稳态 开始", 0)
    after_tx = tx.get("重启后 结束", 0) - tx.get("重启后 开始", 0)
    down_reads = [r for r in by_phase.get("备库被杀", []) if r.kind == "read"]
    reader_reads = [r for r in down_reads if r.cls in ("reader", "searcher")]
    rl_ok, rl_detail = rate_limit_shared(stack)

    checks.append(("写入零失败（从未落库的写）", not failed,
                   f"{len(writes)} 次写入，{len(retried)} 次重试后成功，{len(failed)} 次失败"
                   + (f"（其中 {len(failed_landed)} 次实际已落库）" if failed_landed else "")))
    checks.append(("被接受的写入都在主库", not lost, f"缺失 {len(lost)}"))
    checks.append(("进展没有重复提交", dup_notes == 0, f"重复 {dup_notes}"))
    checks.append(("备库追平后数据完整", not missing_on_replica,
                   f"追平用时 {caught:.1f} 秒，缺失 {len(missing_on_replica)}"))
    checks.append(("备库宕机期间读请求全部成功（回退主库）", bool(reader_reads) and all(r.ok for r in down_reads),
                   f"{len(down_reads)} 个读请求，失败 {sum(not r.ok for r in down_reads)}"))
    checks.append(("备库承担了读请求（宕机前、重启后）", steady_tx > 20 and after_tx > 20,
                   f"备库事务数：稳态 +{steady_tx}，重启后 +{after_tx}"))
    checks.append(("写后读：回执页立即查到刚提交的意见", bool(ryw) and not ryw_bad, f"{len(ryw)} 次，失败 {len(ryw_bad)}"))
    checks.append(("两个应用节点都在服务", all(n > 0 for n in nodes.values()),
                   "，".join(f"{k} {v} 个请求" for k, v in nodes.items())))
    checks.append(("后台任务进程处理了全部提交", pending == 0, f"未处理 {pending}"))
    checks.append(("限流计数在节点间共享（Redis）", rl_ok, rl_detail))
    other_failed = [r for r in failed_requests if tl.phase_of(r.done) != PHASES[1] or r.kind != "write"]
    checks.append(("除节点被杀瞬间的写请求外没有失败的请求", not other_failed, f"{len(other_failed)} 个"))
    print(f"\n备库回放延迟（负载下 pg_stat_replication.replay_lag 最大值）：{tl.max_replay_lag_ms:.0f} ms")
    print("\n| 检查 | 结果 | 说明 |")
    print("|---|---|---|")
    for name, ok, detail in checks:
        print(f"| {name} | {'通过' if ok else '未通过'} | {detail} |")
    return all(ok for _, ok, _ in checks)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="两个应用节点、主库与流复制备库：故障下的混合负载检查。")
    parser.add_argument("--quick", action="store_true", help="CI 用的短版本（约 40 秒负载）")
    parser.add_argument("--seconds", type=float, default=None, help="负载总时长（五个阶段平分）")
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--keep", action="store_true", help="保留临时目录（日志、配置）")
    args = parser.parse_args(argv)
    seconds = args.seconds or (56 if args.quick else 175)
    threads = args.threads or (8 if args.quick else 14)
    started = time.monotonic()
    stack = ScaleStack(keep=args.keep)
    ok = False
    try:
        stack.up()
        caught = stack.wait_caught_up()
        log(f"备库已追平主库（迁移与演示数据经流复制到达，{caught:.1f} 秒）")
        prep = prepare(stack)
        load = Load(stack, prep)
        run = Run()
        tl = Timeline()
        log("预热两个节点的全部工作进程")
        warm_up(stack, prep)
        workers = load.threads(run, threads)
        log(f"混合负载 {seconds:.0f} 秒，{len(workers)} 个客户端线程")
        t0 = time.perf_counter()
        for w in workers:
            w.start()
        try:
            faults(stack, run, seconds, tl)
        finally:
            run.stop.set()
            for w in workers:
                w.join(timeout=60)
        elapsed = time.perf_counter() - t0
        ok = report(stack, load, run, tl, elapsed)
    except Exception as exc:
        log(f"失败：{type(exc).__name__}: {exc}")
        for name in (*ScaleStack.NODES, "worker", "nginx"):
            path = stack.logs / f"{name}.log"
            if path.exists():
                log(f"--- {name}.log（末尾）---\n" + path.read_text(errors="replace")[-1500:])
    finally:
        stack.down()
    log(f"{'全部通过' if ok else '未通过'}，用时 {time.monotonic() - started:.0f} 秒")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
