"""`renda tasks status|recover`: the django-tasks database queue after a crash.

The worker (`renda db_worker`, django-tasks-db) marks a task RUNNING when it claims it and SUCCESSFUL or
FAILED when it ends. A worker killed mid-task (SIGKILL, power loss, OOM) never gets to the second step, so
the row stays RUNNING and no worker will ever pick it again. `renda tasks recover` puts every task that has
been RUNNING for longer than the timeout back to READY, so the next worker runs it again.

That is safe because every renda task either does its work in one transaction (a killed run rolled
back: nothing of it is in the database) or in idempotent steps that skip what is already done (the meeting
notices record each person notified, in the same transaction as the meeting's notice run). Run it from
the scheduler (renda-scheduler.service does, before the daily tasks) or by hand after a crash.
"""

from __future__ import annotations

import datetime as dt
import os

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from renda.core import intake, outbox
from renda.core.models import OutboxMessage


def default_timeout() -> int:
    try:
        return int(os.environ.get("RENDA_TASK_STUCK_SECONDS", 3600))
    except ValueError:
        return 3600


def recover(*, older_than: int, include_failed: bool = False, now: dt.datetime | None = None) -> list[str]:
    """Re-queue stuck tasks; the ids (as strings) of those put back to READY."""
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=older_than)
    with transaction.atomic():
        stuck = DBTaskResult.objects.select_for_update().filter(status="RUNNING", started_at__lt=cutoff)
        ids = list(stuck.values_list("id", flat=True))
        if include_failed:
            ids += list(DBTaskResult.objects.select_for_update().filter(status="FAILED").values_list("id", flat=True))
        DBTaskResult.objects.filter(id__in=ids).update(
            status="READY", started_at=None, finished_at=None, run_after=now, exception_class_path="", traceback="",
        )
    return [str(i) for i in ids]


class Command(BaseCommand):
    help = "后台任务：status 查看队列；recover 将运行超时（进程被终止）的任务重新排队。"
    # An operations command (cron, restore in an incident): no URL or model system checks on every run (about
    # 1.2 s of importing the whole URLconf); `renda check --deploy` runs them at deployment.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["status", "recover"])
        parser.add_argument("--older-than", type=int, default=None,
                            help="运行超过该秒数仍未结束的任务视为中断（默认 RENDA_TASK_STUCK_SECONDS 或 3600）")
        parser.add_argument("--include-failed", action="store_true", help="同时将失败的任务重新排队")

    def handle(self, *args, action, older_than=None, include_failed=False, **options):
        from django_tasks_db.models import DBTaskResult

        if older_than is None:
            older_than = default_timeout()
        if older_than < 0:
            raise CommandError("--older-than 须为非负整数（秒）。")
        if action == "status":
            labels = {"READY": "待执行", "RUNNING": "运行中", "SUCCESSFUL": "已完成", "FAILED": "失败"}
            counts = dict(DBTaskResult.objects.values_list("status").annotate(n=Count("id")))
            for status, label in labels.items():
                self.stdout.write(f"{label}：{counts.get(status, 0)}")
            cutoff = timezone.now() - dt.timedelta(seconds=older_than)
            stuck = DBTaskResult.objects.filter(status="RUNNING", started_at__lt=cutoff).count()
            self.stdout.write(f"运行超过 {older_than} 秒的任务：{stuck}")
            pending = OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING).count()
            self.stdout.write(f"待发送的通知：{pending}")
            backlog = intake.backlog()
            failed = intake.IntakeEntry.objects.filter(status=intake.Status.FAILED).count()
            self.stdout.write(f"待处理的公众提交：{backlog['pending']}（最早的已等待 {backlog['oldest_seconds']:.0f} 秒），"
                              f"处理失败：{failed}，未封存：{backlog['unsealed']}")
            return
        sent = outbox.deliver_pending()
        self.stdout.write(f"待发通知：已发送 {sent['sent']}，仍待重试 {sent['pending']}，放弃 {sent['failed']}。")
        done = intake.process_pending()  # the public intake: rows a killed worker or a database outage left pending
        self.stdout.write(f"公众提交：已处理 {done['done']}，不予受理 {done['rejected']}，仍待重试 {done['retry']}，"
                          f"处理失败 {done['failed']}。")
        ids = recover(older_than=older_than, include_failed=include_failed)
        if not ids:
            self.stdout.write("没有需要重新排队的任务。")
            return
        for i in ids:
            self.stdout.write(f"已重新排队：{i}")
        self.stdout.write(self.style.SUCCESS(f"共 {len(ids)} 个任务已重新排队，后台任务进程将重新执行。"))
