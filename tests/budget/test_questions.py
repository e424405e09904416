"""Deputies' questions (BudgetQuestion): the queue of the 预算工委, turned into a 函询 whose outcome answers the
deputy; who sees what (deputy of another delegation, unit not addressed, other congress → 404); the deputy's phone
page with their area first; the inbox."""

import datetime as dt

import pytest
import time_machine

from renda.budget import services
from renda.budget.models import BudgetQuery, BudgetQuestion, BudgetUnit, QueryStatus, QuestionStatus
from renda.core import inbox
from renda.deputies.models import Deputy

from .conftest import IND_HEAD, PAY_HEAD, csv_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.budget.urls")]
FROZEN = dt.datetime(2026, 11, 26, 10, tzinfo=dt.UTC)


def _data(cast, payments=3):
    c = cast.congress
    services.import_file(actor=cast.clerk, congress=c, kind="indicators", filename="i", data=csv_bytes(
        IND_HEAD + "2026,文1,001001,2130314,30201,P-01,防汛,一般公共预算,年初预算,5000\n"
                   "2026,文1,002,2050202,30201,,办学,一般公共预算,年初预算,800\n"))
    rows = "".join(f"2026-0{1 + i % 9}-05,V{i},001001,2130314,30201,P-01,10,甲公司{i},直接支付,\n"
                   for i in range(payments))
    services.import_file(actor=cast.clerk, congress=c, kind="payments", filename="p", data=csv_bytes(PAY_HEAD + rows))


def _other_deputy(cast):
    """A deputy user of another delegation than cast.deputy's."""
    from renda.core.roles import Role
    from renda.demo.builders import make_user

    mine = Deputy.objects.get(congress=cast.congress, person=cast.deputy.person).delegation_id
    other = Deputy.objects.filter(congress=cast.congress).exclude(delegation_id=mine).exclude(
        person__in=[u.person_id for u in (cast.member, cast.leader) if u.person_id]).first()
    return make_user("deputy2", cast.password, congress=cast.congress, role=Role.DEPUTY, display_name="另一代表",
                     person=other.person)


def _area(cast) -> str:
    return Deputy.objects.get(congress=cast.congress, person=cast.deputy.person).delegation.name.removesuffix("代表团")


