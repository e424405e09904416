"""Faults on the production stack: PostgreSQL restarted under load, and a full disk on upload.

    .venv/bin/python bench/bench_faults.py [--seconds 45] [--threads 12] [--down 3]

1. PostgreSQL restart. The load of bench_load.py runs; after a third of the time the private PostgreSQL
   is stopped (`pg_ctl stop -m fast`: open transactions are cut), kept down `--down` seconds, started
   again. Every response is classified:
   - success;
   - clean failure: a Chinese error page (503 "系统暂时不可用" from Django, 500 "系统错误", or nginx's
     Chinese 50x page) within the client timeout — never a traceback, never a hang;
   - unclean: anything else (an English or empty error, a dropped connection, a timeout).
   Then: every write that got a success response is in the database (found by its unique marker); the
   requests made after PostgreSQL is back all succeed; /readyz is 200 again; the task worker still runs
   tasks (if it exited on the lost connection it is restarted, as systemd's Restart=always does, and that
   is reported).
2. Disk full. A 1 MiB tmpfs is mounted over MEDIA_ROOT (root only; otherwise this part is skipped: the
   ENOSPC path is also covered by tests/ops/test_health_logging.py), and 400 KB PDFs are uploaded to a
   work-plan item until the disk is full: the failing upload gets the Chinese "存储空间不足" message, no
   attachment row without its file and no file without its row (no partial file), and /readyz reports the
   media check failing; after the disk is freed uploads work again.

Exit status 1 when any expectation fails.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_load import Workload, counts, found_markers, pct, prepare
from prod_check import Stack, log

CHINESE_ERRORS = ("系统暂时不可用", "系统错误", "请稍后")


def classify(r) -> str:
    if r.ok:
        return "success"
    if r.status in (500, 502, 503, 504) and any(w in r.body for w in CHINESE_ERRORS) and "Traceback" not in r.body:
        return "clean failure"
    return "unclean"


def pg_restart_under_load(stack: Stack, prep: dict, *, seconds: float, threads: int, down: float) -> bool:
    load = Workload(stack, prep, seed=7)
    window: dict[str, float] = {}

    def fault():
        time.sleep(seconds / 3)
        window["stop"] = time.monotonic()
        log(f"停止 PostgreSQL（fast），{down:.0f} 秒后启动")
        stack.pg_ctl("stop", mode="fast")
        window["down"] = time.monotonic()
        time.sleep(down)
        stack.pg_ctl("start")
        window["up"] = time.monotonic()
        log(f"PostgreSQL 已重新启动（停止 {window['up'] - window['stop']:.1f} 秒）")

    before = counts(stack)

    def during(rec):
        orig_add = rec.add

        def add(r):  # remember when each request finished
            r.done = time.monotonic()
            orig_add(r)

        rec.add = add
        fault()

    rec, elapsed = load.run(seconds=seconds, requests=10**6, threads=threads, during=during)
    after = counts(stack)
    marks = found_markers(stack, load.run_id)
    results = rec.results
    kinds = {"success": 0, "clean failure": 0, "unclean": 0}
    for r in results:
        kinds[classify(r)] += 1
    grace = 3.0
    after_up = [r for r in results if getattr(r, "done", 0) > window["up"] + grace]
    after_up_failed = [r for r in after_up if not r.ok]
    lost = [r.marker for r in results if r.write_ok and r.marker not in marks]
    failed_writes = [r for r in results if r.write and not r.write_ok]
    ambiguous = [r for r in failed_writes if r.marker in marks]  # committed, but the answer was an error
    ok_writes = {k: sum(1 for r in results if r.write == k and r.write_ok) for k in ("progress", "review")}
    extra = {k: after[k] - before[k] - ok_writes[k] for k in before}
    slowest = max((r.ms for r in results), default=0)
    failure_ms = [r.ms for r in results if not r.ok]
    statuses: dict[int, int] = {}
    for r in results:
        if not r.ok:
            statuses[r.status] = statuses.get(r.status, 0) + 1

    print(f"\n## PostgreSQL restart under load ({elapsed:.0f} s, {len(results)} requests, "
          f"database down {window['up'] - window['stop']:.1f} s)\n")
    print("| measure | value |")
    print("|---|---:|")
    print(f"| successful responses | {kinds['success']} |")
    print(f"| clean failures (Chinese error page) | {kinds['clean failure']} ({statuses}) |")
    print(f"| unclean failures (no Chinese page, dropped, timeout) | {kinds['unclean']} |")
    print(f"| slowest response (any) | {slowest:.0f} ms |")
    print(f"| failures: p50 / max time to answer | {pct(failure_ms, 50):.0f} / {max(failure_ms, default=0):.0f} ms |")
    print(f"| requests after the restart (+{grace:.0f} s) / failed | {len(after_up)} / {len(after_up_failed)} |")
    print(f"| successful writes (progress, review) | {ok_writes['progress']}, {ok_writes['review']} |")
    print(f"| successful writes missing from the database | {len(lost)} |")
    print(f"| failed writes that were nevertheless stored | {len(ambiguous)} of {len(failed_writes)} |")
    print(f"| rows after − before − successful (progress, review) | {extra['progress']}, {extra['review']} |")
    for r in [r for r in results if classify(r) == "unclean"][:5]:
        print(f"  unclean: {r.cls} {r.page} status {r.status} {r.ms:.0f} ms {r.body[:160]!r}")

    ready = stack.browser().get("/readyz")
    print(f"| /readyz after the restart | {ready.status} |")
    worker = stack.procs["worker"]
    worker_note = "kept running"
    if worker.poll() is not None:
        worker_note = f"exited ({worker.returncode}) on the lost connection; restarted (systemd Restart=always)"
        stack.start_worker()
    task_ok = task_round_trip(stack)
    print(f"| task worker | {worker_note}; task round trip {'ok' if task_ok else 'FAILED'} |")
    ok = (kinds["unclean"] == 0 and not lost and not after_up_failed and ready.status == 200 and task_ok
          and all(v == len([a for a in ambiguous if a.write == k]) for k, v in extra.items()))
    print(f"\n{'PASS' if ok else 'FAIL'}: PostgreSQL restart")
    return ok


def task_round_trip(stack: Stack, timeout: float = 60) -> bool:
    out = stack.renda("shell", "--no-imports", "-c", "from renda.meetings.tasks import send_due_notices; "
                      "print('TASK', send_due_notices.enqueue().id)").stdout
    task_id = re.search(r"TASK (\S+)", out).group(1)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rows = stack.sql("SELECT status FROM django_tasks_database_dbtaskresult WHERE id = %s", [task_id])
        if rows and rows[0][0] == "SUCCESSFUL":
            return True
        time.sleep(0.5)
    return False


def disk_full(stack: Stack, prep: dict) -> bool | None:
    media = stack.var / "media"
    media.mkdir(parents=True, exist_ok=True)
    mount = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(media)], capture_output=True,
                           text=True, check=False)
    if mount.returncode != 0:
        print(f"\n## Disk full on upload: skipped (cannot mount a tmpfs: {mount.stderr.strip()})")
        return None
    try:
        staff = prep["staff"][0]
        item = staff["items"][0]
        b = stack.browser()
        b.cookies["sessionid"] = staff["session"]
        outcomes = []
        for n in range(1, 6):
            page = b.get(f"/workplan/items/{item}/")
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
            pdf = b"%PDF-1.4\n" + os.urandom(400 * 1024) + b"\n%%EOF\n"
            t = time.perf_counter()
            r = b.request("POST", f"/workplan/items/{item}/attach/", data={"csrfmiddlewaretoken": token},
                          files={"file": (f"附件{n}.pdf", pdf, "application/pdf")})
            ms = (time.perf_counter() - t) * 1000
            shown = b.get(f"/workplan/items/{item}/").text
            msg = "已上传附件" if "已上传附件" in shown else ("存储空间不足" if "存储空间不足" in shown else "?")
            outcomes.append((n, r.status, msg, ms))
            if msg == "存储空间不足":
                break
        # Now fill the last bytes too (another writer, logs …): the disk is 100 % full.
        filler = media / "filler.bin"
        with contextlib.suppress(OSError), open(filler, "wb") as fh:
            while True:
                fh.write(b"\0" * 4096)
                fh.flush()
        page = b.get(f"/workplan/items/{item}/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        t = time.perf_counter()
        r = b.request("POST", f"/workplan/items/{item}/attach/", data={"csrfmiddlewaretoken": token},
                      files={"file": ("小附件.pdf", b"%PDF-1.4\n" + os.urandom(2048) + b"\n%%EOF\n", "application/pdf")})
        ms = (time.perf_counter() - t) * 1000
        shown = b.get(f"/workplan/items/{item}/").text
        outcomes.append(("2 KB, disk 100 % full", r.status, "存储空间不足" if "存储空间不足" in shown else "?", ms))
        rows = stack.sql("SELECT file, size FROM core_attachment WHERE owner_type = 'workplan.workplanitem' "
                         "AND owner_id = %s", [str(item)])
        on_disk = {p.relative_to(media).as_posix(): p.stat().st_size for p in media.rglob("*") if p.is_file()
                   and not p.name.startswith(".readyz") and p != filler}
        in_db = {name: size for name, size in rows}
        ready = b.get("/readyz")
        media_check = ready.json()["checks"]["media"] if ready.status in (200, 503) else {}
        filler.unlink(missing_ok=True)
        print("\n## Disk full on upload (1 MiB tmpfs as MEDIA_ROOT, 400 KB PDFs)\n")
        print("| upload | status | message shown | time ms |")
        print("|---:|---:|---|---:|")
        for n, status, msg, ms in outcomes:
            print(f"| {n} | {status} | {msg} | {ms:.0f} |")
        print(f"\nattachment rows {len(in_db)}, files on disk {len(on_disk)}, rows without file "
              f"{len(set(in_db) - set(on_disk))}, files without row {len(set(on_disk) - set(in_db))}")
        print(f"/readyz while full: {ready.status}, media: {media_check.get('detail')}")
    finally:
        subprocess.run(["umount", str(media)], check=False)
    freed = stack.browser()
    freed.cookies["sessionid"] = staff["session"]
    page = freed.get(f"/workplan/items/{item}/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    freed.request("POST", f"/workplan/items/{item}/attach/", data={"csrfmiddlewaretoken": token},
                  files={"file": ("附件-释放后.pdf", b"%PDF-1.4\n" + os.urandom(1024) + b"\n%%EOF\n", "application/pdf")})
    after = "已上传附件" in freed.get(f"/workplan/items/{item}/").text
    print(f"upload after the disk was freed: {'ok' if after else 'FAILED'}")
    full_hit = sum(msg == "存储空间不足" for _, _, msg, _ in outcomes) == 2
    consistent = set(in_db) == set(on_disk) and all(on_disk[k] == in_db[k] for k in in_db)
    ok = full_hit and consistent and all(s == 302 for _, s, _, _ in outcomes) and after and ready.status == 503
    print(f"\n{'PASS' if ok else 'FAIL'}: disk full on upload")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=45)
    parser.add_argument("--threads", type=int, default=12)
    parser.add_argument("--down", type=float, default=3)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    with Stack(keep=args.keep) as stack:
        stack.up()
        prep = prepare(stack)
        ok_pg = pg_restart_under_load(stack, prep, seconds=args.seconds, threads=args.threads, down=args.down)
        ok_disk = disk_full(stack, prep)
        with contextlib.suppress(Exception):
            stack.browser().close()
    ok = ok_pg and ok_disk is not False
    print(f"\n{'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
