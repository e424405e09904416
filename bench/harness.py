"""Shared harness of the page benchmarks: a seeded database of its own, then p50/p95 and SQL queries per page.

    from harness import setup, measure_pages, print_report
"""

from __future__ import annotations

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


def setup(db_name: str, scale: str):
    """Point Django at bench/out/<db_name>.sqlite3 (unless RENDA_DATABASE_URL is set), migrate, seed once.

    Returns the main congress of the seed.
    """
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("RENDA_DATABASE_URL", f"sqlite:///{out / f'{db_name}.sqlite3'}")
    import django

    django.setup()
    from django.core.management import call_command

    from renda.core.models import Congress

    call_command("migrate", verbosity=0)
    code = f"bench-{scale}-main"
    if not Congress.objects.filter(code=code).exists():
        t0 = time.perf_counter()
        call_command("seed", scale=scale, prefix="bench")
        print(f"seeded {scale} in {time.perf_counter() - t0:.0f} s")
    return Congress.objects.get(code=code)


def client_for(congress, role: str, username: str):
    from django.test import Client

    from renda.core.models import User

    user, _ = User.objects.get_or_create(username=username, defaults={"congress": congress, "role": role})
    client = Client()
    client.force_login(user)
    return client


def measure_pages(client, pages: dict[str, str], requests: int) -> dict[str, tuple[float, float, int]]:
    """Per page: (p50 ms, p95 ms, SQL queries of one request), after 20 warm-up requests."""
    from django.db import connection

    results = {}
    for name, url in {"healthz (floor)": "/healthz", **pages}.items():
        for _ in range(20):
            client.get(url)
        executed: list[str] = []

        def count(execute, sql, params, many, context, executed=executed):
            executed.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            resp = client.get(url)
        assert resp.status_code == 200, (url, resp.status_code)
        times = []
        for _ in range(requests):
            t = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - t) * 1000)
        times.sort()
        results[name] = (statistics.median(times), times[int(len(times) * 0.95) - 1], len(executed))
    return results


def print_report(results: dict[str, tuple[float, float, int]], context: str = "") -> int:
    """The table with p95 against the target and against the floor measured in the same run; exit code."""
    floor = results["healthz (floor)"][1]
    print(f"\n{'page':<22}{'p50 ms':>9}{'p95 ms':>9}{'queries':>9}{'p95/target':>12}{'p95/floor':>11}  verdict")
    ok = True
    for name, (p50, p95, queries) in results.items():
        if name.startswith("healthz"):
            verdict = "floor"
        else:
            verdict = "PASS" if p95 < TARGET_MS else "FAIL"
            ok &= p95 < TARGET_MS
        print(f"{name:<22}{p50:>9.1f}{p95:>9.1f}{queries:>9}{p95 / TARGET_MS:>12.2f}{p95 / floor:>11.1f}  {verdict}")
    print(f"\ntarget: p95 < {TARGET_MS:.0f} ms{context}: {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1
