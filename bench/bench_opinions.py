"""Load on the public-opinion channel: 10,000 citizens submit an opinion at concurrency 50, then a 10-second burst,
against gunicorn + PostgreSQL on loopback with the task worker running, next to the same server's floors measured in
the same run: /healthz and a minimal write (a view that inserts one row, routed only with RENDA_BENCH_FLOOR=1).

    .venv/bin/python bench/bench_opinions.py [--count 10000] [--concurrency 50] [--quick] [--burst 10] [--kill-worker]

Submissions go through the public intake (renda.core.intake): the POST stores one intake row and answers with the
receipt; the worker (`renda db_worker`) makes the opinions. The counts are checked after the backlog has drained.

What it does, in one run:
1. creates a fresh PostgreSQL database (postgres://postgres@127.0.0.1:5432/renda_bench_po_<pid>, or the server of
   --admin-url), migrates it, creates one congress with the default categories and raises that congress's
   per-address rate limit through a RuleParameter (PO-INTAKE per_hour): every request here comes from 127.0.0.1;
2. starts gunicorn with deploy/gunicorn.conf.py (gthread; workers and threads from RENDA_GUNICORN_* or the flags)
   on a free loopback port, production settings (DEBUG off, persistent DB connections);
3. floor: `count` GETs of /healthz at the same concurrency;
4. submissions: `count` times GET the form (CSRF cookie + submission token) then POST it (expects 303), from
   `concurrency` threads, each with its own keep-alive connection (http.client, standard library only);
5. waits for the backlog to drain, checks that exactly `count` intake rows and opinions are stored, then replays 100
   of the POSTs with their original tokens and checks that none is stored again and each redirects to the receipt;
6. burst: forms fetched beforehand, then `--burst` seconds of POSTs from every client thread as fast as they go;
   every 303 must be one intake row and, once drained, one opinion (0 lost, 0 duplicated); the drain time is
   printed. `--kill-worker` SIGKILLs the worker 3 s into the burst and starts a new one (plus `renda tasks
   recover`, as the scheduler would);
7. `renda audit verify` over the whole database (the intake rows sealed into the audit chain);
8. prints requests per second and p50/p95 latency, the ratios to both floors; stops everything, drops the database.

Exit status 1 if any request failed or a count is not exact.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = ROOT / ".venv" / "bin"
CODE = "bench-po"
TEXTS = [
    "青石河河水发黑发臭，夏天气味很大，希望尽快治理黑臭水体。",
    "小区停车位严重不足，晚上车辆占用消防通道，希望增加停车位。",
    "社区老年助餐点只在中午开放，希望延长服务时间并送餐上门。",
    "新建小区入住人口多，小学学位紧张，希望加快配套学校建设。",
    "社区卫生服务中心常用慢性病药品经常缺货，希望保障社区用药。",
]

SETUP = r"""
import django
django.setup()
from renda.core.models import Congress, RuleParameter
from renda.participation import services
c = Congress.objects.create(code="%(code)s", name="压测市人民代表大会", short_name="压测市人大", level="city",
                            standing_committee_name="压测市人民代表大会常务委员会", city_name="压测市")
services.category_ensure_defaults(congress=c)
RuleParameter.objects.create(congress=c, rule_id="PO-INTAKE", name="per_hour", value=1000000,
                             basis="压测：所有请求来自同一地址")
