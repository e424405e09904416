"""Scale and quality of renda.textmining, measured in one run.

Run: .venv/bin/python bench/bench_textmining.py [--parts search,router,quality,comments]
                                                [--sizes 100000,1000000] [--queries 1000] [--all-models]

Parts (all by default, about five minutes on the 2-core machine):

search    100,000 generated suggestions in a SimilarIndex; query latency on ONE core
          (process pinned to one CPU, BLAS/OpenMP threads = 1). Target p95 < 50 ms.
          Also: recall@10 of the two-stage search against brute force, and how often an
          edited copy of an indexed suggestion finds its original first.
router    UnitRouter fit on the same 100,000 suggestions, on one core. Target < 60 s.
          --all-models also times the sgd and svc models.
quality   on the committed evaluation set (src/renda/textmining/data/eval_suggestions.jsonl):
          top-1/top-3 unit accuracy of each model (group-wise split) against the
          majority baseline; near-duplicate pair precision/recall over thresholds.
comments  generated comment files of each size (with planted campaigns) analysed by
          `renda comments analyze` in a fresh process (streamed from disk, 2 worker
          processes): wall time (read CSV + analyse + write JSON), CPU time and peak
          memory (sum of the Pss of the process and its workers, sampled). Targets: 1,000,000 in < 180 s, peak
          < 4 GB, time(1M) <= 12 x time(100k); campaigns found with cluster precision,
          campaign recall, member precision and member recall >= 0.95 (definitions in
          renda.textmining.evaluate.evaluate_campaigns). Generating 1,000,000 comments
          (with the CSV) < 60 s.

Results also go to bench/out/textmining.json. Exit code 1 if a target is missed.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_var] = "1"  # before numpy is imported

import argparse  # noqa: E402
import csv  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from contextlib import contextmanager  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import numpy as np  # noqa: E402

from renda.textmining.evaluate import (  # noqa: E402
    evaluate_campaigns,
    evaluate_duplicates,
    evaluate_routing,
    load_eval_suggestions,
)
from renda.textmining.routing import UnitRouter  # noqa: E402
from renda.textmining.similar import DUPLICATE_THRESHOLD, SimilarIndex  # noqa: E402
from renda.textmining.synth import generate_suggestions  # noqa: E402

SEARCH_P95_MS = 50.0
ROUTER_FIT_S = 60.0
COMMENTS_1M_S = 180.0
COMMENTS_PEAK_MB = 4096.0
SCALING = 12.0
CAMPAIGN_MIN = 0.95
GENERATE_1M_S = 60.0

RESULTS: list[tuple[str, str, str, str, bool | None]] = []  # part, metric, value, target, ok
DETAILS: dict = {}


def record(part: str, metric: str, value: str, target: str = "", ok: bool | None = None) -> None:
    RESULTS.append((part, metric, value, target, ok))
    mark = "" if ok is None else ("  ok" if ok else "  MISSED")
    print(f"  {metric}: {value}{'  (target ' + target + ')' if target else ''}{mark}", flush=True)


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@contextmanager
def one_core():
    """Pin this process to a single CPU for the duration."""
    before = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(before)})
    try:
        yield
    finally:
        os.sched_setaffinity(0, before)


def edited(text: str) -> str:
    return "本人在走访中也发现，" + text.replace("，", ",").replace("加强", "强化").replace("问题", "情况")


# ----------------------------------------------------------------------------- search


def bench_search(n: int, queries: int, state: dict) -> None:
    print(f"\n[search] {n:,} suggestions, {queries} queries, one core")
    t = time.perf_counter()
    data = generate_suggestions(n, seed=101)
    state["suggestions"] = data
    record("search", "generate suggestions", f"{time.perf_counter() - t:.1f} s")
    with one_core():
        t = time.perf_counter()
        index = SimilarIndex.build((s.id, s.full_text) for s in data)
        record("search", "build index", f"{time.perf_counter() - t:.1f} s")
        rng = np.random.default_rng(1)
        sources = [data[i] for i in rng.choice(n, queries // 2, replace=False)]
        fresh = generate_suggestions(queries - len(sources), seed=202)
        texts = [edited(s.full_text) for s in sources] + [s.full_text for s in fresh]
        for text in texts[:20]:  # warm-up
            index.query(text, k=10)
        latencies = []
        hits = 0
        group_hits = 0
        group_of = {s.id: s.group for s in data}
        for i, text in enumerate(texts):
            started = time.perf_counter()
            result = index.query(text, k=10)
            latencies.append((time.perf_counter() - started) * 1000)
            if i < len(sources) and result:
                hits += result[0][0] == sources[i].id
                group_hits += group_of[result[0][0]] == sources[i].group
        lat = np.array(latencies)
        p95 = float(np.percentile(lat, 95))
        record("search", "query latency p50 / p95 / p99 / max",
               f"{np.percentile(lat, 50):.1f} / {p95:.1f} / {np.percentile(lat, 99):.1f} / {lat.max():.1f} ms",
               f"p95 < {SEARCH_P95_MS:.0f} ms", p95 < SEARCH_P95_MS)
        record("search", "edited copy: top hit is its original / in its duplicate group",
               f"{hits}/{len(sources)} / {group_hits}/{len(sources)}")
        recall = []
        for text in texts[:: max(1, len(texts) // 200)]:
            q = index._query_vector(text)
            full = np.asarray((index._main @ q.T).todense()).ravel()
            best = set(np.argsort(-full, kind="stable")[:10].tolist())
            got = {index._row[i] for i, _ in index.query(text, k=10)}
            recall.append(len(best & got) / 10)
        record("search", "recall@10 vs brute force", f"{np.mean(recall):.4f} ({len(recall)} queries)")
    record("search", "peak RSS of the bench process so far", f"{rss_mb():.0f} MB")
    DETAILS["search"] = {"n": n, "queries": queries, "p50_ms": float(np.percentile(lat, 50)), "p95_ms": p95,
                         "p99_ms": float(np.percentile(lat, 99)), "recall_at_10": float(np.mean(recall)),
                         "original_first": hits / len(sources)}


# ----------------------------------------------------------------------------- router


def bench_router(n: int, state: dict, all_models: bool) -> None:
    data = state.get("suggestions") or generate_suggestions(n, seed=101)
    texts = [s.full_text for s in data]
    units = [s.units for s in data]
    print(f"\n[router] fit on {len(data):,} suggestions, one core")
    DETAILS["router"] = {}
    with one_core():
        for model in ("cnb", "sgd", "svc") if all_models else ("cnb",):
            t = time.perf_counter()
            router = UnitRouter(model=model).fit(texts, units)
            seconds = time.perf_counter() - t
            default = model == "cnb"
            record("router", f"fit {model} on {len(data):,}", f"{seconds:.1f} s",
                   f"< {ROUTER_FIT_S:.0f} s" if default else "", seconds < ROUTER_FIT_S if default else None)
            DETAILS["router"][model] = {"fit_seconds": seconds}
            if default:
                sample = generate_suggestions(200, seed=303)
                lat = []
                for s in sample:
                    started = time.perf_counter()
                    router.rank(s.full_text, k=3)
                    lat.append((time.perf_counter() - started) * 1000)
                record("router", "rank latency p95", f"{np.percentile(lat, 95):.1f} ms")


# ---------------------------------------------------------------------------- quality


def bench_quality() -> None:
    records = load_eval_suggestions()
    print(f"\n[quality] committed evaluation set: {len(records)} suggestions")
    DETAILS["quality"] = {"routing": {}, "duplicates": {}}
    for model in ("cnb", "sgd", "svc"):
        r = evaluate_routing(records, model=model)
        record("quality", f"routing {model}: top-1 / top-3 (baseline top-1)",
               f"{r['top1']:.3f} / {r['top3']:.3f} ({r['baseline_top1']:.3f}; train {r['train']}, test {r['test']})")
        DETAILS["quality"]["routing"][model] = r
    thresholds = [0.6, 0.65, DUPLICATE_THRESHOLD, 0.75, 0.8, 0.85]
    t = time.perf_counter()
    dup = evaluate_duplicates(records, thresholds=thresholds)
    seconds = time.perf_counter() - t
    for threshold in sorted(dup):
        d = dup[threshold]
        chosen = " (default)" if threshold == DUPLICATE_THRESHOLD else ""
        record("quality", f"duplicates at cosine >= {threshold:.2f}{chosen}: precision / recall",
               f"{d['precision']:.3f} / {d['recall']:.3f} ({d['predicted_pairs']} predicted, {d['true_pairs']} true pairs)")
        DETAILS["quality"]["duplicates"][str(threshold)] = d
    record("quality", "duplicate evaluation time", f"{seconds:.1f} s")
    # the 并案 model (dupes.py): candidates by cosine, then the logistic model over asks/context/template/numbers
    from renda.textmining import dupes
    from renda.textmining.dupset import DUPSET_SIZE, DUPSET_TEST_SEED, generate_duplicate_set

    DETAILS["quality"]["duplicates_model"] = {}
    for name, data in (("committed set", records),
                       ("held-out labelled set", generate_duplicate_set(DUPSET_SIZE, DUPSET_TEST_SEED))):
        t = time.perf_counter()
        d = dupes.evaluate(data)
        ok = d["precision"] >= 0.95 and d["recall"] >= 0.95 if name != "committed set" else None
        record("quality", f"duplicates, model: {name}: precision / recall",
               f"{d['precision']:.3f} / {d['recall']:.3f} ({d['predicted_pairs']} predicted, {d['true_pairs']} true "
               f"pairs; {time.perf_counter() - t:.1f} s)", ">= 0.95 / 0.95" if ok is not None else "", ok)
        DETAILS["quality"]["duplicates_model"][name] = d


# --------------------------------------------------------------------------- comments

# Peak memory = the largest sampled sum of the Pss of the analysing process and its worker processes (every
# 0.5 s). ru_maxrss is not used: on Linux a fork+exec'd child inherits the parent's high-water mark, and a forked
# worker's RSS counts the pages it shares with its parent.
_RUNNER = """
import json, os, resource, sys, threading, time
from renda.textmining.cli import main
peak = [0.0]
def pss_tree():  # Pss of this process and its workers (a forked worker's RSS counts the parent's shared pages)
    pids = [os.getpid()]
    for tid in os.listdir("/proc/self/task"):
        try:
            with open(f"/proc/self/task/{tid}/children") as fh:
                pids += [int(p) for p in fh.read().split()]
        except OSError:
            pass
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as fh:
                total += next(int(l.split()[1]) for l in fh if l.startswith("Pss:"))
        except (OSError, StopIteration):
            pass
    return total / 1024
