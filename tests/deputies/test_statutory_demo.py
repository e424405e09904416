"""The demo city carries the statutory procedures added for deputies, appointments and suggestions (loaded once)."""

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from tests.conftest import login, module_world
from tests.world_cache import load_demo

from renda.core import inbox
from renda.core.models import Congress, User
from renda.demo.clock import CANONICAL_TODAY

pytestmark = pytest.mark.django_db


# The demo loaded on its story's own day, and the clock stopped there while the module's tests read it.
NOW = dt.datetime.combine(CANONICAL_TODAY, dt.time(10), tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.fixture(scope="module")
def demo_world(django_db_setup, django_db_blocker, tmp_path_factory):
    with time_machine.travel(NOW, tick=False), module_world(django_db_blocker, tmp_path_factory.mktemp("demo-media")):
        load_demo(NOW.date())
        yield


def test_the_demo_shows_each_procedure(demo_world):
    from renda.deputies.models import DeputyWorkPlan, ImmunityCase, UpperDeputyCase
    from renda.meetings.models import AppointmentDuty
    from renda.proposals.models import HandlingReport

    city = Congress.objects.get(code="xx-city")
    assert set(ImmunityCase.objects.filter(congress=city).values_list("status", flat=True)) == {"reviewed", "noted"}
    assert DeputyWorkPlan.objects.filter(congress=city, status="published").exists()
    assert UpperDeputyCase.objects.filter(congress=city, status="proposed", kind="resignation").exists()
    assert AppointmentDuty.objects.filter(congress=city, kind="new_government").exists()
    assert HandlingReport.objects.get(congress=city).figures["total"] > 0
    office = User.objects.get(username="bangongting")
    kinds = {i.kind for i in inbox.items(office)}
    assert {"许可申请和拘留报告", "上一级人大代表的罢免、辞职和补选", "代表建议办理情况报告"} <= kinds
    public = Client().get(reverse("deputies:public_workplans", args=[city.code])).content.decode()
    assert "年度代表工作计划" in public and "集中视察" in public
    daibiao = login(User.objects.get(username="daibiao"))
    assert daibiao.get(reverse("deputies:immunity")).status_code == 404
    assert login(User.objects.get(username="zhuren")).get(reverse("deputies:immunity")).status_code == 200
