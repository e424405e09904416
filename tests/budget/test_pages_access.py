"""Pages: every role, a fixed number of queries per drill-down page, the query letter workflow."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from tests.conftest import login

from renda.budget import services
from renda.budget.models import BudgetUnit

from .conftest import IND_HEAD, PAY_HEAD, csv_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.budget.urls")]
FROZEN = dt.datetime(2026, 11, 26, 10, tzinfo=dt.UTC)


def _data(cast, payments=3):
    c = cast.congress
    services.import_file(actor=cast.clerk, congress=c, kind="indicators", filename="i", data=csv_bytes(
        IND_HEAD + "2026,文1,001001,2130314,30201,P-01,防汛,一般公共预算,年初预算,5000\n"
                   "2025,文1,001001,2130314,30201,P-01,防汛,一般公共预算,年初预算,5000\n"))
    rows = "".join(f"2026-0{1 + i % 9}-05,V{i},001001,2130314,30201,P-01,10,甲公司{i},直接支付,\n"
                   for i in range(payments))
    services.import_file(actor=cast.clerk, congress=c, kind="payments", filename="p", data=csv_bytes(PAY_HEAD + rows))


@time_machine.travel(FROZEN, tick=False)
def test_who_sees_the_execution_pages(budget_world, client):
    _data(budget_world)
    unit = BudgetUnit.objects.get(code="001001")
    url = f"/budget/execution/?year=2026&unit={unit.pk}&func=2130314&project=P-01"
    expect = {"clerk": 200, "leader": 200, "admin": 200, "other_committee": 200, "member": 200, "deputy": 200,
              "committee": 200, "unit_user": 403, "other_unit_user": 403, "outsider_clerk": 404}
    for name, status in expect.items():
        r = login(getattr(budget_world, name)).get(url)
        assert r.status_code == status, name
        if status == 200:
            body = r.content.decode()
            assert "V0" in body
            assert ("甲公司0" in body) == (name in ("clerk", "leader", "admin", "other_committee")), name
    assert client.get(url).status_code == 302  # anonymous: to sign-in
    clerk = login(budget_world.clerk)
    assert clerk.get("/budget/execution/?func=12x").status_code == 400
    assert clerk.get("/budget/execution/?year=99999").status_code == 400
    assert login(budget_world.unit_user).get("/budget/import/").status_code == 403
    assert login(budget_world.deputy).get("/budget/alerts/").status_code == 403


@time_machine.travel(FROZEN, tick=False)
@pytest.mark.parametrize("level", ["all", "dept", "unit", "func", "project"])
def test_drilldown_queries_do_not_grow_with_volume(budget_world, client, level):
    unit = BudgetUnit.objects.get(code="001001")
    params = {"all": "", "dept": f"&dept={unit.parent_id}", "unit": f"&unit={unit.pk}",
              "func": f"&unit={unit.pk}&func=213", "project": f"&unit={unit.pk}&func=2130314&project=P-01"}[level]
    client.force_login(budget_world.clerk)
    counts = []
    for n in (3, 40):
        _data(budget_world, payments=n)
        with CaptureQueriesContext(connection) as ctx:
            r = client.get(f"/budget/execution/?year=2026{params}")
        assert r.status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts


@time_machine.travel(FROZEN, tick=False)
def test_xlsx_export(budget_world):
    _data(budget_world)
    r = login(budget_world.clerk).get("/budget/execution/?year=2026&format=xlsx")
    assert r.status_code == 200 and r.content[:2] == b"PK"


@time_machine.travel(FROZEN, tick=False)
def test_query_letter_workflow_and_visibility(budget_world):
    from renda.budget.models import QueryStatus

    cast = budget_world
    water = cast.city.units["市水务局"]
    q = services.query_create(actor=cast.other_committee, year=2026, title="关于防汛项目超预算支付的函询",
                              question="请说明超支原因。", addressee=water, reply_due=dt.date(2026, 12, 10))
    # a draft is the finance bodies' own; the unit does not see it yet
    assert login(cast.unit_user).get(f"/budget/queries/{q.pk}/").status_code == 404
    with pytest.raises(Exception, match="权限"):
        services.query_create(actor=cast.committee, year=2026, title="x", question="y", addressee=water,
                              reply_due=dt.date(2026, 12, 10))
    q = services.query_transition(actor=cast.other_committee, query=q, action="send")
    assert q.status == QueryStatus.SENT and q.sent_on == dt.date(2026, 11, 26)
    assert login(cast.unit_user).get(f"/budget/queries/{q.pk}/").status_code == 200  # sent: the unit sees it
    assert login(cast.other_unit_user).get(f"/budget/queries/{q.pk}/").status_code == 404
    assert login(cast.outsider_clerk).get(f"/budget/queries/{q.pk}/").status_code == 404
    # the inbox lists it for the addressed unit
    from renda.core import inbox

    [item] = [i for i in inbox.items(cast.unit_user) if i.kind == "预算函询"]
    assert item.obj == q and item.due == dt.date(2026, 12, 10) and [t.action for t in item.steps] == ["reply"]
    assert not [i for i in inbox.items(cast.other_unit_user) if i.kind == "预算函询"]
    q = services.query_transition(actor=cast.unit_user, query=q, action="reply", reply="系汛期应急采购，已报追加指标。")
    q = services.query_transition(actor=cast.other_committee, query=q, action="follow_up", follow_up="请提供追加文件。",
                                  reply_due=dt.date(2026, 12, 20))
    q = services.query_transition(actor=cast.unit_user, query=q, action="reply", reply="追加指标文件已报送。")
    q = services.query_transition(actor=cast.other_committee, query=q, action="close", outcome="to_review")
    assert q.status == QueryStatus.CLOSED and q.closed_on == dt.date(2026, 11, 26) and "【" in q.reply
    r = login(cast.clerk).get(f"/budget/queries/{q.pk}/")
    assert "纳入预算审查" in r.content.decode() and "变更记录" in r.content.decode()