print("SETUP ok", c.pk)
"""

COUNT_SQL = "SELECT count(*) FROM participation_opinion o JOIN core_congress c ON c.id = o.congress_id WHERE c.code = %s"
INTAKE_SQL = "SELECT count(*), count(DISTINCT key), count(*) FILTER (WHERE status = 'pending') FROM core_intakeentry"
FLOOR_TABLE = "CREATE TABLE bench_floor (id bigserial PRIMARY KEY, at timestamptz NOT NULL, body text NOT NULL)"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(p / 100 * (len(values) - 1))))
    return values[k]


class Conn:
    """One keep-alive HTTP/1.1 connection with a tiny cookie jar; reconnects when the server closed it."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.http: http.client.HTTPConnection | None = None
        self.reconnects = 0

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        hdrs = {"Host": f"127.0.0.1:{self.port}", **(headers or {})}
        if self.cookies:
            hdrs["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (1, 2):
            if self.http is None:
                self.http = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            try:
                self.http.request(method, path, body=body, headers=hdrs)
                resp = self.http.getresponse()
                data = resp.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError,
                    http.client.CannotSendRequest, http.client.ResponseNotReady):
                # The server closed an idle keep-alive connection: reconnect and send again. A POST sent twice
                # is harmless here: its submission token makes it idempotent (that is what is being measured).
                self.http.close()
                self.http = None
                self.reconnects += 1
                if attempt == 2:
                    raise
        for name, value in resp.getheaders():
            if name.lower() == "set-cookie":
                k, _, rest = value.partition("=")
                self.cookies[k.strip()] = rest.split(";", 1)[0]
        if resp.getheader("Connection", "").lower() == "close":
            self.http.close()
            self.http = None
        return resp.status, resp.getheader("Location", ""), data

    def close(self):
        if self.http is not None:
            self.http.close()


@dataclass
class Run:
    total: int
    next_index: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    lat_a: list[float] = field(default_factory=list)  # GET form or /healthz
    lat_b: list[float] = field(default_factory=list)  # POST
    errors: list[str] = field(default_factory=list)
    replays: list[tuple[bytes, str, dict]] = field(default_factory=list)
    reconnects: int = 0

    def take(self) -> int | None:
        with self.lock:
            if self.next_index >= self.total:
                return None
            self.next_index += 1
            return self.next_index - 1


def floor_worker(run: Run, port: int) -> None:
    conn = Conn(port)
    a: list[float] = []
    errors = []
    while run.take() is not None:
        t = time.perf_counter()
        try:
            status, _, _ = conn.request("GET", "/healthz")
        except Exception as exc:
            status = f"{type(exc).__name__}"
        a.append((time.perf_counter() - t) * 1000)
        if status != 200:
            errors.append(f"healthz {status}")
    with run.lock:
        run.lat_a += a
        run.errors += errors
        run.reconnects += conn.reconnects
    conn.close()


def floor_write_worker(run: Run, port: int) -> None:
    conn = Conn(port)
    a: list[float] = []
    errors = []
    body = urlencode({"text": "最小写入"}).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    while run.take() is not None:
        t = time.perf_counter()
        try:
            status, _, _ = conn.request("POST", "/bench/floor-write/", body=body, headers=headers)
        except Exception as exc:
            status = f"{type(exc).__name__}"
        a.append((time.perf_counter() - t) * 1000)
        if status != 204:
            errors.append(f"floor-write {status}")
    with run.lock:
        run.lat_a += a
        run.errors += errors
        run.reconnects += conn.reconnects
    conn.close()


FORM_RE = {
    "csrf": re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"'),
    "token": re.compile(rb'name="submission_token" value="([^"]+)"'),
    "category": re.compile(rb'<option value="(\d+)"'),
}


def submit_worker(run: Run, port: int, keep_replays: int) -> None:
    conn = Conn(port)
    path = f"/participation/public/{CODE}/submit/"
    a: list[float] = []
    b: list[float] = []
    errors = []
    replays = []
    while (i := run.take()) is not None:
        t0 = time.perf_counter()
        try:
            status, _, html = conn.request("GET", path)
        except Exception as exc:
            status, html = type(exc).__name__, b""
        t1 = time.perf_counter()
        a.append((t1 - t0) * 1000)
        found = {k: rx.search(html) for k, rx in FORM_RE.items()}
        if status != 200 or not all(found.values()):
            errors.append(f"form {status}")
            continue
        fields = {
            "csrfmiddlewaretoken": found["csrf"].group(1).decode(),
            "submission_token": found["token"].group(1).decode(),
            "category": found["category"].group(1).decode(),
            "place": f"压测区第{i % 97}街道", "text": f"{TEXTS[i % len(TEXTS)]}（压测{i}）",
            "name": "", "phone": "", "email": "", "website": "",
        }
        body = urlencode(fields).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded",
                   "Referer": f"http://127.0.0.1:{port}{path}"}
        t2 = time.perf_counter()
        try:
            status, _, _ = conn.request("POST", path, body=body, headers=headers)
        except Exception as exc:
            status = type(exc).__name__
        b.append((time.perf_counter() - t2) * 1000)
        if status != 303:
            errors.append(f"submit {status}")
        elif len(replays) < keep_replays:
            replays.append((body, dict(conn.cookies), headers))
    with run.lock:
        run.lat_a += a
        run.lat_b += b
        run.errors += errors
        run.replays += replays
        run.reconnects += conn.reconnects
    conn.close()


