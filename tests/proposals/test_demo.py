"""The demo city carries the speech's motion under key supervision and suggestions in every state."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.test import Client

from renda.core.models import Congress
from renda.demo.city import DEMO_PASSWORD
from renda.proposals.models import Commitment, Proposal, Status

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
    # 并案: a handled pair (closed, rated by both lead deputies) and one still awaiting 交办.
    merged = list(qs.filter(status=Status.MERGED).select_related("merged_into"))
    assert {m.merged_into.status for m in merged} == {Status.CLOSED, Status.SUBMITTED}
    handled = next(m for m in merged if m.merged_into.status == Status.CLOSED)
    assert handled.ratings.exists() and handled.merged_into.ratings.exists()
    assert handled.lead_deputy_id != handled.merged_into.lead_deputy_id
    # Progress reports on the motion, by 市水务局 and 城建环保委, one with an attachment.
    reports = list(motion.progress_reports.select_related("reporter").order_by("reported_on"))
    assert len(reports) >= 4 and {r.reporter.name for r in reports} >= {"市水务局"}
    assert any(r.reporter_id == motion.supervising_body_id for r in reports)
    page = client.get(f"/proposals/{motion.pk}/").content.decode()
    assert "办理进展（重点督办）" in page and "成立由局主要负责人任组长的办理工作专班" in page
    # Commitments in every state, and overdue ones.
    ledger = Commitment.objects.filter(congress=city)
    assert set(ledger.values_list("status", flat=True)) == {"open", "done", "carried"}
    assert ledger.filter(status="open", due_date__lt=dt.date.today()).exists()
    assert ledger.filter(status="open", due_date__gt=dt.date(2027, 1, 1)).exists()
    assert client.get("/proposals/commitments/?status=overdue").status_code == 200
    for m in merged:
        assert client.get(f"/proposals/{m.pk}/").status_code == 200
    # Every role's home page carries the panel.
    for username, text in (("bangongting", "待交办"), ("zhuren", "重点督办件"), ("shuiwuju", "本单位办理中的建议")):
        client = Client()
        assert client.login(username=username, password=DEMO_PASSWORD)
        assert text in client.get("/").content.decode(), username
