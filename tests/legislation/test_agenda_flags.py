"""The meeting page flags an agenda item whose draft did not reach the members seven days before the meeting
(立法法 第三十一条第一款), with the rule's title — on the meeting's own page, where the agenda is decided."""

import datetime as dt

import pytest
from tests.conftest import login

from renda.legislation.models import Bill
from renda.meetings import services as msvc

pytestmark = pytest.mark.django_db

FLAG = "法规草案未在会议举行的七日前发给组成人员"


def _meeting_with(c, bill):
    meeting = msvc.meeting_create(actor=c.clerk, kind="standing", date=dt.date(2026, 6, 24), place="常委会会议厅")
    msvc.item_add(actor=c.clerk, meeting=meeting, object_type="legislation.bill", object_id=bill.pk)
    return meeting


@pytest.mark.parametrize("late", [True, False])
def test_the_meeting_page_flags_a_draft_sent_late(leg_world, late):
    c = leg_world
    bill = c.advance(c.bill, "vote_pending")
    Bill.objects.filter(pk=bill.pk).update(text_sent_late=late)
    meeting = _meeting_with(c, bill)
    page = login(c.clerk).get(f"/meetings/{meeting.pk}/").content.decode()
    assert (FLAG in page) is late
    if late:
        assert "法规草案在会议举行的七日前发给组成人员" in page  # the rule by its title, linked to /rules/
        assert "LEG-TEXT-SEVEN-DAYS</" not in page and "#LEG-TEXT-SEVEN-DAYS" in page


def test_the_bill_history_says_which_text_was_registered_and_deliberated(leg_world):
    from renda.core import history

    c = leg_world
    bill = c.advance(c.bill, "reading1")
    rows = history.rows(history.for_user(c.clerk, bill))
    texts = {r.action: r.detail for r in rows}
    version_rows = [r.detail for r in rows if r.detail.startswith("草案，共 ")]
    assert version_rows, texts
    assert version_rows[0].endswith(("条", "处结构提示")), version_rows
    reading = [r.detail for r in rows if r.detail.startswith("一审：")]
    assert reading and "审议草案" in reading[0] and "年" in reading[0], texts
