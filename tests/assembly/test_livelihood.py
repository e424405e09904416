"""民生实事项目: 征集 → 初定 → 审议 → 票决 (12 for 10, ranking, ties) → progress → 测评; the public pages (totals
only) and the portal form's defences."""

import datetime as dt

import pytest
from django.core.cache import cache
from tests.assembly.conftest import deputy_user
from tests.conftest import login

from renda.assembly import services
from renda.assembly.models import LivelihoodProject, ProjectStatus
from renda.core import public
from renda.core.errors import RuleViolation

pytestmark = pytest.mark.django_db


def _candidates(c, n=12):
    out = []
    for i in range(n):
        p, _ = services.project_propose(actor=c.clerk, congress_id=c.congress.pk, year=2027, title=f"项目{i:02d}",
                                        summary="内容", source="department", proposer="市水务局")
        p = services.project_transition(actor=c.clerk, project=p, action="shortlist", cost_wan=100 + i,
                                        fiscal_note="可以承受", lead_unit=c.city.units["市水务局"], session=c.session)
        out.append(services.project_transition(actor=c.clerk, project=p, action="submit"))
    return out


def _ballots(projects, rows):
    """rows: (count, set of indexes voted yes)."""
    out = []
    for n, yes in rows:
        out += [{str(p.pk): ("yes" if i in yes else "no") for i, p in enumerate(projects)}] * n
    return out


def test_twelve_for_ten_ranked_with_a_tie_at_the_cut_voted_again(in_session):
    c = in_session
    ps = _candidates(c)
    opinion = services.opinion_add(actor=c.clerk, project=ps[0], delegation=c.city.delegations[0],
                                   text="内部审议意见zz")
    v = services.lvote_open(actor=c.clerk, session=c.session, year=2027)
    assert v.present == 18 and v.total_deputies == 20 and v.places == 10
    # 18 voters; all vote 0–7; 8 and 9 get 12 each, 10 gets 12 too (tie for two places), 11 gets 4
    rows = [(6, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}), (6, {0, 1, 2, 3, 4, 5, 6, 7, 9, 10}),
            (4, {0, 1, 2, 3, 4, 5, 6, 7, 8, 10}), (2, {0, 1, 2, 3, 4, 5, 6, 7, 11})]
    services.lvote_paper(actor=c.clerk, vote=v, ballots=_ballots(ps, rows))
    # a 19th ballot is more than those present; a ballot with eleven 赞成 is void
    with pytest.raises(RuleViolation):
        services.lvote_paper(actor=c.clerk, vote=v, ballots=_ballots(ps, [(1, set(range(10)))]))
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.lvote_paper(actor=c.clerk, vote=v, ballots=_ballots(ps, [(1, set(range(11)))]))
    v = services.lvote_transition(actor=c.clerk, vote=v, action="close")
    status = {p.title: p.status for p in LivelihoodProject.objects.filter(pk__in=[p.pk for p in ps])}
    # 8: 10, 9: 12, 10: 10 — 9 passes with 12 > 10; 8 and 10 have 10 of 20: exactly half, not adopted → no tie
    assert [status[f"项目{i:02d}"] for i in range(8)] == [ProjectStatus.ADOPTED] * 8
    assert status["项目09"] == ProjectStatus.ADOPTED
    assert status["项目08"] == status["项目10"] == status["项目11"] == ProjectStatus.NOT_ADOPTED
    assert "少 1 项" in v.outcome

    # public page: the voted year with totals only; no internal opinion, no collected project
    services.project_propose(congress_id=c.congress.pk, year=2028, title="只是征集的项目zz", summary="x",
                             source="public", proposer="社会公众")
    anon = login(c.clerk)
    anon.logout()
    page = anon.get(f"/assembly/public/{c.congress.code}/").content.decode()
    assert "项目09" in page and ">12<" in page and "只是征集的项目zz" not in page and opinion.text not in page
    assert anon.get(f"/assembly/public/{c.congress.code}/projects/{ps[0].pk}/").status_code == 200
    hidden = LivelihoodProject.objects.get(title="只是征集的项目zz")
    assert anon.get(f"/assembly/public/{c.congress.code}/projects/{hidden.pk}/").status_code == 404
    assert anon.get(f"/assembly/public/{c.outsider_clerk.congress.code}/projects/{ps[0].pk}/").status_code == 404


