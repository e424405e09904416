"""The 政府收支分类科目 reference: a CSV (年度,分类,科目编码,科目名称; 分类 = function|economic) loaded into
ClassificationCode. The shipped file (data/classification_2026.csv) was typed for this project from the published
list of main 类/款/项 headings; it is a subset — a congress loads the finance bureau's complete list the same way."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from django.db import transaction

from renda.budget.models import ClassificationCode

SHIPPED = Path(__file__).parent / "data" / "classification_2026.csv"


@transaction.atomic
def load(path: Path | None = None) -> int:
    text = (path or SHIPPED).read_bytes()
    try:
        s = text.decode("utf-8-sig")
    except UnicodeDecodeError:
        s = text.decode("gb18030")
    n = 0
    for row in csv.DictReader(io.StringIO(s)):
        ClassificationCode.objects.update_or_create(
            year=int(row["年度"]), scheme=row["分类"].strip(), code=row["科目编码"].strip(),
            defaults={"name": row["科目名称"].strip()})
        n += 1
    return n