@time_machine.travel(FROZEN, tick=False)
def test_question_to_query_and_back_to_the_deputy(budget_world, client):
    cast = budget_world
    unit = BudgetUnit.objects.get(congress=cast.congress, code="001001")
    client.force_login(cast.deputy)
    r = client.post("/budget/questions/new/", {"text": "市水文站防汛项目支付进度为何超过预算？", "unit": "001001",
                                               "project_code": "P-01", "alert_kind": "over_budget"})
    assert r.status_code == 302
    q = BudgetQuestion.objects.get()
    assert (q.deputy, q.unit, q.status, q.delegation) == (cast.deputy, unit, QuestionStatus.PENDING,
                                                           f"{_area(cast)}代表团")
    assert client.get(f"/budget/questions/{q.pk}/").status_code == 200
    # bad input: a Chinese 400, never a 500
    r = client.post("/budget/questions/new/", {"text": "某单位的项目为何执行偏慢？", "unit": "999"})
    assert r.status_code == 400 and "没有该预算单位编码" in r.content.decode()
    assert client.post("/budget/questions/new/", {"text": "短"}).status_code == 400
    # in the 预算工委's inbox, due in BUDGET-QUESTION days (15)
    [item] = [i for i in inbox.items(cast.other_committee) if i.kind == "代表预算问题"]
    assert item.obj == q and item.due == dt.date(2026, 12, 11)
    assert sorted(t.action for t in item.steps) == ["answer", "to_query"]
    assert not [i for i in inbox.items(cast.deputy) if i.kind == "代表预算问题"]
    assert not [i for i in inbox.items(cast.unit_user) if i.kind == "代表预算问题"]
    # the deputy cannot handle it (kit endpoint: 403)
    water = cast.city.units["市水务局"]
    r = client.post(f"/budget/questions/{q.pk}/act/to_query/", {"addressee": water.pk, "reply_due": "2026-12-20",
                                                                "title": "关于防汛项目的函询"})
    assert r.status_code == 403
    client.force_login(cast.other_committee)
    r = client.post(f"/budget/questions/{q.pk}/act/to_query/", {"addressee": water.pk, "reply_due": "2026-11-20",
                                                                "title": "关于防汛项目的函询"})
    assert r.status_code == 409  # 答复期限须晚于今天
    r = client.post(f"/budget/questions/{q.pk}/act/to_query/", {"addressee": water.pk, "reply_due": "2026-12-20",
                                                                "title": "关于防汛项目的函询"})
    assert r.status_code == 302
    q.refresh_from_db()
    assert q.status == QuestionStatus.TO_QUERY and q.query.status == QueryStatus.DRAFTING
    assert q.query.addressee == water and "市水文站防汛项目" in q.query.question and q.query.unit == unit
    # the draft is not the unit's yet; once sent it is, but the deputy's question never is
    client.force_login(cast.unit_user)
    assert client.get(f"/budget/queries/{q.query.pk}/").status_code == 404
    query = services.query_transition(actor=cast.other_committee, query=q.query, action="send")
    assert client.get(f"/budget/queries/{query.pk}/").status_code == 200
    assert client.get(f"/budget/questions/{q.pk}/").status_code == 404
    assert client.get("/budget/questions/").status_code == 403
    query = services.query_transition(actor=cast.unit_user, query=query, action="reply",
                                      reply="系汛期应急抢险，已申请追加预算指标。")
    services.query_transition(actor=cast.other_committee, query=query, action="close", outcome="to_review",
                              outcome_note="纳入初审意见")
    q.refresh_from_db()
    assert q.status == QuestionStatus.ANSWERED and q.answered_on == dt.date(2026, 11, 26)
    assert "已申请追加预算指标" in q.answer and "纳入预算审查（初审意见）" in q.answer
    client.force_login(cast.deputy)
    body = client.get(f"/budget/questions/{q.pk}/").content.decode()
    assert "已答复" in body and "纳入预算审查" in body and "超预算支付" in body and "over_budget" not in body


@time_machine.travel(FROZEN, tick=False)
def test_answer_directly_and_close_needs_a_reason(budget_world):
    cast = budget_world
    q = services.question_raise(actor=cast.deputy, text="全市三公经费执行情况如何？", year=2026)
    with pytest.raises(Exception, match="不少于 5 个字"):
        services.question_transition(actor=cast.other_committee, question=q, action="answer", answer="好")
    q = services.question_transition(actor=cast.other_committee, question=q, action="answer",
                                     answer="截至11月末三公经费执行率为62.0%，低于上年同期。")
    assert q.status == QuestionStatus.ANSWERED and not BudgetQuery.objects.exists()
    with pytest.raises(Exception, match="说明"):
        services.question_transition(actor=cast.other_committee, question=q, action="close")
    q = services.question_transition(actor=cast.other_committee, question=q, action="close", note="已答复，关闭。")
    assert q.status == QuestionStatus.CLOSED
    # only deputies raise questions; units, members, office cannot
    for name in ("unit_user", "member", "clerk", "other_committee"):
        with pytest.raises(Exception, match="只有人大代表"):
            services.question_raise(actor=getattr(cast, name), text="一个问题一个问题", year=2026)


@time_machine.travel(FROZEN, tick=False)
def test_who_sees_a_question(budget_world, client):
    cast = budget_world
    q = services.question_raise(actor=cast.deputy, text="市教育局的办学经费执行为何偏慢？", year=2026)
    other_deputy = _other_deputy(cast)
    expect = {"deputy": 200, "clerk": 200, "leader": 200, "admin": 200, "other_committee": 200,
              "committee": 404, "member": 404, "unit_user": 404, "other_unit_user": 404, "outsider_clerk": 404}
    for name, status in expect.items():
        client.force_login(getattr(cast, name))
        assert client.get(f"/budget/questions/{q.pk}/").status_code == status, name
        assert client.get(f"/api/v1/workflow/budget.question/{q.pk}/actions").status_code in (
            (200,) if status == 200 else (404,)), name
    client.force_login(other_deputy)
    assert client.get(f"/budget/questions/{q.pk}/").status_code == 404
    assert "办学经费" not in client.get("/budget/questions/").content.decode()
    assert "办学经费" not in client.get("/budget/deputy/").content.decode()
    client.force_login(cast.outsider_clerk)
    assert client.post(f"/budget/questions/{q.pk}/act/answer/", {"answer": "乙市来答复此问题"}).status_code == 404
    q.refresh_from_db()
    assert q.status == QuestionStatus.PENDING
    client.logout()
    assert client.get(f"/budget/questions/{q.pk}/").status_code == 302


