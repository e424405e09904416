"""Import: GB18030, leading zeros, duplicates, a bad row in the middle, re-import, all-or-nothing, the command."""

import pytest
from django.core.management import CommandError, call_command

from renda.budget import services
from renda.budget.models import BudgetUnit, ImportBatch, Indicator, MonthlyExecution, Payment

from .conftest import IND_HEAD, PAY_HEAD, UNITS, csv_bytes

pytestmark = pytest.mark.django_db

PAYMENTS = PAY_HEAD + (
    "2026-03-05,000123,001001,2130314,30201,P-01,1200.50,甲公司,直接支付,防汛物资\n"
    "2026-03-20,000124,001001,2130314,30201,P-01,99.5,乙公司,授权支付,办公\n"
    "2026-04-02,000125,002,2050202,30201,,10000,丙公司,直接支付,\n"
)


def _imp(cast, kind, text, enc="utf-8", name="f.csv"):
    return services.import_file(actor=cast.clerk, congress=cast.congress, kind=kind, data=csv_bytes(text, enc),
                                filename=name)


def test_gb18030_file_with_leading_zeros(budget_world):
    b = _imp(budget_world, "payments", PAYMENTS, enc="gb18030")
    assert b.status == ImportBatch.Status.APPLIED and b.created == 3
    p = Payment.objects.get(voucher="000123")
    assert p.unit.code == "001001" and p.amount_fen == 120050 and p.unit.parent.code == "001"
    assert Payment.objects.get(voucher="000124").amount_fen == 9950
    # the rollup is refreshed on import: March of 001001 under its 主管部门 001
    mx = MonthlyExecution.objects.get(congress=budget_world.congress, year=2026, month=3)
    assert mx.amount_fen == 130000 and mx.payments == 2 and mx.dept_id == p.unit.parent_id


def test_units_keep_leading_zeros_and_parents(budget_world):
    assert sorted(BudgetUnit.objects.values_list("code", flat=True)) == ["001", "001001", "002"]


def test_bad_row_in_the_middle_refuses_the_whole_file_with_a_row_report(budget_world):
    text = PAY_HEAD + (
        "2026-03-05,000123,001001,2130314,30201,P-01,1200.50,甲公司,直接支付,\n"
        "2026-02-30,000126,001001,2130314,30201,P-01,12.345,甲公司,现金,\n"
        "2026-03-06,000127,999,2130314,30201,P-01,1,甲公司,直接支付,\n"
        "2026-03-07,000128,001001,2130314,30201,P-01,5,甲公司,直接支付,\n"
    )
    b = _imp(budget_world, "payments", text)
    assert b.status == ImportBatch.Status.REFUSED
    assert Payment.objects.count() == 0 and MonthlyExecution.objects.count() == 0
    messages = [r["message"] for r in b.report]
    assert messages[0].startswith("第 3 行：") and "不是有效日期" in messages[0]
    assert messages[1].startswith("第 4 行：") and "单位编码“999”未导入" in messages[1]
    assert b.refused == 2 and b.created == 0


def test_duplicate_voucher_in_a_file_is_refused(budget_world):
    text = PAYMENTS + "2026-05-01,000123,001001,2130314,30201,P-01,1,甲公司,直接支付,\n"
    b = _imp(budget_world, "payments", text)
    assert b.status == ImportBatch.Status.REFUSED
    assert b.report == [{"row": 5, "message": "第 5 行：与第 2 行重复（支付凭证号 000123）"}]
    assert Payment.objects.count() == 0


def test_reimport_changes_nothing_and_a_changed_voucher_is_refused(budget_world):
    _imp(budget_world, "payments", PAYMENTS)
    ids = sorted(Payment.objects.values_list("pk", "amount_fen"))
    again = _imp(budget_world, "payments", PAYMENTS)
    assert again.status == ImportBatch.Status.APPLIED and (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert sorted(Payment.objects.values_list("pk", "amount_fen")) == ids
    changed = _imp(budget_world, "payments", PAYMENTS.replace("1200.50", "1200.51"))
    assert changed.status == ImportBatch.Status.REFUSED and "不可更改" in changed.report[0]["message"]


def test_indicator_reimport_and_reduce_sign(budget_world):
    text = IND_HEAD + ("2026,甲财预〔2026〕1号,001001,2130314,30201,P-01,防汛,一般公共预算,年初预算,5000\n"
                       "2026,甲财预〔2026〕9号,001001,2130314,30201,P-01,防汛,一般公共预算,调减,1000\n")
    assert _imp(budget_world, "indicators", text).created == 2
    assert sum(Indicator.objects.values_list("amount_fen", flat=True)) == 400000
    assert _imp(budget_world, "indicators", text).unchanged == 2
    upd = _imp(budget_world, "indicators", text.replace(",5000\n", ",6000\n"))
    assert (upd.updated, upd.unchanged) == (1, 1)


def test_numeric_code_cell_in_xlsx_is_refused(budget_world):
    from openpyxl import Workbook

    from renda.core.spreadsheets import workbook_bytes

    wb = Workbook()
    ws = wb.active
    ws.append(["单位编码", "单位名称", "主管部门编码", "单位类型"])
    ws.append(["003", "市卫健委", None, "行政单位"])
    ws.append([4, "市某局", None, "行政单位"])
    b = services.import_file(actor=budget_world.clerk, congress=budget_world.congress, kind="units",
                             data=workbook_bytes(wb), filename="u.xlsx")
    assert b.status == ImportBatch.Status.REFUSED
    assert "文本格式" in b.report[0]["message"] and b.report[0]["row"] == 3
    ws.delete_rows(3)
    ok = services.import_file(actor=budget_world.clerk, congress=budget_world.congress, kind="units",
                              data=workbook_bytes(wb), filename="u.xlsx")
    assert ok.status == ImportBatch.Status.APPLIED and BudgetUnit.objects.filter(code="003").exists()


def test_missing_header_and_unknown_encoding(budget_world):
    b = _imp(budget_world, "payments", "a,b\n1,2\n")
    assert b.status == ImportBatch.Status.REFUSED and "表头缺少列" in b.report[0]["message"]
    bad = services.import_file(actor=budget_world.clerk, congress=budget_world.congress, kind="units",
                               data=b"\xff\xfe\xfa\x00\x81", filename="x.csv")
    assert bad.status == ImportBatch.Status.REFUSED


def test_command_imports_and_refuses(budget_world, tmp_path):
    f = tmp_path / "pay.csv"
    f.write_bytes(csv_bytes(PAYMENTS, "gb18030"))
    call_command("budget", "import", "--congress", "t-city", "--kind", "payments", str(f))
    assert Payment.objects.count() == 3
    f.write_bytes(csv_bytes(PAY_HEAD + "2026-01-01,9,001,201,302,,x,甲,直接支付,\n"))
    with pytest.raises(CommandError, match="1 行有误"):
        call_command("budget", "import", "--congress", "t-city", "--kind", "payments", str(f))


def test_other_congress_units_are_not_found(budget_world):
    b = services.import_file(actor=budget_world.outsider_clerk, congress=budget_world.other.congress,
                             kind="payments", data=csv_bytes(PAYMENTS), filename="p.csv")
    assert b.status == ImportBatch.Status.REFUSED and "未导入" in b.report[0]["message"]
    assert UNITS
