"""Live voting: the rule at its edges, once per member, the window, reconnecting, the chair's steps, the record in
meetings, the fallback and the inbox."""

import datetime as dt
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from renda.core import audit, inbox
from renda.core.errors import RuleViolation
from renda.core.models import AuditEvent, Person, Position
from renda.meetings import membership
from renda.meetings.models import AgendaStatus, Ballot, Vote, VoteStatus
from renda.voting import counting, sealing, services
from renda.voting.models import LiveVote, Status, VoterMark

from .conftest import open_meeting, sc_members, voter_user

pytestmark = pytest.mark.django_db


def test_thresholds_at_their_edges():
    assert [counting.passes(y, 45, "majority") for y in (22, 23)] == [False, True]
    assert [counting.passes(y, 44, "majority") for y in (22, 23)] == [False, True]  # exactly half is not enough
    assert [counting.passes(y, 45, "two_thirds") for y in (29, 30)] == [False, True]  # 三分之二以上 includes 30
    assert [counting.passes(y, 44, "two_thirds") for y in (29, 30)] == [False, True]
    assert (counting.needed(45, "majority"), counting.needed(45, "two_thirds"), counting.needed(44, "two_thirds")) \
        == (23, 30, 30)
    assert not counting.passes(0, 0, "majority")


def _grow_committee_to(cast, n):
    sc = membership.standing_committee_of(cast.congress.pk)
    for i in range(n - 11):
        p = Person.objects.create(congress=cast.congress, name=f"委员{i:02d}")
        Position.objects.create(congress=cast.congress, person=p, organization=sc, role=Position.Role.MEMBER,
                                start_date=dt.date(2026, 1, 10), order=100 + i)


@pytest.mark.parametrize("yes,threshold,passed", [(23, "majority", True), (22, "majority", False),
                                                  (30, "two_thirds", True), (29, "two_thirds", False)])
def test_45_members_majority_of_all_members(cast, frozen, yes, threshold, passed):
    """过半数 of ALL 45 members, not of those present or voting: 23 passes, 22 does not, even with no votes against;
    two thirds: 30 passes, 29 does not."""
    _grow_committee_to(cast, 45)
    people = sc_members(cast) + list(Person.objects.filter(name__startswith="委员").order_by("name"))
    meeting = open_meeting(cast, present=people[:40])
    assert len(membership.member_ids(meeting)) == 45
    item = meeting.agenda_items.order_by("position").first()
    live = services.fallback_record(actor=cast.clerk, item=item, method="hands", threshold=threshold,
                                    figures={"yes": yes, "no": 0, "abstain": 40 - yes - 5}, note="表决器故障")
    vote = Vote.objects.get(pk=live.result_id)
    assert (vote.total_members, vote.present, vote.yes, vote.not_voted) == (45, 40, yes, 5)
    assert live.passed is passed and vote.passed is passed and vote.status == VoteStatus.ANNOUNCED
    item.refresh_from_db()
    assert item.status == (AgendaStatus.PASSED if passed else AgendaStatus.FAILED)
    assert live.method == "hands" and vote.method == "hands" and "举手表决" in vote.source


def test_device_vote_end_to_end(session):
    c = session
    item = c.items[0]
    live = services.live_open(actor=c.clerk, item=item, minutes=5)
    assert live.status == Status.OPEN and Vote.objects.get(pk=live.result_id).status == VoteStatus.OPEN
    for user in c.voters[:6]:
        assert services.cast(actor=user, live=live, choice="yes") == ""  # an open vote has no receipt
    services.cast(actor=c.voters[6], live=live, choice="no")
    # a second vote is refused, whatever the choice
    with pytest.raises(RuleViolation) as exc:
        services.cast(actor=c.voters[0], live=live, choice="no")
    assert "已经投过票" in exc.value.message and exc.value.rule.id == "MTG-VOTE-FLOW"
    assert VoterMark.objects.filter(live_vote=live).count() == 7
    live = services.live_transition(actor=c.clerk, live=live, action="close")
    assert live.status == Status.RECORDED and live.passed is True
    vote = Vote.objects.get(pk=live.result_id)
    # meetings counted the per-member ballots itself: the eighth present member did not press
    assert (vote.total_members, vote.present, vote.yes, vote.no, vote.abstain, vote.not_voted) == (11, 8, 6, 1, 0, 1)
    assert vote.passed and vote.status == VoteStatus.ANNOUNCED and "电子表决" in vote.source
    assert dict(Ballot.objects.filter(vote=vote).values_list("person_id", "choice"))[c.voters[6].person_id] == "no"
    item.refresh_from_db()
    assert item.status == AgendaStatus.PASSED
    assert live.counts == {"yes": 6, "no": 1, "abstain": 0, "not_voted": 1}
    # a vote after closing is refused
    with pytest.raises(RuleViolation) as exc:
        services.cast(actor=c.voters[7], live=live, choice="yes")
    assert "不能再投票" in exc.value.message
    # audited: the opening, the close, and one record sealing every voter's choice at the close (no record per vote)
    events = AuditEvent.objects.filter(object_type="voting.livevote", object_id=str(live.pk))
    actions = list(events.values_list("action", flat=True))
    assert "cast" not in actions and "create" in actions and "transition" in actions and actions.count("voters") == 1
    sealed = events.get(action="voters").changes["after"]
    assert len(sealed["voters"]) == 7 and sealed["choices"][c.voters[6].person.name] == "反对"
    assert audit.verify(witness=False) == []


