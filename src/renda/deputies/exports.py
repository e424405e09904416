"""The registry as .xlsx (basic information only: personal data is never exported, rule DEP-PRIVATE),
the composition statistics as .xlsx, and the annual report to constituents (述职报告) drafted as .docx."""

from __future__ import annotations

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from renda.core import rules
from renda.core.documents import OfficialDocument
from renda.core.numerals import to_chinese
from renda.core.spreadsheets import titled_sheet, workbook_bytes
from renda.deputies.records import PerformanceRecord, fmt_points
from renda.deputies.selectors import DIMENSION_LABELS

REGISTRY_COLUMNS = [
    ("序号", 6), ("姓名", 10), ("性别", 6), ("民族", 8), ("党派", 12), ("出生年份", 9), ("代表团", 14),
    ("选区/原选举单位", 18), ("界别（行业）", 14), ("职业", 22), ("学历", 10), ("连任", 6), ("状态", 12),
]


def registry_xlsx(title: str, deputies) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "代表名册"
    titled_sheet(ws, title, REGISTRY_COLUMNS)
    for n, d in enumerate(deputies, start=1):
        p = d.person
        ws.append([
            n, p.name, p.get_gender_display(), p.ethnicity, p.party, p.birth_year,
            d.delegation.name if d.delegation else "", d.constituency, d.sector, d.occupation,
            d.get_education_display(), "是" if d.reelected else "", d.get_status_display(),
        ])
    return workbook_bytes(wb)


def composition_xlsx(stats: dict) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "代表结构"
    columns = [("项目", 24), ("人数", 10), ("比例（%）", 12)]
    titled_sheet(ws, f"{stats['term']}代表结构（在任代表 {stats['total']} 名）", columns)
    ws.append(["主要构成", "", ""])
    for h in stats["highlights"]:
        ws.append([h["label"], h["count"], h["share"]])
    for key, label in DIMENSION_LABELS:
        ws.append([f"按{label}", "", ""])
        ws.cell(row=ws.max_row, column=1).font = Font(bold=True)
        for r in stats["dims"][key]:
            ws.append([str(r["label"]), r["count"], r["share"]])
    return workbook_bytes(wb)


def report_docx(record: PerformanceRecord) -> bytes:
    """A draft of the deputy's annual report to the electing unit (代表法 第五十八条第二款): facts from the
    performance record; the deputy completes the assessment and plans before delivering it."""
    deputy = record.deputy
    person = deputy.person
    congress = deputy.congress
    unit = deputy.constituency or (f"{deputy.delegation.name.removesuffix('代表团')}人民代表大会" if deputy.delegation else "原选举单位")
    doc = OfficialDocument(title=f"{person.name}代表{record.year}年度履职情况报告", addressee=unit)
    doc.paragraph(
        f"根据代表法关于代表向原选举单位报告履职情况的规定，现将本人{record.year}年度履行{congress.name}代表职务的情况报告如下，"
        "请予审议。"
    )
    section = 0

    def heading(text: str) -> None:
        nonlocal section
        section += 1
        doc.heading(f"{to_chinese(section)}、{text}", level=1)

    heading("基本情况")
    base = [f"{person.name}，{person.get_gender_display() or ''}{('，' + person.ethnicity) if person.ethnicity else ''}"
            f"{('，' + person.party) if person.party else ''}，{deputy.occupation or '（职业）'}",
            f"{deputy.delegation.name if deputy.delegation else ''}{congress.short_name}代表"]
    doc.paragraph("，".join(x for x in base if x) + "。")
    heading("履职总体情况")
    counted = [r for r in record.rows if r.count]
    summary = "；".join(f"{r.label}{r.count}次（件）" for r in counted) or "本年度暂无登记的履职事项"
    doc.paragraph(f"本年度{summary}。按本市履职积分办法计算，履职积分{fmt_points(record.total_points)}分。")
    doc.table(["事项", "次（件）数", "每次分值", "积分"],
              [[r.label, str(r.count), fmt_points(r.each), fmt_points(r.points)] for r in record.rows],
              widths_mm=[70, 28, 28, 28])
    groups = [
        ("出席会议情况", ("attendance",)),
        ("提出议案和建议情况", ("motion", "suggestion")),
        ("联系人民群众情况", ("reception", "visit", "inspection", "research", "group", "member_contact", "issue")),
        ("参加学习培训情况", ("training",)),
    ]
    for title, kinds in groups:
        heading(title)
        mine = record.of_kinds(*kinds)
        if not mine:
            doc.paragraph("本年度暂无登记的事项。")
            continue
        for n, e in enumerate(mine, start=1):
            status = f"（{e.status}）" if e.status else ""
            doc.paragraph(f"{e.date.month}月{e.date.day}日，{e.title}{status}。", bold_lead=f"{n}. ")
    heading("存在的不足和今后的努力方向")
    doc.paragraph("（请代表本人结合履职实际补充。）")
    rule = rules.get("DEP-RECORD")
    doc.paragraph(f"本报告根据{congress.standing_committee_name}记录的代表履职档案生成（{rule.basis_text}）。")
    doc.signature(f"{congress.short_name}代表 {person.name}", timezone.localdate())
    return doc.to_bytes()
