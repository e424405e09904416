"""The session's workflow through the kit's endpoint and API, the quorum edges, sittings' votes, access."""

import datetime as dt
import re

import pytest
from tests.conftest import login

from renda.assembly import services
from renda.assembly.models import AssemblySession, SessionStatus, Sitting, SittingKind
from renda.core.errors import RuleViolation
from renda.core.models import Congress
from renda.deputies.models import Deputy

pytestmark = pytest.mark.django_db


def test_decide_prepare_open_through_the_page_and_the_api(cast, frozen):
    s = services.session_next(actor=cast.clerk, congress=cast.congress, planned_date=dt.date(2027, 1, 12),
                              draft_agenda="听取和审议政府工作报告")
    web = login(cast.clerk)
    r = web.post(f"/act/assembly.session/{s.pk}/decide/", {"decided_on": "2026-11-28", "decided_by": "常委会第二十八次会议",
                                                            "planned_date": "2027-01-13"})
    assert r.status_code == 302
    s.refresh_from_db()
    assert s.status == SessionStatus.CONVENED and s.planned_date == dt.date(2027, 1, 13)
    page = web.get(f"/assembly/{s.pk}/").content.decode()
    assert "常委会已决定召开" in page and "举行预备会议" in page and "convened" not in page
    # the preparatory meeting needs the presidium first (a rule refusal: 409)
    api = login(cast.clerk)
    url = f"/api/v1/workflow/assembly.session/{s.pk}/prepare"
    sg = cast.city.deputies[0].person.pk
    r = api.post(url, {"present": 18, "secretary_general": sg}, content_type="application/json")
    assert r.status_code == 409 and r.json()["rule"] == "ASM-PREPARATORY"
    services.presidium_set(actor=cast.clerk, session=s, people=[d.person for d in cast.city.deputies[:5]])
    # 13 of 20 present is less than two thirds: refused with the rule
    r = api.post(url, {"present": 13, "secretary_general": sg}, content_type="application/json")
    assert r.status_code == 409 and r.json()["rule"] == "ASM-QUORUM"
    r = api.post(url, {"present": 14, "secretary_general": sg}, content_type="application/json")
    assert r.status_code == 200, r.content
    s.refresh_from_db()
    assert s.status == SessionStatus.PREPARED and s.total_deputies == 20 and s.agenda == s.draft_agenda
    assert Sitting.objects.get(session=s, kind=SittingKind.PREPARATORY).present == 14
    # bad input is a 422 naming the field; a deputy may not take the step
    r = api.post(f"/api/v1/workflow/assembly.session/{s.pk}/open", {"present": "很多"},
                 content_type="application/json")
    assert r.status_code == 422
    dep = login(cast.deputy)
    assert dep.post(f"/act/assembly.session/{s.pk}/open/", {"present": 20}).status_code == 403
    r = api.post(f"/api/v1/workflow/assembly.session/{s.pk}/open", {"present": 20}, content_type="application/json")
    assert r.status_code == 200
    s.refresh_from_db()
    assert s.status == SessionStatus.IN_SESSION


def test_quorum_exactly_two_thirds_is_enough(convened):
    c = convened
    # 18 serving deputies: two thirds is exactly 12
    Deputy.objects.filter(pk__in=[d.pk for d in c.city.deputies[-3:-1]]).update(status=Deputy.Status.RESIGNED)
    with pytest.raises(RuleViolation) as exc:
        services.session_transition(actor=c.clerk, session=c.session, action="prepare", present=11,
                                    secretary_general=c.city.deputies[0].person)
    assert exc.value.rule.id == "ASM-QUORUM"
    s = services.session_transition(actor=c.clerk, session=c.session, action="prepare", present=12,
                                    secretary_general=c.city.deputies[0].person)
    assert s.status == SessionStatus.PREPARED and s.total_deputies == 18


def test_a_plenary_vote_passes_only_with_more_than_half_of_all_deputies(in_session):
    c = in_session
    plenary = services.sitting_add(actor=c.clerk, session=c.session, kind=SittingKind.PLENARY,
                                   date=dt.date(2027, 1, 13), present=14, materials="决议草案")
    v = services.sitting_vote(actor=c.clerk, sitting=plenary, subject="甲决议", yes=10, no=2, abstain=2)
    assert not v.passed  # 10 of 20 is exactly half
    v = services.sitting_vote(actor=c.clerk, sitting=plenary, subject="乙决议", yes=11, no=2, abstain=1)
    assert v.passed
    thin = services.sitting_add(actor=c.clerk, session=c.session, kind=SittingKind.PLENARY,
                                date=dt.date(2027, 1, 14), present=13)
    with pytest.raises(RuleViolation):
        services.sitting_vote(actor=c.clerk, sitting=thin, subject="丙决议", yes=12, no=0, abstain=0)
    # the sittings are on the one calendar of the congress
    from renda.assembly.selectors import calendar_events

    titles = [e.title for e in calendar_events(c.clerk, dt.date(2027, 1, 1), dt.date(2027, 1, 31))]
    assert any("全体会议" in t for t in titles)
    web = login(c.clerk)
    r = web.post(f"/assembly/sittings/{plenary.pk}/vote/", {"subject": "丁", "yes": "99", "no": "0", "abstain": "0"})
    assert r.status_code == 400 and "多于实到人数" in r.content.decode()


