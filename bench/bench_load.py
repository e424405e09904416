"""Load on the production stack: nginx (TLS) → gunicorn → PostgreSQL, with the task worker running.

    .venv/bin/python bench/bench_load.py [--seconds 60] [--requests 4000] [--threads 12]

Brings the stack up with deploy/prod_check.py's `Stack` (private PostgreSQL, Redis, gunicorn 2×4 threads,
worker, nginx, demo city), then drives a bounded mix from threads, each with its own keep-alive
connection, until the request budget or the time is spent:

- staff (office and committee users of XX市): work-plan list, plan, item pages, a progress note posted on
  an item they carry out (a write); motions-and-suggestions list and detail;
- deputies: home page, their suggestions list and detail, the rules page;
- public: the supervision portal, the review-request form, and a review request submitted (a write),
  each citizen from their own address (the bench plays the load balancer: X-Forwarded-For → nginx real-IP
  → X-Real-IP → Django), so the per-address rate limit (5 an hour) holds for every one of them;
- home: every role's home page (office, leader, committee, member, deputy, unit; `--home-threads`, default 2),
  reported per page against the target p95 ≤ 3 × the floor's p95 (issue 21 §2);
- floor: /healthz through the same nginx, in the same run.

It prints throughput and p50/p95/p99 per class and per page, the errors (anything but the expected
status), and the lost-write check: rows after = rows before + successful writes, counted in PostgreSQL
(progress notes and review requests), and every successful write found by its unique marker.
Exit status 1 on any error or lost write.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import statistics
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "deploy"))

from prod_check import DEMO_CODE, Browser, Stack, log  # noqa: E402

PREP = r"""
import json
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from renda.accounts import selectors
from renda.accounts.signals import MFA_DONE, MFA_NEEDED
from renda.core.models import Congress, User
from renda.workplan.models import WorkPlanItem
from renda.workplan import permissions as wperms
from renda.proposals.models import Proposal

store = import_module(settings.SESSION_ENGINE).SessionStore
backends = settings.AUTHENTICATION_BACKENDS
backend = next((b for b in backends if b.endswith("ModelBackend")), backends[-1])
city = Congress.objects.get(code="%(code)s")

def session(user):
    s = store()
    s[SESSION_KEY] = str(user.pk)
    s[BACKEND_SESSION_KEY] = backend
    s[HASH_SESSION_KEY] = user.get_session_auth_hash()
    s[MFA_NEEDED] = selectors.totp_required(user)  # a session past its second factor (staff and leadership)
    s[MFA_DONE] = True
    s.create()
    return s.session_key

out = {"staff": [], "deputies": []}
items = list(WorkPlanItem.objects.filter(congress=city).select_related("plan").order_by("id"))
for user in User.objects.filter(congress=city, role__in=["office", "committee"], is_active=True).order_by("id"):
    mine = [i.pk for i in items if wperms.can_report_progress(user, i)]
    if not mine:
        continue
    plan = items[0].plan_id
    props = list(Proposal.objects.filter(congress=city).order_by("id").values_list("pk", flat=True)[:30])
    out["staff"].append({"user": user.username, "session": session(user), "plan": plan, "items": mine[:10],
                         "read_items": [i.pk for i in items[:40]], "proposals": props})
for user in User.objects.filter(congress=city, role="deputy", is_active=True).order_by("id"):
    props = list(Proposal.objects.filter(congress=city, lead_deputy__person=user.person)
                 .order_by("id").values_list("pk", flat=True)[:10]) if user.person_id else []
    out["deputies"].append({"user": user.username, "session": session(user), "proposals": props})
out["homes"] = []
for role, label in [("office", "办公厅"), ("leader", "常委会领导"), ("committee", "专门委员会"), ("member", "常委会委员"),
                    ("deputy", "人大代表"), ("unit", "承办单位")]:
    user = User.objects.filter(congress=city, role=role, is_active=True).order_by("id").first()
    if user is not None:
        out["homes"].append({"role": label, "user": user.username, "session": session(user)})
