"""Speed of the statute engine on the real corpus.

Run: .venv/bin/python bench/bench_statutes.py   (corpus at ../shared/data/laws or $RENDA_SHARED_DIR)

1. Parse: read + parse every corpus file, against a floor measured in the same run:
   read every file and split it on article headings with one regular expression.
   Target: within 5x of the floor. Best of several rounds for both.
2. Compare: every dated version pair of the corpus, and a ~200-article pair synthesised
   from the largest statutes (padded to 200 articles, then perturbed: edits, deletions,
   insertions, a move, a split and a merge). Target: < 0.5 s for the 200-article pair.

3. Amendment decisions: for every dated version pair, draft_decision(old, new) applied to OLD
   must give NEW exactly (all but the 题注); prints how many pairs, how many exact, and the time.
4. Review against higher law: the planted set of tests/statutes/test_review.py (real regulations with
   one exceedance planted each) — planted findings found / planted (target: all), the findings on the
   unmodified regulations, and those on further real regulation / national law pairs of the library
   (each one printed, to be read: precision matters more than recall).

Exit code 1 if a target is missed.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import random
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from renda.statutes import compare, draft, parse_text  # noqa: E402
from renda.statutes.numerals import article_label  # noqa: E402
from renda.statutes.review import describe, review  # noqa: E402

# further real pairs (local regulation, the national law it implements) scanned for findings
REVIEW_SCAN = [
    ("beijing/北京市水污染防治条例.md", "national/水污染防治法(2017-06-27).md"),
    ("beijing/北京市实施《道路交通安全法》办法(2018-09-28).md", "national/道路交通安全法(2021-04-29).md"),
    (
        "beijing/北京市危险废物污染环境防治条例(2020-06-05).md",
        "national/固体废物污染环境防治法(2020-04-29).md",
    ),
    ("beijing/北京市城乡规划条例(2021-09-24).md", "national/城乡规划法(2019-04-23).md"),
    ("beijing/北京市食品安全条例.md", "national/食品安全法(2021-04-29).md"),
    ("beijing/北京市生活垃圾管理条例(2020-09-25).md", "national/固体废物污染环境防治法(2020-04-29).md"),
    ("shanghai/上海市环境保护条例(2021-11-25).md", "national/环境保护法(2014-04-24).md"),
    ("shanghai/上海市城乡规划条例(2018-12-20).md", "national/城乡规划法(2019-04-23).md"),
    ("shanghai/上海市生活垃圾管理条例(2019-01-31).md", "national/固体废物污染环境防治法(2020-04-29).md"),
    ("shanghai/上海市实施《食品安全法》办法.md", "national/食品安全法(2021-04-29).md"),
    ("shanghai/上海市排水与污水处理条例(2019-12-19).md", "national/水污染防治法(2017-06-27).md"),
]


def planted_set():
    """PLANTS and the framework laws of tests/statutes/test_review.py (one definition of the set)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "test_review", ROOT / "tests" / "statutes" / "test_review.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.PLANTS, module.FRAMEWORK_LAWS


def bench_review(laws: Path) -> list[tuple]:
    plants, framework = planted_set()

    def uppers(upper: str) -> list[tuple[str, str]]:
        return [
            (Path(f).stem.split("(")[0], (laws / f).read_text(encoding="utf-8")) for f in (upper, *framework)
        ]

    t0 = time.perf_counter()
    found = 0
    for name, lower, upper, old, new, kind, article, _law, upper_article in plants:
        text = (laws / lower).read_text(encoding="utf-8").replace(old, new)
        hits = [
            f
            for f in review(text, uppers(upper))
            if f.kind == kind and f.article == article and f.upper_article == upper_article
        ]
        found += bool(hits)
        if not hits:
            print(f"未发现：{name}（{article} {kind}）")
    t_plants = time.perf_counter() - t0
    unmodified = 0
    for lower, upper in sorted({(p[1], p[2]) for p in plants}):
        for f in review((laws / lower).read_text(encoding="utf-8"), uppers(upper)):
            unmodified += 1
            print(f"原文（植入集）：{Path(lower).stem}：{describe(f)[:90]}")
    t1 = time.perf_counter()
    scanned = 0
    for lower, upper in REVIEW_SCAN:
        for f in review((laws / lower).read_text(encoding="utf-8"), uppers(upper)):
            scanned += 1
            print(f"原文（扫描）：{Path(lower).stem}：{describe(f)[:90]}")
    t_scan = time.perf_counter() - t1
    return [
        (
            f"review: planted exceedances found ({len(plants)} reviews)",
            f"{t_plants * 1000:.0f} ms",
            "all found",
            f"{found}/{len(plants)} found",
            "PASS" if found == len(plants) else "FAIL",
        ),
        (
            "review: findings on the 2 unmodified regulations",
            "",
            "reported",
            f"{unmodified} findings",
            "",
        ),
        (
            f"review: findings on {len(REVIEW_SCAN)} further real pairs",
            f"{t_scan * 1000:.0f} ms",
            "reported",
            f"{scanned} findings",
            "",
        ),
    ]


ROUNDS = 5
PARSE_TARGET = 5.0
COMPARE_TARGET_S = 0.5
SYNTH_ARTICLES = 200
FLOOR_RE = re.compile(r"^第[一二三四五六七八九十百千零〇两]+条", re.M)


def laws_dir() -> Path:
    env = os.environ.get("RENDA_SHARED_DIR")
    base = Path(env) if env else ROOT.parent / "shared"
    path = base / "data" / "laws"
    if not path.is_dir():
        sys.exit(f"找不到法规语料：{path}（请设置 RENDA_SHARED_DIR）")
    return path


