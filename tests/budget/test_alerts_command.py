"""`renda budget alerts … --format json -o OUT` over imported data: every kind, the exact output shape."""

import datetime as dt
import json

import pytest
from django.core.management import call_command

from renda.budget import services
from renda.budget.models import Debt, DebtLimit

from .conftest import IND_HEAD, PAY_HEAD, csv_bytes

pytestmark = pytest.mark.django_db

INDICATORS = IND_HEAD + (
    "2026,甲财预〔2026〕1号,001001,2130314,30201,P-01,防汛,一般公共预算,年初预算,1000.00\n"
    "2026,甲财预〔2026〕1号,002,2050202,30201,P-02,校舍,一般公共预算,年初预算,1000000.00\n"
    "2026,甲财预〔2026〕1号,001,2130301,30217,,接待,一般公共预算,年初预算,100.00\n"
    "2026,甲财预〔2026〕1号,001,2130301,30201,,运行,一般公共预算,年初预算,100.00\n"
)
PAYMENTS = PAY_HEAD + (
    "2026-03-05,V1,001001,2130314,30201,P-01,600.00,甲公司,直接支付,\n"
    "2026-03-06,V2,001001,2130314,30201,P-01,400.01,甲公司,直接支付,\n"
    "2026-04-01,V3,001001,2110302,30201,P-09,50.00,乙公司,直接支付,\n"
    "2026-12-02,V4,001,2130301,30217,,100.01,宾馆,授权支付,\n"
    "2026-12-03,V5,001,2130301,30201,,30.00,文具店,授权支付,\n"
    "2026-12-05,V6,001,2130301,30201,,30.00,文具店,授权支付,\n"
)


def test_alerts_json_has_every_kind_and_the_exact_shape(budget_world, tmp_path):
    c = budget_world.congress
    for kind, text in (("indicators", INDICATORS), ("payments", PAYMENTS)):
        b = services.import_file(actor=budget_world.clerk, congress=c, kind=kind, data=csv_bytes(text), filename="f")
        assert b.status == "applied", b.report
    Debt.objects.create(congress=c, code="D1", kind="special", issued_on=dt.date(2025, 1, 1),
                        matures_on=dt.date(2035, 1, 1), amount_fen=200, rate_bp=300)
    DebtLimit.objects.create(congress=c, year=2026, kind="special", amount_fen=199)
    out = tmp_path / "a.json"
    call_command("budget", "alerts", "--congress", "t-city", "--year", "2026", "--as-of", "2026-12-31",
                 "--format", "json", "-o", str(out))
    data = json.loads(out.read_text(encoding="utf-8"))
    assert list(data) == ["alerts"]
    for a in data["alerts"]:
        assert list(a) == ["kind", "rule", "unit", "project", "vouchers", "amount", "message"]
    by = {a["kind"]: a for a in data["alerts"]}
    assert set(by) == {"over_budget", "no_indicator", "low_execution", "year_end_surge", "duplicate_payment",
                       "three_public_growth", "debt_limit"}
    assert by["over_budget"] == {**by["over_budget"], "unit": "001001", "project": "P-01", "vouchers": ["V2"],
                                 "amount": "0.01", "rule": "BUDGET-OVER"}
    assert by["no_indicator"]["vouchers"] == ["V3"] and by["no_indicator"]["amount"] == "50.00"
    assert by["duplicate_payment"]["vouchers"] == ["V5", "V6"]
    assert by["three_public_growth"]["unit"] == "001" and by["three_public_growth"]["amount"] == "0.01"
    assert by["debt_limit"]["unit"] is None and by["debt_limit"]["amount"] == "0.01"
    assert by["low_execution"]["unit"] == "002"
    # as of a day before the December payments: no surge, no duplicate
    call_command("budget", "alerts", "--congress", "t-city", "--year", "2026", "--as-of", "2026-11-30",
                 "-o", str(out))
    kinds = {a["kind"] for a in json.loads(out.read_text(encoding="utf-8"))["alerts"]}
    assert "year_end_surge" not in kinds and "duplicate_payment" not in kinds
