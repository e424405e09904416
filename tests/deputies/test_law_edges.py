"""DEP-RESIGN as the law has it (选举法 第五十五条): a city deputy resigns to the standing committee of the congress
that elected them (the district's), which accepts; the city committee records that resolution and announces it
(备案、公告) without a vote of its own. A county-level deputy resigns to this committee, which votes (第二款)."""

import datetime as dt

import pytest
import time_machine

from renda.core.errors import RuleViolation
from renda.core.models import Congress
from renda.deputies import services
from renda.deputies.models import ChangeStatus, Deputy

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 26, 10, tzinfo=dt.UTC)


def reported_resignation(c):
    change = services.change_create(actor=c.dbw, kind="resignation", deputy=c.peer, occurred_on=dt.date(2026, 11, 2),
                                    reason="书面提出辞职")
    return services.change_transition(actor=c.dbw, change=change, action="report")


@time_machine.travel(NOW, tick=False)
def test_a_city_deputys_resignation_is_recorded_and_announced_without_a_city_vote(dep_world):
    c = dep_world
    change = reported_resignation(c)
    with pytest.raises(RuleViolation) as exc:  # the electing body's resolution is what is recorded
        services.change_transition(actor=c.dbw, change=change, action="accept", votes_for=9)
    assert exc.value.rule.id == "DEP-RESIGN" and "原选举单位的人民代表大会常务委员会接受辞职的决议" in exc.value.message
    with pytest.raises(RuleViolation) as exc:  # nor may the city committee refuse it: not its decision
        services.change_transition(actor=c.dbw, change=change, action="reject", note="不同意")
    assert "本常委会只予备案、公告" in exc.value.message
    done = services.change_transition(actor=c.dbw, change=change, action="accept", effective_on=dt.date(2026, 11, 20),
                                      decision_ref="甲市乙区人大常委会第九次会议决定接受辞职")
    assert done.status == ChangeStatus.ACCEPTED
    assert (done.votes_for, done.members_total) == (None, None)  # no city vote, no count against the city's members
    assert Deputy.objects.get(pk=c.peer.pk).status == Deputy.Status.RESIGNED
    done = services.change_transition(actor=c.dbw, change=done, action="announce", announced_on=dt.date(2026, 11, 21))
    assert done.status == ChangeStatus.ANNOUNCED


@time_machine.travel(NOW, tick=False)
def test_a_county_committee_votes_on_its_own_deputys_resignation(dep_world):
    c = dep_world
    Congress.objects.filter(pk=c.congress.pk).update(level=Congress.Level.COUNTY)
    change = reported_resignation(c)
    with pytest.raises(RuleViolation) as exc:  # 11 members: 5 is not more than half
        services.change_transition(actor=c.dbw, change=change, action="accept", votes_for=5,
                                   decision_ref="县人大常委会决定", effective_on=dt.date(2026, 11, 20))
    assert "未超过常委会组成人员 11 名的半数" in exc.value.message
    done = services.change_transition(actor=c.dbw, change=change, action="accept", votes_for=6,
                                      effective_on=dt.date(2026, 11, 20))
    assert (done.votes_for, done.members_total) == (6, 11)
