"""Comment analysis from the database, the way the background task does it (issue #5, item 6).

    .venv/bin/python bench/bench_comment_analysis.py [--sizes 100000 1000000] [--keep]

What it does, in one run:

1. Seeds only the legislation comments (the full `renda seed --scale national` also builds 300 other congresses
   and everything else, which takes far longer than the comments): one small congress from the demo builders,
   one bill per size with a draft of 36 articles and an open comment period, and on it `n` comments written by
   `renda.legislation.seed.seed_public_comments` — the very function `renda seed` uses for the main congress's
   open draft (`public_comments` = 1,000,000 at the national scale). Seeded once, reused on later runs.
2. For each size, in a fresh process (so that peak memory is that run's own `VmHWM`): creates a pending
   `CommentAnalysis` and calls `services.comment_analysis_run` — the body of the django-tasks task: stream the
   comments with `.values_list(...).iterator(chunk_size=5000)`, run `analyze_comments` with the progress writer,
   store the result JSON. Reported: total time, and its parts (load / engine / store).
3. Precision and recall of the flagged campaigns against the planted truth: the i-th comment of the version by
   primary key is `generate_comments(n, seed)[i]` (see seed_public_comments), scored by
   `renda.textmining.evaluate_campaigns`.

Database: bench/out/bench-comments.sqlite3 unless RENDA_DATABASE_URL is set (e.g. PostgreSQL).
Targets: 1,000,000 comments in < 180 s with peak memory < 4 GB; time(1M) <= 12 x time(100k); P, R >= 0.95.

The streamed file path (`renda comments analyze FILE.csv`, `textmining.stream`; the 20,000,000 target < 4 GB):

    .venv/bin/python bench/bench_comment_analysis.py --stream 1000000 2000000 [--workers 1] [--dir DIR]

generates each CSV once (`write_comments_csv_blocks`, as `renda comments generate --blocks --labels`), runs the
CLI in a fresh process (`--workers 1` by default: one process, so its peak RSS from wait4 is the whole peak) and
prints wall time, CPU time, peak memory and the campaign scores; then the per-million slope and what it gives at 20M.
The 20,000,000 run (issue 21 §4; generation alone takes about 25 CPU-minutes, the analysis about as long):

    nohup taskset -c 1 .venv/bin/python bench/bench_comment_analysis.py --stream 20000000 --dir /tmp/cmt > 20m.log &
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renda.settings")
os.environ.setdefault("RENDA_TESTING", "1")
os.environ.setdefault("RENDA_LOG_LEVEL", "ERROR")
OUT = ROOT / "bench" / "out"
CODE = "bench-comments"


def _django() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("RENDA_DATABASE_URL", f"sqlite:///{OUT / 'bench-comments.sqlite3'}")
    import django

    django.setup()


def _vmhwm_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _world():
    """The bench congress (small, from the demo builders) and its office user; created once."""
    import datetime as dt

    from renda.core.models import Congress, User
    from renda.core.roles import Role
    from renda.demo.builders import build_congress
    from renda.demo.names import CITY_DEPARTMENTS, NameMaker

    congress = Congress.objects.filter(code=CODE).first()
    if congress is None:
        build_congress(code=CODE, place="评测市", level="city", names=NameMaker(seed=5), term_number=1,
                       term_start=dt.date(2023, 1, 15), members=15, vice_chairs=3,
                       departments=CITY_DEPARTMENTS[:5], deputies=0)
        congress = Congress.objects.get(code=CODE)
    user, _ = User.objects.get_or_create(username="bench-comments-office",
                                         defaults={"congress": congress, "role": Role.OFFICE})
    return congress, user


def _version_with(n: int):
    """The draft carrying exactly n seeded comments (seeded now if missing)."""
    import datetime as dt
    import random

    from django.db import transaction

    from renda.legislation.models import (
        Bill,
        BillComment,
        BillStatus,
        BillVersion,
        CommentPeriod,
        PeriodStatus,
        ProposerKind,
        Stage,
    )
    from renda.legislation.seed import seed_public_comments, synthetic_text
    from renda.statutes import parse_text

    congress, _ = _world()
    title = f"评测市电动自行车管理条例（{n}条意见）"
    bill = Bill.objects.filter(congress=congress, title=title).first()
    if bill is not None:
        version = bill.versions.get(stage=Stage.DRAFT)
        if BillComment.objects.filter(version=version).count() == n:
            return version
        BillComment.objects.filter(version=version).delete()
    else:
        with transaction.atomic():
            number = Bill.objects.filter(congress=congress, year=2026).count() + 1
            bill = Bill.objects.create(congress=congress, year=2026, number=number, title=title,
                                       proposer_kind=ProposerKind.CHAIRS_COUNCIL, submitted_on=dt.date(2026, 3, 1),
                                       subject_area="城乡建设与管理", status=BillStatus.IN_DELIBERATION)
            text = synthetic_text(f"{title}（草案）", "电动自行车管理", 36, random.Random(n))
            st = parse_text(text)
            version = BillVersion.objects.create(congress=congress, bill=bill, stage=Stage.DRAFT, title=st.title,
                                                 text=text, explanation="说明。", article_count=len(st.articles()),
                                                 published=True)
            CommentPeriod.objects.create(congress=congress, bill=bill, version=version, opens_on=dt.date(2026, 4, 1),
                                         closes_on=dt.date(2026, 5, 6), status=PeriodStatus.OPEN)
    version = bill.versions.get(stage=Stage.DRAFT)
    period = version.comment_periods.get()
    t0 = time.perf_counter()
    print(f"seeding {n:,} comments …", flush=True)
    seed_public_comments(version, period, n)
    print(f"  seeded {n:,} comments in {time.perf_counter() - t0:.0f} s", flush=True)
    return version


def worker(version_pk: int) -> None:
    """One measured run of the task body; prints one JSON line."""
    _django()
    import renda.textmining as tm
    from renda.legislation import services
    from renda.legislation.models import BillVersion, CommentAnalysis

    _, user = _world()
    version = BillVersion.objects.select_related("bill").get(pk=version_pk)
    marks: dict[str, float] = {}
    engine = tm.analyze_comments

    def timed(*args, **kwargs):
        marks["engine_start"] = time.perf_counter()
        try:
            return engine(*args, **kwargs)
        finally:
            marks["engine_end"] = time.perf_counter()

    tm.analyze_comments = timed  # the service imports it at call time
    count, last = services._fingerprint(version)
    analysis = CommentAnalysis.objects.create(congress_id=version.congress_id, bill=version.bill, version=version,
                                              params=services.analysis_params(version.congress_id),
                                              comment_count=count, last_comment_id=last, requested_by=user)
    base = _vmhwm_mb()
    t0 = time.perf_counter()
    done = services.comment_analysis_run(analysis.pk)
    total = time.perf_counter() - t0
    print(json.dumps({
        "analysis": analysis.pk, "status": done.status, "progress": done.progress, "error": done.error,
        "comments": count, "total_s": total, "load_s": marks["engine_start"] - t0,
        "engine_s": marks["engine_end"] - marks["engine_start"], "store_s": t0 + total - marks["engine_end"],
        "peak_mb": _vmhwm_mb(), "baseline_mb": base,
    }))


def evaluate(analysis_pk: int, n: int) -> dict:
    from renda.legislation.models import BillComment, CommentAnalysis
    from renda.legislation.seed import COMMENTS_SEED
    from renda.textmining import evaluate_campaigns, generate_comments

    a = CommentAnalysis.objects.get(pk=analysis_pk)
    pks = list(BillComment.objects.filter(version_id=a.version_id).order_by("pk").values_list("pk", flat=True))
    labels = [r.campaign for r in generate_comments(n, seed=COMMENTS_SEED)]
    assert len(pks) == len(labels) == n, (len(pks), len(labels), n)
    scores = evaluate_campaigns(a.result, dict(zip(pks, labels, strict=True)))
    t = a.result["totals"]
    scores["collapsed_ok"] = sum(c["size"] for c in a.result["clusters"]) + t["singletons"] == t["comments"] == n
    scores["totals"] = t
    return scores


def stream_bench(sizes: list[int], workers: int, folder: Path) -> int:
    """The streamed CLI on generated files: time, peak memory (wait4 ru_maxrss), campaign scores; the slope."""
    import csv

    from renda.textmining import evaluate_campaigns
    from renda.textmining.synth import write_comments_csv_blocks

    folder.mkdir(parents=True, exist_ok=True)
    print(f"cpus: {os.cpu_count()}; affinity: {sorted(os.sched_getaffinity(0))}; workers: {workers}", flush=True)
    runs = {}
    for n in sizes:
        path = folder / f"comments-{n}.csv"
        if not path.exists():
            t0 = time.perf_counter()
            write_comments_csv_blocks(n, path, seed=0, labels=True)
            print(f"generated {n:,} comments in {time.perf_counter() - t0:.0f} s: {path}", flush=True)
        out = folder / f"report-{n}.json"
        load = os.getloadavg()[0]
        t0 = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-m", "renda.textmining.cli", "analyze", str(path), "--quiet",
                                  "--workers", str(workers), "-o", str(out)], env=os.environ.copy())
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - t0
        if os.waitstatus_to_exitcode(status) != 0:
            print(f"analysis of {n:,} failed", file=sys.stderr)
            return 1
        report = json.loads(out.read_text(encoding="utf-8"))
        with path.open(encoding="utf-8", newline="") as fh:
            truth = {row["id"]: (int(row["campaign"]) if row["campaign"] else None) for row in csv.DictReader(fh)}
        s = evaluate_campaigns(report, truth)
        del truth
        t = report["totals"]
        collapsed = sum(c["size"] for c in report["clusters"]) + t["singletons"] == t["comments"] == n
        runs[n] = {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "peak_mb": usage.ru_maxrss / 1024}
        print(f"{n:>11,} comments (load {load:.1f}): {wall:.1f} s wall, {runs[n]['cpu']:.1f} s CPU, peak "
              f"{runs[n]['peak_mb']:,.0f} MB; campaigns: cluster P {s['cluster_precision']:.3f} / campaign R "
              f"{s['campaign_recall']:.3f} / member P {s['member_precision']:.3f} / member R "
              f"{s['member_recall']:.3f}; sizes + singletons == comments: {collapsed}", flush=True)
    if len(runs) >= 2:
        small, big = min(runs), max(runs)
        slope = (runs[big]["peak_mb"] - runs[small]["peak_mb"]) / ((big - small) / 1e6)
        at_20m = runs[big]["peak_mb"] + slope * (20_000_000 - big) / 1e6
        print(f"peak memory slope {slope:,.0f} MB per million comments; linear extrapolation to 20,000,000: "
              f"{at_20m:,.0f} MB (target < 4,096 MB)")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--stream", type=int, nargs="+", metavar="N", help="measure the streamed file path instead")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--dir", type=Path, default=OUT / "stream")
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker)
        return 0
    if args.stream:
        return stream_bench(args.stream, args.workers, args.dir)
    _django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    print(f"database: {os.environ['RENDA_DATABASE_URL'].split('@')[-1]}; cpus: {os.cpu_count()}; "
          f"load average: {os.getloadavg()[0]:.1f}", flush=True)
    runs = {}
    for n in args.sizes:
        version = _version_with(n)
        out = subprocess.run([sys.executable, __file__, "--worker", str(version.pk)], capture_output=True, text=True,
                             env=os.environ.copy(), check=False)
        lines = [ln for ln in out.stdout.splitlines() if ln.startswith("{")]
        if out.returncode != 0 or not lines:
            print(out.stdout[-2000:], out.stderr[-4000:], file=sys.stderr)
            return 1
        r = json.loads(lines[-1])
        if r["status"] != "done":
            print(f"analysis of {n:,} failed: {r['error']}", file=sys.stderr)
            return 1
        r["scores"] = evaluate(r["analysis"], n)
        runs[n] = r
        s = r["scores"]
        print(f"{n:>9,} comments: {r['total_s']:.1f} s (load {r['load_s']:.1f} + engine {r['engine_s']:.1f} + "
              f"store {r['store_s']:.1f}), peak {r['peak_mb']:,.0f} MB (process before the run "
              f"{r['baseline_mb']:,.0f} MB); campaigns: {s['planted_campaigns']} planted, {s['flagged_clusters']} "
              f"flagged, cluster P {s['cluster_precision']:.3f} / campaign R {s['campaign_recall']:.3f} / "
              f"member P {s['member_precision']:.3f} / member R {s['member_recall']:.3f}; "
              f"sizes + singletons == comments: {s['collapsed_ok']}", flush=True)
    sizes = sorted(runs)
    if len(sizes) >= 2:
        small, big = runs[sizes[0]], runs[sizes[-1]]
        ratio = big["total_s"] / small["total_s"]
        print(f"time({sizes[-1]:,}) / time({sizes[0]:,}) = {ratio:.1f} (target <= {sizes[-1] / sizes[0] * 1.2:.0f})")
    ok = all(r["scores"]["cluster_precision"] >= 0.95 and r["scores"]["campaign_recall"] >= 0.95 for r in runs.values())
    if 1_000_000 in runs:
        r = runs[1_000_000]
        ok = ok and r["total_s"] < 180 and r["peak_mb"] < 4096
    print("targets met" if ok else "TARGETS NOT MET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
