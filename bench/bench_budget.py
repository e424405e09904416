"""预算联网监督 at volume: import rate of treasury payments, a year's alerts, drill-down p95 and SQL queries per page.

    .venv/bin/python bench/bench_budget.py                       # 100,000 and 1,000,000 payments
    .venv/bin/python bench/bench_budget.py --payments 100000     # one size
    .venv/bin/python bench/bench_budget.py --payments 200000 --import-only   # the import's time and own memory
    RENDA_DATABASE_URL=postgres://…/scratch .venv/bin/python bench/bench_budget.py --import-into 12500000
        # PostgreSQL: a fresh year (1,000,000 payments, 1,000,000 indicator lines) imported into tables that already
        # hold ROWS payments of ten earlier years (filled in SQL), by phase, against a plain COPY of the same file

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


# ---- --import-into: the import into a table that already holds earlier years (PostgreSQL) ----------------------
INTO_DEPTS, INTO_UNITS_PER_DEPT = 100, 19  # 2,000 units
INTO_PROJECTS = 10  # projects per unit


def _into_fill(congress, rows: int, years: range) -> None:
    """`rows` payments (and a tenth as many indicator lines) over `years`, written by the database itself
    (INSERT … SELECT generate_series, the model's indexes dropped for the load and created again, then ANALYZE)."""
    from django.db import connection, transaction

    from renda.budget.models import BudgetUnit, Indicator, Payment

    units = list(BudgetUnit.objects.filter(congress=congress).order_by("code").values_list("pk", flat=True))
    n_years = len(years)
    nu, np_ = len(units), INTO_PROJECTS
    fills = {  # (rows, columns, values over g (0…rows-1), y (its year) and u (the units' ids)); %% is SQL's modulo
        Payment: (rows, "year, voucher, paid_on, unit_id, func_code, econ_code, project_code, amount_fen, payee, method,"
                        " purpose",
                  f"y, 'V' || lpad(g::text, 10, '0'), make_date(y, 1, 1) + (g %% 360), u[1 + g %% {nu}],"
                  " (ARRAY['2130314','2050202','2080501','2010301'])[1 + g %% 4], (ARRAY['30201','30211','30217'])[1 + g %% 3],"
                  f" 'P' || lpad(((g / {nu}) %% {np_})::text, 3, '0'), 1000 + (g::bigint * 7919) %% 9000000,"
                  " '收款单位' || (g %% 5000), CASE WHEN g %% 3 = 0 THEN 'authorised' ELSE 'direct' END, '用途'"),
        Indicator: (rows // 10, "year, doc_number, unit_id, func_code, econ_code, project_code, project_name, fund_type,"
                                " kind, amount_fen",
                    f"y, '财预' || g, u[1 + g %% {nu}], (ARRAY['2130314','2050202','2080501','2010301'])[1 + g %% 4],"
                    f" '30201', 'P' || lpad(((g / {nu}) %% {np_})::text, 3, '0'), '项目', 'general', 'initial',"
                    " 100000 + (g::bigint * 7919) %% 90000000"),
    }
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")  # bench only: no FK triggers for the fill
        cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
        for model, (n, cols, values) in fills.items():
            table = model._meta.db_table
            cursor.execute("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass"
                           " AND contype = 'u'", [table])
            constraints = cursor.fetchall()
            cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname NOT IN"
                           " (SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)", [table, table])
            indexes = cursor.fetchall()
            for name, _ in constraints:
                cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            for name, _ in indexes:
                cursor.execute(f'DROP INDEX "{name}"')
            sql = (f"INSERT INTO {table} (congress_id, {cols}) SELECT %(c)s, {values} FROM "
                   f"(SELECT g, {years.start} + (g::bigint * {n_years} / {max(n, 1)})::int AS y "
                   f"FROM generate_series(0, {n - 1}) g) s, (SELECT %(units)s::bigint[] AS u) a")
            t = time.perf_counter()
            cursor.execute(sql, {"c": congress.pk, "units": units})
            for name, definition in constraints:
                cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
            for _, definition in indexes:
                cursor.execute(definition)
            print(f"  filled {table}: {n:,} rows over {years.start}–{years.stop - 1} in {time.perf_counter() - t:.0f} s",
                  file=sys.stderr, flush=True)
    with connection.cursor() as cursor:
        for model in fills:
            cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")


