"""Home panels are cached per user and recomputed after a write of their module (renda.core.registry)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from renda.core import intake
from renda.participation import services

from .conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cache_on(settings):
    from django.core.cache import cache

    settings.RENDA_HOME_CACHE = True
    cache.clear()
    yield
    cache.clear()


def _new_count(html: str) -> int:
    m = re.search(r"待分办 (\d+) 件", html)
    return int(m.group(1)) if m else -1


def _submit(po, n, start=0):
    for i in range(start, start + n):
        intake.accept(services.INTAKE_KIND, po.congress,
                      {"category": po.cats["交通"].pk, "place": "南湖区", "text": f"第{i}条", "name": "", "phone": "",
                       "email": ""}, token=f"home-{i}")


def test_a_second_home_page_reads_the_cache_and_a_write_refreshes_only_its_module(po):
    office = login(po.clerk)
    with CaptureQueriesContext(connection) as cold:
        first = office.get("/").content.decode()
    assert "社情民意" in first
    before = _new_count(first)
    # a public submission processed by the intake writes an opinion (audited): the participation panel recomputes
    _submit(po, 2)
    with CaptureQueriesContext(connection) as after_write:
        html = office.get("/").content.decode()
    assert _new_count(html) == before + 2 != -1
    # cached: the second request of the same page ran fewer queries than the one after the write
    with CaptureQueriesContext(connection) as warm:
        again = office.get("/").content.decode()
    assert _new_count(again) == before + 2
    assert len(warm) < len(after_write) < len(cold)  # only the participation panel was recomputed


def test_the_cache_is_per_user(po):
    _submit(po, 1)
    office = login(po.clerk).get("/").content.decode()
    deputy = login(po.deputy).get("/").content.decode()
    assert "社情民意" in office
    assert office != deputy and "待分办" not in deputy
