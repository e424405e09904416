"""Rules of legislation at their edges (issue 16 §3): who may be left off the agenda (组织法 第五十二条), when
满两年 completes (立法法 第四十五条, 民法典 第二百零一条), holiday roll of the approval deadlines (民法典 第二百零三条),
the readings' minima as rule parameters (立法法 第三十三条) and the statutory list of matters (第八十二条第三款)."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from tests.legislation.conftest import make_bill

from renda.core.errors import RuleViolation
from renda.core.models import HolidayDate, Organization, RuleParameter
from renda.legislation import services as leg
from renda.legislation.models import Bill, BillStatus
from renda.legislation.workflow import approval_deadline

pytestmark = pytest.mark.django_db
D = dt.date
NOW = dt.datetime(2026, 11, 26, 10, tzinfo=dt.UTC)


@time_machine.travel(NOW, tick=False)
def test_only_a_members_bill_may_be_left_off_the_agenda(leg_world):
    c = leg_world
    for bill in (c.bill, c.other_bill):  # the government's, a special committee's
        with pytest.raises(RuleViolation) as exc:
            leg.bill_transition(actor=c.leader, bill=bill, action="decline", note="暂不审议", on=D(2026, 3, 10))
        assert exc.value.rule.id == "LEG-AGENDA" and "不能决定不列入议程" in exc.value.message
    # …but either may first go to a committee
    assert leg.bill_transition(actor=c.leader, bill=c.other_bill, action="refer", note="先交财经委审议",
                               on=D(2026, 3, 10)).status == BillStatus.REFERRED
    council = Organization.objects.get(congress=c.congress, kind="chairs_council")
    chairs = make_bill(c, title="甲市人大常委会议事规则修正案", proposer_kind="chairs_council", proposer_org=council)
    assert chairs.status == BillStatus.ON_AGENDA  # listed at once; were it still open, neither step is lawful:
    Bill.objects.filter(pk=chairs.pk).update(status=BillStatus.PROPOSED)
    chairs.refresh_from_db()
    for action in ("decline", "refer"):  # a 主任会议 bill goes to the meeting itself
        with pytest.raises(RuleViolation) as exc:
            leg.bill_transition(actor=c.leader, bill=chairs, action=action, note="x", on=D(2026, 3, 10))
        assert exc.value.rule.id == "LEG-AGENDA"
    members = make_bill(c, title="甲市养犬管理条例", proposer_kind="members", proposer_org=None,
                        proposers=[p for p in c.city.members[:5]], lead_committee=None, concerned_units=[],
                        subject_area="基层治理")
    assert leg.bill_transition(actor=c.leader, bill=members, action="decline", note="主任会议决定不提请审议",
                               on=D(2026, 3, 10)).status == BillStatus.NOT_LISTED


@time_machine.travel(NOW, tick=False)
def test_two_years_shelved_complete_when_the_anniversary_ends(leg_world):
    c = leg_world
    bill = c.advance(c.bill, "reading1")
    leg.bill_transition(actor=c.leader, bill=bill, action="shelve", note="必要性存在较大分歧", on=D(2026, 4, 1))
    Bill.objects.filter(pk=bill.pk).update(shelved_on=D(2024, 11, 24))  # Tuesday 2026-11-24 is the anniversary
    with pytest.raises(RuleViolation) as exc:
        leg.bill_transition(actor=c.leader, bill=bill, action="terminate", note="终止", on=D(2026, 11, 24))
    assert "尚未满2年（2026年11月24日届满）" in exc.value.message
    bill = leg.bill_transition(actor=c.leader, bill=bill, action="terminate", note="搁置满两年，主任会议决定终止审议",
                               on=D(2026, 11, 25))
    assert bill.status == BillStatus.TERMINATED


def test_the_provinces_four_months_roll_past_a_holiday(leg_world):
    c = leg_world
    bill = c.bill
    Bill.objects.filter(pk=bill.pk).update(approval_submitted_on=D(2026, 6, 1))
    bill.refresh_from_db()
    HolidayDate.objects.filter(congress=None, date__month=10, date__year=2026).delete()
    assert approval_deadline(bill) == D(2026, 10, 1)  # no holiday on record: a Thursday, not rolled
    for day in range(1, 8):  # the National Day holiday
        HolidayDate.objects.create(congress=None, date=D(2026, 10, day), kind=HolidayDate.Kind.HOLIDAY)
    assert approval_deadline(bill) == D(2026, 10, 8)


@time_machine.travel(NOW, tick=False)
def test_the_thirty_days_to_submit_for_approval_roll_past_a_weekend(leg_world):
    c = leg_world
    bill = c.advance(c.bill, "passed")
    Bill.objects.filter(pk=bill.pk).update(passed_on=D(2026, 6, 20))
    # 06-20 + 35 days = Saturday 07-25: the period ends on Monday 07-27
    RuleParameter.objects.create(congress=c.congress, rule_id="LEG-APPROVAL-SUBMIT", name="days", value=35)
    bill.refresh_from_db()
    assert leg.bill_transition(actor=c.clerk, bill=bill, action="submit_for_approval",
                               on=D(2026, 7, 27)).status == BillStatus.AWAITING_APPROVAL  # in time, no reason
    Bill.objects.filter(pk=bill.pk).update(status=BillStatus.PASSED)
    bill.refresh_from_db()
    with pytest.raises(RuleViolation) as exc:
        leg.bill_transition(actor=c.clerk, bill=bill, action="submit_for_approval", on=D(2026, 7, 28))
    assert exc.value.rule.id == "LEG-APPROVAL-SUBMIT" and "本市规定（未配置依据）" in exc.value.message


@time_machine.travel(NOW, tick=False)
def test_the_fewest_readings_are_rule_parameters_a_congress_may_only_raise(leg_world):
    c = leg_world
    bill = c.advance(c.bill, "on_agenda")
    with pytest.raises(RuleViolation) as exc:  # "意见比较一致": two readings at least
        leg.bill_set_readings(actor=c.leader, bill=bill, readings=1, ground="agreed", reason="各方面意见比较一致。")
    assert "可以经二次常委会会议审议后交付表决" in exc.value.message
    RuleParameter.objects.create(congress=c.congress, rule_id="LEG-READINGS-EXCEPTION", name="emergency_min", value=2)
    with pytest.raises(RuleViolation) as exc:  # this congress asks two readings even in an emergency
        leg.bill_set_readings(actor=c.leader, bill=bill, readings=1, ground="emergency", reason="遇有紧急情形需要尽快出台。")
    assert "可以经二次" in exc.value.message
    # a value below the statute is never applied (立法法 第三十三条: 两次 for "意见比较一致")
    RuleParameter.objects.create(congress=c.congress, rule_id="LEG-READINGS-EXCEPTION", name="agreed_min", value=1)
    with pytest.raises(RuleViolation):
        leg.bill_set_readings(actor=c.leader, bill=bill, readings=1, ground="agreed", reason="各方面意见比较一致。")
    with pytest.raises(ValidationError):
        RuleParameter(congress=c.congress, rule_id="LEG-READINGS-EXCEPTION", name="agreed_min", value=1).clean()


@time_machine.travel(NOW, tick=False)
def test_a_congress_cannot_widen_the_statutory_matters(leg_world):
    c = leg_world
    with pytest.raises(ValidationError):  # when set
        RuleParameter(congress=c.congress, rule_id="LEG-SCOPE", name="areas",
                      value=["城乡建设与管理", "金融监管"]).clean()
    RuleParameter.objects.create(congress=c.congress, rule_id="LEG-SCOPE", name="areas",
                                 value=["城乡建设与管理", "金融监管"])
    with pytest.raises(RuleViolation) as exc:  # when read: the stored widening is not applied
        make_bill(c, title="甲市金融条例", subject_area="金融监管")
    assert exc.value.rule.id == "LEG-SCOPE"
    assert make_bill(c, title="甲市基层治理条例", subject_area="基层治理").pk  # the statutory list applies
