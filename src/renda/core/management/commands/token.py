from django.core.management.base import BaseCommand, CommandError

from renda.core.models import User
from renda.core.tokens import token_create


class Command(BaseCommand):
    help = "为外部系统创建接口令牌（令牌只显示一次）。"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["create"])
        parser.add_argument("username")
        parser.add_argument("name", help="令牌用途，如：市水务局办理系统")

    def handle(self, *args, action, username, name, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"用户 {username} 不存在。")
        _, key = token_create(actor=None, user=user, name=name)
        self.stdout.write(key)