def test_a_mark_changed_after_the_close_is_found_by_verify(session):
    c = session
    live = services.live_open(actor=c.clerk, item=c.items[0])
    for user in c.voters[:7]:
        services.cast(actor=user, live=live, choice="yes")
    services.live_transition(actor=c.clerk, live=live, action="close")
    assert audit.verify(witness=False) == []
    mark = VoterMark.objects.filter(live_vote=live).order_by("person_id").first()
    VoterMark.objects.filter(pk=mark.pk).update(choice="no")  # a database user rewrites one member's vote
    findings = audit.verify(witness=False)
    assert len(findings) == 1 and findings[0].kind == "edited" and "封存的名单不符" in findings[0].detail
    VoterMark.objects.filter(pk=mark.pk).update(choice="yes")
    assert audit.verify(witness=False) == []
    VoterMark.objects.filter(pk=mark.pk).delete()  # or deletes it
    assert [f.kind for f in audit.verify(witness=False)] == ["edited"]


def test_verify_reads_every_vote_s_marks_at_once_and_names_the_one_changed(session, django_assert_max_num_queries):
    """Three closed votes: a mark slipped into the second is found and named; the check reads all marks in one
    query (not one per vote), so its queries do not grow with the number of votes."""
    c = session
    votes = []
    for item, voters in zip(c.items[:3], (c.voters[:7], c.voters[1:8], c.voters[:6]), strict=True):
        live = services.live_open(actor=c.clerk, item=item)
        for user in voters:
            services.cast(actor=user, live=live, choice="yes")
        votes.append(services.live_transition(actor=c.clerk, live=live, action="close"))
    chain = c.clerk.congress_id
    with django_assert_max_num_queries(3):
        assert sealing.verify_marks(chain) is None
    late = c.voters[7]  # did not vote on the first item: a mark added there after the close
    VoterMark.objects.create(id=uuid.uuid4(), congress_id=chain, live_vote=votes[0],
                             person_id=late.person_id, choice="yes")
    finding = sealing.verify_marks(chain)
    assert finding is not None and finding.kind == "edited" and c.items[0].title in finding.detail
    VoterMark.objects.filter(live_vote=votes[0], person_id=late.person_id).delete()
    VoterMark.objects.filter(live_vote=votes[2]).order_by("person_id").last().delete()
    finding = sealing.verify_marks(chain)
    assert finding is not None and c.items[2].title in finding.detail


def test_five_yes_of_eleven_fails_even_with_no_votes_against(session):
    c = session
    live = services.live_open(actor=c.clerk, item=c.items[0])
    for user in c.voters[:5]:
        services.cast(actor=user, live=live, choice="yes")
    live = services.live_transition(actor=c.clerk, live=live, action="close")
    assert live.passed is False
    c.items[0].refresh_from_db()
    assert c.items[0].status == AgendaStatus.FAILED


def test_a_vote_after_the_window_is_refused(session):
    c = session
    live = services.live_open(actor=c.clerk, item=c.items[0], minutes=2)
    services.cast(actor=c.voters[0], live=live, choice="yes")
    c.frozen.shift(dt.timedelta(minutes=2, seconds=1))
    with pytest.raises(RuleViolation) as exc:
        services.cast(actor=c.voters[1], live=live, choice="yes")
    assert "表决时间已过" in exc.value.message
    assert VoterMark.objects.filter(live_vote=live).count() == 1


def test_reconnecting_device_may_vote_only_if_it_had_not(session, client):
    c = session
    live = services.live_open(actor=c.clerk, item=c.items[0])
    client.force_login(c.member)
    url = f"/voting/{live.pk}/ballot/"
    page = client.get(url).content.decode()
    assert 'name="choice" value="yes"' in page  # not voted yet: the buttons
    r = client.post(url, {"choice": "abstain"})
    assert r.status_code == 200 and "您的表决已记录" in r.content.decode()
    # the connection dropped; the phone reloads: counted, no buttons
    page = client.get(url).content.decode()
    assert "您已经投过票" in page and 'name="choice"' not in page
    # the phone resends the form it had: refused in Chinese, still one vote
    r = client.post(url, {"choice": "yes"})
    assert r.status_code == 409 and "已经投过票" in r.content.decode()
    assert list(VoterMark.objects.filter(live_vote=live).values_list("choice", flat=True)) == ["abstain"]
    r = client.post(url, {"choice": "maybe"})
    assert r.status_code in (400, 409)


