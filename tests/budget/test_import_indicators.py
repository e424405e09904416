"""Indicators through the staged volume path: re-import, a changed line, duplicates, refusals and the rollups."""

import pytest

from renda.budget import services
from renda.budget.models import BudgetTotal, ImportBatch, Indicator

from .conftest import IND_HEAD, csv_bytes

pytestmark = pytest.mark.django_db

LINES = IND_HEAD + (
    "2026,甲财预〔2026〕1号,001001,2130314,30201,P-01,防汛,一般公共预算,年初预算,5000\n"
    "2026,甲财预〔2026〕1号,001001,2130314,30201,P-02,水文,一般公共预算,年初预算,800.5\n"
    "2026,甲财预〔2026〕9号,001001,2130314,30201,P-01,防汛,一般公共预算,调减,1000\n"
    "2025,甲财预〔2025〕3号,002,2050202,30201,,,政府性基金预算,追加,20\n"
)


def _imp(cast, text, enc="utf-8", name="i.csv"):
    return services.import_file(actor=cast.clerk, congress=cast.congress, kind="indicators",
                                data=csv_bytes(text, enc), filename=name)


def _stored():
    return sorted(Indicator.objects.values_list("pk", "year", "doc_number", "unit__code", "project_code", "project_name",
                                                "fund_type", "kind", "amount_fen"))


def test_reimport_of_the_same_file_changes_nothing(budget_world):
    first = _imp(budget_world, LINES, enc="gb18030")
    assert (first.status, first.created, first.updated, first.unchanged) == (ImportBatch.Status.APPLIED, 4, 0, 0)
    rows, totals = _stored(), sorted(BudgetTotal.objects.values_list("year", "project_code", "amount_fen"))
    again = _imp(budget_world, LINES, enc="gb18030")
    assert (again.status, again.created, again.updated, again.unchanged) == (ImportBatch.Status.APPLIED, 0, 0, 4)
    assert _stored() == rows
    assert sorted(BudgetTotal.objects.values_list("year", "project_code", "amount_fen")) == totals
    assert (2026, "P-01", 400000) in totals and (2025, "", 2000) in totals


def test_a_changed_line_is_updated_in_place_and_the_others_stay(budget_world):
    _imp(budget_world, LINES)
    before = {r[0]: r for r in _stored()}
    changed = LINES.replace("水文,一般公共预算,年初预算,800.5", "水文监测,政府性基金预算,年初预算,900")
    b = _imp(budget_world, changed + "2026,甲财预〔2026〕10号,002,2050202,30201,P-09,新项目,一般公共预算,追加,7\n")
    assert (b.status, b.created, b.updated, b.unchanged) == (ImportBatch.Status.APPLIED, 1, 1, 3)
    after = {r[0]: r for r in _stored()}
    line = Indicator.objects.get(project_code="P-02")
    assert (line.project_name, line.fund_type, line.amount_fen) == ("水文监测", "fund", 90000)
    assert after[line.pk][:5] == before[line.pk][:5]  # the same row (same id and key), its content replaced
    assert {pk: r for pk, r in after.items() if pk != line.pk and pk in before} == \
        {pk: r for pk, r in before.items() if pk != line.pk}
    assert BudgetTotal.objects.get(year=2026, project_code="P-02").amount_fen == 90000


def test_a_duplicate_line_is_reported_with_both_row_numbers(budget_world):
    dup = LINES + "2026,甲财预〔2026〕1号,001001,2130314,30201,P-02,水文（重复）,一般公共预算,年初预算,1\n"
    b = _imp(budget_world, dup)
    assert b.status == ImportBatch.Status.REFUSED
    assert b.report == [{"row": 6, "message": "第 6 行：与第 3 行重复（同一指标行）"}]
    assert (b.refused, b.created, b.updated, b.unchanged) == (1, 0, 0, 0)
    assert not Indicator.objects.exists() and not BudgetTotal.objects.exists()


def test_refusals_of_every_kind_are_reported_in_row_order_and_nothing_is_written(budget_world):
    _imp(budget_world, LINES)
    rows = _stored()
    bad = LINES + (
        "2026,甲财预〔2026〕2号,999,2130314,30201,P-01,防汛,一般公共预算,年初预算,1\n"
        "2026,甲财预〔2026〕2号,001001,21303,30201,P-01,防汛,一般公共预算,预备费,1\n"
        "2026,甲财预〔2026〕1号,001001,2130314,30201,P-01,防汛,一般公共预算,年初预算,5000\n"
        "2026,甲财预〔2026〕2号,001001,2130314,30201,P-01,防汛,一般公共预算,年初预算,12.345\n"
    )
    b = _imp(budget_world, bad)
    assert b.status == ImportBatch.Status.REFUSED and b.refused == 4
    assert [r["row"] for r in b.report] == [6, 7, 8, 9]
    assert b.report[0]["message"] == "第 6 行：单位编码“999”未导入（请先导入预算单位）"
    assert b.report[1]["message"].startswith("第 7 行：指标类型“预备费”应为：")
    assert b.report[2]["message"] == "第 8 行：与第 2 行重复（同一指标行）"
    assert b.report[3]["message"].startswith("第 9 行：") and "金额" in b.report[3]["message"]
    assert _stored() == rows


def test_leading_zeros_and_labels_or_values_and_a_reduce_of_either_sign(budget_world):
    text = IND_HEAD + ("2026,文1,001001,2130314,30201,007,项目,general,reduce,-30\n"
                       "2026,文2,001001,2130314,30201,007,项目,一般公共预算,调减,30\n"
                       " 2026 , 文3 ,001001,2130314,30201,007,项目,一般公共预算,年初预算,\"1,000.00\"\n")
    b = _imp(budget_world, text)
    assert (b.status, b.created) == (ImportBatch.Status.APPLIED, 3)
    assert sorted(Indicator.objects.values_list("doc_number", "project_code", "amount_fen")) == [
        ("文1", "007", -3000), ("文2", "007", -3000), ("文3", "007", 100000)]


def test_the_other_congress_is_neither_compared_nor_touched(budget_world):
    _imp(budget_world, LINES)
    other = budget_world.other
    services.import_file(actor=budget_world.outsider_clerk, congress=other.congress, kind="units",
                         data=csv_bytes("单位编码,单位名称,主管部门编码,单位类型\n001,某局,,行政单位\n001001,某站,001,事业单位\n"
                                        "002,某委,,行政单位\n"), filename="u.csv")
    b = services.import_file(actor=budget_world.outsider_clerk, congress=other.congress, kind="indicators",
                             data=csv_bytes(LINES.replace("5000", "1")), filename="i.csv")
    assert (b.status, b.created, b.updated) == (ImportBatch.Status.APPLIED, 4, 0)
    assert Indicator.objects.filter(congress=budget_world.congress, amount_fen=500000).exists()
