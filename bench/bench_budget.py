"""预算联网监督 at volume: import rate of treasury payments, a year's alerts, drill-down p95 and SQL queries per page.

    .venv/bin/python bench/bench_budget.py                       # 100,000 and 1,000,000 payments
    .venv/bin/python bench/bench_budget.py --payments 100000     # one size
    .venv/bin/python bench/bench_budget.py --payments 200000 --import-only   # the import's time and own memory

Each size runs in a fresh process on a fresh SQLite file bench/out/bench-budget-<n>.sqlite3 (or RENDA_DATABASE_URL):
a congress with 2,000 budget units (100 主管部门 × 19 + themselves), 3 project lines and one 三公 line each
(8,000 indicator lines), and `n` payments of one complete year from renda.budget.seed (seasonal, with the planted
anomalies), plus a second congress with its own small data that every query must filter out. Then:
- import: the payments file (CSV, GB18030, as the finance bureau sends it; the units, indicators, debt and
  决算 files before it) through `services.import_file` — every
  row parsed and checked, all or nothing, rollups rebuilt. Floor: decoding the same bytes and splitting them with
  csv.reader (the least any import must do). Peak memory: the process's VmHWM, reset just before the import, and
  the RSS the process already held then (the generated dataset and files): the import's own share is the difference.
- alerts: `budget.alerts.compute` for the year as of 31 December (every kind), checked against the planted ones.
  Floor: one SUM over the year's payments (the least any alert over payments must read).
- pages: each drill-down level requested `--requests` times in-process (Django test client, an office user),
  p50/p95 and the SQL queries of one request. Floor: /healthz in the same run (bench/harness.py).
Targets (issue 18, for SQLite at 1,000,000 payments): import < 60 s, alerts < 60 s, page p95 < 200 ms, and the same
number of queries per page at every size.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import harness

ROOT = harness.ROOT
YEAR = 2026
PAGE_TARGET_MS = 200.0
IMPORT_TARGET_S = 60.0
ALERTS_TARGET_S = 60.0


def _peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _reset_peak() -> None:
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def one(n: int, requests: int, import_only: bool = False, years: int = 1, lines: int = 3) -> dict:
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    if "RENDA_DATABASE_URL" not in os.environ:
        db = out / f"bench-budget-{n}.sqlite3"
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        os.environ["RENDA_DATABASE_URL"] = f"sqlite:///{db}"
    import django

    django.setup()
    import csv
    import io

    from django.core.management import call_command
    from django.db.models import Sum

    from renda.budget import alerts, classification, seed, services
    from renda.budget.models import BudgetUnit, Payment
    from renda.demo.builders import build_congress
    from renda.demo.names import NameMaker

    t = time.perf_counter()
    call_command("migrate", verbosity=0)
    res: dict = {"payments": n, "migrate_s": time.perf_counter() - t}
    names = NameMaker(seed=18)
    congress = build_congress(code="bench-budget", place="BENCH市", level="city", names=names, term_number=1,
                              term_start=dt.date(YEAR, 1, 10), members=15, vice_chairs=3, departments=["市财政局"],
                              deputies=0).congress
    other = build_congress(code="bench-budget-other", place="OTHER市", level="city", names=names, term_number=1,
                           term_start=dt.date(YEAR, 1, 10), members=15, vice_chairs=3, departments=["市财政局"],
                           deputies=0).congress
    classification.load()
    seed.write(other, seed.build(seed.Spec(depts=10, units_per_dept=4, years=(YEAR - 1, YEAR), payments_per_year=20_000,
                                           through=dt.date(YEAR, 12, 31), seed=1)))
    t = time.perf_counter()
    ds = seed.build(seed.Spec(depts=100, units_per_dept=19, years=tuple(range(YEAR - years + 1, YEAR + 1)),
                              payments_per_year=n // years, through=dt.date(YEAR, 12, 31), lines_per_unit=lines,
                              seed=YEAR, bonds=40))
    files = {kind: seed.csv_bytes(ds, kind, encoding="gb18030") for kind in ("units", "indicators", "debt", "final")}
    earlier = _year_files(ds, out) if years > 1 else {}
    files["payments"] = (earlier.pop(YEAR).read_bytes() if years > 1
                         else seed.csv_bytes(ds, "payments", encoding="gb18030"))
    res["generate_s"] = time.perf_counter() - t
    res["file_mb"] = len(files["payments"]) / 2**20
    for kind in ("units", "indicators", "debt", "final"):
        t = time.perf_counter()
        b = services.import_file(actor=None, congress=congress, kind=kind, data=files[kind], filename=f"{kind}.csv")
        assert b.status == "applied", b.report[:5]
        res[f"import_{kind}_s"] = time.perf_counter() - t
        res[f"rows_{kind}"] = b.rows
    seed.write_limits(congress, ds)
    # the earlier years first (one file a year, as the treasury sends them): the measured import then lands in a
    # table that already holds them
    t = time.perf_counter()
    for y, path in sorted(earlier.items()):
        b = services.import_file(actor=None, congress=congress, kind="payments", data=path.read_bytes(),
                                 filename=f"payments-{y}.csv")
        assert b.status == "applied", b.report[:5]
        path.unlink()
    res["history_import_s"] = time.perf_counter() - t
    res["history_rows"] = Payment.objects.filter(congress=congress).count()
    if earlier:
        print(f"  earlier years: {res['history_rows']:,} payments in {len(earlier)} files, {res['history_import_s']:.0f} s",
              file=sys.stderr, flush=True)

    data = files.pop("payments")
    t = time.perf_counter()
    rows = sum(1 for _ in csv.reader(io.StringIO(data.decode("gb18030"), newline=""))) - 1
    res["import_floor_s"] = time.perf_counter() - t
    _reset_peak()
    res["rss_before_mb"] = _rss_mb()  # the generated dataset and files already held by this process
    t = time.perf_counter()
    b = services.import_file(actor=None, congress=congress, kind="payments", data=data, filename="payments.csv")
    res["import_s"] = time.perf_counter() - t
    res["import_peak_mb"] = _peak_mb()
    assert b.status == "applied", b.report[:5]
    assert b.rows == rows == Payment.objects.filter(congress=congress, year=YEAR).count(), (b.rows, rows)
    res["rows"] = rows
    t = time.perf_counter()
    again = services.import_file(actor=None, congress=congress, kind="payments", data=data, filename="payments.csv")
    res["reimport_s"] = time.perf_counter() - t
    assert (again.created, again.updated, again.unchanged) == (0, 0, rows)
    del data
    print(f"  {rows:,} payments imported in {res['import_s']:.1f} s (floor {res['import_floor_s']:.1f} s, peak "
          f"{res['import_peak_mb']:.0f} MB, of which {res['rss_before_mb']:.0f} MB held before the import), "
          f"re-import {res['reimport_s']:.1f} s", file=sys.stderr, flush=True)
    if import_only:
        return res

    t = time.perf_counter()
    Payment.objects.filter(congress=congress, year=YEAR).aggregate(t=Sum("amount_fen"))
    res["alerts_floor_s"] = time.perf_counter() - t
    t = time.perf_counter()
    found = alerts.compute(congress, YEAR, dt.date(YEAR, 12, 31))
    res["alerts_s"] = time.perf_counter() - t
    res["alerts"] = len(found)
    fired = {(a.kind, a.unit if a.kind != "debt_limit" else "special") for a in found}
    expected = {(k, u) for k, units in ds.planted.items() for u in units}
    res["alerts_exact"] = fired == expected
    res["alerts_unexpected"] = sorted(fired - expected)[:10]
    res["alerts_missing"] = sorted(expected - fired)
    print(f"  alerts {res['alerts_s']:.1f} s, exact: {res['alerts_exact']}", file=sys.stderr, flush=True)

    unit = BudgetUnit.objects.get(congress=congress, code=ds.planted["over_budget"][0])
    func, _econ, project, _name, _amount = next(u for u in ds.units if u.code == unit.code).lines[0]
    base = f"/budget/execution/?year={YEAR}&month=12"
    pages = {
        "home": "/budget/",
        "all → 主管部门": base,
        "主管部门 → 单位": f"{base}&dept={unit.parent_id}",
        "单位 → 类": f"{base}&unit={unit.pk}",
        "类 → 款": f"{base}&unit={unit.pk}&func={func[:3]}",
        "款 → 项": f"{base}&unit={unit.pk}&func={func[:5]}",
        "项 → 项目": f"{base}&unit={unit.pk}&func={func}",
        "项目 → 支付": f"{base}&unit={unit.pk}&func={func}&project={project}",
        "专题（三公、转移支付、债务、决算）": f"/budget/topics/?year={YEAR}&month=12",
    }
    client = harness.client_for(congress, "office", "bench-budget-office")
    res["pages"] = harness.measure_pages(client, pages, requests)
    return res


def _year_files(ds, out: Path) -> dict[int, Path]:
    """The payments of every year in its own GB18030 file, in one pass over the generated rows."""
    import csv

    from renda.budget import seed

    paths, handles, writers = {}, {}, {}
    try:
        for p in ds.payments():
            y = p[0].year
            if y not in writers:
                paths[y] = out / f"bench-budget-payments-{y}.csv"
                handles[y] = paths[y].open("w", encoding="gb18030", newline="")
                writers[y] = csv.writer(handles[y], lineterminator="\n")
                writers[y].writerow(seed.PAYMENT_COLUMNS)
            writers[y].writerow((p[0].isoformat(), p[1], p[2], p[3], p[4], p[5], seed.yuan(p[6]), p[7],
                                 seed._METHOD[p[8]], p[9]))
    finally:
        for h in handles.values():
            h.close()
    return paths


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def report_import(results: list[dict]) -> int:
    """--import-only: the payments import's time and its own memory (VmHWM above the RSS held before it)."""
    print(f"\n{'payments':>10}{'import s':>10}{'re-import s':>12}{'held before MB':>16}{'peak MB':>9}{'own MB':>8}"
          f"{'KB/row':>8}")
    for r in results:
        own = r["import_peak_mb"] - r["rss_before_mb"]
        print(f"{r['rows']:>10,}{r['import_s']:>10.1f}{r['reimport_s']:>12.1f}{r['rss_before_mb']:>16.0f}"
              f"{r['import_peak_mb']:>9.0f}{own:>8.0f}{own * 1024 / r['rows']:>8.2f}")
    return 0


