from django.core.management.base import BaseCommand

from renda.demo.city import COUNTY_ACCOUNTS, DEMO_ACCOUNTS, DEMO_PASSWORD, demo_exists, load_demo


class Command(BaseCommand):
    help = "载入演示城市（XX市第十二届人大常委会）并列出演示账号；已载入时只列出账号。"

    def handle(self, *args, **options):
        if demo_exists():
            self.stdout.write("演示数据已存在，跳过载入。")
        else:
            load_demo(stdout=self.stdout)
        self.stdout.write("")
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
        for username, role, display, _ in DEMO_ACCOUNTS + COUNTY_ACCOUNTS:
            self.stdout.write(f"  {username:<16} {role.label:<10} {display}")