def fetch_forms(port: int, n: int) -> tuple[dict, list[tuple[str, str]]]:
    """`n` forms' (submission token, category) pairs and the cookies of one browser (its CSRF cookie)."""
    conn = Conn(port)
    path = f"/participation/public/{CODE}/submit/"
    out = []
    for _ in range(n):
        status, _, html = conn.request("GET", path)
        found = {k: rx.search(html) for k, rx in FORM_RE.items()}
        if status == 200 and all(found.values()):
            out.append((found["token"].group(1).decode(), found["category"].group(1).decode(),
                        found["csrf"].group(1).decode()))
    conn.close()
    return dict(conn.cookies), out


@dataclass
class Burst:
    forms: list
    until: float
    lock: threading.Lock = field(default_factory=threading.Lock)
    accepted: int = 0
    lat: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def take(self):
        with self.lock:
            if not self.forms or time.perf_counter() >= self.until:
                return None
            return self.forms.pop()


def burst_worker(b: Burst, port: int) -> None:
    path = f"/participation/public/{CODE}/submit/"
    lat, errors, accepted = [], [], 0
    conn = None
    while (item := b.take()) is not None:
        cookies, (token, category, csrf), i = item
        if conn is None:
            conn = Conn(port)
        conn.cookies = dict(cookies)
        body = urlencode({"csrfmiddlewaretoken": csrf, "submission_token": token, "category": category,
                          "place": f"压测区第{i % 97}街道", "text": f"{TEXTS[i % len(TEXTS)]}（突发{i}）",
                          "name": "", "phone": "", "email": "", "website": ""}).encode()
        t = time.perf_counter()
        try:
            status, _, _ = conn.request("POST", path, body=body, headers={
                "Content-Type": "application/x-www-form-urlencoded", "Referer": f"http://127.0.0.1:{port}{path}"})
        except Exception as exc:
            status = type(exc).__name__
        lat.append((time.perf_counter() - t) * 1000)
        if status == 303:
            accepted += 1
        else:
            errors.append(f"burst {status}")
    if conn is not None:
        conn.close()
    with b.lock:
        b.lat += lat
        b.errors += errors
        b.accepted += accepted


def wait_drained(db_url: str, timeout: float = 3600) -> tuple[float, int]:
    """Seconds until no intake row is pending (polling every 0.2 s), and the rows still pending at the timeout."""
    import psycopg

    t = time.perf_counter()
    with psycopg.connect(db_url, autocommit=True) as conn:
        while True:
            pending = conn.execute(INTAKE_SQL).fetchone()[2]
            if pending == 0 or time.perf_counter() - t > timeout:
                return time.perf_counter() - t, pending
            time.sleep(0.2)


def drive(target, run: Run, port: int, concurrency: int, *args) -> float:
    threads = [threading.Thread(target=target, args=(run, port, *args)) for _ in range(concurrency)]
    t = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return time.perf_counter() - t


