"""The list API of 预算联网监督 — one per list page, with the page's filters and the page's access — and the
list pages' filters and pager."""

import datetime as dt

import pytest
import time_machine

from renda.budget import services
from renda.budget.models import BudgetUnit, QuestionStatus

from .conftest import IND_HEAD, PAY_HEAD, csv_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.budget.urls")]
FROZEN = dt.datetime(2026, 11, 26, 10, tzinfo=dt.UTC)
API = "/api/v1/budget"


def _data(cast):
    services.import_file(actor=cast.clerk, congress=cast.congress, kind="indicators", filename="i", data=csv_bytes(
        IND_HEAD + "2026,文1,001001,2130314,30201,P-01,防汛,一般公共预算,年初预算,5000\n"))
    services.import_file(actor=cast.clerk, congress=cast.congress, kind="payments", filename="p", data=csv_bytes(
        PAY_HEAD + "2026-03-05,V1,001001,2130314,30201,P-01,6000,甲公司,直接支付,抢险\n"))


def _other_deputy(cast):
    from renda.core.roles import Role
    from renda.demo.builders import make_user
    from renda.deputies.models import Deputy

    mine = Deputy.objects.get(congress=cast.congress, person=cast.deputy.person).delegation_id
    other = Deputy.objects.filter(congress=cast.congress).exclude(delegation_id=mine).exclude(
        person__in=[u.person_id for u in (cast.member, cast.leader) if u.person_id]).first()
    return make_user("deputy2", cast.password, congress=cast.congress, role=Role.DEPUTY, display_name="另一代表",
                     person=other.person)


def _get(client, user, url):
    client.force_login(user)
    return client.get(url)


@time_machine.travel(FROZEN, tick=False)
def test_questions_api_pages_filters_and_access(budget_world, client):
    cast = budget_world
    unit = BudgetUnit.objects.get(congress=cast.congress, code="001001")
    mine = [services.question_raise(actor=cast.deputy, text=f"防汛项目第{i}笔支付为何超预算？", year=2026, unit=unit,
                                    project_code="P-01", alert_kind="over_budget") for i in range(3)]
    other = _other_deputy(cast)
    theirs = services.question_raise(actor=other, text="教育局的项目执行为何偏慢？", year=2026)
    answered = services.question_transition(actor=cast.other_committee, question=mine[0], action="answer",
                                            answer="已核实，系应急抢险。")
    assert answered.status == QuestionStatus.ANSWERED
    # the deputy: only their own, newest first, labelled
    r = _get(client, cast.deputy, f"{API}/questions")
    assert r.status_code == 200
    body = r.json()
    assert body["count"] == 3 and body["pages"] == 1
    assert [q["id"] for q in body["items"]] == [q.pk for q in reversed(mine)]
    first = body["items"][-1]
    assert first["status"] == "answered" and first["status_label"] == "已答复" and first["answer"] == "已核实，系应急抢险。"
    assert first["alert_label"] and first["unit"] == str(unit)
    # the page's filters: status, year; a value the page does not offer is a 422 (the page: 400)
    assert [q["id"] for q in client.get(f"{API}/questions?status=pending").json()["items"]] == [
        mine[2].pk, mine[1].pk]
    assert client.get(f"{API}/questions?year=2025").json()["count"] == 0
    assert client.get(f"{API}/questions?status=bogus").status_code == 422
    assert client.get(f"{API}/questions?page=0").status_code == 422
    # one question: theirs is a 404 to this deputy
    assert client.get(f"{API}/questions/{mine[1].pk}").json()["text"] == mine[1].text
    assert client.get(f"{API}/questions/{theirs.pk}").status_code == 404
    for bad in ("abc", "-1", str(2**60)):  # not an id: 404 or 422, in JSON, never a 500
        r = client.get(f"{API}/questions/{bad}")
        assert r.status_code in (404, 422) and r["Content-Type"].startswith("application/json"), bad
    # the finance bodies see the queue; units, members, committees none (403 for the list, 404 for one)
    assert _get(client, cast.other_committee, f"{API}/questions").json()["count"] == 4
    for name in ("unit_user", "member", "committee"):
        assert _get(client, getattr(cast, name), f"{API}/questions").status_code == 403, name
        assert client.get(f"{API}/questions/{theirs.pk}").status_code == 404, name
    # another congress's office: its own (empty) list, never this one's rows
    assert _get(client, cast.outsider_clerk, f"{API}/questions").json()["count"] == 0
    assert client.get(f"{API}/questions/{mine[0].pk}").status_code == 404
    client.logout()
    assert client.get(f"{API}/questions").status_code == 401


