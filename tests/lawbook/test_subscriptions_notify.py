"""Subscribers hear of what they subscribed to (issue 20 §6): a draft opened for comment, the stages of the bill they
follow, and nothing of other bills, other congresses, or before they confirmed."""

import pytest
import time_machine
from tests.legislation.conftest import _aware, advance, make_bill

from renda.core.models import OutboxMessage
from renda.lawbook import services as lawbook
from renda.lawbook.models import Subscription, SubscriptionStatus, Topic

pytestmark = pytest.mark.django_db


def _subscriber(c, topic, *, email, bill=None, confirmed=True, congress=None):
    sub = lawbook.subscribe(congress=congress or c.congress, email=email, topic=topic, submission=f"t-{email}-{topic}",
                            bill=bill)
    if confirmed:
        Subscription.objects.filter(pk=sub.pk).update(status=SubscriptionStatus.CONFIRMED)
    return sub


def _mails_to(address):
    """What was queued for `address` besides the confirmation request of its subscription."""
    return [m for m in OutboxMessage.objects.all() if m.to == address and not m.key.startswith("lawbook-confirm")]


@pytest.fixture
def world(cast):
    from renda.core.roles import Role
    from renda.demo.builders import make_user

    c = cast
    c.legal = make_user("legal", c.password, congress=c.congress, role=Role.COMMITTEE, display_name="法制委",
                        organization=c.city.bodies["fzw"])
    return c


def test_a_followed_bill_s_steps_and_an_opened_draft_reach_confirmed_subscribers_only(world):
    c = world
    with time_machine.travel(_aware(__import__("datetime").date(2026, 3, 2)), tick=False):
        bill = make_bill(c)
        other = make_bill(c, title="甲市预算审查监督条例", proposer_kind="special_committee",
                          proposer_org=c.city.bodies["cjw"], lead_committee=c.city.bodies["cjw"],
                          concerned_units=[], subject_area="基层治理")
    _subscriber(c, Topic.BILL, email="follower@example.cn", bill=bill)
    _subscriber(c, Topic.BILL, email="other@example.cn", bill=other)
    _subscriber(c, Topic.BILL, email="pending@example.cn", bill=bill, confirmed=False)
    _subscriber(c, Topic.DRAFTS, email="drafts@example.cn")
    advance(c, bill, "period_open")
    follower = _mails_to("follower@example.cn")
    assert follower, "the follower of the bill hears of its steps"
    assert all("甲市河道管理条例" in m.subject for m in follower)
    assert all("退订" in m.body for m in follower)
    assert not _mails_to("other@example.cn")
    assert not _mails_to("pending@example.cn")
    drafts = _mails_to("drafts@example.cn")
    assert len(drafts) == 1 and "公开征求意见" in drafts[0].subject