def best(fn, rounds: int = ROUNDS) -> float:
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def floor(files: list[Path]) -> int:
    return sum(len(FLOOR_RE.split(f.read_text(encoding="utf-8"))) for f in files)


def parse_all(files: list[Path]) -> int:
    return sum(len(parse_text(f.read_text(encoding="utf-8")).articles()) for f in files)


def statute_text(title: str, bodies: list[str]) -> str:
    lines = [f"# {title}", "", "<!-- INFO END -->", ""]
    for k, body in enumerate(bodies, 1):
        first, *rest = body.split("\n")
        lines += [f"{article_label(k)} {first}", ""]
        lines += [line for para in rest for line in (para, "")]
    return "\n".join(lines)


def synthetic_pair(statutes: list) -> tuple[str, str]:
    """A 200-article statute from the largest ones, and a perturbed new version of it."""
    rng = random.Random(4)
    bodies: list[str] = []
    for st in sorted(statutes, key=lambda s: -len(s.articles())):
        bodies += [a.text for a in st.articles() if a.text]
        if len(bodies) >= SYNTH_ARTICLES:
            break
    old = bodies[:SYNTH_ARTICLES]
    new = list(old)
    for k in rng.sample(range(len(new)), len(new) // 4):  # edit a quarter of the articles
        text = new[k]
        a = rng.randrange(max(1, len(text) - 10))
        new[k] = text[:a] + "根据实际情况" + text[a + rng.randrange(1, 8) :]
    new.insert(150, new.pop(20))  # move
    for k in sorted(rng.sample(range(10, len(new) - 10), 5), reverse=True):
        del new[k]
    for k in sorted(rng.sample(range(10, len(new) - 10), 8), reverse=True):
        new.insert(k, f"市人民政府应当建立第{k}项新制度，明确职责分工，并向社会公布实施情况和监督渠道。")
    s = new[60]
    new[60:61] = [s[: len(s) // 2] + "。", s[len(s) // 2 :]]  # split
    new[90:92] = [new[90] + "\n" + new[91]]  # merge
    return statute_text("合成法规", old), statute_text("合成法规", new)


def main() -> int:
    files = sorted(laws_dir().glob("*/*.md"))
    floor(files)  # warm the file cache
    parse_all(files)
    t_floor = best(lambda: floor(files))
    t_parse = best(lambda: parse_all(files))
    ratio = t_parse / t_floor
    n_articles = parse_all(files)

    statutes = {f: parse_text(f.read_text(encoding="utf-8")) for f in files}
    groups = defaultdict(list)
    for f in files:
        groups[re.sub(r"\(\d{4}-\d{2}-\d{2}\)\.md$", ".md", f.name)].append(f)
    pair_times = []
    for versions in groups.values():
        for a, b in itertools.pairwise(versions):
            pair_times.append((best(lambda a=a, b=b: compare(statutes[a], statutes[b]), 3), a.stem))
    worst_pair, worst_name = max(pair_times)

    old_text, new_text = synthetic_pair(list(statutes.values()))
    old, new = parse_text(old_text), parse_text(new_text)
    t_synth = best(lambda: compare(old, new), 3)
    summary = compare(old, new).summary

    rows = [
        ("floor: read + split on 第X条", f"{t_floor * 1000:.0f} ms", "", "", ""),
        (
            f"parse {len(files)} files ({n_articles} articles)",
            f"{t_parse * 1000:.0f} ms",
            f"≤ {PARSE_TARGET:.0f}× floor",
            f"{ratio:.2f}×",
            "PASS" if ratio <= PARSE_TARGET else "FAIL",
        ),
        (
            f"compare {len(pair_times)} corpus version pairs (max)",
            f"{worst_pair * 1000:.0f} ms",
            f"< {COMPARE_TARGET_S * 1000:.0f} ms",
            worst_name[:16],
            "PASS" if worst_pair < COMPARE_TARGET_S else "FAIL",
        ),
        (
            f"compare synthetic {len(old.articles())}→{len(new.articles())} articles",
            f"{t_synth * 1000:.0f} ms",
            f"< {COMPARE_TARGET_S * 1000:.0f} ms",
            f"{t_synth / COMPARE_TARGET_S:.2f} of target",
            "PASS" if t_synth < COMPARE_TARGET_S else "FAIL",
        ),
    ]
    # amendment decisions drafted from the real pairs reproduce the later version exactly
    t0 = time.perf_counter()
    exact = total = instructions = 0
    for versions in groups.values():
        ordered = sorted(versions, key=lambda f: statutes[f].version_date or dt.date.min)
        for a, b in itertools.pairwise(ordered):
            result = draft(statutes[a], statutes[b])
            total += 1
            exact += result.exact
            instructions += result.instructions
            if not result.exact:
                print(f"不一致：{a.stem} → {b.stem}：{result.problems[:2]}")
    t_draft = time.perf_counter() - t0
    rows.append(
        (
            f"draft + apply decisions, {total} pairs ({instructions} instructions)",
            f"{t_draft * 1000:.0f} ms",
            "all exact",
            f"{exact}/{total} exact",
            "PASS" if exact == total else "FAIL",
        )
    )
    rows += bench_review(laws_dir())
    widths = [max(len(str(r[i])) for r in rows) for i in range(5)]
    header = ("measure", "time", "target", "ratio", "result")
    widths = [max(w, len(h)) for w, h in zip(widths, header, strict=True)]
    line = "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))
    print(line)
    print("-" * len(line))
    for r in rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)))
    kinds = {k: v for k, v in summary.items() if v and k not in ("old_articles", "new_articles")}
    print(f"\nsynthetic pair rows: {kinds}")
    print(f"best of {ROUNDS} rounds (compare: 3); Python {sys.version.split()[0]}")
    return 0 if all(r[4] in ("PASS", "") for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
