"""Optimistic locking of the 主任会议's decision on the number of readings (issue #9): two leaders open the
decision form at the same version of the bill; the first decision is kept, the second is refused with
ConflictError (service) or a 409 page with the Chinese message that keeps what was typed (web)."""

import re

import pytest
from django.urls import reverse
from tests.conftest import login

from renda.core.errors import ConflictError
from renda.core.roles import Role
from renda.demo.builders import make_user
from renda.legislation import services as leg
from renda.legislation.models import Bill

from .conftest import D

pytestmark = pytest.mark.django_db
VERSION = re.compile(r'name="lock_version" value="(\d+)"')
REASON = "各方面意见比较一致，主任会议决定两审。"




@pytest.fixture
def two_leaders(leg_world):
    c = leg_world
    c.leader2 = make_user("leader2", c.password, congress=c.congress, role=Role.LEADER, display_name="副主任二",
                          person=c.city.vice_chairs[1])
    c.bill = c.advance(c.bill, "on_agenda")
    return c


def test_second_readings_decision_on_a_stale_version_is_refused(two_leaders):
    c = two_leaders
    read = c.bill.lock_version
    bill = leg.bill_set_readings(actor=c.leader, bill=c.bill, readings=2, ground="agreed", reason=REASON,
                                 on=D(2026, 3, 12), lock_version=read)
    assert bill.lock_version == read + 1
    with pytest.raises(ConflictError) as exc:
        leg.bill_set_readings(actor=c.leader2, bill=c.bill, readings=3, ground="", reason="", lock_version=read)
    assert "已被他人修改" in exc.value.message and exc.value.status_code == 409
    bill = Bill.objects.get(pk=c.bill.pk)
    assert (bill.readings_required, bill.readings_ground, bill.readings_reason) == (2, "agreed", REASON)
    # On the current version the decision can be changed again.
    bill = leg.bill_set_readings(actor=c.leader2, bill=bill, readings=3, ground="", reason="恢复三审。",
                                 lock_version=bill.lock_version)
    assert bill.readings_required == 3


def test_readings_decision_page_conflicts_with_409(two_leaders):
    c = two_leaders
    url = reverse("legislation:readings_decision", args=[c.bill.pk])
    first, second = login(c.leader), login(c.leader2)
    [v1] = VERSION.findall(first.get(url).content.decode())
    [v2] = VERSION.findall(second.get(url).content.decode())
    assert int(v1) == int(v2) == c.bill.lock_version
    resp = first.post(url, {"readings": "2", "ground": "agreed", "reason": REASON, "on": "2026-03-12",
                            "lock_version": v1})
    assert resp.status_code == 302
    resp = second.post(url, {"readings": "3", "ground": "", "reason": "三审后再交付表决。", "lock_version": v2})
    body = resp.content.decode()
    assert resp.status_code == 409 and "已被他人修改" in body
    assert "三审后再交付表决。" in body  # what the second leader typed is still on the page
    bill = Bill.objects.get(pk=c.bill.pk)
    assert (bill.readings_required, bill.readings_ground, bill.readings_reason) == (2, "agreed", REASON)
    # A tampered version never matches (a conflict, not an invisible error on a hidden field).
    resp = second.post(url, {"readings": "3", "ground": "", "reason": "", "lock_version": "x1"})
    assert resp.status_code == 409 and Bill.objects.get(pk=c.bill.pk).readings_required == 2
