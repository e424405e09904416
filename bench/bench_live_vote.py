"""Live voting under load: N members, each on their own session, vote over HTTP within a window, over K items.

    .venv/bin/python bench/bench_live_vote.py [--members 600] [--items 10] [--threads 24] [--workers 2]
        [--stack sqlite|prod] [--kill-worker]

`--stack sqlite` (the default unless RENDA_DATABASE_URL is set) builds a fresh SQLite file (bench/out/
bench-live-vote.sqlite3, or the database named by RENDA_DATABASE_URL) and runs gunicorn with plain options.
`--stack prod` (the default when RENDA_DATABASE_URL is set) is the production stack as `make prod-check` runs it:
a database of its own created on the PostgreSQL server at --pg (default postgres://postgres@127.0.0.1:5432,
`CREATE DATABASE renda_bench_vote_<pid>`, dropped afterwards), the cache on Redis (--redis, default
redis://127.0.0.1:6379/11), gunicorn started with deploy/gunicorn.conf.py (gthread, its worker recycling and
timeouts) under the production settings (RENDA_TESTING unset, DEBUG off, production session and cookie rules,
the database task backend; only the second factor is off, RENDA_TOTP_REQUIRED=0, for the screen's office
session, and the sessions are created directly — no sign-in is measured). nginx/TLS is not in the path.

It then builds a congress whose
standing committee has N members, a meeting in session with K items and every member signed in, one session per
member; starts gunicorn (W workers × 4 threads, gthread, DEBUG off) on loopback; then for each item the chair opens
a live vote (odd items as secret ballots), all N members vote from client threads (POST /api/v1/voting/{id}/cast,
each with their own session cookie and CSRF token), a tenth of them send their vote a second time (a phone that
retries after a dropped connection), and a screen thread polls the live screen (/voting/{id}/screen/live/) every
second; then the chair closes the vote (recorded in meetings). It reports per item and in total:

- lost votes: votes answered 200 that are not in the database (must be 0);
- double votes: voters with more than one mark, or ballots beyond marks, or a retry that was accepted (must be 0);
- tally == votes cast: the recorded totals (the live vote's and meetings' Vote) equal the accepted votes;
- p50/p95 vote latency and the live screen's refresh latency; elapsed seconds per item.

Exit status 1 on any lost or double vote, a tally mismatch, or an unexpected status.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT / "src"))
ENV = {
    "DJANGO_SETTINGS_MODULE": "renda.settings",
    "RENDA_TESTING": "1",  # development identity rules (no TOTP for the chair's account), DEBUG off
    "RENDA_LOG_LEVEL": "ERROR",
    "RENDA_ALLOWED_HOSTS": "127.0.0.1,localhost",
    "RENDA_AUDIT_WITNESS": "",
}
CSRF = "benchcsrftoken0123456789abcdefgh"  # any 32 characters: the cookie and the header must agree


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(members: int, items: int) -> dict:
    """The world, in this process: congress, meeting in session, one session per member."""
    import datetime as dt
    from importlib import import_module

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.core.management import call_command

    from renda.core.models import Congress
    from renda.core.roles import Role
    from renda.demo.builders import build_congress, make_user
    from renda.demo.names import NameMaker
    from renda.meetings import services as svc
    from renda.meetings.models import AgendaKind

    call_command("migrate", verbosity=0)
    t0 = time.perf_counter()
    city = build_congress(code="bench-vote", place="丙市", level=Congress.Level.CITY, names=NameMaker(seed=7),
                          term_number=1, term_start=dt.date(2026, 1, 1), members=members, vice_chairs=3,
                          departments=["市财政局"], deputies=0)
    pw = "bench-pw-0123456789"
    clerk = make_user("bench-clerk", pw, congress=city.congress, role=Role.OFFICE, display_name="办公厅",
                      organization=city.bodies["bgt"])
    leader = make_user("bench-leader", pw, congress=city.congress, role=Role.LEADER, display_name="主任",
                       person=city.director)
    people = [city.director, *city.vice_chairs, city.secretary_general, *city.members]
    today = dt.date.today()
    chairs = svc.meeting_create(actor=clerk, kind="chairs", date=today - dt.timedelta(days=10), place="会议室")
    svc.item_add(actor=clerk, meeting=chairs, title="研究议程草案")
    svc.meeting_transition(actor=clerk, meeting=chairs, action="submit_agenda")
    svc.meeting_transition(actor=leader, meeting=chairs, action="decide_agenda",
                           decided_on=today - dt.timedelta(days=11))
    m = svc.meeting_create(actor=clerk, kind="standing", date=today, place="会议厅", is_ad_hoc=True)
    for n in range(items):
        svc.item_add(actor=clerk, meeting=m, title=f"第{n + 1}项决定（草案）", kind=AgendaKind.DECISION)
    svc.meeting_transition(actor=clerk, meeting=m, action="submit_agenda")
    svc.meeting_transition(actor=leader, meeting=m, action="decide_agenda", chairs_meeting=chairs,
                           decided_on=today - dt.timedelta(days=10))
    svc.attendance_sign_in_many(actor=clerk, meeting=m, people=people)
    svc.meeting_transition(actor=clerk, meeting=m, action="open")

    store = import_module(settings.SESSION_ENGINE).SessionStore
    backend = next(b for b in settings.AUTHENTICATION_BACKENDS if b.endswith("ModelBackend"))

    def session(user):
        s = store()
        s[SESSION_KEY], s[BACKEND_SESSION_KEY], s[HASH_SESSION_KEY] = str(user.pk), backend, \
            user.get_session_auth_hash()
        s.create()
        return s.session_key

    voters = [session(make_user(f"bench-m{i}", pw, congress=city.congress, role=Role.MEMBER, display_name=p.name,
                                person=p)) for i, p in enumerate(people) if p.pk != city.director.pk]
    voters.append(session(leader))
    print(f"prepared {len(people)} members, {items} items in {time.perf_counter() - t0:.0f} s", flush=True)
    return {"clerk": clerk.pk, "meeting": m.pk, "voters": voters, "screen": session(clerk),
            "items": list(m.agenda_items.order_by("position").values_list("pk", flat=True))}


class Conn(threading.local):
    def get(self, port):
        if getattr(self, "c", None) is None:
            self.c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        return self.c


def request(local, port, method, path, session, body=None):
    headers = {"Cookie": f"sessionid={session}; csrftoken={CSRF}", "X-CSRFToken": CSRF, "Host": "127.0.0.1"}
    if body is not None:
        headers["Content-Type"] = "application/json"
    for attempt in range(4):
        c = local.get(port)
        t = time.perf_counter()
        try:
            c.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
            r = c.getresponse()
            data = r.read()
            local.retried = bool(attempt)
            return r.status, data, (time.perf_counter() - t) * 1000
        except (http.client.HTTPException, OSError):
            local.c = None
            if attempt == 3:
                raise
            time.sleep(0.2)
    raise AssertionError


def pct(values, p):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def workers_of(pid: int) -> list[int]:
    out = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                if int((d / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    out.append(int(d.name))
            except (OSError, IndexError, ValueError):
                pass
    return out


def drive(port, local, live_pk, world, rng, threads):
    """All voters vote (a tenth twice) while a screen polls every second; returns what the server answered."""
    path = f"/api/v1/voting/{live_pk}/cast"
    plan = [(s, rng.choice(["yes", "yes", "yes", "no", "abstain"])) for s in world["voters"]]
    retries = set(rng.sample(range(len(plan)), len(plan) // 10))
    accepted, refused_retry, accepted_retry, other = [], 0, 0, []
    latencies, screen_lat = [], []
    stop = threading.Event()

    def poll_screen():
        sl = Conn()
        while not stop.is_set():
            status, _, ms = request(sl, port, "GET", f"/voting/{live_pk}/screen/live/", world["screen"])
            if status == 200:
                screen_lat.append(ms)
            else:
                other.append(("screen", status))
            stop.wait(1.0)

    def vote(i):
        session, choice = plan[i]
        status, _, ms = request(local, port, "POST", path, session, {"choice": choice})
        if status == 409 and local.retried:  # the first try was cut off (a worker killed) and had been counted:
            status = 200                     # the phone's reload shows "您已经投过票" — a vote cast, not a double
        out = [(status, ms, choice, False)]
        if i in retries:
            s2, _, _ = request(local, port, "POST", path, session, {"choice": choice})
            out.append((s2, 0, choice, True))
        return out

    poller = threading.Thread(target=poll_screen, daemon=True)
    poller.start()
    t0 = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        results = [r for rs in pool.map(vote, rng.sample(range(len(plan)), len(plan))) for r in rs]
    elapsed = time.perf_counter() - t0
    stop.set()
    poller.join()
    for status, ms, choice, retry in results:
        if retry:
            refused_retry += status == 409
            accepted_retry += status == 200
            if status not in (200, 409):
                other.append(("retry", status))
        elif status == 200:
            accepted.append(choice)
            latencies.append(ms)
        else:
            other.append(("vote", status))
    return accepted, refused_retry, accepted_retry, other, latencies, screen_lat, elapsed


def prod_database(pg: str) -> tuple[str, callable]:
    """A database of its own on the PostgreSQL server `pg`; returns its URL and the function that drops it."""
    import psycopg

    name = f"renda_bench_vote_{os.getpid()}"
    with psycopg.connect(f"{pg.rstrip('/')}/postgres", autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}" ENCODING \'UTF8\' TEMPLATE template0')

    def drop():
        with psycopg.connect(f"{pg.rstrip('/')}/postgres", autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        print(f"dropped database {name}", flush=True)

    return f"{pg.rstrip('/')}/{name}?connect_timeout=5", drop


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=600)
    parser.add_argument("--items", type=int, default=10)
    parser.add_argument("--threads", type=int, default=24)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--kill-worker", action="store_true",
                        help="SIGKILL one gunicorn worker 3 s into the middle item's voting (the master respawns it)")
    parser.add_argument("--stack", choices=("sqlite", "prod"),
                        default="prod" if os.environ.get("RENDA_DATABASE_URL") else "sqlite")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432",
                        help="PostgreSQL server for --stack prod (a database of its own is created and dropped)")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/11", help="Redis for --stack prod")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    drop = None
    server_env: dict[str, str] = {}
    if args.stack == "prod":
        import secrets
        import tempfile

        url, drop = prod_database(args.pg)
        var = Path(tempfile.mkdtemp(prefix="renda-bench-vote-"))
        ENV.update({
            "RENDA_DATABASE_URL": url, "RENDA_REDIS_URL": args.redis, "RENDA_DB_CONN_MAX_AGE": "60",
            "RENDA_SECRET_KEY": secrets.token_urlsafe(48), "RENDA_FIELD_KEY": secrets.token_urlsafe(32),
            "RENDA_AUDIT_KEY": secrets.token_urlsafe(32), "RENDA_VAR_DIR": str(var),
            "RENDA_MEDIA_ROOT": str(var / "media"), "RENDA_STATIC_ROOT": str(var / "static"),
            "RENDA_TOTP_REQUIRED": "0", "RENDA_LOG_FORMAT": "json",
        })
        port = free_port()
        # deploy/gunicorn.conf.py reads its figures from the environment, as on a server
        server_env = {"RENDA_GUNICORN_BIND": f"127.0.0.1:{port}", "RENDA_GUNICORN_WORKERS": str(args.workers),
                      "RENDA_GUNICORN_THREADS": "4", "RENDA_GUNICORN_TIMEOUT": "60",
                      "RENDA_GUNICORN_LOG_LEVEL": "warning"}
    else:
        db = OUT / "bench-live-vote.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        ENV.setdefault("RENDA_DATABASE_URL", os.environ.get("RENDA_DATABASE_URL", f"sqlite:///{db}"))
        port = free_port()
    os.environ.update(ENV)
    try:
        return run(args, port, server_env)
    finally:
        if drop is not None:
            import shutil

            from django.db import connections

            connections.close_all()
            drop()
            shutil.rmtree(ENV["RENDA_VAR_DIR"], ignore_errors=True)


def run(args, port: int, server_env: dict[str, str]) -> int:
    world = prepare(args.members, args.items)

    from django.db import connection

    from renda.core.models import User
    from renda.meetings.models import Vote
    from renda.voting import services
    from renda.voting.models import LiveVote, SecretBallot, VoterMark

    if args.stack == "prod":
        env = {k: v for k, v in os.environ.items() if k != "RENDA_TESTING"}  # production settings in the server
        cmd = [str(ROOT / ".venv" / "bin" / "gunicorn"), "-c", str(ROOT / "deploy" / "gunicorn.conf.py"),
               "renda.wsgi:application"]
        env.update(server_env)
    else:
        env = {**os.environ}
        cmd = [str(ROOT / ".venv" / "bin" / "gunicorn"), "-w", str(args.workers), "--threads", "4", "-k", "gthread",
               "-b", f"127.0.0.1:{port}", "--timeout", "120", "renda.wsgi:application"]
    server_log = open(OUT / f"bench-live-vote-{args.stack}-gunicorn.log", "wb")  # noqa: SIM115 (the server's life)
    server = subprocess.Popen(cmd, cwd=ROOT / "src", env=env, stdout=server_log, stderr=subprocess.STDOUT)
    print(f"stack {args.stack}: {os.environ['RENDA_DATABASE_URL'].split('?')[0]}, gunicorn {' '.join(cmd[1:])}",
          flush=True)
    try:
        # Wait until every worker answers (a worker boots — imports, first templates — in seconds on an idle
        # machine, minutes on a loaded one): the boot is not part of any item's figures.
        t_boot, answered = time.perf_counter(), 0
        while answered < 4 * args.workers and time.perf_counter() - t_boot < 900:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                conn.request("GET", "/healthz")
                answered += conn.getresponse().status == 200
                conn.close()
            except OSError:
                time.sleep(0.5)
        print(f"gunicorn answering after {time.perf_counter() - t_boot:.0f} s", flush=True)
        clerk = User.objects.get(pk=world["clerk"])
        from renda.meetings.models import AgendaItem

        rng = random.Random(19)
        failures = []
        rows = []
        all_vote, all_screen = [], []
        local = Conn()
        for n, item_pk in enumerate(world["items"]):
            secret = n % 2 == 1
            live = services.live_open(actor=clerk, item=AgendaItem.objects.get(pk=item_pk), secret=secret,
                                      minutes=10)
            connection.close()  # let the server's threads write (SQLite) while this process waits
            killer = None
            if args.kill_worker and n == args.items // 2:
                def kill(master=server.pid):
                    victims = workers_of(master)
                    if victims:
                        os.kill(victims[0], signal.SIGKILL)  # a worker this bench started
                        print(f"killed gunicorn worker {victims[0]}", flush=True)
                killer = threading.Timer(3.0, kill)
                killer.start()
            accepted, refused_retry, accepted_retry, other, latencies, screen_lat, elapsed = drive(
                port, local, live.pk, world, rng, args.threads)
            live = services.live_transition(actor=clerk, live=LiveVote.objects.get(pk=live.pk), action="close")
            marks = VoterMark.objects.filter(live_vote=live)
            n_marks, distinct = marks.count(), marks.values("person_id").distinct().count()
            n_ballots = SecretBallot.objects.filter(live_vote=live).count() if secret else n_marks
            vote_row = Vote.objects.get(pk=live.result_id)
            recorded = vote_row.yes + vote_row.no + vote_row.abstain
            lost = max(len(accepted) - n_marks, 0)
            double = (n_marks - distinct) + abs(n_ballots - n_marks) + accepted_retry
            expected = {c: accepted.count(c) for c in ("yes", "no", "abstain")}
            tally_ok = (recorded == len(accepted) and
                        {c: live.counts.get(c, 0) for c in expected} == expected and
                        (vote_row.yes, vote_row.no, vote_row.abstain) == tuple(expected.values()))
            rows.append((n + 1, "无记名" if secret else "记名", len(accepted), n_marks, lost, double,
                         refused_retry, tally_ok, pct(latencies, 50), pct(latencies, 95),
                         pct(screen_lat, 95), elapsed, len(other)))
            all_vote += latencies
            all_screen += screen_lat
            if lost or double or not tally_ok or other or len(accepted) != len(world["voters"]):
                failures.append((n + 1, lost, double, tally_ok, other[:5], len(accepted)))
            connection.close()
            print(f"item {n + 1}: {len(accepted)} votes in {elapsed:.1f} s", flush=True)
        print()
        print("| item | ballot | votes accepted | marks stored | lost | double | retries refused | tally == cast "
              "| vote p50 ms | vote p95 ms | screen p95 ms | seconds | unexpected |")
        print("|---:|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|")
        for r in rows:
            print(f"| {r[0]} | {r[1]} | {r[2]} | {r[3]} | {r[4]} | {r[5]} | {r[6]} | {'是' if r[7] else '否'} "
                  f"| {r[8]:.1f} | {r[9]:.1f} | {r[10]:.1f} | {r[11]:.1f} | {r[12]} |")
        print(f"\nall: {len(all_vote)} votes, p50 {pct(all_vote, 50):.1f} ms, p95 {pct(all_vote, 95):.1f} ms; "
              f"live screen: {len(all_screen)} refreshes, p50 {pct(all_screen, 50):.1f} ms, "
              f"p95 {pct(all_screen, 95):.1f} ms; load average {os.getloadavg()[0]:.1f}")
        if failures:
            print("FAILURES:", failures)
            return 1
        print("0 lost votes, 0 double votes, every tally equal to the votes cast.")
        return 0
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    sys.exit(main())
