"""Spreadsheets of 预算联网监督 (formula injection neutralised by renda.core.spreadsheets)."""

from __future__ import annotations

import datetime as dt

from openpyxl import Workbook

from renda.budget.engine.money import yuan
from renda.core.http import XLSX, download
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
