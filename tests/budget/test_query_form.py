"""The page that drafts a 函询 (budget:query_new): a unit code or amount the form cannot use is a Chinese 400 on the
filled-in form, a good one drafts the letter and goes to it; only the office and the finance bodies may draft."""

import datetime as dt

import pytest
import time_machine

from renda.budget.models import BudgetQuery, BudgetUnit

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.budget.urls")]
FROZEN = dt.datetime(2026, 11, 26, 10, tzinfo=dt.UTC)


def _post(client, cast, **more):
    data = {"title": "关于防汛项目超预算支付的函询", "question": "请说明超支原因。",
            "addressee": cast.city.units["市水务局"].pk, "reply_due": "2026-12-10", "unit": "001001",
            "project_code": "P-01", "vouchers": "V1,V2,", "amount": "1,234.5", **more}
    return client.post("/budget/queries/new/", data)


@time_machine.travel(FROZEN, tick=False)
def test_query_form_refuses_bad_input_then_drafts(budget_world, client):
    cast = budget_world
    client.force_login(cast.other_committee)
    r = client.get("/budget/queries/new/?unit=001001&project=P-01&amount=10")
    assert r.status_code == 200 and "P-01" in r.content.decode()

    r = _post(client, cast, unit="999")
    assert r.status_code == 400 and "没有该预算单位编码" in r.content.decode()
    r = _post(client, cast, amount="一百元")
    assert r.status_code == 400 and "不是以元为单位" in r.content.decode()
    assert _post(client, cast, title="").status_code == 400
    assert not BudgetQuery.objects.exists()

    r = _post(client, cast)
    q = BudgetQuery.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/budget/queries/{q.pk}/"
    assert q.unit == BudgetUnit.objects.get(congress=cast.congress, code="001001")
    assert (q.amount_fen, q.vouchers, q.project_code, q.year) == (123450, ["V1", "V2"], "P-01", 2026)
    assert "函询已起草" in client.get(r["Location"]).content.decode()


def test_query_form_is_refused_to_a_deputy(budget_world, client):
    client.force_login(budget_world.deputy)
    r = client.get("/budget/queries/new/")
    assert r.status_code == 403
