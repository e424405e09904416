"""The yearly import of proposals from a spreadsheet."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from renda.core import audit, rules
from renda.core.workflow import or_today
from renda.deputies.models import Delegation, Deputy
from renda.proposals import permissions as perms
from renda.proposals.deadlines import (
    assign_deadline,
)
from renda.proposals.models import (
    CATEGORY_BY_LABEL,
    Category,
    CoSigner,
    Proposal,
    Status,
)
from renda.proposals.services.intake import screen

# ---- import --------------------------------------------------------------------------------------------------
IMPORT_HEADER = ["编号", "标题", "领衔代表", "联名代表", "代表团", "类别", "内容"]


@dataclass
class ImportReport:
    created: int = 0
    skipped: int = 0  # already there (same number): a re-import creates no duplicates
    problems: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _split_names(value: Any) -> list[str]:
    return [n for n in re.split(r"[、，,；;\s]+", str(value or "").strip()) if n]


XLSX_MAX_BYTES = 5 * 1024 * 1024  # the upload
XLSX_MAX_UNPACKED = 100 * 1024 * 1024  # its unpacked members (a zip bomb is refused before openpyxl opens it)


def _check_xlsx_upload(fileobj) -> None:
    """Type by content (a ZIP container holding a workbook) and size, with a Chinese error (docs/SECURITY.md)."""
    if fileobj is None:
        raise ValidationError("请选择要导入的 .xlsx 文件。")
    size = getattr(fileobj, "size", None)
    if size is not None and size > XLSX_MAX_BYTES:
        raise ValidationError(f"文件过大（不得超过 {XLSX_MAX_BYTES // 1024 // 1024} MB）。")
    fileobj.seek(0)
    head = fileobj.read(4)
    fileobj.seek(0)
    if head != b"PK\x03\x04":
        raise ValidationError("无法读取该文件：请上传 .xlsx 格式的 Excel 文件（按文件内容识别，与文件名无关）。")
    try:
        with zipfile.ZipFile(fileobj) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
            unpacked = sum(i.file_size for i in infos)
    except zipfile.BadZipFile:
        raise ValidationError("无法读取该文件：文件已损坏或不是 .xlsx 格式。") from None
    finally:
        fileobj.seek(0)
    if "xl/workbook.xml" not in names:
        raise ValidationError("无法读取该文件：这不是 Excel 工作簿（.xlsx）。")
    if unpacked > XLSX_MAX_UNPACKED:
        raise ValidationError("文件解压后过大，未予导入。")


@transaction.atomic
def import_xlsx(*, actor, fileobj, year: int, received_on: dt.date | None = None, session=None) -> ImportReport:
    """Row by row: good rows are stored, bad rows reported with their row number and reason."""
    from openpyxl import load_workbook

    if not perms.can_import(actor):
        raise PermissionDenied("只有代表工作机构可以导入代表建议。")
    _check_xlsx_upload(fileobj)
    try:
        wb = load_workbook(fileobj, read_only=True, data_only=True)
    except Exception:
        raise ValidationError("无法读取该文件：请上传 .xlsx 格式的 Excel 文件。") from None
    ws = wb.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    header = [str(c or "").strip() for c in next(rows, ())]
    missing = [h for h in IMPORT_HEADER if h not in header]
    if missing:
        raise ValidationError(f"表头缺少：{'、'.join(missing)}（应为 {'、'.join(IMPORT_HEADER)}）。")
    col = {h: header.index(h) for h in IMPORT_HEADER}
    congress = actor.congress
    received_on = or_today(received_on)
    deputies: dict[str, Deputy] = {}
    for d in Deputy.objects.filter(congress=congress).select_related("person", "delegation").order_by("term__number"):
        deputies[d.person.name] = d
    delegations = {d.name: d for d in Delegation.objects.filter(congress=congress)}
    existing = set(Proposal.objects.filter(congress=congress, year=year).values_list("number", flat=True))
    assign_due = assign_deadline(congress, received_on)
    report = ImportReport()
    new: list[Proposal] = []
    signers: list[tuple[int, list[Deputy]]] = []
    for rownum, row in enumerate(rows, start=2):
        cell = {h: ("" if row[i] is None else str(row[i]).strip()) if i < len(row) else "" for h, i in col.items()}
        if not any(cell.values()):
            continue
        number = cell["编号"]
        reasons = []
        if not number:
            reasons.append("编号为空")
        if not cell["标题"]:
            reasons.append("标题为空")
        lead = deputies.get(cell["领衔代表"])
        if not cell["领衔代表"]:
            reasons.append("缺少领衔代表")
        elif lead is None:
            reasons.append(f"领衔代表「{cell['领衔代表']}」不是本人大代表")
        delegation = None
        if cell["代表团"]:
            delegation = delegations.get(cell["代表团"])
            if delegation is None:
                reasons.append(f"代表团「{cell['代表团']}」不存在")
        co = []
        for name in _split_names(cell["联名代表"]):
            d = deputies.get(name)
            if d is None:
                reasons.append(f"联名代表「{name}」不是本人大代表")
            elif lead is None or d.pk != lead.pk:
                co.append(d)
        category = CATEGORY_BY_LABEL.get(cell["类别"], Category.OTHER if not cell["类别"] else None)
        if category is None:
            reasons.append(f"类别「{cell['类别']}」无法识别")
        if not cell["内容"]:
            reasons.append("内容为空")
        if reasons:
            report.problems.append((rownum, "；".join(reasons)))
            continue
        if number in existing:
            report.skipped += 1
            continue
        existing.add(number)
        p = Proposal(
            congress=congress, year=year, number=number[:30], session=session, title=cell["标题"][:200],
            content=cell["内容"], category=category, lead_deputy=lead,
            delegation=delegation or lead.delegation, received_on=received_on, assign_due=assign_due,
            flags=screen(cell["标题"], cell["内容"]), status=Status.SUBMITTED,
            channel="session" if session else "recess", created_by=actor,
        )
        new.append(p)
        signers.append((len(new) - 1, co))
    Proposal.objects.bulk_create(new, batch_size=500)
    now = timezone.now()
    CoSigner.objects.bulk_create(
        [CoSigner(congress=congress, proposal=new[i], deputy=d, confirmed_at=now) for i, co in signers for d in co],
        batch_size=1000, ignore_conflicts=True,
    )
    report.created = len(new)
    audit.record(actor=actor, action="import", congress_id=congress.pk, rule=rules.get("PR-IMPORT"),
                 note=f"导入代表建议：新增 {report.created} 件，已存在 {report.skipped} 件，"
                      f"有问题 {len(report.problems)} 行")
    return report
