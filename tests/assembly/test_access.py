"""Every page and API read of the session, for every role of the cast and anonymous: never a 5xx; another
congress, a handling unit (except its own project) and anonymous users get nothing but the public pages."""

import datetime as dt

import pytest
from django.test import Client
from tests.conftest import login

from renda.assembly import services
from renda.assembly.models import SittingKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(in_session):
    c = in_session
    c.sitting = services.sitting_add(actor=c.clerk, session=c.session, kind=SittingKind.PLENARY,
                                     date=dt.date(2027, 1, 13), present=15)
    c.election = services.election_create(actor=c.clerk, session=c.session, office="市长", office_kind="chief",
                                          places=1, candidates=["甲", "乙"])
    c.projects = []
    for i in range(12):
        p, _ = services.project_propose(actor=c.clerk, congress_id=c.congress.pk, year=2027, title=f"项目{i}",
                                        summary="内容", source="department", proposer="市水务局")
        p = services.project_transition(actor=c.clerk, project=p, action="shortlist", cost_wan=1, fiscal_note="可",
                                        lead_unit=c.city.units["市教育局"], session=c.session)
        c.projects.append(services.project_transition(actor=c.clerk, project=p, action="submit"))
    c.lvote = services.lvote_open(actor=c.clerk, session=c.session, year=2027)
    return c


def _urls(c):
    p = c.projects[0].pk
    return [f"/assembly/{c.session.pk}/", f"/assembly/elections/{c.election.pk}/", f"/assembly/lvotes/{c.lvote.pk}/",
            f"/assembly/projects/{p}/", f"/api/v1/assembly/sessions/{c.session.pk}",
            f"/api/v1/assembly/elections/{c.election.pk}", f"/api/v1/workflow/assembly.session/{c.session.pk}/actions",
            f"/api/v1/workflow/assembly.project/{p}/actions", f"/api/v1/workflow/assembly.lvote/{c.lvote.pk}/actions"]


def test_every_role_gets_an_answer_and_only_what_it_may_see(world):
    c = world
    seeing = (c.clerk, c.leader, c.committee, c.member, c.deputy, c.admin)
    for user in seeing:
        client = login(user)
        for url in [*_urls(c), "/assembly/", "/api/v1/assembly/sessions", "/api/v1/assembly/projects"]:
            r = client.get(url)
            assert r.status_code == 200, (user.username, url, r.status_code)
    for user in (c.outsider_clerk, c.unit_user):
        client = login(user)
        for url in _urls(c):
            assert client.get(url).status_code == 404, (user.username, url)
        assert client.get("/api/v1/assembly/sessions").json() == []
    anon = Client()
    for url in _urls(c):
        assert anon.get(url).status_code in (302, 401, 403, 404), url
    for url in (f"/assembly/public/{c.congress.code}/", f"/assembly/public/{c.congress.code}/projects/"
                f"{c.projects[0].pk}/", f"/assembly/public/{c.congress.code}/propose/"):
        assert anon.get(url).status_code == 200, url
    assert anon.get(f"/assembly/public/{c.congress.code}/projects/999999999999999999999/").status_code == 404
    assert anon.get("/assembly/public/no-such-congress/").status_code == 404
    # the step buttons appear for the office only; a deputy's step is refused at the endpoint
    assert login(c.deputy).post(f"/act/assembly.lvote/{c.lvote.pk}/close/").status_code == 403
    r = login(c.outsider_clerk).post(f"/api/v1/workflow/assembly.lvote/{c.lvote.pk}/close", {},
                                     content_type="application/json")
    assert r.status_code == 404


def test_the_lead_unit_sees_its_projects(world):
    from renda.core.models import User

    c = world
    edu = User.objects.get(pk=c.other_unit_user.pk)  # 市教育局 leads the projects
    client = login(edu)
    assert client.get(f"/assembly/projects/{c.projects[0].pk}/").status_code == 200
    assert client.get(f"/assembly/{c.session.pk}/").status_code == 404
    assert len(client.get("/api/v1/assembly/projects").json()) == 12