def test_who_may_vote(session, cast):
    c = session
    live = services.live_open(actor=c.clerk, item=c.items[0])
    absent = voter_user(c, c.absent[0])
    with pytest.raises(RuleViolation) as exc:
        services.cast(actor=absent, live=live, choice="yes")
    assert exc.value.rule.id == "MTG-VOTE-MEMBER" and "未签到" in exc.value.message
    with pytest.raises(RuleViolation) as exc:
        services.cast(actor=c.deputy, live=live, choice="yes")  # a deputy is not a member of the committee
    assert "没有表决权" in exc.value.message
    with pytest.raises(RuleViolation):
        services.cast(actor=c.clerk, live=live, choice="yes")  # staff without a person
    with pytest.raises(PermissionDenied):
        services.cast(actor=c.outsider_clerk, live=live, choice="yes")
    with pytest.raises(ValidationError):
        services.cast(actor=c.member, live=live, choice="satisfied")  # a rating's choice on a vote
    assert not VoterMark.objects.filter(live_vote=live).exists()


def test_only_the_chair_opens_and_closes(session):
    c = session
    with pytest.raises(PermissionDenied):
        services.live_open(actor=c.member, item=c.items[0])
    live = services.live_open(actor=c.clerk, item=c.items[0])
    with pytest.raises(PermissionDenied):
        services.live_transition(actor=c.member, live=live, action="close")
    # one whole vote per item (meetings' own rule), so a second opening is refused
    with pytest.raises(RuleViolation):
        services.live_open(actor=c.clerk, item=c.items[0])


def test_the_close_step_is_in_the_chairs_inbox(session):
    c = session
    live = services.live_open(actor=c.clerk, item=c.items[0])
    mine = [i for i in inbox.items(c.clerk) if i.kind == "现场表决"]
    assert [(i.obj, [t.action for t in i.steps], i.url) for i in mine] == [(live, ["close"], f"/voting/{live.pk}/")]
    assert not [i for i in inbox.items(c.member) if i.kind == "现场表决"]  # members vote; they take no step


def test_void_then_show_of_hands(session):
    c = session
    item = c.items[1]
    live = services.live_open(actor=c.clerk, item=item)
    services.cast(actor=c.voters[0], live=live, choice="yes")
    with pytest.raises(RuleViolation):  # the device vote must be voided first
        services.fallback_record(actor=c.clerk, item=item, method="hands", figures={"yes": 7}, note="表决器故障")
    with pytest.raises(RuleViolation):  # void needs a reason
        services.live_transition(actor=c.clerk, live=live, action="void")
    live = services.live_transition(actor=c.clerk, live=live, action="void", note="表决器系统故障")
    assert live.status == Status.VOID and Vote.objects.get(pk=live.result_id).status == VoteStatus.VOID
    with pytest.raises(ValidationError):  # more votes than members present
        services.fallback_record(actor=c.clerk, item=item, method="hands", figures={"yes": 7, "no": 2},
                                 note="表决器故障")
    hands = services.fallback_record(actor=c.clerk, item=item, method="paper", figures={"yes": 7, "no": 1},
                                     note="表决器故障，改用书面表决")
    assert hands.method == "paper" and hands.passed is True and hands.status == Status.RECORDED
    vote = Vote.objects.get(pk=hands.result_id)
    assert vote.method == "hands" and "书面表决" in vote.source and not Ballot.objects.filter(vote=vote).exists()
    item.refresh_from_db()
    assert item.status == AgendaStatus.PASSED
    assert LiveVote.objects.filter(agenda_item=item).count() == 2


def test_satisfaction_rating(session):
    c = session
    item = c.items[3]
    live = services.live_open(actor=c.clerk, item=item, kind="rating")
    for user, grade in zip(c.voters, ["satisfied"] * 3 + ["basic"] * 3 + ["unsatisfied"] * 2, strict=True):
        services.cast(actor=user, live=live, choice=grade)
    with pytest.raises(ValidationError):
        services.cast(actor=c.voters[0], live=live, choice="yes")
    live = services.live_transition(actor=c.clerk, live=live, action="close")
    assert live.counts == {"satisfied": 3, "basic": 3, "unsatisfied": 2, "not_voted": 0}
    vote = Vote.objects.get(pk=live.result_id)
    assert (vote.yes, vote.no, vote.passed) == (6, 2, True) and "满意3，基本满意3，不满意2" in vote.source
    assert not Ballot.objects.filter(vote=vote).exists()  # grades are not turned into per-member 赞成/反对