print("PREP " + json.dumps(out))
"""

PDF_MARK = "压测标记"


@dataclass
class Result:
    cls: str
    page: str
    status: int
    ms: float
    ok: bool
    write: str | None = None  # "progress" / "review" when this request was a write
    marker: str | None = None
    write_ok: bool = False
    body: str = ""


@dataclass
class Recorder:
    results: list[Result] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    budget: int = 0
    deadline: float = 0.0
    stop: threading.Event = field(default_factory=threading.Event)

    def take(self) -> bool:
        with self.lock:
            if self.stop.is_set() or self.budget <= 0 or time.monotonic() > self.deadline:
                return False
            self.budget -= 1
            return True

    def add(self, r: Result) -> None:
        with self.lock:
            self.results.append(r)


def timed(rec: Recorder, b: Browser, cls: str, page: str, method: str, path: str, expect: tuple[int, ...],
          data=None, write=None, marker=None, expect_location: str | None = None, files=None):
    """One request, recorded; returns (Result, full body) or None when the budget is spent."""
    if not rec.take():
        return None
    t = time.perf_counter()
    try:
        resp = b.request(method, path, data=data, files=files)
        status, body, location = resp.status, resp.text, resp.headers.get("location", "")
    except Exception as exc:  # a timeout or a dropped connection is an error of the run, never a hang
        status, body, location = 0, f"{type(exc).__name__}: {exc}", ""
        b.close()
    ms = (time.perf_counter() - t) * 1000
    ok = status in expect and (expect_location is None or expect_location in location)
    r = Result(cls, page, status, ms, ok, write, marker, write_ok=bool(write) and ok, body=body[:400])
    rec.add(r)
    return r, body


def csrf(html: str) -> str | None:
    import re

    m = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    return m.group(1) if m else None


class Workload:
    """The three user classes and the floor; `run()` drives them from threads until the budget is spent."""

    def __init__(self, stack: Stack, prep: dict, seed: int = 1):
        self.stack = stack
        self.prep = prep
        self.rng = random.Random(seed)
        self.ips = (f"10.{a}.{b}.{c}" for a, b, c in itertools.product(range(1, 250), range(256), range(1, 255)))
        self.ip_lock = threading.Lock()
        self.run_id = f"{int(time.time())}-{random.randrange(10**6)}"
        self.seq = itertools.count(1)

    def next_ip(self) -> str:
        with self.ip_lock:
            return next(self.ips)

    def marker(self, kind: str) -> str:
        return f"{PDF_MARK}{kind}-{self.run_id}-{next(self.seq)}"

    def staff(self, rec: Recorder, who: dict, rng: random.Random) -> None:
        b = self.stack.browser(timeout=35)
        b.cookies["sessionid"] = who["session"]
        while not rec.stop.is_set():
            if timed(rec, b, "staff", "工作要点列表", "GET", "/workplan/", (200, 302)) is None:
                break
            timed(rec, b, "staff", "工作要点", "GET", f"/workplan/{who['plan']}/", (200,))
            item = rng.choice(who["items"])
            got = timed(rec, b, "staff", "事项详情", "GET", f"/workplan/items/{item}/", (200,))
            token = csrf(got[1]) if got and got[0].ok else None
            if token:
                mark = self.marker("progress")
                timed(rec, b, "staff", "填报进展（写）", "POST", f"/workplan/items/{item}/progress/", (302,),
                      data={"csrfmiddlewaretoken": token, "text": f"本周推进情况：{mark}"},
                      write="progress", marker=mark, expect_location=f"/workplan/items/{item}/")
            timed(rec, b, "staff", "事项详情", "GET", f"/workplan/items/{rng.choice(who['read_items'])}/", (200,))
            timed(rec, b, "staff", "议案建议列表", "GET", "/proposals/", (200,))
            if who["proposals"]:
                timed(rec, b, "staff", "议案建议详情", "GET", f"/proposals/{rng.choice(who['proposals'])}/", (200,))
        b.close()

    def deputy(self, rec: Recorder, who: dict, rng: random.Random) -> None:
        b = self.stack.browser(timeout=35)
        b.cookies["sessionid"] = who["session"]
        while not rec.stop.is_set():
            if timed(rec, b, "deputy", "首页", "GET", "/", (200,)) is None:
                break
            timed(rec, b, "deputy", "我的建议", "GET", "/proposals/", (200,))
            if who["proposals"]:
                timed(rec, b, "deputy", "建议详情", "GET", f"/proposals/{rng.choice(who['proposals'])}/", (200,))
            timed(rec, b, "deputy", "规则", "GET", "/rules/", (200,))
        b.close()

    def public(self, rec: Recorder, rng: random.Random) -> None:
        base = f"/supervision/public/{DEMO_CODE}"
        while not rec.stop.is_set():
            b = self.stack.browser(client_ip=self.next_ip(), timeout=35)  # a new citizen each round
            try:
                if timed(rec, b, "public", "监督公开", "GET", f"{base}/", (200,)) is None:
                    break
                got = timed(rec, b, "public", "审查建议表单", "GET", f"{base}/review/", (200,))
                token = csrf(got[1]) if got and got[0].ok else None
                if token:
                    mark = self.marker("review")
                    timed(rec, b, "public", "提交审查建议（写）", "POST", f"{base}/review/", (302,),
                          data={"csrfmiddlewaretoken": token, "requester_kind": "citizen", "requester_name": "张三",
                                "contact": "13800001234", "document_title": f"关于某规范性文件的审查建议 {mark}",
                                "document_number": "", "issuer": "", "website": "",
                                "reasons": "该文件第三条与上位法规定不一致，建议依法审查。"},
                          write="review", marker=mark, expect_location=f"{base}/review/done/")
            finally:
                b.close()

    def homes(self, rec: Recorder, rng: random.Random) -> None:
        """Every role's home page (the 待办 inbox of each), signed in as one user of each role, in turn."""
        browsers = []
        for who in self.prep.get("homes", []):
            b = self.stack.browser(timeout=35)
            b.cookies["sessionid"] = who["session"]
            browsers.append((who["role"], b))
        while browsers and not rec.stop.is_set():
            role, b = rng.choice(browsers)
            if timed(rec, b, "home", f"首页（{role}）", "GET", "/", (200,)) is None:
                break
        for _, b in browsers:
            b.close()

    def floor(self, rec: Recorder) -> None:
        b = self.stack.browser(timeout=35)
        while not rec.stop.is_set():
            if timed(rec, b, "floor", "/healthz", "GET", "/healthz", (200,)) is None:
                break
            time.sleep(0.05)
        b.close()

    def threads(self, rec: Recorder, n: int, home_threads: int = 0) -> list[threading.Thread]:
        staff = self.prep["staff"]
        deputies = [d for d in self.prep["deputies"] if d["proposals"]] or self.prep["deputies"]
        n_staff = max(1, n * 5 // 12)
        n_dep = max(1, n * 4 // 12)
        n_pub = max(1, n - n_staff - n_dep)
        out = []
        for i in range(n_staff):
            out.append(threading.Thread(target=self.staff, args=(rec, staff[i % len(staff)], random.Random(i))))
        for i in range(n_dep):
            out.append(threading.Thread(target=self.deputy, args=(rec, deputies[i % len(deputies)],
                                                                  random.Random(100 + i))))
        for i in range(n_pub):
            out.append(threading.Thread(target=self.public, args=(rec, random.Random(200 + i))))
        for i in range(home_threads):
            out.append(threading.Thread(target=self.homes, args=(rec, random.Random(300 + i))))
        out.append(threading.Thread(target=self.floor, args=(rec,)))
        return out

    def run(self, *, seconds: float, requests: int, threads: int, during=None,
            home_threads: int = 0) -> tuple[Recorder, float]:
        rec = Recorder(budget=requests, deadline=time.monotonic() + seconds)
        workers = self.threads(rec, threads, home_threads)
        start = time.perf_counter()
        for w in workers:
            w.daemon = True
            w.start()
        if during is not None:
            during(rec)
        for w in workers:
            w.join(timeout=seconds + 120)
        rec.stop.set()
        return rec, time.perf_counter() - start


def prepare(stack: Stack) -> dict:
    out = stack.renda("shell", "--no-imports", "-c", PREP % {"code": DEMO_CODE}).stdout
    line = next(x for x in out.splitlines() if x.startswith("PREP "))
    prep = json.loads(line[5:])
    if not prep["staff"]:
        raise SystemExit("演示数据中没有可填报进展的工作人员")
    return prep


def counts(stack: Stack) -> dict[str, int]:
    return {
        "progress": stack.sql("SELECT COUNT(*) FROM workplan_itemprogress")[0][0],
        "review": stack.sql("SELECT COUNT(*) FROM supervision_reviewrequest")[0][0],
    }


def found_markers(stack: Stack, run_id: str) -> set[str]:
    like = f"%{PDF_MARK}%-{run_id}-%"
    rows = stack.sql("SELECT text FROM workplan_itemprogress WHERE text LIKE %s", [like])
    rows += stack.sql("SELECT document_title FROM supervision_reviewrequest WHERE document_title LIKE %s", [like])
    import re

    marks = set()
    for (text,) in rows:
        marks.update(re.findall(rf"{PDF_MARK}\w+-{run_id}-\d+", text))
    return marks


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def report(rec: Recorder, elapsed: float, *, before: dict, after: dict, marks: set[str]) -> dict:
    res = rec.results
    by_cls: dict[str, list[Result]] = defaultdict(list)
    by_page: dict[tuple[str, str], list[Result]] = defaultdict(list)
    for r in res:
        by_cls[r.cls].append(r)
        by_page[(r.cls, r.page)].append(r)
    floor = [r.ms for r in by_cls.get("floor", []) if r.ok]
    floor95 = pct(floor, 95)
    print(f"\n{len(res)} requests in {elapsed:.1f} s = {len(res) / elapsed:.1f} req/s "
          f"(errors {sum(not r.ok for r in res)})")
    print("\n| class | requests | req/s | p50 ms | p95 ms | p99 ms | p95 / floor p95 | errors |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for cls in ("staff", "deputy", "public", "home", "floor"):
        rs = by_cls.get(cls, [])
        ms = [r.ms for r in rs]
        print(f"| {cls} | {len(rs)} | {len(rs) / elapsed:.1f} | {pct(ms, 50):.1f} | {pct(ms, 95):.1f} | "
              f"{pct(ms, 99):.1f} | {pct(ms, 95) / floor95:.1f} | {sum(not r.ok for r in rs)} |")
    print("\n| class | page | requests | p50 ms | p95 ms | p99 ms |")
    print("|---|---|---:|---:|---:|---:|")
    for (cls, page), rs in sorted(by_page.items()):
        ms = [r.ms for r in rs]
        print(f"| {cls} | {page} | {len(rs)} | {pct(ms, 50):.1f} | {pct(ms, 95):.1f} | {pct(ms, 99):.1f} |")
    homes = {page: [r.ms for r in rs] for (cls, page), rs in by_page.items() if page.startswith("首页")}
    home_fail = []
    if homes:
        print("\nHome pages (every role; the deputies' class requests 首页 too), target p95 ≤ 3 × floor p95 "
              f"({floor95:.1f} ms):")
        print("\n| home page | requests | p50 ms | p95 ms | p95 / floor p95 | ≤ 3 |")
        print("|---|---:|---:|---:|---:|---|")
        for page, ms in sorted(homes.items()):
            ratio = pct(ms, 95) / floor95
            if ratio > 3:
                home_fail.append(page)
            print(f"| {page} | {len(ms)} | {pct(ms, 50):.1f} | {pct(ms, 95):.1f} | {ratio:.2f} | "
                  f"{'yes' if ratio <= 3 else 'NO'} |")
    errors = [r for r in res if not r.ok]
    for r in errors[:10]:
        print(f"  error: {r.cls} {r.page} status {r.status} {r.ms:.0f} ms: {r.body[:200]!r}")
    ok_writes = defaultdict(int)
    for r in res:
        if r.write_ok:
            ok_writes[r.write] += 1
    lost = sorted(r.marker for r in res if r.write_ok and r.marker not in marks)
    print("\n| write | before | successful writes | after | after − before − successful | "
          "successful writes missing |")
    print("|---|---:|---:|---:|---:|---:|")
    for kind in ("progress", "review"):
        print(f"| {kind} | {before[kind]} | {ok_writes[kind]} | {after[kind]} | "
              f"{after[kind] - before[kind] - ok_writes[kind]} | "
              f"{sum(1 for m in lost if kind in m)} |")
    return {"errors": len(errors), "lost": len(lost), "ok_writes": dict(ok_writes), "home_fail": home_fail,
            "unexplained": {k: after[k] - before[k] - ok_writes[k] for k in before}}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--threads", type=int, default=12)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--home-threads", type=int, default=2,
                        help="extra threads requesting every role's home page (default 2; 0: none)")
    args = parser.parse_args()
    with Stack(keep=args.keep) as stack:
        stack.up()
        prep = prepare(stack)
        log(f"staff {len(prep['staff'])}, deputies {len(prep['deputies'])}; "
            f"{args.threads} threads, at most {args.requests} requests or {args.seconds:.0f} s")
        load = Workload(stack, prep)
        before = counts(stack)
        rec, elapsed = load.run(seconds=args.seconds, requests=args.requests, threads=args.threads,
                                home_threads=args.home_threads)
        after = counts(stack)
        summary = report(rec, elapsed, before=before, after=after, marks=found_markers(stack, load.run_id))
    ok = summary["errors"] == 0 and summary["lost"] == 0 and all(v == 0 for v in summary["unexplained"].values())
    print(f"\n{'PASS' if ok else 'FAIL'}: {summary['errors']} errors, {summary['lost']} lost writes, "
          f"unexplained rows {summary['unexplained']}")
    print(f"home pages p95 ≤ 3 × floor: {'PASS' if not summary['home_fail'] else 'FAIL ' + '、'.join(summary['home_fail'])}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
