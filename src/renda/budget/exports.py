"""Spreadsheets of 预算联网监督 (formula injection neutralised by renda.core.spreadsheets)."""

from __future__ import annotations

import datetime as dt

from openpyxl import Workbook

from renda.budget.engine.money import wan, yuan
from renda.core.documents import OfficialDocument
from renda.core.http import DOCX, XLSX, download
from renda.core.numerals import to_chinese
from renda.core.spreadsheets import workbook_bytes


def execution_xlsx(sel, data: dict, *, show_payee: bool):
    wb = Workbook()
    ws = wb.active
    ws.title = "预算执行"
    ws.append([f"{sel.year}年 截至{sel.month}月 预算执行情况（{data['level_label']}）"])
    if data["level"] == "payment":
        ws.append(["支付日期", "支付凭证号", "经济科目", "金额（元）", "收款人", "用途"])
        for p in data["payments"]:
            ws.append([p["paid_on"].isoformat(), p["voucher"], p["econ_code"], p["amount"],
                       p["payee"] if show_payee else "—", p["purpose"]])
    else:
        ws.append([data["level_label"], "预算（元）", "执行（元）", "执行率（%）", "上年同期执行率（%）"])
        for r in data["rows"]:
            ws.append([r.label, yuan(r.budget), yuan(r.paid), r.rate, r.last_rate])
        ws.append(["合计", yuan(data["budget"]), yuan(data["paid"]), data["rate"], data["last_rate"]])
    return download(workbook_bytes(wb), f"预算执行_{sel.year}年{sel.month}月.xlsx", XLSX)


def alerts_xlsx(alerts: list[dict], as_of: dt.date):
    wb = Workbook()
    ws = wb.active
    ws.title = "预警"
    ws.append(["类型", "规则", "单位编码", "项目编码", "金额（元）", "说明", "凭证"])
    for a in alerts:
        ws.append([a["kind"], a["rule"], a["unit"] or "", a["project"] or "", a["amount"], a["message"],
                   "、".join(a["vouchers"][:50])])
    return download(workbook_bytes(wb), f"预算预警_{as_of:%Y%m%d}.xlsx", XLSX)


# ---- official documents (GB/T 9704, renda.core.documents) ---------------------------------------------------
def _figures_sections(doc, f: dict, *, start: int = 1) -> int:
    """The four sections both documents share; returns the next section number."""
    ex = f["execution"]
    n = start
    doc.heading(f"{to_chinese(n)}、预算执行总体情况", level=1)
    doc.paragraph(f"截至{f['year']}年{f['month']}月末，本级预算指标合计{ex['budget_wan']}万元，国库集中支付"
                  f"{ex['paid_wan']}万元，执行率{ex['rate']}%（上年同期{ex['last_rate']}%）。"
                  "各主管部门执行情况见下表。")
    doc.table(["主管部门", "预算（万元）", "执行（万元）", "执行率（%）", "上年同期（%）"],
              [[r.label, r.budget_wan, r.paid_wan, r.rate, r.last_rate] for r in ex["rows"]]
              + [["合计", ex["budget_wan"], ex["paid_wan"], ex["rate"], ex["last_rate"]]])
    n += 1
    doc.heading(f"{to_chinese(n)}、预警情况", level=1)
    if f["alerts"]:
        doc.paragraph(f"预算联网监督系统共产生预警{f['alerts_total']}条，分类见下表。")
        doc.table(["预警类型", "条数", "涉及金额（万元）"],
                  [[a["title"], str(a["count"]), wan(a["amount"])] for a in f["alerts"]])
        for a in f["alerts"]:
            for m in a["examples"]:
                doc.paragraph(m, bold_lead=f"{a['title']}：")
    else:
        doc.paragraph("本期未产生预警。")
    n += 1
    tp = f["three_public"]
    doc.heading(f"{to_chinese(n)}、“三公”经费", level=1)
    doc.paragraph(f"“三公”经费（经济科目 {'、'.join(tp['codes'])}）预算{wan(tp['budget'])}万元，截至{f['month']}月末"
                  f"支付{wan(tp['paid'])}万元，执行率{tp['rate']}%。")
    n += 1
    doc.heading(f"{to_chinese(n)}、政府债务", level=1)
    doc.table(["债券类型", f"{f['as_of']:%Y年%m月%d日}余额（万元）", "本年限额（万元）", "是否超限额"],
              [[d["kind"], wan(d["outstanding"]), wan(d["limit"]) if d["limit"] is not None else "未录入",
                "超过限额" if d["over"] else "未超过"] for d in f["debt"]])
    return n + 1


def monthly_brief_docx(congress, f: dict):
    doc = OfficialDocument(title=f"{f['year']}年{f['month']}月预算执行情况简报")
    doc.paragraph(f"根据预算联网监督系统中财政部门报送的数据，现将截至{f['year']}年{f['month']}月末本级预算执行情况"
                  "简报如下。")
    _figures_sections(doc, f)
    return download(doc.to_bytes(), f"预算执行简报_{f['year']}年{f['month']}月.docx", DOCX)


def review_analysis_docx(congress, f: dict, groups: list[dict]):
    """The 初审 analysis: the figures, then the 函询 and their outcomes grouped for the 初审意见."""
    doc = OfficialDocument(title=f"关于{f['year']}年预算执行情况的初步审查分析报告",
                           addressee=getattr(congress, "standing_committee_name", "") or "")
    doc.paragraph(f"根据《中华人民共和国预算法》有关规定，预算工作委员会依托预算联网监督系统，对截至{f['year']}年"
                  f"{f['month']}月末的本级预算执行情况进行了分析，供初步审查参考。")
    n = _figures_sections(doc, f)
    doc.heading(f"{to_chinese(n)}、预算函询及办理结果", level=1)
    if not groups:
        doc.paragraph("本年度未发出预算函询。")
    for g in groups:
        doc.paragraph(f"{len(g['queries'])}件。", bold_lead=f"{g['label']}：")
        for q in g["queries"]:
            doc.paragraph(f"受询单位：{q.addressee}；状态：{q.get_status_display()}"
                          + (f"；结果说明：{q.outcome_note}" if q.outcome_note else ""), bold_lead=f"《{q.title}》")
    return download(doc.to_bytes(), f"预算初审分析_{f['year']}年.docx", DOCX)