@time_machine.travel(FROZEN, tick=False)
def test_deputy_page_puts_the_delegation_area_first(budget_world, client):
    cast = budget_world
    _data(cast)
    BudgetUnit.objects.filter(congress=cast.congress, code="001001").update(area=_area(cast))
    client.force_login(cast.deputy)
    r = client.get("/budget/deputy/?year=2026&month=11")
    body = r.content.decode()
    assert r.status_code == 200
    area_section = body.index(f"{_area(cast)}的预算单位")
    assert area_section < body.index("全市各主管部门")
    assert body.index("市水文站") > area_section and "提出问题" in body
    assert "甲公司" not in body  # no payees for deputies
    assert client.get("/budget/deputy/?month=13").status_code == 400
    client.force_login(cast.unit_user)
    assert client.get("/budget/deputy/").status_code == 403
    client.force_login(cast.outsider_clerk)
    assert "市水文站" not in client.get("/budget/deputy/").content.decode()


@time_machine.travel(FROZEN, tick=False)
@pytest.mark.parametrize("page", ["/budget/deputy/?year=2026&month=11", "/budget/review/?year=2026"])
def test_deputy_and_review_pages_queries_do_not_grow_with_volume(budget_world, client, page):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cast = budget_world
    BudgetUnit.objects.filter(congress=cast.congress).update(area=_area(cast))
    water = cast.city.units["市水务局"]
    counts = []
    for n in (3, 40):
        _data(cast, payments=n)
        for i in range(n // 3):
            services.question_raise(actor=cast.deputy, text=f"问题第{n}-{i}号：执行进度？", year=2026)
            qy = services.query_create(actor=cast.other_committee, year=2026, title=f"函询{n}-{i}", question="请说明。",
                                       addressee=water, reply_due=dt.date(2026, 12, 10))
            services.query_transition(actor=cast.other_committee, query=qy, action="send")
        client.force_login(cast.deputy if "deputy" in page else cast.other_committee)
        with CaptureQueriesContext(connection) as ctx:
            r = client.get(page)
        assert r.status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts


@time_machine.travel(FROZEN, tick=False)
def test_open_queries_are_on_the_finance_bodies_inbox(budget_world):
    """函询 waiting on the 预算工委 (to send a draft, to decide on a reply) are in its staff's 待办 with the deadline;
    one waiting on the unit is the unit's; a closed one is no one's. Leaders (who take no step on a 函询) and
    deputies have no 函询 to-do."""
    cast = budget_world
    water = cast.city.units["市水务局"]
    mk = [services.query_create(actor=cast.other_committee, year=2026, title=f"函询{i}", question="请说明。",
                                addressee=water, reply_due=dt.date(2026, 12, 10 + i)) for i in range(3)]
    sent = services.query_transition(actor=cast.other_committee, query=mk[1], action="send")
    replied = services.query_transition(actor=cast.other_committee, query=mk[2], action="send")
    replied = services.query_transition(actor=cast.unit_user, query=replied, action="reply", reply="已经作出说明。")

    def todo(user):
        return {(i.obj.pk, tuple(t.action for t in i.steps), i.due) for i in inbox.items(user) if i.kind == "预算函询"}

    assert todo(cast.other_committee) == {(mk[0].pk, ("send",), dt.date(2026, 12, 10)),
                                          (replied.pk, ("close",), dt.date(2026, 12, 12))}
    assert todo(cast.unit_user) == {(sent.pk, ("reply",), dt.date(2026, 12, 11))}
    assert todo(cast.leader) == todo(cast.deputy) == todo(cast.other_unit_user) == set()
    services.query_transition(actor=cast.other_committee, query=replied, action="close", outcome="explained")
    assert todo(cast.other_committee) == {(mk[0].pk, ("send",), dt.date(2026, 12, 10))}
