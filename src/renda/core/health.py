"""Readiness: `/readyz` answers 200 only when this process can serve real work.

`/healthz` (core/views.py) is liveness: the process answers. `/readyz` checks what a request needs:

- `database`: a `SELECT 1` on the default database;
- `migrations`: no unapplied migration (checked against the code's migration graph; once it has passed,
  the result is kept for a minute so a load balancer polling every second does not rebuild the graph);
- `cache`: a value written to and read back from the default cache; in production (DEBUG and TESTING off) a cache
  private to each process (LocMem, Dummy) fails: the rate limits of the public forms (renda.core.public) and the
  review requests count in the cache, and with several gunicorn workers each would count alone (N workers, N times
  the limit) — production needs the shared Redis (`RENDA_REDIS_URL`);
- `media`: a file can be created in MEDIA_ROOT (a full or read-only disk fails here);
- `tasks`: the oldest task waiting for the worker is younger than RENDA_READY_TASK_BACKLOG_SECONDS
  (default 900 s) — a stopped worker shows up here — and, for information, how many tasks have been
  RUNNING longer than RENDA_TASK_STUCK_SECONDS (`renda tasks recover` re-queues those).

The answer is JSON `{"status": "ok"|"fail", "checks": {name: {"ok": …, "detail": …}}}` with 200 or 503.
Details are short Chinese phrases: no hostnames, paths or exception texts leak.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Min, Q
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

_MIGRATIONS_OK_UNTIL = 0.0


def _env_seconds(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


def check_database() -> tuple[bool, str]:
    try:
        with connection.cursor() as cur:
            cur.execute("SELECT 1")
            cur.fetchone()
    except DatabaseError:
        return False, "数据库无法连接"
    return True, "数据库可连接"


def check_migrations() -> tuple[bool, str]:
    global _MIGRATIONS_OK_UNTIL
    if time.monotonic() < _MIGRATIONS_OK_UNTIL:
        return True, "数据库结构为最新"
    try:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError:
        return False, "无法读取迁移记录"
    if plan:
        return False, f"有 {len(plan)} 个数据库迁移未执行（请运行 renda migrate）"
    _MIGRATIONS_OK_UNTIL = time.monotonic() + 60
    return True, "数据库结构为最新"


PER_PROCESS_CACHES = ("django.core.cache.backends.locmem.LocMemCache", "django.core.cache.backends.dummy.DummyCache")


def cache_is_per_process() -> bool:
    return settings.CACHES["default"]["BACKEND"] in PER_PROCESS_CACHES


def production() -> bool:
    return not (settings.DEBUG or getattr(settings, "TESTING", False))


def check_cache() -> tuple[bool, str]:
    if production() and cache_is_per_process():
        return False, "缓存为进程内缓存：各进程的限流计数互不相通，生产环境须配置共享缓存（RENDA_REDIS_URL）"
    key = f"renda:readyz:{uuid.uuid4().hex}"
    try:
        cache.set(key, "1", 10)
        ok = cache.get(key) == "1"
        cache.delete(key)
    except Exception:  # any backend error (redis down, timeouts) means "not ready"
        return False, "缓存无法访问"
    return (True, "缓存可用") if ok else (False, "缓存读写不一致")


def check_media() -> tuple[bool, str]:
    root = Path(settings.MEDIA_ROOT)
    try:
        root.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=root, prefix=".readyz-", delete=True) as fh:
            fh.write(b"ok")
            fh.flush()
    except OSError:
        return False, "上传文件目录不可写（磁盘已满或无权限）"
    return True, "上传文件目录可写"


def check_tasks() -> tuple[bool, str]:
    backend = settings.TASKS["default"]["BACKEND"]
    if not backend.startswith("django_tasks_db"):
        return True, "后台任务即时执行（无队列）"
    from django_tasks_db.models import DBTaskResult, get_date_max

    now = timezone.now()
    backlog_limit = _env_seconds("RENDA_READY_TASK_BACKLOG_SECONDS", 900)
    stuck_limit = _env_seconds("RENDA_TASK_STUCK_SECONDS", 3600)
    try:
        ready = DBTaskResult.objects.filter(status="READY").filter(Q(run_after=get_date_max()) | Q(run_after__lte=now))
        oldest = ready.aggregate(m=Min("enqueued_at"))["m"]
        stuck = DBTaskResult.objects.filter(
            status="RUNNING", started_at__lt=now - dt.timedelta(seconds=stuck_limit)).count()
    except DatabaseError:
        return False, "无法读取后台任务队列"
    age = int((now - oldest).total_seconds()) if oldest else 0
    tail = f"；{stuck} 个任务运行超时（可用 renda tasks recover 重新排队）" if stuck else ""
    if age > backlog_limit:
        return False, f"最早的待执行任务已等待 {age} 秒（后台任务进程是否在运行？）{tail}"
    return True, f"待执行任务最长等待 {age} 秒{tail}"


CHECKS = ("database", "migrations", "cache", "media", "tasks")  # check_<name>, looked up when run


def run_checks() -> dict:
    results = {}
    db_ok = True
    for name in CHECKS:
        if name in ("migrations", "tasks") and not db_ok:
            results[name] = {"ok": False, "detail": "数据库无法连接，未检查"}
            continue
        ok, detail = globals()[f"check_{name}"]()
        results[name] = {"ok": ok, "detail": detail}
        if name == "database":
            db_ok = ok
    return results


@never_cache
def readyz(request):
    checks = run_checks()
    ok = all(c["ok"] for c in checks.values())
    return JsonResponse({"status": "ok" if ok else "fail", "checks": checks}, status=200 if ok else 503,
                        json_dumps_params={"ensure_ascii": False})
