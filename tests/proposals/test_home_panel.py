"""The 议案建议 home-page panel, per role: the office's queues, a unit's open work and nearest deadlines, a
deputy's items awaiting their verdict, leadership's key-supervision items and the overdue count."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone
from tests.proposals.factories import assigned

from renda.proposals import selectors, services
from renda.proposals.models import Assignment, Status

pytestmark = pytest.mark.django_db
D = dt.date


def home(user) -> str:
    client = Client()
    client.force_login(user)
    resp = client.get("/")
    assert resp.status_code == 200
    return resp.content.decode()


@pytest.fixture
def world(cast):
    c = cast
    today = timezone.localdate()
    long_ago = today - dt.timedelta(days=200)  # reply deadlines long past: overdue
    c.late = assigned(c, title="关于加快污水管网建设的建议", on=long_ago)
    c.fresh = assigned(c, title="关于河道保洁的建议", on=today)
    c.school = assigned(c, title="关于增加学位的建议", lead="市教育局", on=today)
    c.waiting = services.proposal_submit(actor=c.clerk, title="关于城市绿道的建议", content="建议建设城市绿道网络，" * 3,
                                         lead_deputy=c.city.deputies[0], received_on=long_ago)  # past 交办 time
    services.proposal_submit(actor=c.clerk, title="关于公园改造的建议", content="建议改造老旧公园，增加健身设施。" * 2,
                             lead_deputy=c.city.deputies[1], received_on=today)
    services.return_request(actor=c.other_unit_user, assignment=Assignment.objects.get(proposal=c.school),
                            reason="不属于本单位职责", today=today)
    c.key = services.supervise(actor=c.clerk, proposal=c.late, supervisor=c.city.vice_chairs[0],
                               body=c.city.bodies["cjhb"], today=long_ago)
    return c


def test_office_panel_counts(world):
    c = world
    panel = selectors.home_panel(c.clerk)
    assert (panel["to_assign"], panel["assign_late"], panel["returns"], panel["overdue"]) == (2, 1, 1, 1)
    page = home(c.clerk)
    assert "待交办 2 件" in page and "超过交办时限 1 件" in page and "待决定的退回申请 1 件" in page
    assert "逾期未答复 1 件" in page


def test_unit_panel_open_assignments_nearest_first(world):
    c = world
    panel = selectors.home_panel(c.unit_user)
    assert [a.proposal_id for a in panel["nearest"]] == [c.late.pk, c.fresh.pk]
    assert panel["nearest"][0].late and not panel["nearest"][1].late and panel["open_count"] == 2
    page = home(c.unit_user)
    assert "关于加快污水管网建设的建议" in page and "已逾期" in page and "关于增加学位的建议" not in page
    # The other unit sees only its own (the item it asked to return).
    other = selectors.home_panel(c.other_unit_user)
    assert [a.proposal_id for a in other["nearest"]] == [c.school.pk]
    assert "关于加快污水管网建设的建议" not in home(c.other_unit_user)


def test_deputy_panel_lists_items_awaiting_their_verdict(world):
    c = world
    mine = assigned(c, title="关于社区养老的建议", on=timezone.localdate())  # led by c.deputy
    assert selectors.home_panel(c.deputy) is None or not selectors.home_panel(c.deputy)["awaiting"]
    services.reply_submit(actor=c.unit_user, assignment=Assignment.objects.get(proposal=mine), text="已答复",
                          result_class="A", communication="letter", signer="局长")
    assert [p.pk for p in selectors.home_panel(c.deputy)["awaiting"]] == [mine.pk]
    assert "待您测评的答复" in home(c.deputy) and "关于社区养老的建议" in home(c.deputy)
    services.proposal_rate(actor=c.deputy, proposal=mine, verdict="satisfied")
    mine.refresh_from_db()
    assert mine.status == Status.CLOSED
    panel = selectors.home_panel(c.deputy)
    assert panel is None or mine.pk not in [p.pk for p in panel["awaiting"]]


def test_leadership_panel_key_items_and_overdue(world):
    c = world
    panel = selectors.home_panel(c.leader)
    assert [p.pk for p in panel["key"]] == [c.late.pk] and panel["overdue"] == 1
    assert panel["key"][0].overdue and panel["key"][0].report_late  # no progress report for months
    page = home(c.leader)
    assert "重点督办件" in page and "关于加快污水管网建设的建议" in page and "进展报告到期未报" in page
    # The committee in charge sees its supervised items; another committee gets no panel; a member none.
    assert [p.pk for p in selectors.home_panel(c.committee)["key"]] == [c.late.pk]
    assert selectors.home_panel(c.other_committee) is None
    assert selectors.home_panel(c.member) is None
    # Another congress's office sees nothing of this one.
    outsider = selectors.home_panel(c.outsider_clerk)
    assert (outsider["to_assign"], outsider["overdue"], outsider["returns"]) == (0, 0, 0)


def test_panel_query_count_is_fixed(world, django_assert_max_num_queries):
    c = world
    for i in range(5):
        assigned(c, title=f"关于道路养护的建议{i}", on=timezone.localdate())
    with django_assert_max_num_queries(12):
        selectors.home_panel(c.unit_user)
    with django_assert_max_num_queries(8):
        selectors.home_panel(c.leader)
