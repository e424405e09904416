""""在会议举行的七日前" (MTG-NOTICE) read as the congress chooses (rule CAL-BEFORE): strictly by default — seven whole
days between the notice and the meeting, a non-working last day moved back — or leniently (the meeting date minus 7)."""

import datetime as dt

import pytest
import time_machine

from renda.core.errors import RuleViolation
from renda.core.models import RuleParameter
from renda.meetings.models import MeetingStatus

from .conftest import chairs_meeting, decide, standing_meeting

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 1, 10, tzinfo=dt.UTC)
FRIDAY = dt.date(2026, 3, 20)
MONDAY = dt.date(2026, 3, 23)


def lenient(c):
    RuleParameter.objects.create(congress=c.congress, rule_id="CAL-BEFORE", name="strict", value=False)


@time_machine.travel(NOW, tick=False)
def test_strict_reading_needs_seven_whole_days(cast):
    c = cast
    chairs = chairs_meeting(c)
    with pytest.raises(RuleViolation) as exc:  # decided on 03-13: only 03-14…03-19 (six days) lie between
        decide(c, standing_meeting(c, day=FRIDAY), chairs, decided_on=dt.date(2026, 3, 13))
    assert exc.value.rule.id == "MTG-NOTICE" and "2026-03-12" in exc.value.message
    m = standing_meeting(c, day=FRIDAY)
    assert decide(c, m, chairs, decided_on=dt.date(2026, 3, 12)).status == MeetingStatus.CONVENED


@time_machine.travel(NOW, tick=False)
def test_strict_reading_moves_a_weekend_last_day_back(cast):
    c = cast
    chairs = chairs_meeting(c)
    with pytest.raises(RuleViolation) as exc:  # the 15th is a Sunday: the last day is Friday the 13th
        decide(c, standing_meeting(c, day=MONDAY), chairs, decided_on=dt.date(2026, 3, 14))
    assert "2026-03-13" in exc.value.message
    assert decide(c, standing_meeting(c, day=MONDAY), chairs, decided_on=dt.date(2026, 3, 13)).pk


@time_machine.travel(NOW, tick=False)
def test_lenient_reading_counts_the_meeting_date_minus_seven(cast):
    c = cast
    lenient(c)
    chairs = chairs_meeting(c)
    assert decide(c, standing_meeting(c, day=FRIDAY), chairs, decided_on=dt.date(2026, 3, 13)).pk
    with pytest.raises(RuleViolation):
        decide(c, standing_meeting(c, day=FRIDAY), chairs, decided_on=dt.date(2026, 3, 14))
    assert decide(c, standing_meeting(c, day=MONDAY), chairs, decided_on=dt.date(2026, 3, 16)).pk  # no roll
    RuleParameter.objects.filter(congress=c.congress, rule_id="CAL-BEFORE").delete()  # back to the default
    with pytest.raises(RuleViolation):
        decide(c, standing_meeting(c, day=FRIDAY), chairs, decided_on=dt.date(2026, 3, 13))