@time_machine.travel(FROZEN, tick=False)
def test_questions_page_filters_and_pager(budget_world, client):
    cast = budget_world
    for i in range(52):
        services.question_raise(actor=cast.deputy, text=f"第{i:02d}个预算问题请说明", year=2026)
    client.force_login(cast.deputy)
    body = client.get("/budget/questions/").content.decode()
    assert "第51个预算问题" in body and "第01个预算问题" not in body and "第 1 / 2 页（共 52 项）" in body
    body = client.get("/budget/questions/?page=2&status=pending").content.decode()
    assert "第01个预算问题" in body and "第51个预算问题" not in body
    assert "没有问题" in client.get("/budget/questions/?status=closed").content.decode()
    r = client.get("/budget/questions/?status=bogus")
    assert r.status_code == 400 and "状态" in r.content.decode()
    assert client.get("/budget/questions/?year=abc").status_code == 400
    assert client.get(f"{API}/questions?page=2").json()["items"][-1]["text"] == "第00个预算问题请说明"


@time_machine.travel(FROZEN, tick=False)
def test_queries_api_is_paged_and_a_unit_sees_only_its_own(budget_world, client):
    cast = budget_world
    water, edu = cast.city.units["市水务局"], cast.city.units["市教育局"]
    made = {}
    for title, org, send in (("甲", water, True), ("乙", edu, True), ("丙", water, False)):
        q = services.query_create(actor=cast.other_committee, year=2026, title=f"函询{title}", question="请说明。",
                                  addressee=org, reply_due=dt.date(2026, 12, 10))
        if send:
            q = services.query_transition(actor=cast.other_committee, query=q, action="send")
        made[title] = q
    r = _get(client, cast.other_committee, f"{API}/queries")
    assert [q["title"] for q in r.json()["items"]] == ["函询丙", "函询乙", "函询甲"]
    assert [q["title"] for q in client.get(f"{API}/queries?status=drafting").json()["items"]] == ["函询丙"]
    assert client.get(f"{API}/queries?status=nope").status_code == 422
    r = _get(client, cast.unit_user, f"{API}/queries")
    assert [q["title"] for q in r.json()["items"]] == ["函询甲"]
    assert r.json()["items"][0]["status_label"] == "已发函，待答复"
    assert client.get(f"{API}/queries/{made['乙'].pk}").status_code == 404
    assert [q["title"] for q in _get(client, cast.member, f"{API}/queries").json()["items"]] == ["函询乙", "函询甲"]
    # the page offers the same filter
    body = _get(client, cast.other_committee, "/budget/queries/?status=sent").content.decode()
    assert "函询甲" in body and "函询丙" not in body


