"""Load on the public-opinion channel: 10,000 citizens submit an opinion at concurrency 50, against gunicorn +
PostgreSQL on loopback, next to the same server's floor (/healthz) measured in the same run.

    .venv/bin/python bench/bench_opinions.py [--count 10000] [--concurrency 50] [--quick]

What it does, in one run:
1. creates a fresh PostgreSQL database (postgres://postgres@127.0.0.1:5432/renda_bench_po_<pid>, or the server of
   --admin-url), migrates it, creates one congress with the default categories and raises that congress's
   per-address rate limit through a RuleParameter (PO-INTAKE per_hour): every request here comes from 127.0.0.1;
2. starts gunicorn with deploy/gunicorn.conf.py (gthread; workers and threads from RENDA_GUNICORN_* or the flags)
   on a free loopback port, production settings (DEBUG off, persistent DB connections);
3. floor: `count` GETs of /healthz at the same concurrency;
4. submissions: `count` times GET the form (CSRF cookie + submission token) then POST it (expects 303), from
   `concurrency` threads, each with its own keep-alive connection (http.client, standard library only);
5. checks that exactly `count` opinions are stored, then replays 100 of the POSTs with their original tokens and
   checks that none is stored again and each redirects to the same receipt;
6. prints requests per second and p50/p95 latency of both, and their ratio; stops gunicorn, drops the database.

Exit status 1 if any request failed or the stored count is not exact.
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
        "PYTHONPATH": str(ROOT / "src"),
    }
    Path(env["RENDA_STATIC_ROOT"]).mkdir(parents=True, exist_ok=True)
    proc = None
    ok = True
    try:
        t = time.perf_counter()
        subprocess.run([str(VENV_BIN / "renda"), "migrate", "--verbosity", "0"], env=env, check=True)
        subprocess.run([str(VENV_BIN / "python"), "-c", SETUP % {"code": CODE}], env=env, check=True)
        print(f"database {db} migrated and set up in {time.perf_counter() - t:.1f} s")
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

        sub = Run(total=count)
        sub_s = drive(submit_worker, sub, port, args.concurrency, max(1, replay_n // args.concurrency + 1))
        sub_http = len(sub.lat_a) + len(sub.lat_b)

        with psycopg.connect(db_url) as conn:
            stored = conn.execute(COUNT_SQL, [CODE]).fetchone()[0]

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
            distinct_tokens = conn.execute(
                "SELECT count(DISTINCT submission_id) FROM participation_opinion").fetchone()[0]

        print()
        print(f"{'':28}{'requests':>10}{'seconds':>9}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}")
        print(f"{'floor GET /healthz':28}{count:>10}{floor_s:>9.1f}{floor_rps:>9.0f}"
              f"{pct(floor.lat_a, 50):>9.1f}{pct(floor.lat_a, 95):>9.1f}")
        print(f"{'submit: GET form':28}{len(sub.lat_a):>10}{'':>9}{'':>9}"
              f"{pct(sub.lat_a, 50):>9.1f}{pct(sub.lat_a, 95):>9.1f}")
        print(f"{'submit: POST (303)':28}{len(sub.lat_b):>10}{'':>9}{'':>9}"
              f"{pct(sub.lat_b, 50):>9.1f}{pct(sub.lat_b, 95):>9.1f}")
        print(f"{'submit: all requests':28}{sub_http:>10}{sub_s:>9.1f}{sub_http / sub_s:>9.0f}")
        print()
        print(f"submissions per second: {count / sub_s:.0f} (each = GET form + POST); "
              f"HTTP requests per second: {sub_http / sub_s:.0f} = {sub_http / sub_s / floor_rps:.2f} × the floor "
              f"({floor_rps:.0f} req/s on /healthz, same server, same run)")
        print(f"stored: {stored} of {count} submissions ({distinct_tokens} distinct tokens); "
              f"after replaying {len(sub.replays[:replay_n])} POSTs with their tokens: {after_replay} "
              f"({after_replay - stored} new); reconnects: {sub.reconnects + floor.reconnects}")
        errors = floor.errors + sub.errors
        if errors:
            from collections import Counter

            print(f"ERRORS: {len(errors)}: {dict(Counter(errors).most_common(8))}")
        if replay_errors:
            print(f"REPLAY ERRORS: {replay_errors[:10]}")
        ok = not errors and not replay_errors and stored == count and after_replay == count
        print("RESULT:", "ok — exactly one opinion per submission, none from the replays" if ok else "FAILED")
    finally:
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