def report(results: list[dict]) -> int:
    ok = True
    print(f"\n{'payments':>10}{'import s':>10}{'rows/s':>10}{'floor s':>9}{'×floor':>8}{'peak MB':>9}"
          f"{'re-import s':>12}{'alerts s':>10}{'floor s':>9}{'×floor':>8}  planted alerts exact")
    for r in results:
        ok &= r["import_s"] < IMPORT_TARGET_S and r["alerts_s"] < ALERTS_TARGET_S and r["alerts_exact"]
        print(f"{r['rows']:>10,}{r['import_s']:>10.1f}{r['rows'] / r['import_s']:>10,.0f}{r['import_floor_s']:>9.2f}"
              f"{r['import_s'] / r['import_floor_s']:>8.1f}{r['import_peak_mb']:>9.0f}{r['reimport_s']:>12.1f}"
              f"{r['alerts_s']:>10.2f}{r['alerts_floor_s']:>9.3f}{r['alerts_s'] / r['alerts_floor_s']:>8.1f}  "
              f"{r['alerts_exact']} ({r['alerts']})")
        if not r["alerts_exact"]:
            print(f"  unexpected {r['alerts_unexpected']}, missing {r['alerts_missing']}")
    print(f"targets: import < {IMPORT_TARGET_S:.0f} s, alerts < {ALERTS_TARGET_S:.0f} s: "
          f"{_verdict(all(r['import_s'] < IMPORT_TARGET_S and r['alerts_s'] < ALERTS_TARGET_S for r in results))}")
    harness.TARGET_MS = PAGE_TARGET_MS
    for r in results:
        print(f"\n{r['rows']:,} payments (other imports: units {r['import_units_s']:.1f} s, "
              f"{r['rows_indicators']:,} indicator lines {r['import_indicators_s']:.1f} s)")
        ok &= harness.print_report({k: tuple(v) for k, v in r["pages"].items()}, f" at {r['rows']:,} payments") == 0
    counts = [{k: v[2] for k, v in r["pages"].items()} for r in results]
    same = all(c == counts[0] for c in counts)
    print(f"\nqueries per page the same at every size: {_verdict(same)}")
    ok &= same
    print(f"\noverall: {_verdict(ok)}")
    return 0 if ok else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--payments", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--import-only", action="store_true",
                        help="only the payments import: its time and its own peak memory (VmHWM)")
    parser.add_argument("--years", type=int, default=1,
                        help="spread each size over this many years, one file a year; the last year is measured")
    parser.add_argument("--lines-per-unit", type=int, default=3, help="project indicator lines per unit and year")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--json", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        Path(args.json).write_text(json.dumps(one(args.one, args.requests, args.import_only, args.years,
                                                  args.lines_per_unit)))
        return 0
    print(f"load average at start: {os.getloadavg()[0]:.1f} (2 cores shared)")
    results = []
    for n in args.payments:
        with tempfile.NamedTemporaryFile(suffix=".json") as f:
            t = time.perf_counter()
            subprocess.run([sys.executable, __file__, "--one", str(n), "--requests", str(args.requests),
                            "--json", f.name, "--years", str(args.years), "--lines-per-unit", str(args.lines_per_unit),
                            *(["--import-only"] if args.import_only else [])], check=True)
            r = json.loads(Path(f.name).read_text())
            print(f"{n:,} payments: run {time.perf_counter() - t:.0f} s (data generated in {r['generate_s']:.0f} s, "
                  f"file {r['file_mb']:.0f} MB)", flush=True)
            results.append(r)
    return report_import(results) if args.import_only else report(results)


if __name__ == "__main__":
    sys.exit(main())
