"""Supervision rules at their edges (issue 16 §3): "超过" a share decided in integers (SUP-RATING), and "在常务委员会
举行会议的二十日前" read strictly by default (rule CAL-BEFORE) or leniently as the congress chooses."""

import datetime as dt

import pytest
import time_machine
from tests.supervision.conftest import D, make_report

from renda.core.models import HolidayDate, RuleParameter
from renda.supervision import services as svc
from renda.supervision.models import RatingResult

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 26, 10, tzinfo=dt.UTC)


@pytest.mark.parametrize(("approving", "valid", "result"), [
    (29, 50, RatingResult.UNSATISFIED),  # exactly 58 % does not exceed 58 % (0.58 × 50 is 28.999… in floats)
    (30, 50, RatingResult.SATISFIED),
    (58, 100, RatingResult.UNSATISFIED),
    (7, 12, RatingResult.SATISFIED),  # 58.3 %
])
def test_a_share_exactly_at_the_threshold_does_not_exceed_it(sup, approving, valid, result):
    RuleParameter.objects.create(congress=sup.congress, rule_id="SUP-RATING", name="threshold", value=0.58)
    got, threshold = svc.rating_result(sup.congress.pk, satisfied=approving, basically_satisfied=0,
                                       unsatisfied=valid - approving)
    assert (got, threshold) == (result, 0.58)


def strict(c):
    RuleParameter.objects.filter(congress=c.congress, rule_id="CAL-BEFORE").delete()  # the default


@time_machine.travel(NOW, tick=False)
def test_strict_reading_twenty_whole_days_before_the_meeting(sup):
    strict(sup)
    r = make_report(sup)  # meeting on Wednesday 2026-09-30
    # 09-19 (the revised text's last day) is a Saturday: moved back to Friday 09-18
    assert (r.draft_due, r.revised_due, r.distribute_due) == (D(2026, 9, 9), D(2026, 9, 18), D(2026, 9, 22))
    on_time = svc.report_transition(actor=sup.gov_user, report=r, action="submit_draft", on=D(2026, 9, 9), text="稿")
    assert not on_time.draft_late
    late = make_report(sup, title="市人民政府关于教育工作情况的报告")
    late = svc.report_transition(actor=sup.gov_user, report=late, action="submit_draft", on=D(2026, 9, 10), text="稿")
    assert late.draft_late  # twenty days before, but only nineteen whole days between


@time_machine.travel(NOW, tick=False)
def test_strict_reading_moves_a_holiday_last_day_back(sup):
    strict(sup)
    for day in range(1, 8):  # National Day holiday
        HolidayDate.objects.create(congress=None, date=D(2026, 10, day), kind=HolidayDate.Kind.HOLIDAY)
    r = make_report(sup, meeting_date=D(2026, 10, 28))  # 10-28 − 21 days = 10-07, a holiday
    assert r.draft_due == D(2026, 9, 30)


@time_machine.travel(NOW, tick=False)
def test_lenient_reading_is_the_meeting_date_minus_twenty(sup):
    # `sup` sets the lenient reading for the older suites; here it is checked at its edge
    r = make_report(sup)
    assert (r.draft_due, r.revised_due, r.distribute_due) == (D(2026, 9, 10), D(2026, 9, 20), D(2026, 9, 23))
    r = svc.report_transition(actor=sup.gov_user, report=r, action="submit_draft", on=D(2026, 9, 10), text="稿")
    assert not r.draft_late
    strict(sup)  # the same meeting under the default reading
    assert make_report(sup, title="市人民政府关于教育工作情况的报告").draft_due == D(2026, 9, 9)
