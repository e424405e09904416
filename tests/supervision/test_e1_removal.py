"""撤职案 (监督法 第六十条至第六十二条): the object, the proposers (one fifth of the members, exactly and below), the
主任会议's decision, the defence before the vote, and the secret ballot passed by more than half of ALL members."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from tests.conftest import login
from tests.supervision.conftest import D

from renda.core.errors import RuleViolation
from renda.core.models import Position
from renda.supervision.removal import services as rsvc

pytestmark = pytest.mark.django_db
DAY = D(2026, 10, 30)
NOW = dt.datetime(2026, 11, 26, 10, tzinfo=dt.UTC)


def draft(c, *, proposer_kind="members", actor=None, **extra):
    data = dict(title="关于撤销某某副院长职务的议案", target_name="李某", target_post="副院长", post_kind="court",
                target_organ=c.court, proposer_kind=proposer_kind, reasons="严重违纪违法，已被立案审查。",
                materials="市监察委员会立案决定书；调查材料摘要。")
    data.update(extra)
    return rsvc.removal_create(actor=actor or c.clerk, **data)


def sign(c, case, n):
    for person in c.sc_members[:n]:
        rsvc.removal_sign(actor=c.clerk, case=case, person=person, on=DAY)


def ten_members(c):
    leaving = c.sc_members[-1]
    Position.objects.filter(person=leaving, end_date__isnull=True).update(end_date=DAY - dt.timedelta(days=1))
    assert members_on(c) == 10


def members_on(c):
    return len(Position.standing_committee_ids_on(c.congress.pk, DAY))


def placed(c, **kw):
    case = draft(c, proposer_kind="chairs_council", **kw)
    case = rsvc.removal_transition(actor=c.clerk, case=case, action="submit", on=DAY)
    return rsvc.removal_transition(actor=c.leader, case=case, action="place", on=DAY, meeting_date=DAY,
                                   meeting_title="第二十次常委会会议")


def vote(c, case, action, yes, no=0, abstain=0):
    return rsvc.removal_transition(actor=c.clerk, case=case, action=action, on=DAY, yes=yes, no=no, abstain=abstain)


@time_machine.travel(NOW, tick=False)
def test_one_fifth_of_eleven_members_needs_three_signers(sup):
    total = members_on(sup)
    assert total == 11
    case = draft(sup)
    sign(sup, case, 2)  # 2 × 5 = 10 < 11: below one fifth
    with pytest.raises(RuleViolation) as exc:
        rsvc.removal_transition(actor=sup.clerk, case=case, action="submit", on=DAY)
    assert exc.value.rule.id == "SUP-REMOVAL-PROPOSER" and "不足全体组成人员 11 人的五分之一" in exc.value.message
    sign(sup, case, 3)
    assert rsvc.removal_transition(actor=sup.clerk, case=case, action="submit", on=DAY).status == "submitted"


@time_machine.travel(NOW, tick=False)
def test_exactly_one_fifth_is_enough(sup):
    ten_members(sup)
    case = draft(sup)
    sign(sup, case, 2)  # 2 of 10: exactly one fifth (五分之一以上 includes it)
    assert rsvc.removal_transition(actor=sup.clerk, case=case, action="submit", on=DAY).status == "submitted"


@time_machine.travel(NOW, tick=False)
def test_signers_must_be_members_in_post(sup):
    case = draft(sup)
    with pytest.raises(ValidationError):
        rsvc.removal_sign(actor=sup.clerk, case=case, person=sup.city.deputies[15].person, on=DAY)
    with pytest.raises(PermissionDenied):  # a member signs only for himself
        rsvc.removal_sign(actor=sup.member, case=case, person=sup.sc_members[0], on=DAY)
    assert rsvc.removal_sign(actor=sup.member, case=case, on=DAY).person == sup.member.person


@time_machine.travel(NOW, tick=False)
def test_object_must_be_a_post_of_article_60_in_the_right_organ(sup):
    case = draft(sup, proposer_kind="chairs_council", post_kind="vice_head")  # a 副市长 is not a court post
    with pytest.raises(RuleViolation) as exc:
        rsvc.removal_transition(actor=sup.clerk, case=case, action="submit", on=DAY)
    assert exc.value.rule.id == "SUP-REMOVAL-OBJECT"
    with pytest.raises(ValidationError):
        draft(sup, proposer_kind="chairs_council", post_kind="president")  # 院长 of a basic court: not listed


@time_machine.travel(NOW, tick=False)
def test_reasons_and_materials_are_required(sup):
    case = draft(sup, proposer_kind="chairs_council", materials="")
    with pytest.raises(RuleViolation) as exc:
        rsvc.removal_transition(actor=sup.clerk, case=case, action="submit", on=DAY)
    assert exc.value.rule.id == "SUP-REMOVAL-CONTENT" and "有关材料" in exc.value.message


@time_machine.travel(NOW, tick=False)
def test_an_organ_proposes_and_only_a_members_case_may_be_declined(sup):
    case = draft(sup, proposer_kind="organ", proposer_organ=sup.court)
    case = rsvc.removal_transition(actor=sup.clerk, case=case, action="submit", on=DAY)
    with pytest.raises(RuleViolation) as exc:
        rsvc.removal_transition(actor=sup.leader, case=case, action="decline", note="不提请", on=DAY)
    assert exc.value.rule.id == "SUP-REMOVAL-PLACE"
    with pytest.raises(ValidationError):  # a department is not an organ that may propose
        draft(sup, proposer_kind="organ", proposer_organ=sup.water)
    members_case = draft(sup)
    sign(sup, members_case, 3)
    members_case = rsvc.removal_transition(actor=sup.clerk, case=members_case, action="submit", on=DAY)
    assert rsvc.removal_transition(actor=sup.leader, case=members_case, action="decline", note="事实不清",
                                   on=DAY).status == "not_placed"


@time_machine.travel(NOW, tick=False)
def test_no_vote_before_the_defence_is_recorded_and_printed(sup):
    case = placed(sup)
    with pytest.raises(RuleViolation) as exc:
        vote(sup, case, "adopt", 8)
    assert exc.value.rule.id == "SUP-REMOVAL-DEFENCE"
    case = rsvc.removal_record_defence(actor=sup.clerk, case=case, mode="written", text="本人对所列事实有异议。", on=DAY)
    with pytest.raises(RuleViolation) as exc:
        vote(sup, case, "adopt", 8)
    assert "尚未由主任会议决定印发" in exc.value.message
    case = rsvc.removal_record_defence(actor=sup.clerk, case=case, mode="written", text="本人对所列事实有异议。", on=DAY,
                                       printed=True)
    case = vote(sup, case, "adopt", 8, no=2, abstain=1)
    assert (case.status, case.members_total, case.votes_yes) == ("adopted", 11, 8)


@time_machine.travel(NOW, tick=False)
def test_exactly_half_of_all_members_fails_more_than_half_passes(sup):
    ten_members(sup)
    case = placed(sup)
    case = rsvc.removal_record_defence(actor=sup.clerk, case=case, mode="none", on=DAY)
    with pytest.raises(RuleViolation) as exc:  # 5 of 10: half, not more than half
        vote(sup, case, "adopt", 5, no=4)
    assert exc.value.rule.id == "SUP-REMOVAL-VOTE" and "未超过全体组成人员 10 人的半数" in exc.value.message
    with pytest.raises(RuleViolation):  # 6 of 10 passed: may not be recorded as failed
        vote(sup, case, "reject", 6)
    with pytest.raises(RuleViolation):  # more ballots than members
        vote(sup, case, "reject", 5, no=5, abstain=1)
    assert vote(sup, case, "reject", 5, no=4).status == "rejected"
    other = placed(sup, target_name="王某")
    other = rsvc.removal_record_defence(actor=sup.clerk, case=other, mode="at_meeting", text="会上申辩。", on=DAY)
    assert vote(sup, other, "adopt", 6, no=4).status == "adopted"


@time_machine.travel(NOW, tick=False)
def test_pages_api_and_visibility(sup):
    case = placed(sup)
    clerk = login(sup.clerk)
    page = clerk.get(f"/supervision/removals/{case.pk}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "李某" in body and "登记申辩情况" in body and "已提请常委会会议审议" in body
    assert clerk.get("/supervision/removals/").status_code == 200
    assert login(sup.member).get(f"/supervision/removals/{case.pk}/").status_code == 200
    for user in (sup.deputy, sup.unit_user, sup.outsider_clerk):
        assert login(user).get(f"/supervision/removals/{case.pk}/").status_code in (403, 404)
    resp = clerk.post(f"/supervision/removals/{case.pk}/do/adopt/",
                      {"yes": "8", "no": "0", "abstain": "0", "lock_version": case.lock_version})
    assert resp.status_code == 409 and "申辩" in resp.content.decode()  # no defence recorded yet: the rule's refusal
    clerk.post(f"/supervision/removals/{case.pk}/defence/", {"mode": "none"})
    case.refresh_from_db()
    assert case.defence_mode == "none"
    resp = clerk.post(f"/supervision/removals/{case.pk}/do/adopt/",
                      {"yes": "8", "no": "2", "abstain": "0", "lock_version": case.lock_version})
    assert resp.status_code == 302
    case.refresh_from_db()
    assert case.status == "adopted"


@time_machine.travel(NOW, tick=False)
def test_the_api_lists_removal_cases_to_those_who_may_see_them(sup):
    case = placed(sup)
    sign(sup, draft(sup), 3)
    body = login(sup.clerk).get("/api/v1/supervision/removals").json()
    assert body["count"] == 2 and {i["id"] for i in body["items"]} >= {case.pk}
    row = next(i for i in body["items"] if i["id"] != case.pk)
    assert row["signer_count"] == 3 and row["status"] != row["status_label"]
    assert row["post_kind_label"] == case.get_post_kind_display() and row["post_kind_label"] != "court"
    one = login(sup.clerk).get(f"/api/v1/supervision/removals/{case.pk}").json()
    assert one["target_name"] == "李某" and one["status_label"] == case.get_status_display()
    assert any(a["action"] == "adopt" for a in one["actions"])
    for user in (sup.deputy, sup.unit_user, sup.outsider_clerk):
        c = login(user)
        assert c.get("/api/v1/supervision/removals").json()["count"] == 0
        assert c.get(f"/api/v1/supervision/removals/{case.pk}").status_code in (403, 404)
