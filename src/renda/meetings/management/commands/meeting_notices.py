import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from renda.meetings.services import notices_send_due


class Command(BaseCommand):
    help = "发出到期的会议通知（每日运行；重复运行不会重复发送）。"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="按该日期计算（YYYY-MM-DD），默认今天")

    def handle(self, *args, **options):
        day = None
        if options.get("date"):
            try:
                day = dt.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError("日期格式应为 YYYY-MM-DD。") from None
        results = notices_send_due(today=day)
        sent = sum(r["sent"] for r in results)
        missing = sum(r["without_email"] for r in results)
        self.stdout.write(f"检查会议 {len(results)} 次，发出通知 {sent} 份，无邮箱 {missing} 人。")
