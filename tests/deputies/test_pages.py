"""Every page of deputies' work renders for the roles that may see it, and the navigation areas exist."""

import pytest
from django.urls import reverse
from tests.conftest import login

from renda.core.registry import AREAS, areas_for

pytestmark = pytest.mark.django_db

PAGES = ["deputies:index", "deputies:registry", "deputies:changes", "deputies:stations", "deputies:activities",
         "deputies:issues", "deputies:contacts", "deputies:training", "deputies:exchanges", "deputies:calendar"]


@pytest.mark.parametrize("role", ["clerk", "leader", "committee", "dbw", "member", "admin"])
def test_every_page_renders(dep_world, role):
    client = login(getattr(dep_world, role))
    for name in PAGES:
        resp = client.get(reverse(name))
        assert resp.status_code == 200, (role, name, resp.status_code)
        html = resp.content.decode()
        assert 'lang="zh-CN"' in html and "<script>" not in html  # no inline scripts


def test_the_deputy_lands_on_the_platform_on_a_phone_layout(dep_world):
    client = login(dep_world.deputy)
    resp = client.get(reverse("deputies:index"), follow=True)
    html = resp.content.decode()
    assert resp.redirect_chain[-1][0] == reverse("deputies:me")
    for section in ("my-suggestions", "next-event", "my-activities", "my-record", "materials"):
        assert f'id="{section}"' in html
    assert 'name="viewport"' in html


def test_a_unit_has_only_its_issues(dep_world):
    c = dep_world
    client = login(c.unit_user)
    assert client.get(reverse("deputies:index")).url == reverse("deputies:issues")
    for name in ("deputies:registry", "deputies:stations", "deputies:activities", "deputies:contacts",
                 "deputies:training", "deputies:exchanges", "deputies:calendar", "deputies:me"):
        assert client.get(reverse(name)).status_code == 404, name
    keys = {a.key for a in areas_for(c.unit_user)}
    assert "deputies" in keys and not ({"training", "exchanges", "calendar"} & keys)


def test_the_four_areas_are_registered():
    for key, url_name in [("deputies", "deputies:index"), ("training", "deputies:training"),
                          ("exchanges", "deputies:exchanges"), ("calendar", "deputies:calendar")]:
        assert AREAS[key].url_name == url_name


def test_forms_are_labelled(dep_world):
    client = login(dep_world.dbw)
    for name in ("deputies:activity_create", "deputies:station_create", "deputies:change_create",
                 "deputies:course_create", "deputies:contact_create"):
        html = client.get(reverse(name)).content.decode()
        assert html.count("<label") >= 3, name
    html = client.get(reverse("deputies:deputy_edit", args=[dep_world.me.pk])).content.decode()
    assert "加密存储" in html


def test_the_api_is_in_the_schema(db):
    from django.test import Client

    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    for p in ("/api/v1/deputies/registry", "/api/v1/deputies/registry/{deputy_id}/private",
              "/api/v1/deputies/calendar", "/api/v1/deputies/liaison/issues/{issue_id}/transitions",
              "/api/v1/deputies/training/courses/{course_id}/enroll", "/api/v1/deputies/exchanges/visits"):
        assert p in paths, p