def test_a_real_tie_is_voted_again(in_session):
    c = in_session
    ps = _candidates(c)
    v = services.lvote_open(actor=c.clerk, session=c.session, year=2027)
    # 0–7 get 18; 8, 9 and 10 get 12 each, all more than half of 20, for the two places left; 11 gets 0
    rows = [(6, set(range(8)) | {8, 9}), (6, set(range(8)) | {8, 10}), (6, set(range(8)) | {9, 10})]
    services.lvote_paper(actor=c.clerk, vote=v, ballots=_ballots(ps, rows))
    v = services.lvote_transition(actor=c.clerk, vote=v, action="close")
    ps = list(LivelihoodProject.objects.filter(pk__in=[p.pk for p in ps]).order_by("title"))
    assert [p.status for p in ps[:8]] == [ProjectStatus.ADOPTED] * 8
    assert [p.status for p in ps[8:11]] == [ProjectStatus.CANDIDATE] * 3
    assert ps[8].votes_for == ps[9].votes_for == ps[10].votes_for == 12
    assert ps[11].status == ProjectStatus.NOT_ADOPTED
    assert "再次票决" in v.outcome
    v2 = services.lvote_next_round(actor=c.clerk, vote=v)
    assert v2.round == 2 and v2.places == 2 and set(v2.projects.all()) == {ps[8], ps[9], ps[10]}
    # deputies vote on their own devices in the second round
    for d in c.city.deputies[:11]:
        r = login(deputy_user(c, d)).post(f"/api/v1/assembly/lvotes/{v2.pk}/cast",
                                          {"choices": {str(ps[9].pk): "yes", str(ps[10].pk): "yes",
                                                       str(ps[8].pk): "no"}},
                                          content_type="application/json")
        assert r.status_code == 200, r.content
    r = login(deputy_user(c, c.city.deputies[0])).post(f"/api/v1/assembly/lvotes/{v2.pk}/cast", {"choices": {}},
                                                       content_type="application/json")
    assert r.status_code == 409
    services.lvote_transition(actor=c.clerk, vote=v2, action="close")
    for p in ps:
        p.refresh_from_db()
    assert ps[9].status == ps[10].status == ProjectStatus.ADOPTED and ps[8].status == ProjectStatus.NOT_ADOPTED
    assert ps[8].votes_for == 12  # the first round's totals stay on the project

    # progress by the lead unit, completion, the deputies' 测评 (counted, not stored per deputy)
    p = ps[0]
    unit = login(c.unit_user)
    assert unit.post(f"/assembly/projects/{p.pk}/milestones/", {"date": "2027-06-30", "title": "完工",
                                                               "pct": "100"}).status_code == 302
    with pytest.raises(RuleViolation):
        services.project_transition(actor=c.clerk, project=ps[1], action="complete")
    p = services.project_transition(actor=c.clerk, project=p, action="complete")
    dep = login(deputy_user(c, c.city.deputies[3]))
    assert dep.post(f"/assembly/projects/{p.pk}/rate/", {"choice": "satisfied"}).status_code == 302
    assert dep.post(f"/assembly/projects/{p.pk}/rate/", {"choice": "satisfied"}).status_code == 409
    p.refresh_from_db()
    assert p.rating == {"satisfied": 1}
    page = login(c.clerk).get(f"/assembly/projects/{p.pk}/").content.decode()
    assert "测评通过" in page and "完工" in page


def test_the_vote_needs_more_candidates_than_places(in_session):
    c = in_session
    _candidates(c, n=10)
    with pytest.raises(RuleViolation) as exc:
        services.lvote_open(actor=c.clerk, session=c.session, year=2027)
    assert exc.value.rule.id == "LIV-VOTE"


def test_the_portal_form_defences(cast, frozen):
    cache.clear()
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    url = f"/assembly/public/{cast.congress.code}/propose/"
    r = client.get(url)
    assert r.status_code == 200 and "建议明年的民生实事项目" in r.content.decode()
    csrf = r.cookies["csrftoken"].value
    token = r.context["token"]
    data = {"title": "社区食堂", "summary": "建议每个街道建一个社区食堂。", "place": "南湖区",
            public.TOKEN_FIELD: token, "csrfmiddlewaretoken": csrf}
    # the honeypot
    r = client.post(url, {**data, public.HONEYPOT_FIELD: "http://spam"})
    assert r.status_code == 400
    # no token, a forged token
    assert client.post(url, {**data, public.TOKEN_FIELD: ""}).status_code == 400
    assert client.post(url, {**data, public.TOKEN_FIELD: "forged"}).status_code == 400
    # no CSRF
    assert Client(enforce_csrf_checks=True).post(url, data).status_code == 403
    # accepted once; a retry with the same token finds the first
    r = client.post(url, data)
    assert r.status_code == 200 and "已收到您的建议" in r.content.decode()
    client.post(url, data)
    rows = LivelihoodProject.objects.filter(congress=cast.congress, title="社区食堂")
    assert rows.count() == 1 and rows.get().source == "public" and rows.get().status == ProjectStatus.COLLECTED
    assert rows.get().year == dt.date(2026, 12, 10).year + 1
    # too big before parsing; the rate limit (5 an hour by default) — this source has posted 7 times
    r = client.post(url, {**data, "summary": "长" * 70000})
    assert r.status_code == 413
    cache.clear()
    for _ in range(5):
        client.post(url, data)
    r = client.post(url, data)
    assert r.status_code == 429 and r["Retry-After"]