def test_other_congresses_see_nothing_of_the_session(in_session):
    from renda.demo.builders import build_congress, make_user
    from renda.demo.names import NameMaker

    c = in_session
    county = build_congress(code="t-county", place="丙县", level=Congress.Level.COUNTY, names=NameMaker(seed=5),
                            term_number=18, term_start=dt.date(2026, 1, 6), members=9, vice_chairs=2,
                            departments=["县水利局"], deputies=6, parent=c.congress)
    county_clerk = make_user("county_clerk", c.password, congress=county.congress, role="office",
                             display_name="县人大办", organization=county.bodies["bgt"])
    e = services.election_create(actor=c.clerk, session=c.session, office="市长", office_kind="chief", places=1,
                                 candidates=["甲", "乙"])
    p, _ = services.project_propose(actor=c.clerk, congress_id=c.congress.pk, year=2027, title="某项目",
                                    summary="内容", source="department", proposer="市水务局")
    for user in (c.outsider_clerk, county_clerk):
        web = login(user)
        for url in (f"/assembly/{c.session.pk}/", f"/assembly/elections/{e.pk}/", f"/assembly/projects/{p.pk}/",
                    f"/api/v1/assembly/sessions/{c.session.pk}", f"/api/v1/assembly/elections/{e.pk}"):
            assert web.get(url).status_code == 404, (user, url)
        assert web.post(f"/act/assembly.session/{c.session.pk}/close/").status_code == 404
        assert c.session.title not in web.get("/assembly/").content.decode()
        assert web.get("/api/v1/assembly/projects").json() == []
    # a handling unit sees only the projects it leads, never the session
    unit = login(c.unit_user)
    assert unit.get(f"/assembly/{c.session.pk}/").status_code == 404
    assert unit.get(f"/assembly/projects/{p.pk}/").status_code == 404
    AssemblySession.objects.filter(pk=c.session.pk).update(status=SessionStatus.IN_SESSION)
    from renda.assembly.models import LivelihoodProject

    LivelihoodProject.objects.filter(pk=p.pk).update(lead_unit=c.unit_user.organization)
    assert unit.get(f"/assembly/projects/{p.pk}/").status_code == 200


def test_close_is_refused_while_an_election_is_open(in_session):
    c = in_session
    services.election_create(actor=c.clerk, session=c.session, office="市长", office_kind="chief", places=1,
                             candidates=["甲", "乙"])
    with pytest.raises(RuleViolation):
        services.session_transition(actor=c.clerk, session=c.session, action="close")


def test_pages_speak_chinese_to_every_viewing_role(in_session):
    c = in_session
    d = c.city.delegations[0]
    people = [dep.person for dep in c.city.deputies if dep.delegation_id == d.pk]
    services.leads_set(actor=c.clerk, session=c.session, leads=[(d, people[0], "head"), (d, people[1], "deputy_head")])
    with pytest.raises(Exception):  # noqa: B017 - two heads of one delegation
        services.leads_set(actor=c.clerk, session=c.session, leads=[(d, people[0], "head"), (d, people[1], "head")])
    services.sitting_add(actor=c.clerk, session=c.session, kind=SittingKind.DELEGATION, delegation=d,
                         date=dt.date(2027, 1, 12), present=2, materials="政府工作报告")
    services.election_create(actor=c.clerk, session=c.session, office="市长", office_kind="chief", places=1,
                             candidates=["甲", "乙"])
    for user in (c.clerk, c.leader, c.member, c.deputy, c.committee):
        page = login(user).get(f"/assembly/{c.session.pk}/").content.decode()
        assert "大会进行中" in page and f"团长 {people[0].name}" in page and "第一次会议" in page
        text = re.sub(r"<[^>]+>", " ", page.split("<main", 1)[-1])  # what a person reads
        for raw in ("in_session", "preparatory", "deputy_head", "chief", "None", "True", "False"):
            assert raw not in text, raw
    # only the office gets the step buttons
    assert "宣布闭幕" in login(c.clerk).get(f"/assembly/{c.session.pk}/").content.decode()
    assert "宣布闭幕" not in login(c.deputy).get(f"/assembly/{c.session.pk}/").content.decode()
    # the portal's navigation links to the public pages
    anon = login(c.clerk)
    anon.logout()
    assert f"/assembly/public/{c.congress.code}/" in anon.get(f"/public/{c.congress.code}/").content.decode()


def test_the_session_ends_on_the_day_of_its_last_sitting(in_session):
    c = in_session
    services.sitting_add(actor=c.clerk, session=c.session, kind=SittingKind.PLENARY, date=dt.date(2027, 1, 15),
                         present=15)
    s = services.session_transition(actor=c.clerk, session=c.session, action="close")
    s.session.refresh_from_db()
    assert s.status == SessionStatus.CLOSED and s.session.end_date == dt.date(2027, 1, 15)
