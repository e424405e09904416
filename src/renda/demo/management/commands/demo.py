import argparse
import datetime as dt

from django.core.management.base import BaseCommand

from renda.core.models import User
from renda.demo.city import COUNTY_CODE, DEMO_CODE, DEMO_PASSWORD, demo_exists, load_demo


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期格式应为 YYYY-MM-DD：{value}") from None


class Command(BaseCommand):
    help = "载入演示城市（XX市第十二届人大常委会）并列出演示账号；已载入时只列出账号。"

    def add_arguments(self, parser):
        parser.add_argument("--today", type=_day, default=None,
                            help="演示日历平移到的日期（YYYY-MM-DD），默认今天；应与系统时钟同日（各项办理按当前时间校验）")

    def handle(self, *args, **options):
        if demo_exists():
            self.stdout.write("演示数据已存在，跳过载入。")
        else:
            load_demo(today=options["today"], stdout=self.stdout)
        self.stdout.write("")
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
        # The core accounts and those the modules' demo loaders add (e.g. 法制工作委员会, 市人民政府办公室).
        users = User.objects.filter(congress__code__in=[DEMO_CODE, COUNTY_CODE]).select_related("organization")
        for user in users.order_by("congress_id", "id"):
            self.stdout.write(f"  {user.username:<16} {user.get_role_display():<10} {user}")
