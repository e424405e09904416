"""The 汇总表 (.xlsx), the 交办函 for a unit and the annual 办理情况报告 draft (.docx, GB/T 9704)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from renda.core.documents import OfficialDocument
from renda.core.numerals import to_chinese
from renda.core.spreadsheets import workbook_bytes
from renda.proposals import stats

SUMMARY_COLUMNS = ["编号", "标题", "类型", "领衔代表", "代表团", "类别", "主办/分办单位", "协办单位", "状态",
                   "交办日期", "答复期限", "答复日期", "办理结果", "测评", "重点督办", "并案"]
COMMITMENT_COLUMNS = ["台账年度", "建议编号", "建议标题", "承办单位", "承诺事项", "承诺完成时间", "状态", "完成日期",
                      "落实情况或结转说明", "逾期"]


def _header(ws, columns) -> None:
    ws.append(columns)
    for cell in ws[1]:
        cell.font = Font(bold=True)


def summary_xlsx(proposals, commitments=None, today: dt.date | None = None) -> bytes:
    """汇总表: one row per item (a merged suggestion keeps its own deputies and shows its main item's 交办 and
    replies), and a second sheet with the 承诺事项台账 when `commitments` is given."""
    today = today or timezone.localdate()
    qs = proposals.select_related("merged_into").prefetch_related(
        "assignments__unit", "replies", "ratings", "merged", "merged_into__assignments__unit",
        "merged_into__replies")
    wb = Workbook()
    ws = wb.active
    ws.title = "议案建议汇总表"
    _header(ws, SUMMARY_COLUMNS)
    for p in qs:
        merged_child = p.status == "merged" and p.merged_into is not None
        handled = p.merged_into if merged_child else p
        asg = [a for a in handled.assignments.all() if a.status != "returned"]
        replies = sorted(handled.replies.all(), key=lambda r: (r.round, r.pk))
        ratings = sorted(p.ratings.all(), key=lambda r: r.round)
        if merged_child:
            merge = f"并入{handled.number}办理"
            status = f"并案办理（主件：{handled.get_status_display()}）"
        else:
            merge = "、".join(m.number for m in p.merged.all() if m.status == "merged")
            merge = f"并入：{merge}" if merge else ""
            status = p.get_status_display()
        ws.append([
            p.number, p.title, p.get_kind_display(), p.lead_deputy.person.name if p.lead_deputy else "",
            p.delegation.name if p.delegation else "", p.get_category_display(),
            "、".join(a.unit.name for a in asg if a.role != "assist"),
            "、".join(a.unit.name for a in asg if a.role == "assist"), status, handled.assigned_on,
            handled.reply_due, replies[-1].replied_on if replies else None,
            replies[-1].get_result_class_display() if replies else "",
            ratings[-1].get_verdict_display() if ratings else "", "是" if handled.key_supervision else "", merge,
        ])
    for row in ws.iter_rows(min_row=2):
        for i in (9, 10, 11):
            row[i].number_format = "yyyy-mm-dd"
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    if commitments is not None:
        ledger = wb.create_sheet("承诺事项台账")
        _header(ledger, COMMITMENT_COLUMNS)
        for c in commitments:
            p = c.reply.proposal
            ledger.append([
                c.year, p.number, p.title, c.reply.assignment.unit.name, c.text, c.due_date, c.get_status_display(),
                c.done_on, c.note, "是" if c.is_overdue(today) else "",
            ])
        for row in ledger.iter_rows(min_row=2):
            for i in (5, 7):
                row[i].number_format = "yyyy-mm-dd"
        ledger.freeze_panes = "A2"
    return workbook_bytes(wb)


def assignment_letter(congress, unit, assignments, day: dt.date | None = None) -> bytes:
    """交办函: the items assigned to one unit, with role and deadlines."""
    day = day or timezone.localdate()
    doc = OfficialDocument(title="关于交办市人大代表建议的函", addressee=unit.name)
    doc.paragraph(f"现将{len(assignments)}件代表建议交你单位办理。请依照《本市代表建议工作条例》的规定认真研究办理，"
                  "在规定期限内答复代表，并抄送常委会代表工作机构。不属于你单位办理范围的，请于收到之日起五个工作日内"
                  "书面说明理由。")
    doc.table(["编号", "标题", "办理方式", "答复（协办意见）期限"], [
        [a.proposal.number, a.proposal.title, a.get_role_display(),
         f"{(a.reply_due or a.opinion_due):%Y年%m月%d日}" if (a.reply_due or a.opinion_due) else ""]
        for a in assignments
    ])
    doc.signature(f"{congress.standing_committee_name}代表工作委员会", day)
    return doc.to_bytes()


def annual_report_docx(congress, year: int, proposals) -> bytes:
    """办理情况报告 (draft): the year's figures and the breakdown by unit."""
    total = stats.figures(proposals.filter(year=year)).get("合计") or {}
    by_unit = stats.figures(proposals.filter(year=year), "unit")
    doc = OfficialDocument(title=f"关于{year}年市人民代表大会代表建议、批评和意见办理情况的报告（草稿）")
    doc.heading(f"{to_chinese(1)}、基本情况", level=1)
    doc.paragraph(
        f"{year}年共交办代表建议{total.get('assigned', 0)}件，已办复{total.get('replied', 0)}件，"
        f"办复率{total.get('办复率') or 0}%，按期办复率{total.get('按期办复率') or 0}%；"
        f"代表测评满意率（含基本满意）{total.get('满意率') or 0}%；所提问题已解决或基本解决（A类）的占"
        f"{total.get('A类率') or 0}%。"
    )
    doc.heading(f"{to_chinese(2)}、各承办单位办理情况", level=1)
    doc.table(["承办单位", "交办", "办复率", "按期办复率", "满意率", "A类率"], [
        [name, str(f["assigned"]), f"{f['办复率'] or 0}%", f"{f['按期办复率'] or 0}%",
         f"{f['满意率'] or 0}%" if f["满意率"] is not None else "—", f"{f['A类率'] or 0}%"]
        for name, f in by_unit.items()
    ])
    doc.signature(f"{congress.standing_committee_name}代表工作委员会", timezone.localdate())
    return doc.to_bytes()