def _into_files(units: list[str], year: int, payments: int, indicators: int) -> tuple[bytes, bytes]:
    """A year's payments file and indicators file (GB18030, as the finance bureau sends them)."""
    import csv
    import io

    from renda.budget.seed import INDICATOR_COLUMNS, PAYMENT_COLUMNS

    funcs, econs = ("2130314", "2050202", "2080501", "2010301"), ("30201", "30211", "30217", "31002")
    nu = len(units)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(PAYMENT_COLUMNS)
    start = dt.date(year, 1, 1)
    w.writerows(((start + dt.timedelta(days=g % 365)).isoformat(), f"{year}{g:09d}", units[g % nu], funcs[g % 4],
                 econs[g % 3], f"P{(g // nu) % INTO_PROJECTS:03d}", f"{10 + (g * 7919) % 900000}.{g % 100:02d}",
                 f"收款单位{g % 5000}", "授权支付" if g % 3 == 0 else "直接支付", "办公用品")
                for g in range(payments))
    pay = buf.getvalue().encode("gb18030")
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(INDICATOR_COLUMNS)
    kinds = ("年初预算", "调整", "追加", "调减")
    # per unit: INTO_PROJECTS projects × 4 functional codes, each with many lines (documents × economic codes × kinds)
    w.writerows((year, f"财预〔{year}〕{g // (nu * INTO_PROJECTS * 16)}号", units[g % nu], funcs[(g // nu) % 4],
                 econs[(g // (nu * 4)) % 4], f"P{(g // (nu * 16)) % INTO_PROJECTS:03d}", f"项目{(g // (nu * 16)) % INTO_PROJECTS}",
                 "一般公共预算", kinds[(g // (nu * 16 * INTO_PROJECTS)) % 4], f"{100 + (g * 7919) % 900000}.00")
                for g in range(indicators))
    return pay, buf.getvalue().encode("gb18030")


def _floor_copy(data: bytes, columns: tuple[str, ...]) -> float:
    """A plain COPY of the same file into an unindexed table of text columns (PostgreSQL parses and decodes it)."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE bench_floor (" + ", ".join(f"c{i} text" for i in range(len(columns)))
                       + ") ON COMMIT DROP")
        t = time.perf_counter()
        with cursor.cursor.copy("COPY bench_floor FROM STDIN WITH (FORMAT csv, HEADER true, ENCODING 'GB18030')") as cp:
            view = memoryview(data)
            for i in range(0, len(view), 1 << 20):
                cp.write(view[i:i + (1 << 20)])
        return time.perf_counter() - t


class _Phases:
    """The import's phases, from the SQL it runs (Django's execute wrapper) and the rollups it refreshes."""

    def __init__(self, services):
        self.services, self.events, self.rollups = services, [], 0.0

    def __call__(self, execute, sql, params, many, context):
        t = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.events.append((t, time.perf_counter(), sql))

    @contextlib.contextmanager
    def measure(self, table: str):
        from django.db import connection

        original = self.services.refresh_rollups

        def timed(**kw):
            t = time.perf_counter()
            try:
                return original(**kw)
            finally:
                self.rollups += time.perf_counter() - t

        self.events, self.rollups = [], 0.0
        self.services.refresh_rollups = timed
        t0 = time.perf_counter()
        try:
            with connection.execute_wrapper(self):
                yield self
        finally:
            self.services.refresh_rollups = original
            total = time.perf_counter() - t0
            staged = next((s for s, _, sql in self.events if sql.startswith("ANALYZE budget_stage")), t0)
            writes = [(s, e) for s, e, sql in self.events
                      if sql.startswith((f"INSERT INTO {table}", f"UPDATE {table}", f"ANALYZE {table}"))]
            first_write = writes[0][0] if writes else staged
            self.phases = {"parse+COPY": staged - t0, "checks": max(first_write - staged, 0.0),
                           "insert (+ ANALYZE)": sum(e - s for s, e in writes), "rollups": self.rollups}
            last = max((e for _, e, _ in self.events), default=t0)
            self.phases["commit (deferred FK checks)"] = t0 + total - last
            self.phases["other (units, audit, batch)"] = total - sum(self.phases.values())
            self.phases["total"] = total


def import_into(rows: int, payments: int, indicators: int) -> int:
    """Time the real import (services.import_file) of a fresh year into a table that already holds `rows`."""
    import django

    if not os.environ.get("RENDA_DATABASE_URL", "").startswith("postgres"):
        print("--import-into needs RENDA_DATABASE_URL=postgres://… (a scratch database)", file=sys.stderr)
        return 2
    django.setup()
    from django.core.management import call_command
    from django.db.models import Sum

    from renda.budget import services
    from renda.budget.models import BudgetUnit, Indicator, Payment
    from renda.budget.seed import INDICATOR_COLUMNS, PAYMENT_COLUMNS, UNIT_COLUMNS
    from renda.demo.builders import build_congress
    from renda.demo.names import NameMaker

    print(f"load average at start: {os.getloadavg()[0]:.1f} (2 cores shared)", flush=True)
    call_command("migrate", verbosity=0)
    congress = build_congress(code="bench-into", place="BENCH市", level="city", names=NameMaker(seed=18), term_number=1,
                              term_start=dt.date(YEAR, 1, 10), members=15, vice_chairs=3, departments=["市财政局"],
                              deputies=0).congress
    lines = [",".join(UNIT_COLUMNS)]
    for d in range(INTO_DEPTS):
        lines.append(f"{d + 1:03d},部门{d + 1},,行政单位")
        lines += [f"{d + 1:03d}{k + 1:03d},单位{d + 1}-{k + 1},{d + 1:03d},事业单位" for k in range(INTO_UNITS_PER_DEPT)]
    b = services.import_file(actor=None, congress=congress, kind="units", data="\n".join(lines).encode(),
                             filename="units.csv")
    assert b.status == "applied", b.report[:3]
    _into_fill(congress, rows, range(YEAR - 10, YEAR))
    codes = list(BudgetUnit.objects.filter(congress=congress).order_by("code").values_list("code", flat=True))
    t = time.perf_counter()
    pay, ind = _into_files(codes, YEAR, payments, indicators)
    print(f"  files generated in {time.perf_counter() - t:.0f} s (payments {len(pay) / 2**20:.0f} MB, indicators "
          f"{len(ind) / 2**20:.0f} MB)", file=sys.stderr, flush=True)
    phases = _Phases(services)
    results = []
    for kind, data, model, columns in (("payments", pay, Payment, PAYMENT_COLUMNS),
                                       ("indicators", ind, Indicator, INDICATOR_COLUMNS)):
        floor = _floor_copy(data, columns)
        before = model.objects.filter(congress=congress).count()
        with phases.measure(model._meta.db_table):
            b = services.import_file(actor=None, congress=congress, kind=kind, data=data, filename=f"{kind}.csv")
        assert b.status == "applied" and b.created == b.rows, (b.status, b.created, b.rows, b.report[:3])
        assert model.objects.filter(congress=congress).count() == before + b.rows
        results.append((kind, b.rows, before, dict(phases.phases), floor))
        print(f"  {kind}: {b.rows:,} rows into {before:,} in {phases.phases['total']:.1f} s (floor {floor:.1f} s)",
              file=sys.stderr, flush=True)
        t = time.perf_counter()
        again = services.import_file(actor=None, congress=congress, kind=kind, data=data, filename=f"{kind}.csv")
        assert (again.status, again.created, again.updated, again.unchanged) == ("applied", 0, 0, b.rows)
        results[-1][3]["(re-import, all 未变)"] = time.perf_counter() - t
    total = Payment.objects.filter(congress=congress, year=YEAR).aggregate(s=Sum("amount_fen"))["s"]
    assert total and total > 0
    ok = True
    for kind, n, before, ph, floor in results:
        print(f"\n{kind}: {n:,} rows into a table of {before:,}")
        for name, s in ph.items():
            print(f"  {name:<34}{s:>8.1f} s")
        print(f"  {'floor: plain COPY, unindexed':<34}{floor:>8.1f} s   ratio {ph['total'] / floor:.1f}×")
        if kind == "payments":
            ok &= ph["total"] * 1_000_000 / n < IMPORT_TARGET_S
    print(f"\ntarget: payments < {IMPORT_TARGET_S:.0f} s per 1,000,000 rows: {_verdict(ok)}")
    return 0 if ok else 1


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
    parser.add_argument("--import-into", type=int, metavar="ROWS",
                        help="PostgreSQL: fill earlier years with ROWS payments in SQL, then time importing a fresh "
                             "year's payments file and indicators file by phase, against a plain COPY")
    parser.add_argument("--import-rows", type=int, default=1_000_000, help="with --import-into: rows of each file")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--json", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.import_into is not None:
        return import_into(args.import_into, args.import_rows, args.import_rows)
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
