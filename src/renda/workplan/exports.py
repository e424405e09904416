"""The work plan as .xlsx (for tracking) and as an official .docx (GB/T 9704)."""

from __future__ import annotations

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from renda.core.documents import OfficialDocument, format_date
from renda.core.numerals import to_chinese
from renda.core.spreadsheets import titled_sheet, workbook_bytes
from renda.workplan.models import Category, ItemStatus, WorkPlan, WorkPlanItem

XLSX_COLUMNS = [
    ("序号", 6),
    ("类别", 18),
    ("事项", 40),
    ("内容", 50),
    ("分管副主任", 12),
    ("牵头工委（办）", 22),
    ("对口机关", 22),
    ("计划月份", 10),
    ("计划会次", 16),
    ("完成时限", 12),
    ("服务中心工作", 30),
    ("状态", 10),
    ("完成情况", 40),
]


def _row(item: WorkPlanItem) -> list:
    return [
        item.number,
        item.get_category_display(),
        item.title,
        item.description,
        item.vice_chair.name if item.vice_chair else "",
        str(item.lead_body) if item.lead_body else "",
        str(item.counterpart) if item.counterpart else "",
        f"{item.planned_month}月" if item.planned_month else "",
        item.planned_meeting,
        item.due_date,
        "、".join(t.name for t in item.priorities.all()),
        item.get_status_display(),
        item.result,
    ]


def plan_xlsx(plan: WorkPlan, items) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = f"{plan.year}年工作要点"
    titled_sheet(ws, plan.title, XLSX_COLUMNS, title_size=16)
    today = timezone.localdate()
    overdue_font = Font(color="C00000")
    for item in items:
        ws.append(_row(item))
        if item.is_overdue(today):
            for cell in ws[ws.max_row]:
                cell.font = overdue_font
    for row in ws.iter_rows(min_row=3):
        row[9].number_format = "yyyy-mm-dd"
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    return workbook_bytes(wb)


def plan_docx(plan: WorkPlan, items) -> bytes:
    """The plan as the office prints it: items grouped by category under 一、二、…, owners in brackets."""
    congress = plan.congress
    doc = OfficialDocument(
        title=plan.title,
        issuer=f"{congress.standing_committee_name}办公厅" if plan.doc_number else "",
        doc_number=plan.doc_number,
    )
    by_category: dict[str, list[WorkPlanItem]] = {}
    for item in items:
        if item.status == ItemStatus.CANCELLED:
            continue
        by_category.setdefault(item.category, []).append(item)
    section = 0
    for category in Category.values:
        group = by_category.get(category)
        if not group:
            continue
        section += 1
        doc.heading(f"{to_chinese(section)}、{Category(category).label}工作", level=1)
        for n, item in enumerate(group, start=1):
            owners = "；".join(
                part
                for part in (
                    f"分管副主任：{item.vice_chair.name}" if item.vice_chair else "",
                    f"牵头：{item.lead_body}" if item.lead_body else "",
                    f"对口：{item.counterpart}" if item.counterpart else "",
                    f"时间：{item.planned_month}月" if item.planned_month else "",
                )
                if part
            )
            text = item.description or ""
            doc.paragraph(f"{text}（{owners}）" if owners else text, bold_lead=f"（{to_chinese(n)}）{item.title}。")
    doc.signature(congress.standing_committee_name, plan.issued_on or timezone.localdate())
    return doc.to_bytes()


def issued_date_text(plan: WorkPlan) -> str:
    return format_date(plan.issued_on) if plan.issued_on else ""
