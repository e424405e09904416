"""Exports of legislation: the comments on a bill as .xlsx — without names or contacts (personal data).

The 修改对照表 .docx comes straight from the statute engine (`texts.comparison_docx`).
"""

from __future__ import annotations

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment

from renda.core.documents import OfficialDocument
from renda.core.spreadsheets import titled_sheet, workbook_bytes
from renda.legislation.models import Bill
from renda.statutes import int_to_cn

COLUMNS = [("文本", 14), ("条款", 22), ("意见内容", 80), ("来源", 14), ("基层立法联系点", 22), ("提交时间", 18),
           ("采纳情况", 10)]


def comments_xlsx(bill: Bill, comments) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "立法意见"
    titled_sheet(ws, f"《{bill.display_title}》意见汇总", COLUMNS, freeze=False)
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
    return workbook_bytes(wb)


# ---- 意见汇总报告 (.docx per GB/T 9704 through renda.core.documents, and .xlsx) -----------------------------------------
def _count_text(entry) -> str:
    people = f"，{entry.participants}人" if entry.participants is not None else ""
    return f"意见{entry.comments}条{people}（归并相同、相近意见后{entry.distinct}条）"


def _decision_text(entry) -> tuple[str, str]:
    d = entry.decision
    if d is None:
        return "待研究", ""
    return d.get_outcome_display(), d.reasons


def comment_report_docx(report) -> bytes:
    """意见汇总报告: totals, then per article in text order the article, the counts, the main opinions with
    their representative wording, the campaigns, and the decision with its reasons. No names or contacts."""
    bill, t = report.bill, report.totals
    doc = OfficialDocument(title=f"《{bill.display_title}》征求意见汇总报告")
    people = f"，参与{t['participants']}人" if t.get("participants") is not None else ""
    sources = "、".join(f"{k}{v}条" for k, v in report.sources.items())
    doc.paragraph(
        f"《{bill.display_title}》（{report.version.get_stage_display()}）共收到意见{t['comments']}条{people}"
        f"（{sources}），内容相同或者相近的意见归并后为{t['distinct']}条，涉及{t['provisions']}个条款（含总体意见）。"
        + (f"其中疑似集中意见（群发）{t['campaigns']}组、{t['comments_in_campaigns']}条，已归并计数，未予删除。"
           if t.get("campaigns") else ""))
    doc.heading("一、各条意见及采纳情况")
    for n, e in enumerate(report.entries, start=1):
        doc.heading(f"（{_cn(n)}）{e.label}", level=2)
        if e.article_text:
            doc.paragraph(e.article_text, bold_lead="条文：")
        doc.paragraph(_count_text(e), bold_lead="意见数量：")
        if e.keywords:
            doc.paragraph("、".join(e.keywords), bold_lead="主要关注：")
        if e.decision is not None and e.decision.main_opinions:
            doc.paragraph(e.decision.main_opinions, bold_lead="主要意见：")
        for r in e.representatives:
            same = f"（相同或者相近意见{r['size']}条）" if r.get("size", 1) > 1 else ""
            doc.paragraph(f"“{r['text']}”{same}", bold_lead="代表性意见：")
        for c in e.campaigns:
            doc.paragraph(f"{c['cluster']}，本条{c['count']}条，占本条意见的{c['share']:.0%}",
                          bold_lead="疑似集中意见：")
        outcome, reasons = _decision_text(e)
        doc.paragraph(f"{outcome}。{reasons}" if reasons else outcome, bold_lead="采纳情况：")
    campaigns = [c for c in report.clusters if c["campaign"]]
    if campaigns:
        doc.heading("二、疑似集中意见（群发）")
        doc.table(["编号", "条数", "涉及条款", "代表性文字"],
                  [[c["cluster"], str(c["size"]), "、".join(p["label"] for p in c["provisions"]),
                    c["representative"][:120]] for c in campaigns[:50]], widths_mm=[22, 16, 36, 82])
    return doc.to_bytes()


def _cn(n: int) -> str:
    return int_to_cn(n)


REPORT_COLUMNS = [("条款", 14), ("条文", 50), ("意见条数", 10), ("参与人数", 10), ("归并后条数", 11),
                  ("集中意见条数", 12), ("关键词", 30), ("代表性意见", 80), ("采纳情况", 10), ("理由", 50)]
CLUSTER_COLUMNS = [("编号", 10), ("条数", 8), ("参与人数", 10), ("疑似集中意见", 12), ("相似度", 8), ("涉及条款", 30),
                   ("首日", 12), ("末日", 12), ("代表性文字", 90)]


def comment_report_xlsx(report) -> bytes:
    """One row per provision, and a sheet of the near-duplicate clusters. No names or contacts."""
    wb = Workbook()
    ws = wb.active
    ws.title = "逐条意见"
    titled_sheet(ws, f"《{report.bill.display_title}》征求意见汇总", REPORT_COLUMNS)
    for e in report.entries:
        outcome, reasons = _decision_text(e)
        ws.append([
            e.label, e.article_text, e.comments, e.participants, e.distinct,
            sum(c["count"] for c in e.campaigns), "、".join(e.keywords),
            "\n".join(f"{r['text']}（{r['size']}条）" if r.get("size", 1) > 1 else r["text"]
                      for r in e.representatives),
            outcome, reasons,
        ])
    for row in ws.iter_rows(min_row=3):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    cs = wb.create_sheet("相同相近意见")
    titled_sheet(cs, "相同、相近意见归并情况", CLUSTER_COLUMNS)
    for c in report.clusters:
        cs.append([c["cluster"], c["size"], c["participants"], "是" if c["campaign"] else "", c["cohesion"],
                   "、".join(f"{p['label']}{p['count']}条" for p in c["provisions"]), c["first_day"], c["last_day"],
                   c["representative"]])
    t = report.totals
    ss = wb.create_sheet("总体情况")
    for label, value in (("意见总数", t["comments"]), ("参与人数", t.get("participants")),
                         ("归并后不同意见", t["distinct"]), ("相同相近意见组", t["clusters"]),
                         ("疑似集中意见组", t["campaigns"]), ("集中意见条数", t["comments_in_campaigns"]),
                         *report.sources.items()):
        ss.append([label, value])
    return workbook_bytes(wb)
