"""The alerts behind the .docx reports (and the alerts page / API) are computed once per congress × year × date ×
data version × parameters: a second download does not compute them again; a new import, or a changed threshold,
does — and changes the report."""

import datetime as dt
import io
from unittest import mock

import pytest
import time_machine
from docx import Document

from renda.budget import alerts as alert_service
from renda.budget import services
from renda.budget.models import BudgetDataVersion

from .conftest import IND_HEAD, PAY_HEAD, csv_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.budget.urls")]
FROZEN = dt.datetime(2026, 11, 26, 10, tzinfo=dt.UTC)
BRIEF = "/budget/reports/brief.docx?year=2026&month=11"


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def _text(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    return "\n".join([p.text for p in doc.paragraphs] + [c.text for t in doc.tables for row in t.rows
                                                          for c in row.cells])


def _import(cast, kind, text):
    batch = services.import_file(actor=cast.clerk, congress=cast.congress, kind=kind, filename=kind,
                                 data=csv_bytes(text))
    assert batch.status == "applied", batch.report
    return batch


@time_machine.travel(FROZEN, tick=False)
def test_second_download_reuses_the_alerts_and_an_import_changes_the_report(budget_world, client):
    cast = budget_world
    _import(cast, "indicators", IND_HEAD + "2026,文1,001001,2130314,30201,P-01,防汛,一般公共预算,年初预算,5000\n")
    _import(cast, "payments", PAY_HEAD + "2026-03-05,V1,001001,2130314,30201,P-01,6000,甲公司,直接支付,\n")
    client.force_login(cast.other_committee)
    with mock.patch.object(alert_service, "compute", wraps=alert_service.compute) as compute:
        first = client.get(BRIEF)
        assert first.status_code == 200 and compute.call_count == 1
        second = client.get(BRIEF)
        assert second.status_code == 200 and compute.call_count == 1  # not computed again
        assert _text(second.content) == _text(first.content)
        # the other report, the alerts page and the API read the same computation (as of the same date)
        assert client.get("/budget/reports/review.docx?year=2026&month=11").status_code == 200
        assert client.get("/budget/alerts/?as_of=2026-11-26").status_code == 200
        assert client.get("/api/v1/budget/alerts?as_of=2026-11-26").json()["count"] >= 1
        assert compute.call_count == 1
        before = _text(first.content)
        assert "超预算支付" in before and "无预算指标支付" not in before
        # a re-import of the same file changes nothing: still cached
        _import(cast, "payments", PAY_HEAD + "2026-03-05,V1,001001,2130314,30201,P-01,6000,甲公司,直接支付,\n")
        client.get(BRIEF)
        assert compute.call_count == 1
        # a new import: a new data version, computed again, and the report shows the new alert
        token = BudgetDataVersion.objects.get(congress=cast.congress).token
        _import(cast, "payments", PAY_HEAD + "2026-04-05,V2,002,2050202,30201,X-9,700,乙公司,直接支付,\n")
        assert BudgetDataVersion.objects.get(congress=cast.congress).token != token
        after = client.get(BRIEF)
        assert compute.call_count == 2
        assert "无预算指标支付" in _text(after.content) and _text(after.content) != before
        client.get(BRIEF)
        assert compute.call_count == 2


@time_machine.travel(FROZEN, tick=False)
def test_a_changed_threshold_or_date_or_congress_is_computed_anew(budget_world):
    from renda.core.models import RuleParameter

    cast = budget_world
    _import(cast, "indicators", IND_HEAD + "2026,文1,001001,2130314,30201,P-01,防汛,一般公共预算,年初预算,5000\n")
    _import(cast, "payments", PAY_HEAD + "2026-03-05,V1,001001,2130314,30201,P-01,5100,甲公司,直接支付,\n")
    day = dt.date(2026, 11, 26)
    with mock.patch.object(alert_service, "compute", wraps=alert_service.compute) as compute:
        found = alert_service.compute_cached(cast.congress, 2026, day)
        assert [a.kind for a in found if a.kind == "over_budget"] == ["over_budget"]
        assert alert_service.compute_cached(cast.congress, 2026, day) == found and compute.call_count == 1
        alert_service.compute_cached(cast.congress, 2026, dt.date(2026, 11, 25))
        assert compute.call_count == 2
        # 2 % over the budget: within a 5 % tolerance, the alert goes once the parameter is set
        RuleParameter.objects.create(congress=cast.congress, rule_id="BUDGET-OVER", name="tolerance_pct", value=5)
        assert not [a for a in alert_service.compute_cached(cast.congress, 2026, day) if a.kind == "over_budget"]
        assert compute.call_count == 3
        # a row changed outside an import (a data fix saved one by one) changes the version too
        from renda.budget.models import Payment

        pay = Payment.objects.get(congress=cast.congress, voucher="V1")
        pay.amount_fen = 530_000  # 6 % over: beyond the 5 % tolerance
        pay.save()
        assert [a.kind for a in alert_service.compute_cached(cast.congress, 2026, day)
                if a.kind == "over_budget"] == ["over_budget"] and compute.call_count == 4
        # another congress never reads this one's cached alerts
        assert alert_service.compute_cached(cast.other.congress, 2026, day) == []
    # data written around the services (no version yet): never cached, always fresh
    BudgetDataVersion.objects.filter(congress=cast.congress).delete()
    assert alert_service.cache_key(cast.congress, 2026, day) is None
