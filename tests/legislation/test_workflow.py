"""Every (state, action) pair of the bill workflow, and the rules that refuse out-of-order steps."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from renda.core.errors import RuleViolation
from renda.core.models import AuditEvent, Position, RuleParameter
from renda.legislation import services as leg
from renda.legislation.models import (
    Bill,
    BillStatus,
    BillVersion,
    CommentPeriod,
    ConsultationKind,
    PeriodStatus,
    Stage,
)
from renda.legislation.workflow import BILL_WORKFLOW, PLAN_WORKFLOW
from renda.statutes import parse_text

from .conftest import DRAFT, FINAL, SECOND, D, make_bill

pytestmark = pytest.mark.django_db


class Rollback(Exception):
    pass


DECIDERS = {"refer", "place_on_agenda", "decline", "withdraw_listed", "shelve", "resume", "terminate",
            "schedule_vote", "defer"}
KWARGS = {
    "place_on_agenda": {"on": D(2026, 3, 10)},
    "refer": {"on": D(2026, 3, 10)},
    "submit_for_approval": {"on": D(2026, 6, 25)},
    "approve": {"on": D(2026, 8, 20), "approval_body": "某省人大常委会第十次会议"},
    "promulgate": {"on": D(2026, 8, 28), "announcement_number": "第1号", "effective_on": D(2026, 10, 1)},
    "file": {"on": D(2026, 9, 10)},
}


@pytest.fixture
def full_bill(leg_world):
    """A bill taken through every step: every guard of every transition holds whatever state it is put in."""
    c = leg_world
    c.advance(c.bill, "filed")
    Bill.objects.filter(pk=c.bill.pk).update(shelved_on=D(2024, 1, 5), deferred_on=D(2024, 1, 5))
    return c


@pytest.mark.parametrize("action", [t.action for t in BILL_WORKFLOW.transitions])
def test_bill_state_action_table(full_bill, action):
    c = full_bill
    t = BILL_WORKFLOW.transition(action)
    actor = c.leader if action in DECIDERS else c.clerk
    for state in BillStatus.values:
        try:
            with transaction.atomic():
                Bill.objects.filter(pk=c.bill.pk).update(status=state)
                bill = Bill.objects.get(pk=c.bill.pk)
                kwargs = {"note": "依程序办理", **KWARGS.get(action, {"on": D(2026, 9, 10)})}
                if action in ("pass", "fail"):
                    yes = 9 if action == "pass" else 3
                    if state == BillStatus.VOTE_PENDING:
                        vote = leg.bill_record_vote(actor=c.clerk, bill=bill, voted_on=D(2026, 6, 21), yes=yes,
                                                    no=1, abstain=1)
                        assert Bill.objects.get(pk=bill.pk).status == t.target, (state, action)
                        assert vote.passed is (action == "pass")
                    else:
                        with pytest.raises(RuleViolation) as exc:
                            leg.bill_record_vote(actor=c.clerk, bill=bill, voted_on=D(2026, 6, 21), yes=yes, no=1,
                                                 abstain=1)
                        assert exc.value.rule.id in ("LEG-VOTE", "LEG-READINGS"), (state, action)
                elif action == "deliberate":
                    # a reading is recorded with its meeting and text; the bare step is refused
                    with pytest.raises(RuleViolation) as exc:
                        leg.bill_transition(actor=actor, bill=bill, action=action, **kwargs)
                    assert exc.value.rule.id == "LEG-READINGS"
                elif action == "decline" and state in t.sources:
                    # 组织法 第五十二条: a government bill is never left off the agenda (only members' bills are)
                    with pytest.raises(RuleViolation) as exc:
                        leg.bill_transition(actor=actor, bill=bill, action=action, **kwargs)
                    assert exc.value.rule.id == "LEG-AGENDA" and "不能决定不列入议程" in exc.value.message
                elif state in t.sources:
                    result = leg.bill_transition(actor=actor, bill=bill, action=action, **kwargs)
                    assert result.status == t.target, (state, action)
                    ev = AuditEvent.objects.filter(action="transition", object_id=str(bill.pk),
                                                   object_type="legislation.bill").order_by("-seq").first()
                    assert (ev.from_state, ev.to_state, ev.rule_id) == (state, t.target, t.rule)
                elif state == t.target:
                    assert leg.bill_transition(actor=actor, bill=bill, action=action, **kwargs).status == state
                else:
                    with pytest.raises(RuleViolation) as exc:
                        leg.bill_transition(actor=actor, bill=bill, action=action, **kwargs)
                    assert exc.value.rule.id == t.rule, (state, action)
                    assert "当前状态为" in exc.value.message and "依据：" in exc.value.message
                raise Rollback
        except Rollback:
            pass


def test_transition_permissions(leg_world):
    c = leg_world
    with pytest.raises(PermissionDenied):  # the 主任会议's decision is not the office's
        leg.bill_transition(actor=c.clerk, bill=c.bill, action="place_on_agenda", on=D(2026, 3, 10))
    with pytest.raises(PermissionDenied):  # a committee that is not the legal committee registers nothing
        leg.bill_transition(actor=c.committee, bill=c.bill, action="withdraw", note="撤回")
    with pytest.raises(PermissionDenied):
        leg.bill_transition(actor=c.outsider_clerk, bill=c.bill, action="withdraw", note="撤回")
    assert leg.bill_transition(actor=c.legal, bill=c.bill, action="withdraw", note="提案人书面撤回").status == "withdrawn"


# ---- out-of-order steps refused with the rule and its article ------------------------------------------------------
def test_a_vote_before_the_readings_is_refused(leg_world):
    c = leg_world
    bill = c.advance(c.bill, "reading1")
    with pytest.raises(RuleViolation) as exc:
        leg.bill_record_vote(actor=c.clerk, bill=bill, voted_on=D(2026, 3, 21), yes=9, no=0, abstain=0)
    assert exc.value.rule.id == "LEG-READINGS"
    assert "须经三次审议" in exc.value.message and "《立法法》第三十二条第一款" in exc.value.message
    with pytest.raises(RuleViolation) as exc:  # nor may the 主任会议 put it to the vote
        leg.bill_transition(actor=c.leader, bill=bill, action="schedule_vote", on=D(2026, 3, 21))
    assert exc.value.rule.id == "LEG-READINGS" and "已经常委会会议审议 1 次" in exc.value.message
    assert Bill.objects.get(pk=bill.pk).status == BillStatus.IN_DELIBERATION


def test_a_vote_on_a_bill_not_yet_on_the_agenda_is_refused(leg_world):
    c = leg_world
    with pytest.raises(RuleViolation) as exc:
        leg.bill_record_vote(actor=c.clerk, bill=c.bill, voted_on=D(2026, 3, 21), yes=9, no=0, abstain=0)
    assert exc.value.rule.id == "LEG-VOTE" and "《组织法》第五十一条第四款" in exc.value.message


def test_publication_for_fewer_than_thirty_days_is_refused(leg_world):
    c = leg_world
    bill = c.advance(c.bill, "reading1")
    with pytest.raises(RuleViolation) as exc:
        leg.period_open(actor=c.clerk, bill=bill, opens_on=D(2026, 3, 23), closes_on=D(2026, 4, 10))
    assert exc.value.rule.id == "LEG-PUBLIC-COMMENT"
    assert "不少于30日" in exc.value.message and "《立法法》第四十条" in exc.value.message
    assert not CommentPeriod.objects.filter(bill=bill).exists()
    # exactly thirty days (the start day not counted) is enough
    assert leg.period_open(actor=c.clerk, bill=bill, opens_on=D(2026, 3, 23), closes_on=D(2026, 4, 22)).pk


def test_the_minimum_comment_period_is_a_congress_parameter(leg_world):
    c = leg_world
    RuleParameter.objects.create(congress=c.congress, rule_id="LEG-PUBLIC-COMMENT", name="min_days", value=45)
    bill = c.advance(c.bill, "reading1")
    with pytest.raises(RuleViolation) as exc:
        leg.period_open(actor=c.clerk, bill=bill, opens_on=D(2026, 3, 23), closes_on=D(2026, 4, 23))
    assert "不少于45日" in exc.value.message


def test_publication_before_any_reading_and_closing_early_are_refused(leg_world):
    c = leg_world
    bill = c.advance(c.bill, "on_agenda")
    with pytest.raises(RuleViolation) as exc:
        leg.period_open(actor=c.clerk, bill=bill, opens_on=D(2026, 3, 11), closes_on=D(2026, 4, 30))
    assert exc.value.rule.id == "LEG-PUBLIC-COMMENT"
    bill = c.advance(c.bill, "reading1")
    period = leg.period_open(actor=c.clerk, bill=bill, opens_on=D(2026, 3, 23), closes_on=D(2026, 4, 23))
    with pytest.raises(RuleViolation) as exc:
        leg.period_transition(actor=c.clerk, period=period, action="close", on=D(2026, 4, 1))
    assert exc.value.rule.id == "LEG-PUBLIC-COMMENT" and "不能提前结束" in exc.value.message


def test_one_open_comment_period_per_bill(leg_world):
    c = leg_world
    bill = c.advance(c.bill, "period_open")
    with pytest.raises(RuleViolation) as exc:
        leg.period_open(actor=c.clerk, bill=bill, opens_on=D(2026, 3, 24), closes_on=D(2026, 5, 1))
    assert "同一时间只能有一次" in exc.value.message
    # and the database itself refuses a second open period
    version = BillVersion.objects.get(bill=bill, stage=Stage.DRAFT)
    with pytest.raises(IntegrityError), transaction.atomic():
        CommentPeriod.objects.create(congress=c.congress, bill=bill, version=version, opens_on=D(2026, 3, 25),
                                     closes_on=D(2026, 5, 1), status=PeriodStatus.OPEN)


def test_the_vote_waits_for_the_comment_period(leg_world):
    c = leg_world
    bill = c.advance(c.bill, "reading1")
    leg.version_add(actor=c.legal, bill=bill, stage="second", text=SECOND, explanation="汇报。")
    leg.bill_record_reading(actor=c.clerk, bill=bill, held_on=D(2026, 4, 28), meeting="第四次会议")
    leg.version_add(actor=c.legal, bill=bill, stage="third", text=SECOND.replace("二审稿", "三审稿"), explanation="报告。")
    leg.bill_record_reading(actor=c.clerk, bill=bill, held_on=D(2026, 6, 20), meeting="第五次会议")
    leg.version_add(actor=c.legal, bill=bill, stage="final", text=FINAL, explanation="报告。")
    with pytest.raises(RuleViolation) as exc:
        leg.bill_transition(actor=c.leader, bill=bill, action="schedule_vote", on=D(2026, 6, 20))
    assert exc.value.rule.id == "LEG-PUBLIC-COMMENT" and "主任会议不公布的决定" in exc.value.message
    leg.bill_waive_publication(actor=c.leader, bill=bill, reason="涉及事项较为单一，已通过其他方式充分听取意见。")
    assert leg.bill_transition(actor=c.leader, bill=bill, action="schedule_vote", on=D(2026, 6, 20)).status == \
        BillStatus.VOTE_PENDING


def test_promulgation_before_approval_is_refused(leg_world):
    c = leg_world
    bill = c.advance(c.bill, "awaiting_approval")
    with pytest.raises(RuleViolation) as exc:
        leg.bill_transition(actor=c.clerk, bill=bill, action="promulgate", on=D(2026, 7, 1),
                            announcement_number="第1号", effective_on=D(2026, 9, 1))
    assert exc.value.rule.id == "LEG-PROMULGATE" and "《立法法》第八十八条第三款" in exc.value.message
    leg.bill_transition(actor=c.clerk, bill=bill, action="approve", on=D(2026, 8, 20), approval_body="省人大常委会")
    with pytest.raises(RuleViolation) as exc:  # dated before the approval
        leg.bill_transition(actor=c.clerk, bill=bill, action="promulgate", on=D(2026, 8, 19),
                            announcement_number="第1号", effective_on=D(2026, 9, 1))
    assert "公布日期早于批准日期" in exc.value.message
    with pytest.raises(RuleViolation) as exc:  # a regulation states when it takes effect (第六十一条)
        leg.bill_transition(actor=c.clerk, bill=bill, action="promulgate", on=D(2026, 8, 28),
                            announcement_number="第1号")
    assert "施行日期" in exc.value.message and "第六十一条" in exc.value.message
    bill = leg.bill_transition(actor=c.clerk, bill=bill, action="promulgate", on=D(2026, 8, 28),
                               announcement_number="第1号", effective_on=D(2026, 10, 1))
    text = bill.versions.get(stage=Stage.PROMULGATED)
    assert text.published and text.title == "甲市河道管理条例" and "批准" in text.text


def test_approval_is_recorded_after_submission_and_warned_after_four_months(leg_world):
    from renda.legislation import selectors

    c = leg_world
    bill = c.advance(c.bill, "awaiting_approval")
    with pytest.raises(RuleViolation) as exc:
        leg.bill_transition(actor=c.clerk, bill=bill, action="approve", on=D(2026, 6, 1))
    assert exc.value.rule.id == "LEG-APPROVAL" and "第八十一条第一款" in exc.value.message
    # submitted 2026-06-25: the four months' last day, Sunday 10-25, rolls to Monday 10-26 (民法典 第二百零三条)
    steps = selectors.timeline(bill, selectors.readings(bill), selectors.votes(bill), D(2026, 10, 27))
    assert any("已满四个月" in s.warn for s in steps)
    steps = selectors.timeline(bill, selectors.readings(bill), selectors.votes(bill), D(2026, 10, 26))
    assert not any(s.warn for s in steps)


def test_filing_after_thirty_days_is_flagged_and_needs_a_reason(leg_world):
    c = leg_world
    bill = c.advance(c.bill, "promulgated")  # promulgated 2026-08-28: the thirty days end on 2026-09-27
    with pytest.raises(RuleViolation) as exc:
        leg.bill_transition(actor=c.clerk, bill=bill, action="file", on=D(2026, 10, 12))
    assert exc.value.rule.id == "LEG-FILING" and "逾期" in exc.value.message
    assert "《立法法》第一百零九条第二项" in exc.value.message
    bill = leg.bill_transition(actor=c.clerk, bill=bill, action="file", on=D(2026, 10, 12),
                               note="国庆假期后报送，已说明情况")
    assert bill.status == BillStatus.FILED and bill.filing_late and bill.filing_note


def test_filing_within_thirty_days_is_not_flagged(leg_world):
    c = leg_world
    bill = c.advance(c.bill, "filed")
    assert bill.status == BillStatus.FILED and not bill.filing_late


def test_termination_only_after_two_years_shelved(leg_world):
    c = leg_world
    bill = c.advance(c.bill, "reading1")
    leg.bill_transition(actor=c.leader, bill=bill, action="shelve", note="必要性存在较大分歧", on=D(2026, 4, 1))
    with pytest.raises(RuleViolation) as exc:
        leg.bill_transition(actor=c.leader, bill=bill, action="terminate", note="终止", on=D(2026, 9, 1))
    assert exc.value.rule.id == "LEG-SHELVE" and "尚未满2年" in exc.value.message
    assert "《立法法》第四十五条" in exc.value.message
    Bill.objects.filter(pk=bill.pk).update(shelved_on=D(2024, 9, 1))
    # 满两年 completes when 2026-09-01 ends (tests/legislation/test_law_edges.py): the day after, it may end
    bill = leg.bill_transition(actor=c.leader, bill=bill, action="terminate", note="搁置满两年，主任会议决定终止审议",
                               on=D(2026, 9, 2))
    assert bill.status == BillStatus.TERMINATED


def test_vote_counts_against_all_members_not_those_present(leg_world):
    c = leg_world
    bill = c.advance(c.bill, "vote_pending")  # 11 members on the standing committee
    vote = leg.bill_record_vote(actor=c.clerk, bill=bill, voted_on=D(2026, 6, 21), yes=5, no=0, abstain=0)
    assert vote.members_total == 11 and not vote.passed  # 5 of 5 present, but not more than half of all 11
    assert Bill.objects.get(pk=bill.pk).status == BillStatus.FAILED


def test_vote_counts_members_in_office_on_the_day(leg_world):
    c = leg_world
    bill = c.advance(c.bill, "vote_pending")
    # two members left before the vote: 9 in office, 5 votes are a majority of all
    Position.objects.filter(person__in=c.city.members[:2], organization=c.city.standing_committee).update(
        end_date=D(2026, 5, 31))
    vote = leg.bill_record_vote(actor=c.clerk, bill=bill, voted_on=D(2026, 6, 21), yes=5, no=2, abstain=0)
    assert vote.members_total == 9 and vote.passed


def test_vote_counts_must_fit_the_members(leg_world):
    c = leg_world
    bill = c.advance(c.bill, "vote_pending")
    with pytest.raises(ValidationError) as exc:
        leg.bill_record_vote(actor=c.clerk, bill=bill, voted_on=D(2026, 6, 21), yes=10, no=2, abstain=0)
    assert "超过常委会全体组成人员" in str(exc.value)
    with pytest.raises(ValidationError):
        leg.bill_record_vote(actor=c.clerk, bill=bill, voted_on=D(2026, 6, 21), yes=-1, no=0, abstain=0)


def test_separate_vote_on_a_contested_article(leg_world):
    c = leg_world
    bill = c.advance(c.bill, "vote_pending")
    final = bill.versions.get(stage=Stage.FINAL)
    eid = [a.eid for a in parse_text(final.text).articles()][5]
    vote = leg.bill_record_separate_vote(actor=c.clerk, bill=bill, eid=eid, voted_on=D(2026, 6, 21), yes=4, no=5,
                                         abstain=1, note="罚款幅度分歧较大")
    assert not vote.passed and vote.provision_label == "第六条"
    with pytest.raises(ValidationError):  # a provision that is not in the 表决稿
        leg.bill_record_separate_vote(actor=c.clerk, bill=bill, eid="chp_9__art_99", voted_on=D(2026, 6, 21),
                                      yes=6, no=0, abstain=0)
    with pytest.raises(RuleViolation) as exc:  # after a failed separate vote, the 主任会议's decision is recorded
        leg.bill_record_vote(actor=c.clerk, bill=bill, voted_on=D(2026, 6, 21), yes=8, no=1, abstain=1)
    assert exc.value.rule.id == "LEG-SEPARATE-VOTE" and "第四十四条第二款" in exc.value.message
    assert leg.bill_record_vote(actor=c.clerk, bill=bill, voted_on=D(2026, 6, 21), yes=8, no=1, abstain=1,
                                note="主任会议决定将表决稿交付表决").passed


# ---- proposal, scope and readings --------------------------------------------------------------------------------------
def test_who_may_propose(leg_world):
    c = leg_world
    members = c.city.members
    bill = make_bill(c, title="甲市文明行为促进条例", proposer_kind="members", proposer_org=None, proposers=members[:5],
                     subject_area="基层治理")
    assert bill.status == BillStatus.PROPOSED and bill.proposers.count() == 5
    with pytest.raises(RuleViolation) as exc:  # four are not enough (五人以上 includes five)
        make_bill(c, proposer_kind="members", proposer_org=None, proposers=members[:4])
    assert exc.value.rule.id == "LEG-PROPOSER" and "须5人以上" in exc.value.message
    assert "《组织法》第五十二条" in exc.value.message
    deputy_person = c.city.deputies[-1].person
    if deputy_person not in members:
        with pytest.raises(RuleViolation) as exc:  # a deputy who is not a member cannot sign
            make_bill(c, proposer_kind="members", proposer_org=None, proposers=[*members[:4], deputy_person])
        assert "不是常委会组成人员" in exc.value.message
    with pytest.raises(RuleViolation) as exc:  # a government department is not the government
        make_bill(c, proposer_org=c.city.units["市水务局"])
    assert exc.value.rule.id == "LEG-PROPOSER"
    with pytest.raises(RuleViolation):  # nor is a court a proposer of bills to the standing committee
        make_bill(c, proposer_kind="special_committee", proposer_org=c.city.organs["court"])


def test_a_chairs_council_bill_goes_straight_onto_the_agenda(leg_world):
    from renda.core.models import Organization

    c = leg_world
    council = Organization.objects.get(congress=c.congress, kind="chairs_council")
    bill = make_bill(c, proposer_kind="chairs_council", proposer_org=council, title="甲市人大常委会议事规则")
    assert bill.status == BillStatus.ON_AGENDA and bill.agenda_decided_on == D(2026, 3, 1)


def test_subject_matter_scope_and_override(leg_world):
    c = leg_world
    with pytest.raises(RuleViolation) as exc:
        make_bill(c, subject_area="金融监管")
    assert exc.value.rule.id == "LEG-SCOPE" and "《立法法》第八十一条第一款" in exc.value.message
    with pytest.raises(RuleViolation) as exc:  # an override needs a real justification
        make_bill(c, subject_area="金融监管", scope_override=True, scope_justification="需要")
    assert "不少于 20 个字" in exc.value.message
    bill = make_bill(c, subject_area="立法程序", scope_override=True,
                     scope_justification="《立法法》第八十七条第一款规定地方性法规案的审议程序由本级人民代表大会规定。")
    assert bill.scope_override
    # the list of areas is the congress's rule parameter, within the statutory list: 立法法 第八十二条第三款 lets
    # no congress widen it, so a stored list with another matter is not applied (tests/legislation/test_law_edges.py)
    RuleParameter.objects.create(congress=c.congress, rule_id="LEG-SCOPE", name="areas",
                                 value=["城乡建设与管理", "生态文明建设", "历史文化保护", "基层治理", "金融监管"])
    with pytest.raises((RuleViolation, ValidationError)):
        make_bill(c, subject_area="金融监管")


def test_fewer_readings_need_a_ground_of_article_33(leg_world):
    c = leg_world
    bill = c.advance(c.bill, "on_agenda")
    with pytest.raises(RuleViolation) as exc:
        leg.bill_set_readings(actor=c.leader, bill=bill, readings=1, ground="agreed", reason="各方面意见比较一致。")
    assert exc.value.rule.id == "LEG-READINGS-EXCEPTION" and "第三十三条" in exc.value.message
    with pytest.raises(RuleViolation):  # partial amendment applies to amending bills only
        leg.bill_set_readings(actor=c.leader, bill=bill, readings=1, ground="partial_amendment",
                              reason="仅修改个别条款，各方面意见一致。")
    with pytest.raises(PermissionDenied):
        leg.bill_set_readings(actor=c.clerk, bill=bill, readings=2, ground="agreed", reason="各方面意见比较一致。")
    bill = leg.bill_set_readings(actor=c.leader, bill=bill, readings=2, ground="agreed",
                                 reason="各方面意见比较一致，主任会议决定两审。", on=D(2026, 3, 12))
    assert bill.readings_required == 2 and bill.readings_ground == "agreed"
    leg.bill_record_reading(actor=c.clerk, bill=bill, held_on=D(2026, 3, 20), meeting="第三次会议")
    leg.version_add(actor=c.legal, bill=bill, stage="second", text=SECOND, explanation="审议结果的报告。")
    with pytest.raises(RuleViolation):  # two readings: there is no 三审稿
        leg.version_add(actor=c.legal, bill=bill, stage="third", text=SECOND, explanation="报告。")
    leg.bill_record_reading(actor=c.clerk, bill=bill, held_on=D(2026, 4, 28), meeting="第四次会议")
    with pytest.raises(RuleViolation) as exc:  # and no third reading
        leg.bill_record_reading(actor=c.clerk, bill=bill, held_on=D(2026, 6, 28), meeting="第五次会议")
    assert "审议已经完成" in exc.value.message
    leg.version_add(actor=c.legal, bill=bill, stage="final", text=FINAL, explanation="修改意见的报告。")
    leg.bill_waive_publication(actor=c.leader, bill=bill, reason="已在一审后通过座谈会广泛听取意见。")
    assert leg.bill_transition(actor=c.leader, bill=bill, action="schedule_vote", on=D(2026, 4, 28)).status == \
        BillStatus.VOTE_PENDING


def test_the_number_of_readings_is_the_congress_own(leg_world):
    c = leg_world
    RuleParameter.objects.create(congress=c.congress, rule_id="LEG-READINGS", name="default_readings", value=2,
                                 basis="本市制定地方性法规条例第二十五条")
    bill = make_bill(c, title="甲市绿化条例")
    assert bill.readings_required == 2
    bill = c.advance(bill, "reading1")
    assert bill.readings_required == 2
    assert make_bill(c, title="乙", actor=c.outsider_clerk, proposer_org=c.other.organs["gov"],
                     lead_committee=None, concerned_units=[]).readings_required == 3  # another congress: the default


def test_texts_follow_the_readings(leg_world):
    c = leg_world
    with pytest.raises(RuleViolation) as exc:  # no 二审稿 before the first reading
        leg.version_add(actor=c.legal, bill=c.bill, stage="second", text=SECOND, explanation="汇报。")
    assert exc.value.rule.id == "LEG-UNIFIED-REVIEW" and "第八十七条第二款" in exc.value.message
    bill = c.advance(c.bill, "reading1")
    with pytest.raises(RuleViolation) as exc:  # the second reading deliberates the legal committee's 二审稿
        leg.bill_record_reading(actor=c.clerk, bill=bill, held_on=D(2026, 4, 28), meeting="第四次会议")
    assert exc.value.rule.id == "LEG-UNIFIED-REVIEW" and "草案二审稿" in exc.value.message
    with pytest.raises(RuleViolation):  # a 修改稿 comes with its report
        leg.version_add(actor=c.legal, bill=bill, stage="second", text=SECOND, explanation="")
    with pytest.raises(PermissionDenied):  # only the office and the legal committee register texts
        leg.version_add(actor=c.committee, bill=bill, stage="second", text=SECOND, explanation="汇报。")
    version = leg.version_add(actor=c.legal, bill=bill, stage="second", text=SECOND, explanation="汇报。")
    assert version.article_count == 7 and version.submitted_by.name == "法制委员会"
    with pytest.raises(RuleViolation):  # one text per stage
        leg.version_add(actor=c.legal, bill=bill, stage="second", text=SECOND, explanation="汇报。")
    with pytest.raises(RuleViolation):  # readings at different meetings, in order
        leg.bill_record_reading(actor=c.clerk, bill=bill, held_on=D(2026, 3, 20), meeting="第三次会议")


def test_used_texts_are_frozen(leg_world):
    c = leg_world
    bill = c.advance(c.bill, "reading1")
    draft = bill.versions.get(stage=Stage.DRAFT)
    with pytest.raises(RuleViolation) as exc:
        leg.version_update(actor=c.legal, version=draft, lock_version=draft.lock_version, text=SECOND)
    assert exc.value.rule.id == "LEG-VERSION-FROZEN" and "已提交常委会会议审议" in exc.value.message
    second = leg.version_add(actor=c.legal, bill=bill, stage="second", text=SECOND, explanation="汇报。")
    updated = leg.version_update(actor=c.legal, version=second, lock_version=second.lock_version,
                                 text=SECOND.replace("河长制", "河湖长制"))
    assert "河湖长制" in updated.text


def test_malformed_text_is_a_clear_error_and_warnings_are_kept(leg_world):
    c = leg_world
    with pytest.raises(ValidationError) as exc:
        make_bill(c, draft_text="这不是一部法规")
    assert "没有找到条文" in str(exc.value)
    bill = make_bill(c, draft_text=DRAFT.replace("第五条 违反", "第七条 违反"))
    warnings = bill.versions.get(stage=Stage.DRAFT).parse_warnings
    assert warnings and "条文编号不连续" in warnings[0]


def test_hearing_required_before_the_vote(leg_world):
    c = leg_world
    bill = leg.bill_update(actor=c.leader, bill=c.bill, lock_version=c.bill.lock_version, needs_hearing=True)
    bill = c.advance(bill, "final")
    with pytest.raises(RuleViolation) as exc:
        leg.bill_transition(actor=c.leader, bill=bill, action="schedule_vote", on=D(2026, 6, 20))
    assert exc.value.rule.id == "LEG-HEARING" and "第三十九条第三款" in exc.value.message
    hearing = leg.consultation_create(actor=c.committee, bill=bill, kind=ConsultationKind.HEARING, title="立法听证会",
                                      starts_at=dt.datetime(2026, 6, 10, 9, 30), topics="罚款幅度")
    with pytest.raises(RuleViolation) as exc:  # held means participants, minutes and conclusions on record
        leg.consultation_transition(actor=c.committee, consultation=hearing, action="hold", on=D(2026, 6, 10))
    assert exc.value.rule.id == "LEG-CONSULTATION"
    leg.consultation_transition(actor=c.committee, consultation=hearing, action="hold", on=D(2026, 6, 10),
                                participants="张三，河道沿岸居民\n李四，水务局", minutes="听证人发表意见。",
                                conclusions="建议降低罚款下限。")
    with pytest.raises(RuleViolation) as exc:
        leg.bill_transition(actor=c.leader, bill=bill, action="schedule_vote", on=D(2026, 6, 20))
    assert "尚未向常委会报告" in exc.value.message
    leg.consultation_transition(actor=c.committee, consultation=hearing, action="report", on=D(2026, 6, 20))
    assert leg.bill_transition(actor=c.leader, bill=bill, action="schedule_vote", on=D(2026, 6, 20)).status == \
        BillStatus.VOTE_PENDING


def test_evaluation_comes_before_the_final_report(leg_world):
    c = leg_world
    RuleParameter.objects.create(congress=c.congress, rule_id="LEG-EVALUATION", name="required", value=True)
    bill = c.advance(c.bill, "final")
    with pytest.raises(RuleViolation) as exc:
        leg.bill_transition(actor=c.leader, bill=bill, action="schedule_vote", on=D(2026, 6, 20))
    assert exc.value.rule.id == "LEG-EVALUATION" and "第四十二条" in exc.value.message
    with pytest.raises(RuleViolation) as exc:  # after the 表决稿 the evaluation comes too late
        leg.consultation_create(actor=c.legal, bill=bill, kind=ConsultationKind.EVALUATION, title="表决前评估",
                                starts_at=dt.datetime(2026, 6, 15, 9), topics="可行性")
    assert exc.value.rule.id == "LEG-EVALUATION"


def test_comments_are_tied_to_provisions(leg_world):
    c = leg_world
    bill = c.advance(c.bill, "period_open")
    draft = bill.versions.get(stage=Stage.DRAFT)
    comment = leg.comment_add(actor=c.clerk, bill=bill, version=draft, source="public",
                              eid="chp_2__art_4__para_1__point_2", text="建议明确渣土的范围。",
                              submitted_at=dt.datetime(2026, 3, 30, 10, tzinfo=dt.UTC))
    assert comment.article_eid == "chp_2__art_4" and comment.provision_label == "第四条第二项"
    assert comment.period_id == c.period.pk
    with pytest.raises(ValidationError):
        leg.comment_add(actor=c.clerk, bill=bill, version=draft, source="public", eid="chp_9__art_1", text="x",
                        submitted_at=dt.datetime(2026, 3, 30, 10, tzinfo=dt.UTC))
    with pytest.raises(RuleViolation) as exc:  # a public comment outside the period
        leg.comment_add(actor=c.clerk, bill=bill, version=draft, source="public", text="晚到的意见",
                        submitted_at=dt.datetime(2026, 5, 30, 10, tzinfo=dt.UTC))
    assert exc.value.rule.id == "LEG-PUBLIC-COMMENT"
    with pytest.raises(ValidationError):  # a contact point's comment names the contact point
        leg.comment_add(actor=c.committee, bill=bill, version=draft, source="contact_point", text="意见")
    point = leg.contact_point_create(actor=c.clerk, name="河东街道基层立法联系点")
    assert leg.comment_add(actor=c.committee, bill=bill, version=draft, source="contact_point", contact_point=point,
                           text="居民建议增加河道保洁的规定。").pk
    with pytest.raises(PermissionDenied):  # another committee's bill
        leg.comment_add(actor=c.other_committee, bill=bill, version=draft, source="department", text="意见")


def test_comment_from_the_portal_only_while_the_period_runs(leg_world):
    c = leg_world
    c.advance(c.bill, "period_open")
    comment = leg.comment_submit_public(period=c.period, text="赞成", eid="chp_1__art_1",
                                        submitted_at=dt.datetime(2026, 4, 1, 10, tzinfo=dt.UTC))
    assert comment.source == "public" and comment.entered_by is None
    with pytest.raises(RuleViolation):
        leg.comment_submit_public(period=c.period, text="太晚了",
                                  submitted_at=dt.datetime(2026, 4, 30, 10, tzinfo=dt.UTC))


def test_dates_may_not_lie_in_the_future(leg_world):
    c = leg_world
    with pytest.raises(ValidationError):
        leg.bill_transition(actor=c.leader, bill=c.bill, action="place_on_agenda", on=dt.date(2100, 1, 1))


# ---- the legislative plan ------------------------------------------------------------------------------------------------
def test_plan_projects_scope_and_workplan_link(plan_world):
    from renda.core.roles import Role
    from renda.demo.builders import make_user
    from renda.workplan import services as wp
    from renda.workplan.models import Category

    c = plan_world
    legal = make_user("legal", c.password, congress=c.congress, role=Role.COMMITTEE, display_name="法工委",
                      organization=c.city.bodies["fgw"])
    plan = leg.plan_create(actor=legal, year=2026)
    with pytest.raises(RuleViolation) as exc:  # an empty plan is not adopted
        leg.plan_transition(actor=c.leader, plan=plan, action="adopt", on=D(2026, 2, 20))
    assert exc.value.rule.id == "LEG-PLAN-FLOW"
    wp.plan_transition(actor=c.clerk, plan=c.plan, action="revise", note="增加立法项目")
    item = wp.item_create(actor=c.clerk, plan=c.plan, category=Category.LEGISLATION, title="审议《甲市河道管理条例（草案）》",
                          vice_chair=c.city.vice_chairs[0], lead_body=c.city.bodies["fzw"], planned_month=6)
    project = leg.project_create(actor=legal, plan=plan, kind="formal", title="甲市河道管理条例", subject_area="生态文明建设",
                                 workplan_item=item, lead_body=c.city.bodies["fzw"])
    assert project.workplan_item_id == item.pk
    with pytest.raises(ValidationError):  # only legislation items of the same year
        leg.project_create(actor=legal, plan=plan, kind="formal", title="x", subject_area="生态文明建设",
                           workplan_item=c.item_school)
    with pytest.raises(ValidationError):  # and never another congress's item
        leg.project_create(actor=legal, plan=plan, kind="formal", title="x", subject_area="生态文明建设",
                           workplan_item=c.other_item)
    with pytest.raises(RuleViolation) as exc:
        leg.project_create(actor=legal, plan=plan, kind="research", title="甲市金融条例", subject_area="金融")
    assert exc.value.rule.id == "LEG-SCOPE"
    leg.plan_transition(actor=c.leader, plan=plan, action="adopt", on=D(2026, 2, 20))
    plan = leg.plan_transition(actor=legal, plan=plan, action="publish", on=D(2026, 3, 1), doc_number="甲人常发〔2026〕5号")
    assert plan.published_on == D(2026, 3, 1) and plan.doc_number == "甲人常发〔2026〕5号"
    with pytest.raises(RuleViolation) as exc:  # a published plan changes only through a revision
        leg.project_create(actor=legal, plan=plan, kind="research", title="甲市湿地保护条例", subject_area="生态文明建设")
    assert exc.value.rule.id == "LEG-PLAN-FLOW"
    assert [t.action for t in PLAN_WORKFLOW.allowed_actions(c.leader, plan)] == []
