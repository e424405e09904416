"""Daily: due-soon and overdue reminders for suggestions (safe to run twice)."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from renda.proposals import services


class Command(BaseCommand):
    help = "发送代表建议办理的到期和逾期提醒（同一期限只提醒一次，可重复运行）。"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="以该日期为今天（YYYY-MM-DD）")

    def handle(self, *args, **opts):
        try:
            today = dt.date.fromisoformat(opts["date"]) if opts.get("date") else None
        except ValueError:
            raise CommandError("日期格式应为 YYYY-MM-DD。") from None
        n = services.send_reminders(today=today)
        self.stdout.write(f"已发送 {n} 条提醒。")
