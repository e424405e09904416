"""立法法 applied to local bills through 第八十七条第一款: the draft to the members seven days before the meeting
(第三十一条第一款, with the exception), a members' bill not listed reported or explained (第三十条第一款), a failed
bill back only as a new bill on the 主任会议's decision (第六十条), committees' disagreement to the 主任会议 (第三十八条)."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from tests.conftest import login
from tests.legislation.conftest import D, make_bill

from renda.core.errors import RuleViolation
from renda.legislation import procedures
from renda.legislation import services as svc
from renda.legislation.models import Bill, BillStatus

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 26, 10, tzinfo=dt.UTC)
MEETING = D(2026, 3, 20)  # a Friday; seven days before: 03-13 (lenient), 03-12 (strict, the default)


def place(c, bill, **data):
    return svc.bill_transition(actor=c.leader, bill=bill, action="place_on_agenda", note="主任会议决定",
                               on=D(2026, 3, 10), **data)


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(("sent", "late"), [(D(2026, 3, 12), False), (D(2026, 3, 13), True), (None, True)])
def test_draft_sent_seven_days_before_the_meeting(leg_world, sent, late):
    c = leg_world
    bill = place(c, c.bill, meeting_date=MEETING, text_sent_on=sent)
    assert (bill.status, bill.meeting_date, bill.text_sent_late) == (BillStatus.ON_AGENDA, MEETING, late)
    assert procedures.text_due(bill, MEETING) == D(2026, 3, 12)
    body = login(c.clerk).get(f"/legislation/{bill.pk}/").content.decode()
    assert ("未在会议举行的七日前发给组成人员" in body) is late
    if late:
        assert "第三十一条第一款" in body and "第八十七条第一款" in body


@time_machine.travel(NOW, tick=False)
def test_special_circumstances_excuse_with_a_reason_and_later_meetings_are_recorded(leg_world):
    c = leg_world
    bill = place(c, c.bill, meeting_date=MEETING, text_sent_on=D(2026, 3, 17), text_exception="防汛紧急立法需要。")
    assert not bill.text_sent_late and bill.text_exception
    body = login(c.clerk).get(f"/legislation/{bill.pk}/").content.decode()
    assert "防汛紧急立法需要" in body and "未在会议举行的七日前" not in body
    bill = procedures.bill_record_distribution(actor=c.clerk, bill=bill, meeting_date=D(2026, 4, 28),
                                               text_sent_on=D(2026, 4, 24))
    assert bill.text_sent_late
    resp = login(c.clerk).post(f"/legislation/{bill.pk}/distribution/",
                               {"meeting_date": "2026-04-28", "text_sent_on": "2026-04-20"})
    assert resp.status_code == 302
    assert not Bill.objects.get(pk=bill.pk).text_sent_late
    resp = login(c.clerk).post(f"/legislation/{bill.pk}/distribution/", {"meeting_date": "not a date"})
    assert resp.status_code == 302  # bad input: a Chinese message on the page, never a 500
    with pytest.raises(PermissionDenied):
        procedures.bill_record_distribution(actor=c.deputy, bill=bill, meeting_date=D(2026, 4, 28))


def members_bill(c):
    return make_bill(c, proposer_kind="members", proposer_org=None, proposers=list(c.city.members[:5]),
                     title="甲市养犬管理条例")


@time_machine.travel(NOW, tick=False)
def test_members_bill_not_listed_is_reported_or_explained(leg_world):
    c = leg_world
    bill = svc.bill_transition(actor=c.leader, bill=members_bill(c), action="decline", note="条件尚不成熟",
                               on=D(2026, 3, 10))
    assert procedures.not_listed_pending(bill)
    body = login(c.clerk).get(f"/legislation/{bill.pk}/").content.decode()
    assert "尚未向常委会会议报告或者向提案人说明" in body and "第三十条第一款" in body
    resp = login(c.clerk).post(f"/legislation/{bill.pk}/not-listed/", {"how": "explained", "on": "2026-03-12"})
    assert resp.status_code == 302
    bill.refresh_from_db()
    assert (bill.not_listed_handling, bill.not_listed_handled_on) == ("explained", D(2026, 3, 12))
    assert not procedures.not_listed_pending(bill)
    other = svc.bill_transition(actor=c.leader, bill=members_bill(c), action="decline", note="不列入",
                                on=D(2026, 3, 10), not_listed_handling="reported")
    assert other.not_listed_handling == "reported" and not procedures.not_listed_pending(other)
    with pytest.raises(RuleViolation):  # a bill on the agenda is not "not listed"
        procedures.bill_explain_not_listed(actor=c.clerk, bill=place(c, c.bill), how="reported")


@time_machine.travel(NOW, tick=False)
def test_a_failed_bill_comes_back_only_as_a_new_bill_the_chairs_council_may_decline(leg_world):
    c = leg_world
    with pytest.raises(RuleViolation) as exc:  # only a bill that failed the vote is "resubmitted"
        make_bill(c, resubmission_of=c.bill)
    assert exc.value.rule.id == "LEG-RESUBMIT"
    Bill.objects.filter(pk=c.bill.pk).update(status=BillStatus.FAILED)
    failed = Bill.objects.get(pk=c.bill.pk)
    again = make_bill(c, resubmission_of=failed)
    assert again.status == BillStatus.PROPOSED and again.resubmission_of == failed
    # a government bill is normally listed (组织法 第五十二条第二款); resubmitted, the 主任会议 may decline it
    declined = svc.bill_transition(actor=c.leader, bill=again, action="decline", note="无新情况", on=D(2026, 3, 10))
    assert declined.status == BillStatus.NOT_LISTED
    with pytest.raises(RuleViolation):  # an ordinary government bill still may not be declined
        svc.bill_transition(actor=c.leader, bill=c.other_bill, action="decline", note="x", on=D(2026, 3, 10))
    from renda.core.models import Organization

    council = Organization.objects.get(congress=c.congress, kind="chairs_council")
    chairs = make_bill(c, proposer_kind="chairs_council", proposer_org=council, resubmission_of=failed)
    assert chairs.status == BillStatus.PROPOSED  # not straight onto the agenda: the 主任会议 decides again


@time_machine.travel(NOW, tick=False)
def test_committees_disagreement_must_be_reported_before_the_vote(leg_world):
    c = leg_world
    bill = c.advance(c.bill, "final")
    bill = procedures.bill_record_disagreement(actor=c.clerk, bill=bill, disagreement="城建环保委与财经委对罚款幅度意见不一致。")
    with pytest.raises(RuleViolation) as exc:
        svc.bill_transition(actor=c.leader, bill=bill, action="schedule_vote", note="提请表决", on=D(2026, 6, 20))
    assert exc.value.rule.id == "LEG-COMMITTEE-DISAGREE"
    bill = procedures.bill_record_disagreement(actor=c.clerk, bill=bill, disagreement=bill.disagreement,
                                               reported_on=D(2026, 6, 18))
    bill = svc.bill_transition(actor=c.leader, bill=bill, action="schedule_vote", note="提请表决", on=D(2026, 6, 20))
    assert bill.status == BillStatus.VOTE_PENDING
