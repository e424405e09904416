"""Provincial deputies elected by the city congress (选举法 第五十一条至第五十五条、第五十七条): recall between sessions
(主任会议 or ≥ 1/5 of members; 申辩; secret ballot; more than half of ALL members), resignation, by-election, filing."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from tests.conftest import login

from renda.core.errors import RuleViolation
from renda.core.models import Person, Term
from renda.deputies.upper import services
from renda.deputies.upper.models import UpperCaseStatus, UpperDeputy, UpperDeputyCase

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 9, 10, 10, tzinfo=dt.UTC)
Kind = UpperDeputyCase.Kind


@pytest.fixture
def upper(cast):
    c = cast
    person = Person.objects.create(congress=c.congress, name="省代表甲")
    c.upper = UpperDeputy.objects.create(congress=c.congress, person=person, term=Term.objects.get(congress=c.congress),
                                         elected_on=dt.date(2026, 1, 13))
    return c


@time_machine.travel(NOW, tick=False)
def test_recall_proposed_by_a_fifth_of_members_at_the_edge(upper):
    c = upper  # 11 members: 3 is at least 1/5 (2.2), 2 is not
    with pytest.raises(RuleViolation) as exc:
        services.case_create(actor=c.clerk, kind=Kind.RECALL, deputy=c.upper, proposer="members", cosigners=2,
                             reason="严重违法")
    assert exc.value.rule.id == "DEP-UPPER-RECALL" and "五分之一" in exc.value.message
    with pytest.raises(RuleViolation):  # a deputy's own request is no recall
        services.case_create(actor=c.clerk, kind=Kind.RECALL, deputy=c.upper, proposer="deputy", reason="x")
    case = services.case_create(actor=c.clerk, kind=Kind.RECALL, deputy=c.upper, proposer="members", cosigners=3,
                                reason="严重违法")
    assert case.status == UpperCaseStatus.PROPOSED


@time_machine.travel(NOW, tick=False)
def test_recall_needs_the_defence_then_more_than_half_of_all_members(upper):
    c = upper
    case = services.case_create(actor=c.clerk, kind=Kind.RECALL, deputy=c.upper, proposer="chairs", reason="严重违法")
    with pytest.raises(RuleViolation) as exc:  # no vote before the defence was printed
        services.case_transition(actor=c.clerk, case=case, action="adopt", votes_for=10, votes_against=0,
                                 abstentions=0)
    assert "申辩" in exc.value.message
    with pytest.raises(RuleViolation):
        services.case_transition(actor=c.clerk, case=case, action="defend")
    case = services.case_transition(actor=c.clerk, case=case, action="defend", none_given=True)
    assert case.defence == "代表未提出申辩意见。"
    with pytest.raises(RuleViolation) as exc:  # 5 of 11 (all members, not those present)
        services.case_transition(actor=c.clerk, case=case, action="adopt", votes_for=5, votes_against=1,
                                 abstentions=0)
    assert "11 名" in exc.value.message
    with pytest.raises(RuleViolation):  # more ballots than members
        services.case_transition(actor=c.clerk, case=case, action="adopt", votes_for=8, votes_against=4,
                                 abstentions=0)
    case = services.case_transition(actor=c.clerk, case=case, action="adopt", votes_for=6, votes_against=3,
                                    abstentions=1)
    c.upper.refresh_from_db()
    assert case.status == UpperCaseStatus.PASSED and c.upper.status == UpperDeputy.Status.REMOVED
    case = services.case_transition(actor=c.clerk, case=case, action="file", filed_ref="甲人常〔2026〕9号")
    assert case.status == UpperCaseStatus.FILED


@time_machine.travel(NOW, tick=False)
def test_resignation_and_by_election(upper):
    c = upper
    res = services.case_create(actor=c.clerk, kind=Kind.RESIGNATION, deputy=c.upper, proposer="", reason="工作调动")
    with pytest.raises(RuleViolation):  # 6 for is a majority: not a failure
        services.case_transition(actor=c.clerk, case=res, action="reject", votes_for=6, votes_against=5,
                                 abstentions=0)
    res = services.case_transition(actor=c.clerk, case=res, action="adopt", votes_for=9, votes_against=0,
                                   abstentions=0)
    c.upper.refresh_from_db()
    assert c.upper.status == UpperDeputy.Status.RESIGNED
    candidate = Person.objects.create(congress=c.congress, name="候选人乙")
    with pytest.raises(RuleViolation):  # fewer candidates than seats
        services.case_create(actor=c.clerk, kind=Kind.BY_ELECTION, candidate=candidate, seats=2, candidates_count=1,
                             proposer="", reason="出缺")
    by = services.case_create(actor=c.clerk, kind=Kind.BY_ELECTION, candidate=candidate, seats=1,
                              candidates_count=1, proposer="", reason="出缺补选")  # equal numbers allowed
    by = services.case_transition(actor=c.clerk, case=by, action="adopt", votes_for=7, votes_against=2,
                                  abstentions=1)
    assert UpperDeputy.objects.get(person=candidate).status == UpperDeputy.Status.SERVING


def test_during_a_session_the_committee_does_not_act(upper):
    c = upper
    with time_machine.travel(dt.datetime(2026, 1, 12, 10, tzinfo=dt.UTC), tick=False):
        with pytest.raises(RuleViolation) as exc:
            services.case_create(actor=c.clerk, kind=Kind.RESIGNATION, deputy=c.upper, proposer="", reason="调动")
        assert "闭会期间" in exc.value.message


@time_machine.travel(NOW, tick=False)
def test_pages_and_visibility(upper):
    c = upper
    client = login(c.clerk)
    r = client.post(reverse("deputies:upper_case_create"), {"kind": "resignation", "deputy": c.upper.pk,
                                                            "reason": "工作调动"})
    assert r.status_code == 302
    case = UpperDeputyCase.objects.get(congress=c.congress)
    assert login(c.member).get(reverse("deputies:upper_case", args=[case.pk])).status_code == 200
    for user in (c.deputy, c.unit_user, c.outsider_clerk):
        assert login(user).get(reverse("deputies:upper_case", args=[case.pk])).status_code == 404
    assert "省代表甲" in login(c.deputy).get(reverse("deputies:uppers")).content.decode()
    r = client.post(f"/api/v1/workflow/deputies.uppercase/{case.pk}/adopt",
                    {"votes_for": 3, "votes_against": 0, "abstentions": 0}, content_type="application/json")
    assert r.status_code == 409