def wait_ready(port: int, proc: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"gunicorn exited with status {proc.returncode}")
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            c.request("GET", "/healthz")
            if c.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit("gunicorn did not become ready")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--count", type=int, default=10_000, help="submissions (and /healthz requests); default 10000")
    ap.add_argument("--concurrency", type=int, default=50, help="client threads; default 50")
    ap.add_argument("--quick", action="store_true", help="500 submissions (a smoke run)")
    ap.add_argument("--burst", type=float, default=10.0, help="seconds of the burst; 0: none; default 10")
    ap.add_argument("--kill-worker", action="store_true", help="SIGKILL the task worker 3 s into the burst")
    ap.add_argument("--workers", type=int, default=int(os.environ.get("RENDA_GUNICORN_WORKERS", 5)))
    ap.add_argument("--threads", type=int, default=int(os.environ.get("RENDA_GUNICORN_THREADS", 4)))
    ap.add_argument("--admin-url", default=os.environ.get("RENDA_BENCH_PG", "postgres://postgres@127.0.0.1:5432/postgres"),
                    help="a PostgreSQL server where a fresh database may be created and dropped")
    args = ap.parse_args(argv)
    count = 500 if args.quick else args.count
    replay_n = min(100, count)

    import psycopg

    db = f"renda_bench_po_{os.getpid()}"
    base = args.admin_url.rsplit("/", 1)[0]
    db_url = f"{base}/{db}"
    with psycopg.connect(args.admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{db}"')
    tmp = tempfile.TemporaryDirectory(prefix="renda-bench-po-")
    port = free_port()
    env = {
        **os.environ,
        "RENDA_DATABASE_URL": db_url, "RENDA_DEBUG": "0", "RENDA_TESTING": "0",
        "RENDA_SECRET_KEY": secrets.token_urlsafe(48), "RENDA_FIELD_KEY": secrets.token_urlsafe(32),
        "RENDA_ALLOWED_HOSTS": "127.0.0.1,localhost", "RENDA_SECURE_COOKIES": "0", "RENDA_DB_CONN_MAX_AGE": "60",
        "RENDA_LOG_LEVEL": "ERROR", "RENDA_VAR_DIR": tmp.name, "RENDA_MEDIA_ROOT": f"{tmp.name}/media",
        "RENDA_STATIC_ROOT": f"{tmp.name}/static", "RENDA_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "RENDA_GUNICORN_BIND": f"127.0.0.1:{port}", "RENDA_GUNICORN_WORKERS": str(args.workers),
        "RENDA_GUNICORN_THREADS": str(args.threads), "DJANGO_SETTINGS_MODULE": "renda.settings",
        "PYTHONPATH": str(ROOT / "src"), "RENDA_BENCH_FLOOR": "1",
        "RENDA_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
    }
    Path(env["RENDA_STATIC_ROOT"]).mkdir(parents=True, exist_ok=True)
    proc = None
    worker = None
    ok = True

    def start_worker():
        return subprocess.Popen([str(VENV_BIN / "renda"), "db_worker", "--no-reload", "--interval", "0.5",
                                 "--queue-name", "default"], env=env, cwd=str(ROOT),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    try:
        t = time.perf_counter()
        subprocess.run([str(VENV_BIN / "renda"), "migrate", "--verbosity", "0"], env=env, check=True)
        subprocess.run([str(VENV_BIN / "python"), "-c", SETUP % {"code": CODE}], env=env, check=True)
        with psycopg.connect(db_url, autocommit=True) as conn:
            conn.execute(FLOOR_TABLE)
        print(f"database {db} migrated and set up in {time.perf_counter() - t:.1f} s")
        worker = start_worker()
        proc = subprocess.Popen([str(VENV_BIN / "gunicorn"), "-c", str(ROOT / "deploy" / "gunicorn.conf.py"),
                                 "renda.wsgi:application"], env=env, cwd=str(ROOT),
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        wait_ready(port, proc)
        print(f"gunicorn on 127.0.0.1:{port}: {args.workers} workers × {args.threads} threads (gthread); "
              f"clients: {args.concurrency} threads, keep-alive; {os.cpu_count()} CPU cores shared by both")

        warm = Run(total=min(400, count))
        drive(floor_worker, warm, port, min(args.concurrency, 20))

        floor = Run(total=count)
        floor_s = drive(floor_worker, floor, port, args.concurrency)
        floor_rps = count / floor_s

        fw = Run(total=count)
        fw_s = drive(floor_write_worker, fw, port, args.concurrency)
        fw_rps = count / fw_s

        sub = Run(total=count)
        sub_s = drive(submit_worker, sub, port, args.concurrency, max(1, replay_n // args.concurrency + 1))
        sub_http = len(sub.lat_a) + len(sub.lat_b)
        drain_s, left = wait_drained(db_url)

        with psycopg.connect(db_url) as conn:
            stored = conn.execute(COUNT_SQL, [CODE]).fetchone()[0]
            intake_rows = conn.execute(INTAKE_SQL).fetchone()[0]

        # Replays: the same POST bodies (same tokens, same cookies) again.
        replay_errors = []
        for body, cookies, headers in sub.replays[:replay_n]:
            c = Conn(port)
            c.cookies = cookies
            status, location, _ = c.request("POST", f"/participation/public/{CODE}/submit/", body=body,
                                            headers=headers)
            c.close()
            if status != 303 or not location.endswith("/received/"):
                replay_errors.append(status)
        with psycopg.connect(db_url) as conn:
            after_replay = conn.execute(COUNT_SQL, [CODE]).fetchone()[0]
            intake_after_replay = conn.execute(INTAKE_SQL).fetchone()[0]
            distinct_tokens = conn.execute(
                "SELECT count(DISTINCT submission_id) FROM participation_opinion").fetchone()[0]

        # The burst: forms fetched first (one browser per client thread), then POSTs only, as fast as the client goes.
        burst = None
        if args.burst > 0:
            per_thread = max(50, int(sub.total / sub_s * args.burst * 3 / args.concurrency) + 20)
            pool: list = []
            lock = threading.Lock()

            def prefetch(k: int) -> None:
                cookies, forms = fetch_forms(port, per_thread)
                with lock:
                    pool.extend((cookies, f, k * per_thread + j) for j, f in enumerate(forms))

            t = time.perf_counter()
            fetchers = [threading.Thread(target=prefetch, args=(k,)) for k in range(args.concurrency)]
            for th in fetchers:
                th.start()
            for th in fetchers:
                th.join()
            print(f"burst: {len(pool)} forms fetched in {time.perf_counter() - t:.1f} s")
            wait_drained(db_url)
            with psycopg.connect(db_url) as conn:
                rows_before, _, _ = conn.execute(INTAKE_SQL).fetchone()
                ops_before = conn.execute(COUNT_SQL, [CODE]).fetchone()[0]
            burst = Burst(forms=pool, until=time.perf_counter() + args.burst)
            killer = None
            if args.kill_worker:
                def kill_and_restart():
                    nonlocal worker
                    time.sleep(3)
                    worker.kill()
                    worker.wait()
                    subprocess.run([str(VENV_BIN / "renda"), "tasks", "recover", "--older-than", "0"], env=env,
                                   stdout=subprocess.DEVNULL, check=False)
                    worker = start_worker()
                killer = threading.Thread(target=kill_and_restart)
                killer.start()
            t = time.perf_counter()
            threads = [threading.Thread(target=burst_worker, args=(burst, port)) for _ in range(args.concurrency)]
            for th in threads:
                th.start()
            for th in threads:
                th.join()
            burst_s = time.perf_counter() - t
            if killer is not None:
                killer.join()
            burst_drain_s, burst_left = wait_drained(db_url)
            with psycopg.connect(db_url) as conn:
                rows_after, keys_after, _ = conn.execute(INTAKE_SQL).fetchone()
                ops_after = conn.execute(COUNT_SQL, [CODE]).fetchone()[0]
                dup_ops = conn.execute("SELECT count(*) - count(DISTINCT submission_id) FROM participation_opinion"
                                       ).fetchone()[0]
                failed = conn.execute("SELECT count(*) FROM core_intakeentry WHERE status <> 'done'").fetchone()[0]
        verify = subprocess.run([str(VENV_BIN / "renda"), "audit", "verify"], env=env, capture_output=True, text=True)

        print()
        print(f"{'':28}{'requests':>10}{'seconds':>9}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}")
        print(f"{'floor GET /healthz':28}{count:>10}{floor_s:>9.1f}{floor_rps:>9.0f}"
              f"{pct(floor.lat_a, 50):>9.1f}{pct(floor.lat_a, 95):>9.1f}")
        print(f"{'floor POST one-row insert':28}{count:>10}{fw_s:>9.1f}{fw_rps:>9.0f}"
              f"{pct(fw.lat_a, 50):>9.1f}{pct(fw.lat_a, 95):>9.1f}")
        print(f"{'submit: GET form':28}{len(sub.lat_a):>10}{'':>9}{'':>9}"
              f"{pct(sub.lat_a, 50):>9.1f}{pct(sub.lat_a, 95):>9.1f}")
        print(f"{'submit: POST (303)':28}{len(sub.lat_b):>10}{'':>9}{'':>9}"
              f"{pct(sub.lat_b, 50):>9.1f}{pct(sub.lat_b, 95):>9.1f}")
        print(f"{'submit: all requests':28}{sub_http:>10}{sub_s:>9.1f}{sub_http / sub_s:>9.0f}")
        print()
        print(f"submissions per second: {count / sub_s:.0f} (each = GET form + POST); "
              f"HTTP requests per second: {sub_http / sub_s:.0f} = {sub_http / sub_s / floor_rps:.2f} × the floor "
              f"({floor_rps:.0f} req/s on /healthz, same server, same run)")
        print(f"against the minimal-write floor ({fw_rps:.0f} req/s): submission HTTP requests "
              f"{sub_http / sub_s / fw_rps:.2f} ×, POSTs alone {len(sub.lat_b) / sub_s / fw_rps:.2f} × "
              f"(target ≥ 0.5 ×); backlog drained {drain_s:.1f} s after the last submission")
        print(f"stored: {intake_rows} intake rows, {stored} opinions of {count} submissions ({distinct_tokens} distinct "
              f"tokens); after replaying {len(sub.replays[:replay_n])} POSTs with their tokens: {after_replay} "
              f"({after_replay - stored} new opinions, {intake_after_replay - intake_rows} new intake rows); "
              f"reconnects: {sub.reconnects + floor.reconnects}")
        burst_ok = True
        if burst is not None:
            new_rows, new_ops = rows_after - rows_before, ops_after - ops_before
            print(f"burst: {burst.accepted + len(burst.errors)} POSTs in {burst_s:.1f} s = "
                  f"{(burst.accepted + len(burst.errors)) / burst_s:.0f}/s from {args.concurrency} threads "
                  f"(p50 {pct(burst.lat, 50):.0f} ms, p95 {pct(burst.lat, 95):.0f} ms); accepted (303): "
                  f"{burst.accepted}; new intake rows: {new_rows}; new opinions after the drain: {new_ops}; "
                  f"lost: {burst.accepted - new_ops}; duplicated: {dup_ops}; not done: {failed}; backlog drained "
                  f"{burst_drain_s:.1f} s after the burst ended{' (worker killed and restarted)' if args.kill_worker else ''}")
            burst_ok = (not burst.errors and new_rows == burst.accepted and new_ops == burst.accepted
                        and dup_ops == 0 and failed == 0 and burst_left == 0 and keys_after == rows_after)
        print("audit verify:", (verify.stdout.strip().splitlines() or [""])[-1], verify.stderr.strip()[:500])
        errors = floor.errors + fw.errors + sub.errors
        if errors:
            from collections import Counter

            print(f"ERRORS: {len(errors)}: {dict(Counter(errors).most_common(8))}")
        if replay_errors:
            print(f"REPLAY ERRORS: {replay_errors[:10]}")
        ok = (not errors and not replay_errors and stored == count and after_replay == count and left == 0
              and intake_rows == count and intake_after_replay == count and burst_ok and verify.returncode == 0)
        print("RESULT:", "ok — exactly one opinion per submission, none from the replays, burst whole, chain verified"
              if ok else "FAILED")
    finally:
        if worker is not None:
            worker.terminate()
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
            err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
            if not ok and err:
                print(err[-3000:], file=sys.stderr)
        with psycopg.connect(args.admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        tmp.cleanup()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