@time_machine.travel(FROZEN, tick=False)
def test_batches_alerts_and_execution_api(budget_world, client):
    cast = budget_world
    _data(cast)
    bad = services.import_file(actor=cast.clerk, congress=cast.congress, kind="payments", filename="bad.csv",
                               data=csv_bytes(PAY_HEAD + "2026-13-05,V9,001001,2130314,30201,,1,乙,直接支付,\n"))
    # import records: the importers only; the refused file's row report
    r = _get(client, cast.clerk, f"{API}/batches")
    assert r.status_code == 200 and r.json()["count"] == 4
    assert [b["filename"] for b in client.get(f"{API}/batches?status=refused").json()["items"]] == ["bad.csv"]
    assert client.get(f"{API}/batches?kind=units").json()["items"][0]["kind_label"] == "预算单位"
    detail = client.get(f"{API}/batches/{bad.pk}").json()
    assert detail["status_label"] == "已拒绝" and detail["report"][0]["row"] == 2 and "第 2 行" in detail["report"][0][
        "message"]
    for name in ("member", "deputy", "unit_user"):
        assert _get(client, getattr(cast, name), f"{API}/batches").status_code == 403, name
        assert client.get(f"{API}/batches/{bad.pk}").status_code == 404, name
    assert _get(client, cast.outsider_clerk, f"{API}/batches").json()["count"] == 0
    # alerts: as on the alerts page (managers)
    r = _get(client, cast.clerk, f"{API}/alerts?as_of=2026-11-26")
    alerts = r.json()
    assert r.status_code == 200 and alerts["as_of"] == "2026-11-26"
    over = [a for a in alerts["items"] if a["kind"] == "over_budget"]
    assert over and over[0]["unit"] == "001001" and over[0]["vouchers"] == ["V1"] and over[0]["kind_label"]
    assert client.get(f"{API}/alerts?as_of=2026-11-26&kind=debt_limit").json()["count"] == len(
        [a for a in alerts["items"] if a["kind"] == "debt_limit"])
    assert client.get(f"{API}/alerts?as_of=not-a-date").status_code == 422
    assert _get(client, cast.member, f"{API}/alerts").status_code == 403
    # execution: the drill-down; payees only for the managers; a bad code is a Chinese 422
    unit = BudgetUnit.objects.get(congress=cast.congress, code="001001")
    top = _get(client, cast.member, f"{API}/execution?year=2026&month=11").json()
    assert top["level"] == "dept" and top["budget"] == "5000.00" and top["paid"] == "6000.00"
    assert [row["label"] for row in top["rows"]] == ["市水务局"]
    url = f"{API}/execution?year=2026&month=11&unit={unit.pk}&func=2130314&project=P-01"
    pays = client.get(url).json()
    assert pays["level"] == "payment" and pays["payments"][0]["payee"] == "—"
    assert pays["payments"][0]["method_label"] == "直接支付" and pays["payments"][0]["amount"] == "6000.00"
    assert _get(client, cast.clerk, url).json()["payments"][0]["payee"] == "甲公司"
    r = client.get(f"{API}/execution?year=2026&func=2130314")
    assert r.status_code == 422 and "功能科目" in str(r.json()["errors"])
    assert _get(client, cast.unit_user, f"{API}/execution").status_code == 403
    assert _get(client, cast.outsider_clerk, url).status_code == 404  # another congress's unit


def test_list_filters_are_core_filters_refusing_what_the_page_does_not_offer():
    """The budget lists declare their filters with core.filters (QueryFilters) like every module, and like every
    module refuse a value they do not offer (400 with the reason, as the API's 422) instead of ignoring it."""
    from renda.budget import selectors
    from renda.budget.models import ImportKind
    from renda.core.filters import FilterRefused, QueryFilters

    assert issubclass(selectors.ListFilters, QueryFilters)
    f = selectors.list_filters({"status": " sent ", "year": "2026"}, selectors.QUERY_STATUSES)
    assert (f.status, f.year, f.kind) == ("sent", 2026, "") and f.querystring() == "status=sent&year=2026"
    assert selectors.list_filters({}, selectors.QUERY_STATUSES) == selectors.ListFilters()
    f = selectors.list_filters({"kind": "final"}, selectors.BATCH_STATUSES, ImportKind.choices)
    assert f.kind == "final"
    with pytest.raises(FilterRefused) as exc:
        selectors.list_filters({"status": "bogus", "year": "1800", "kind": "final"}, selectors.QUERY_STATUSES)
    assert list(exc.value.errors.values()) == ["状态“bogus”不在可选范围内", "年度应为整数（1990 至 2100），而不是“1800”",
                                               "数据类型“final”不在可选范围内"]
    for bad in ({"year": "abc"}, {"year": "２０２６"}, {"status": "closed", "kind": "x"}):
        with pytest.raises(FilterRefused):
            selectors.list_filters(bad, selectors.QUESTION_STATUSES)