def watch():
    while True:
        peak[0] = max(peak[0], pss_tree())
        time.sleep(0.5)
threading.Thread(target=watch, daemon=True).start()
t = time.perf_counter()
rc = main(sys.argv[1:])
seconds = time.perf_counter() - t
me, ch = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"rc": rc, "seconds": seconds, "maxrss_mb": max(peak[0], pss_tree()),
                  "cpu_seconds": me.ru_utime + me.ru_stime + ch.ru_utime + ch.ru_stime, "load": os.getloadavg()[0]}))
"""


def run_cli(args: list[str]) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    done = subprocess.run([sys.executable, "-c", _RUNNER, *args], capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        sys.exit(f"command failed: {args}\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def bench_comments(sizes: list[int], workdir: Path) -> None:
    print(f"\n[comments] sizes {', '.join(f'{s:,}' for s in sizes)}")
    DETAILS["comments"] = {}
    seconds_of = {}
    for n in sizes:
        path = workdir / f"comments_{n}.csv"
        out = workdir / f"report_{n}.json"
        if n > 1_000_000:  # generated in blocks of 1M (bounded memory), see synth.write_comments_csv_blocks
            gen = run_cli(["generate", "--n", str(n), "--seed", "42", "-o", str(path), "--labels", "--blocks"])
        else:
            gen = run_cli(["generate", "--n", str(n), "--seed", "42", "-o", str(path), "--labels"])
        is_1m = n == 1_000_000
        record("comments", f"generate {n:,} comments + CSV", f"{gen['seconds']:.1f} s",
               f"< {GENERATE_1M_S:.0f} s" if is_1m else "", gen["seconds"] < GENERATE_1M_S if is_1m else None)
        run = run_cli(["analyze", str(path), "-o", str(out), "--quiet"])
        seconds_of[n] = run["seconds"]
        record("comments", f"analyze {n:,}: wall time (CPU, load avg)",
               f"{run['seconds']:.1f} s ({run['cpu_seconds']:.1f} s, {run['load']:.1f})",
               f"< {COMMENTS_1M_S:.0f} s" if is_1m else "", run["seconds"] < COMMENTS_1M_S if is_1m else None)
        record("comments", f"analyze {n:,}: peak memory (Pss, main + workers)", f"{run['maxrss_mb']:.0f} MB",
               f"< {COMMENTS_PEAK_MB:.0f} MB", run["maxrss_mb"] < COMMENTS_PEAK_MB)
        truth = {}
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                truth[row["id"]] = int(row["campaign"]) if row["campaign"] else None
        report = json.loads(out.read_text(encoding="utf-8"))
        scores = evaluate_campaigns(report, truth)
        ok = all(scores[k] >= CAMPAIGN_MIN for k in ("cluster_precision", "campaign_recall",
                                                      "member_precision", "member_recall"))
        record("comments", f"analyze {n:,}: campaigns found (cluster P / campaign R / member P / member R)",
               f"{scores['cluster_precision']:.3f} / {scores['campaign_recall']:.3f} / "
               f"{scores['member_precision']:.3f} / {scores['member_recall']:.4f} "
               f"({scores['flagged_clusters']} flagged, {scores['planted_campaigns']} planted)",
               f">= {CAMPAIGN_MIN}", ok)
        totals = report["totals"]
        collapsed = sum(c["size"] for c in report["clusters"]) + totals["singletons"] == totals["comments"] == n
        record("comments", f"analyze {n:,}: collapsed never dropped", str(collapsed), "True", collapsed)
        DETAILS["comments"][n] = {"generate_seconds": gen["seconds"], "analyze_seconds": run["seconds"],
                                  "peak_mb": run["maxrss_mb"], "campaigns": scores, "totals": totals}
        path.unlink()
        out.unlink()
    if 100_000 in seconds_of and 1_000_000 in seconds_of:
        ratio = seconds_of[1_000_000] / seconds_of[100_000]
        record("comments", "time(1M) / time(100k)", f"{ratio:.1f}", f"<= {SCALING:.0f}", ratio <= SCALING)


# ------------------------------------------------------------------------------- main


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--parts", default="search,router,quality,comments")
    parser.add_argument("--sizes", default="100000,1000000", help="comment counts for the comments part")
    parser.add_argument("--suggestions", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--all-models", action="store_true", help="also time the sgd and svc routers on 100k")
    args = parser.parse_args()
    parts = [p.strip() for p in args.parts.split(",") if p.strip()]
    unknown = set(parts) - {"search", "router", "quality", "comments"}
    if unknown:
        parser.error(f"unknown parts: {', '.join(sorted(unknown))}")
    started = time.perf_counter()
    print(f"renda.textmining benchmark — {os.cpu_count()} CPUs, python {sys.version.split()[0]}")
    state: dict = {}
    if "search" in parts:
        bench_search(args.suggestions, args.queries, state)
    if "router" in parts:
        bench_router(args.suggestions, state, args.all_models)
    state.clear()
    if "quality" in parts:
        bench_quality()
    if "comments" in parts:
        with tempfile.TemporaryDirectory(prefix="bench_textmining_") as tmp:
            bench_comments([int(s) for s in args.sizes.split(",") if s], Path(tmp))

    width = max(len(r[1]) for r in RESULTS) if RESULTS else 10
    print(f"\n{'part':<9} {'metric':<{width}}  value  [target]")
    print("-" * (width + 40))
    for part, metric, value, target, ok in RESULTS:
        flag = "" if ok is None else ("  ok" if ok else "  MISSED")
        print(f"{part:<9} {metric:<{width}}  {value}{'  [' + target + ']' if target else ''}{flag}")
    missed = [r for r in RESULTS if r[4] is False]
    print(f"\n{len(missed)} target(s) missed; total {time.perf_counter() - started:.0f} s")
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "textmining.json").write_text(json.dumps(DETAILS, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
