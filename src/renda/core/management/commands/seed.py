import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from renda.core.models import Congress
from renda.core.seeding import SCALES, seed


class Command(BaseCommand):
    help = "生成用于性能测试的批量数据：city（一个市）、province（一个省）、national（全国规模）。"

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="city")
        parser.add_argument("--prefix", default="seed", help="批量数据人大代码的前缀")
        parser.add_argument("--quiet", action="store_true", help="不显示进度条")

    def handle(self, *args, scale, prefix, quiet, **options):
        if Congress.objects.filter(code=f"{prefix}-{scale}-main").exists():
            raise CommandError(f"{scale} 规模的批量数据已存在（前缀 {prefix}）。")
        start = time.perf_counter()

        def progress(desc, total):
            return tqdm(total=total, desc=desc, unit="条", disable=quiet, file=self.stderr._out)

        report = seed(scale, progress=progress, prefix=prefix)
        self.stdout.write(f"已生成 {scale} 规模批量数据（{time.perf_counter() - start:.1f} 秒）：{report}")
