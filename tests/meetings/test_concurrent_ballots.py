"""Two clerks enter ballots on the same vote: the second save over the first is refused, never silent.

The ballots form posts every member's choice as the clerk saw it (pre-checked radios), so without the
vote's lock_version the second clerk would overwrite the first one's entries with what they saw before.
"""

import re

import pytest
from django.test import Client

from renda.core.roles import Role
from renda.demo.builders import make_user
from renda.meetings import services as svc
from renda.meetings.models import Ballot

pytestmark = pytest.mark.django_db


def _version(html: str) -> str:
    return re.search(r'name="lock_version" value="(\d+)"', html).group(1)


def test_the_second_clerk_gets_a_conflict_and_the_first_clerks_ballots_stay(in_session):
    c = in_session
    clerk2 = make_user("clerk2", c.password, congress=c.congress, role=Role.OFFICE, display_name="办公厅二",
                       organization=c.clerk.organization)
    vote = svc.vote_open(actor=c.clerk, item=c.item)
    url = f"/meetings/votes/{vote.pk}/"
    first, second = Client(), Client()
    first.force_login(c.clerk)
    second.force_login(clerk2)
    v1 = _version(first.get(url).content.decode())
    v2 = _version(second.get(url).content.decode())
    assert v1 == v2
    people = c.people[:6]

    resp = first.post(f"{url}ballots/", {"lock_version": v1, **{f"p-{p.pk}": "yes" for p in people}}, follow=True)
    assert "已录入 6 人的表决意见" in resp.content.decode()

    resp = second.post(f"{url}ballots/", {"lock_version": v2, **{f"p-{p.pk}": "no" for p in people}}, follow=True)
    html = resp.content.decode()
    assert "表决意见已被他人录入或修改" in html and "请刷新页面" in html
    assert set(Ballot.objects.filter(vote=vote).values_list("choice", flat=True)) == {"yes"}

    # After reloading, the second clerk sees the first one's entries and may change them.
    v3 = _version(second.get(url).content.decode())
    assert v3 != v2
    resp = second.post(f"{url}ballots/", {"lock_version": v3, f"p-{people[0].pk}": "abstain"}, follow=True)
    assert "已录入 1 人的表决意见" in resp.content.decode()
    assert Ballot.objects.get(vote=vote, person=people[0]).choice == "abstain"
