"""Retrain the handling-unit router of each congress from its past assignments."""

from django.core.management.base import BaseCommand

from renda.core.models import Congress
from renda.proposals import intelligence


class Command(BaseCommand):
    help = "根据以往交办记录重新训练承办单位推荐模型（按人大分别训练）。"

    def add_arguments(self, parser):
        parser.add_argument("--congress", help="人大代码；不填则全部")

    def handle(self, *args, **opts):
        qs = Congress.objects.all()
        if opts.get("congress"):
            qs = qs.filter(code=opts["congress"])
        for congress in qs:
            router = intelligence.train_router(congress.pk)
            if router is None:
                self.stdout.write(f"{congress.name}：交办记录不足，未训练。")
            else:
                self.stdout.write(f"{congress.name}：已训练，{len(router.classes_)} 个承办单位。")
