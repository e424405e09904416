"""`renda search reindex`: rebuild the global search index (after a bulk load or a restore)."""

from django.core.management.base import BaseCommand

from renda.core import search


class Command(BaseCommand):
    help = "全文检索：reindex 重建检索索引。"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["reindex"])

    def handle(self, *args, action, **options):
        search.reindex(stdout=self.stdout)
