from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from renda.accounts import services
from renda.accounts.models import LoginThrottle


class Command(BaseCommand):
    help = "解除登录锁定：按用户名、按 IP 地址或全部；--list 列出当前的锁定。"

    def add_arguments(self, parser):
        parser.add_argument("usernames", nargs="*", help="要解除锁定的用户名")
        parser.add_argument("--ip", action="append", default=[], help="要解除锁定的 IP 地址（可重复）")
        parser.add_argument("--all", action="store_true", help="解除全部锁定并清空失败计数")
        parser.add_argument("--list", action="store_true", help="只列出当前的锁定")

    def handle(self, *args, usernames, ip, all, list, **options):
        if list:
            rows = LoginThrottle.objects.filter(locked_until__gt=timezone.now()).order_by("kind", "key")
            for row in rows:
                until = timezone.localtime(row.locked_until)
                self.stdout.write(f"{row.get_kind_display()}\t{row.key}\t锁定至 {until:%Y-%m-%d %H:%M}")
            self.stdout.write(f"共 {rows.count()} 项锁定。")
            return
        if not (usernames or ip or all):
            raise CommandError("请指定用户名、--ip 地址或 --all。")
        total = 0
        if all:
            total += services.throttle_unlock(actor=None, everything=True)
        for name in usernames:
            total += services.throttle_unlock(actor=None, username=name)
        for address in ip:
            total += services.throttle_unlock(actor=None, ip=address)
        self.stdout.write(f"已解除 {total} 项登录锁定。")
