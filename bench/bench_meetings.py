"""Meeting pages and API at seeded volume: latency (p50/p95) and SQL queries per request.

    .venv/bin/python bench/bench_meetings.py [--scale national] [--requests 300]

Loads `renda seed --scale SCALE` into its own database (bench/out/bench-meetings-SCALE.sqlite3, or the database
in RENDA_DATABASE_URL), then requests each page in-process through Django's test client as an office
user of the main congress. Prints, from this one run: p50/p95 per page, the p95 against the 100 ms
target, and the p95 against a floor (the trivial /healthz view measured in the same run).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renda.settings")
os.environ.setdefault("RENDA_TESTING", "1")
os.environ.setdefault("RENDA_LOG_LEVEL", "ERROR")
os.environ.setdefault("RENDA_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

TARGET_MS = 100.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", default="national", choices=["city", "province", "national"])
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    if "RENDA_DATABASE_URL" not in os.environ:
        os.environ["RENDA_DATABASE_URL"] = f"sqlite:///{out / f'bench-meetings-{args.scale}.sqlite3'}"

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from renda.core.models import Congress, User
    from renda.core.roles import Role
    from renda.meetings.models import Attendance, Meeting

    call_command("migrate", verbosity=0)
    code = f"bench-{args.scale}-main"
    if not Congress.objects.filter(code=code).exists():
        t0 = time.perf_counter()
        call_command("seed", scale=args.scale, prefix="bench")
        print(f"seeded {args.scale} in {time.perf_counter() - t0:.0f} s")
    congress = Congress.objects.get(code=code)
    user, _ = User.objects.get_or_create(
        username=f"bench-clerk-{args.scale}", defaults={"congress": congress, "role": Role.OFFICE}
    )
    meeting = Meeting.objects.filter(congress=congress, kind="standing", status="closed").order_by("-date").first()
    client = Client()
    client.force_login(user)
    pages = {
        "healthz (floor)": "/healthz",
        "meeting list": "/meetings/",
        "meeting list 2026": "/meetings/?year=2026&kind=standing",
        "meeting detail": f"/meetings/{meeting.pk}/",
        "attendance": f"/meetings/{meeting.pk}/attendance/",
        "statistics 2026": "/meetings/statistics/?year=2026",
        "API meetings": "/api/v1/meetings/meetings",
        "API attendance": f"/api/v1/meetings/meetings/{meeting.pk}/attendance",
    }
    print(f"database: {connection.vendor}; meetings: {Meeting.objects.count():,}; "
          f"attendance rows: {Attendance.objects.count():,}; congresses: {Congress.objects.count():,}")
    results = {}
    for name, url in pages.items():
        for _ in range(20):
            client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            resp = client.get(url)
        assert resp.status_code == 200, (url, resp.status_code)
        queries = len(ctx.captured_queries)
        times = []
        for _ in range(args.requests):
            t = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - t) * 1000)
        times.sort()
        p50 = statistics.median(times)
        p95 = times[int(len(times) * 0.95) - 1]
        results[name] = (p50, p95, queries)
    floor = results["healthz (floor)"][1]
    print(f"\n{'page':<22}{'p50 ms':>9}{'p95 ms':>9}{'queries':>9}{'p95/target':>12}{'p95/floor':>11}  verdict")
    ok = True
    for name, (p50, p95, queries) in results.items():
        verdict = "PASS" if p95 < TARGET_MS else "FAIL"
        if name.startswith("healthz"):
            verdict = "floor"
        else:
            ok &= p95 < TARGET_MS
        print(f"{name:<22}{p50:>9.1f}{p95:>9.1f}{queries:>9}{p95 / TARGET_MS:>12.2f}{p95 / floor:>11.1f}  {verdict}")
    print(f"\ntarget: p95 < {TARGET_MS:.0f} ms: {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
