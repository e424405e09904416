"""Elections at the session: the 差额 at opening, deputies' own secret ballots with receipts, the count of ALL
deputies, the further round of a tie and the 另行选举 of a shortfall."""

import pytest
from tests.assembly.conftest import deputy_user
from tests.conftest import login

from renda.assembly import services
from renda.assembly.models import Candidate, ElectionBallot, ElectionMark, ElectionStatus
from renda.core.errors import RuleViolation

pytestmark = pytest.mark.django_db


def _open(c, office_kind, places, names, office="某职务"):
    e = services.election_create(actor=c.clerk, session=c.session, office=office, office_kind=office_kind,
                                 places=places, candidates=names)
    return services.election_transition(actor=c.clerk, election=e, action="open")


def test_the_margin_of_article_27_is_checked_when_voting_opens(in_session):
    c = in_session
    e = services.election_create(actor=c.clerk, session=c.session, office="副市长", office_kind="deputy", places=2,
                                 candidates=["甲", "乙"])
    r = login(c.clerk).post(f"/api/v1/workflow/assembly.election/{e.pk}/open", {}, content_type="application/json")
    assert r.status_code == 409 and r.json()["rule"] == "ASM-ELECT-MARGIN"
    assert "多1至3人" in r.json()["detail"]


def test_secret_ballots_through_the_page_and_the_api_elect_with_a_majority_of_all(in_session):
    c = in_session
    e = _open(c, "chief", 1, ["甲", "乙"], office="市长")
    a, b = list(e.candidates.order_by("order"))
    deputies = c.city.deputies
    receipts = set()
    for i, d in enumerate(deputies[:11]):  # 11 of 20: more than half of ALL deputies
        client = login(deputy_user(c, d))
        if i % 2:
            r = client.post(f"/api/v1/assembly/elections/{e.pk}/cast", {"choices": {str(a.pk): "yes",
                                                                                   str(b.pk): "no"}},
                            content_type="application/json")
            assert r.status_code == 200, r.content
            receipts.add(r.json()["receipt"])
        else:
            r = client.post(f"/assembly/elections/{e.pk}/", {f"c{a.pk}": "yes", f"c{b.pk}": "abstain"})
            assert r.status_code == 200 and "回执码" in r.content.decode()
    assert len(receipts) == 5
    # a second vote is refused; a ballot marking two for one place is refused
    again = login(deputy_user(c, deputies[0]))
    r = again.post(f"/api/v1/assembly/elections/{e.pk}/cast", {"choices": {str(a.pk): "yes"}},
                   content_type="application/json")
    assert r.status_code == 409
    r = login(deputy_user(c, deputies[12])).post(
        f"/api/v1/assembly/elections/{e.pk}/cast", {"choices": {str(a.pk): "yes", str(b.pk): "yes"}},
        content_type="application/json")
    assert r.status_code == 422 or r.status_code == 400
    # nothing links a ballot to a voter
    assert {f.name for f in ElectionBallot._meta.get_fields()} >= {"choices", "receipt_hash"}
    assert not any(f.name in ("person", "voter", "created_at") for f in ElectionBallot._meta.get_fields())
    assert ElectionMark.objects.filter(election=e).count() == 11 == ElectionBallot.objects.filter(election=e).count()
    # results only after the count
    r = login(c.member).get(f"/api/v1/assembly/elections/{e.pk}").json()
    assert r["candidates"][0]["yes"] is None
    e = services.election_transition(actor=c.clerk, election=e, action="count")
    a.refresh_from_db()
    assert e.status == ElectionStatus.COUNTED and a.yes == 11 and a.elected
    assert "当选：甲" in e.outcome


def test_exactly_half_is_not_elected_and_the_shortfall_goes_to_another_election(in_session):
    c = in_session
    e = _open(c, "deputy", 2, ["甲", "乙", "丙"], office="副市长")
    ids = {cand.name: str(cand.pk) for cand in e.candidates.all()}
    # 20 deputies: 甲 15 (elected), 乙 10 (exactly half: not), 丙 4
    ballots = ([{"choices": {ids["甲"]: "yes", ids["乙"]: "yes"}}] * 10
               + [{"choices": {ids["甲"]: "yes", ids["丙"]: "yes"}}] * 4 + [{"choices": {ids["甲"]: "yes"}}]
               + [{"choices": {ids["甲"]: "no"}}] * 3)
    services.election_paper_ballots(actor=c.clerk, election=e, voters=18, ballots=ballots)
    e = services.election_transition(actor=c.clerk, election=e, action="count")
    elected = {x.name: x.elected for x in Candidate.objects.filter(election=e)}
    assert elected == {"甲": True, "乙": False, "丙": False}
    assert "不足 1 名" in e.outcome
    nxt = services.election_next_round(actor=c.clerk, election=e)
    # another election for one place, candidates in the order of the first vote with the 差额 (one more)
    assert nxt.round == 2 and nxt.places == 1 and [x.name for x in nxt.candidates.order_by("order")] == ["乙", "丙"]
    with pytest.raises(RuleViolation):
        services.election_next_round(actor=c.clerk, election=e)


def test_a_tie_at_the_cut_is_voted_again_among_the_tied(in_session):
    c = in_session
    e = _open(c, "deputy", 2, ["甲", "乙", "丙"], office="副市长")
    ids = {cand.name: str(cand.pk) for cand in e.candidates.all()}
    pair = lambda x, y: {"choices": {ids[x]: "yes", ids[y]: "yes"}}  # noqa: E731
    # 20 deputies: 甲 14, 乙 12, 丙 12 — all pass; 甲 elected, 乙 and 丙 tied for the second place
    ballots = [pair("甲", "乙")] * 7 + [pair("甲", "丙")] * 7 + [pair("乙", "丙")] * 5
    services.election_paper_ballots(actor=c.clerk, election=e, voters=19, ballots=ballots)
    e = services.election_transition(actor=c.clerk, election=e, action="count")
    assert {x.name for x in Candidate.objects.filter(election=e, elected=True)} == {"甲"}
    assert "票数相等" in e.outcome
    page = login(c.clerk).get(f"/assembly/elections/{e.pk}/").content.decode()
    assert "须就票数相等的人再次投票" in page
    r = login(c.clerk).post(f"/assembly/elections/{e.pk}/next/")
    assert r.status_code == 302
    nxt = e.rounds.get()
    assert nxt.places == 1 and {x.name for x in nxt.candidates.all()} == {"乙", "丙"}
    assert nxt.reason == "就票数相等的人再次投票"
    nxt = services.election_transition(actor=c.clerk, election=nxt, action="open")  # no 差额 check in a re-vote
    assert nxt.status == ElectionStatus.VOTING


def test_more_ballots_than_voters_cannot_be_counted(in_session):
    c = in_session
    e = _open(c, "chief", 1, ["甲", "乙"], office="市长")
    a = str(e.candidates.first().pk)
    services.election_paper_ballots(actor=c.clerk, election=e, voters=2, ballots=[{"choices": {a: "yes"}}] * 3)
    with pytest.raises(RuleViolation) as exc:
        services.election_transition(actor=c.clerk, election=e, action="count")
    assert exc.value.rule.id == "ASM-BALLOT-VALID"
    e = services.election_transition(actor=c.clerk, election=e, action="void", note="票数多于投票人数")
    assert e.status == ElectionStatus.VOID
