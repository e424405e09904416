"""The demo city carries the speech's motion under key supervision and suggestions in every state."""

import pytest
from django.core.management import call_command
from django.test import Client

from renda.core.models import Congress
from renda.demo.city import DEMO_PASSWORD
from renda.proposals.models import Proposal, Status

pytestmark = pytest.mark.django_db


def test_demo_proposals(db):
    call_command("demo")
    city = Congress.objects.get(code="xx-city")
    motion = Proposal.objects.get(congress=city, title="关于综合治理水环境的议案")
    assert motion.key_supervision and motion.supervising_body.name and motion.assignments.count() == 2
    qs = Proposal.objects.filter(congress=city)
    assert qs.count() >= 100
    present = set(qs.values_list("status", flat=True))
    assert present >= set(Status.values) - {Status.AGENDA}
    for username, unit in (("shuiwuju", "市水务局"), ("jiaoyuju", "市教育局"), ("fayuan", "市中级人民法院")):
        client = Client()
        assert client.login(username=username, password=DEMO_PASSWORD)
        page = client.get("/proposals/").content.decode()
        assert "关于" in page
        assert qs.filter(assignments__unit__name=unit).exists()
    client = Client()
    assert client.login(username="bangongting", password=DEMO_PASSWORD)
    assert client.get(f"/proposals/{motion.pk}/").status_code == 200
    assert client.get("/proposals/dashboard/").status_code == 200
    assert client.get("/proposals/escalation/").status_code == 200
