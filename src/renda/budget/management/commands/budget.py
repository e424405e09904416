"""`renda budget import --congress CODE --kind KIND FILE`, `renda budget alerts --congress CODE --year Y --as-of DATE
--format json -o OUT`, `renda budget classification FILE` (the year's 政府收支分类科目)."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from renda.budget.alerts import compute
from renda.budget.classification import load
from renda.budget.models import ImportKind
from renda.budget.services import import_file
from renda.core.models import Congress


class Command(BaseCommand):
    help = "预算联网监督：导入财政数据、计算预警、载入政府收支分类科目"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="导入一份 CSV/.xlsx 文件（整份导入或整份拒绝）")
        imp.add_argument("--congress", required=True)
        imp.add_argument("--kind", required=True, choices=list(ImportKind.values))
        imp.add_argument("file")
        al = sub.add_parser("alerts", help="计算某年截至某日的预警")
        al.add_argument("--congress", required=True)
        al.add_argument("--year", type=int, required=True)
        al.add_argument("--as-of", dest="as_of", required=True)
        al.add_argument("--format", default="json", choices=["json"])
        al.add_argument("-o", "--output", default="-")
        cl = sub.add_parser("classification", help="载入政府收支分类科目（CSV：年度,分类,科目编码,科目名称）")
        cl.add_argument("file", nargs="?")

    def handle(self, *args, action, **opts):
        return getattr(self, f"_{action}")(**opts)

    def _congress(self, code):
        c = Congress.objects.filter(code=code).first()
        if c is None:
            raise CommandError(f"没有代码为“{code}”的人大")
        return c

    def _import(self, *, congress, kind, file, **_):
        from tqdm import tqdm

        c = self._congress(congress)
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"文件不存在：{file}")
        bar = tqdm(desc="导入", unit="行", disable=not sys.stderr.isatty())
        batch = import_file(actor=None, congress=c, kind=kind, data=path.read_bytes(), filename=path.name,
                            progress=bar.update)
        bar.close()
        for r in batch.report:
            self.stderr.write(r["message"])
        if batch.status != batch.Status.APPLIED:
            raise CommandError(f"文件未导入：{batch.refused} 行有误（导入记录 {batch.pk}）")
        self.stdout.write(f"已导入 {batch.rows} 行：新增 {batch.created}，更新 {batch.updated}，未变 {batch.unchanged}")

    def _alerts(self, *, congress, year, as_of, output, **_):
        c = self._congress(congress)
        try:
            day = dt.date.fromisoformat(as_of)
        except ValueError as exc:
            raise CommandError(f"日期“{as_of}”应为 YYYY-MM-DD") from exc
        alerts = compute(c, year, day)
        text = json.dumps({"alerts": [a.as_dict() for a in alerts]}, ensure_ascii=False, indent=1)
        if output == "-":
            self.stdout.write(text)
        else:
            Path(output).write_text(text + "\n", encoding="utf-8")
            self.stdout.write(f"预警 {len(alerts)} 条，已写入 {output}")

    def _classification(self, *, file=None, **_):
        n = load(Path(file) if file else None)
        self.stdout.write(f"已载入科目 {n} 条")
