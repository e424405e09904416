"""Exports of legislation: the comments on a bill as .xlsx — without names or contacts (personal data).

The 修改对照表 .docx comes straight from the statute engine (`texts.comparison_docx`).
"""

from __future__ import annotations

import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from renda.legislation.models import Bill

COLUMNS = [("文本", 14), ("条款", 22), ("意见内容", 80), ("来源", 14), ("基层立法联系点", 22), ("提交时间", 18),
           ("采纳情况", 10)]


def comments_xlsx(bill: Bill, comments) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "立法意见"
    ws.append([f"《{bill.display_title}》意见汇总"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(COLUMNS))
    ws["A1"].font = Font(name="黑体", size=14, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append([name for name, _ in COLUMNS])
    fill = PatternFill("solid", fgColor="DDE5F0")
    for idx, (_, width) in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=2, column=idx)
        cell.font = Font(bold=True)
        cell.fill = fill
        ws.column_dimensions[get_column_letter(idx)].width = width
    for c in comments.iterator(chunk_size=2000):
        ws.append([
            c.version.get_stage_display(),
            c.provision_label or "总体意见",
            c.text,
            c.get_source_display(),
            c.contact_point.name if c.contact_point_id else "",
            timezone.localtime(c.submitted_at).strftime("%Y-%m-%d %H:%M"),
            c.get_handling_display(),
        ])
    for row in ws.iter_rows(min_row=3, min_col=3, max_col=3):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
