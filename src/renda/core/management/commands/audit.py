from django.core.management.base import BaseCommand, CommandError

from renda.core import audit


class Command(BaseCommand):
    help = "审计记录：verify 校验审计链，报告第一条被篡改、删除或插入的记录。"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify"], help="verify：校验审计链")
        parser.add_argument("--chain", type=int, default=None, help="只校验某个人大的审计链（人大编号）")

    def handle(self, *args, action, chain, **options):
        findings = audit.verify(chain)
        if not findings:
            self.stdout.write(self.style.SUCCESS("审计链完整：未发现篡改、删除或插入。"))
            return
        for f in findings:
            self.stderr.write(str(f))
        raise CommandError(f"审计链校验失败：{len(findings)} 条审计链存在问题。")
