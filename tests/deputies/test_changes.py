"""Changes during the term: every (state, action) pair, and the rules of each kind of change."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from renda.core.errors import RuleViolation
from renda.core.models import AuditEvent, Organization, Person, Position
from renda.deputies import services
from renda.deputies.models import ChangeStatus, Delegation, Deputy, DeputyChange
from renda.deputies.workflow import CHANGE_WORKFLOW

pytestmark = pytest.mark.django_db


def as_county(c):
    """The vote on a resignation is the county-level committee's own (选举法 第五十五条第二款); a city's deputies
    resign to the district congress that elected them (第一款: tests/deputies/test_law_edges.py)."""
    from renda.core.models import Congress

    Congress.objects.filter(pk=c.congress.pk).update(level=Congress.Level.COUNTY)


def resignation(c, deputy=None):
    return services.change_create(actor=c.dbw, kind="resignation", deputy=deputy or c.peer,
                                  occurred_on=dt.date(2026, 6, 2), reason="书面提出辞职")


@pytest.mark.parametrize("state", ChangeStatus.values)
@pytest.mark.parametrize("action", [t.action for t in CHANGE_WORKFLOW.transitions])
def test_change_state_action_table(dep_world, state, action):
    c = dep_world
    as_county(c)
    change = resignation(c)
    DeputyChange.objects.filter(pk=change.pk).update(status=state)
    change = DeputyChange.objects.get(pk=change.pk)
    t = CHANGE_WORKFLOW.transition(action)
    kwargs = {"note": "依法办理", "votes_for": 9}
    if state in t.sources:
        result = services.change_transition(actor=c.dbw, change=change, action=action, **kwargs)
        assert result.status == t.target
        ev = AuditEvent.objects.filter(action="transition", object_type="deputies.deputychange",
                                       object_id=str(change.pk)).order_by("-seq").first()
        assert (ev.from_state, ev.to_state, ev.rule_id) == (state, t.target, t.rule)
    elif state == t.target:
        assert services.change_transition(actor=c.dbw, change=change, action=action, **kwargs).status == state
    else:
        with pytest.raises(RuleViolation) as exc:
            services.change_transition(actor=c.dbw, change=change, action=action, **kwargs)
        assert exc.value.rule.id == t.rule and "当前状态为" in exc.value.message


def test_only_the_working_committee_registers_and_reports(dep_world):
    c = dep_world
    for actor in (c.clerk, c.leader, c.committee, c.member, c.deputy, c.unit_user, c.outsider_clerk):
        with pytest.raises(PermissionDenied):
            services.change_create(actor=actor, kind="resignation", deputy=c.peer, occurred_on=dt.date(2026, 6, 2))
    change = resignation(c)
    for actor in (c.clerk, c.committee, c.other_dbw):
        with pytest.raises(PermissionDenied):
            services.change_transition(actor=actor, change=change, action="report")


def test_accepting_a_resignation_needs_more_than_half_of_all_members(dep_world):
    c = dep_world
    as_county(c)
    total = len(Position.standing_committee_ids_on(c.congress.pk, dt.date(2026, 6, 26)))
    assert total == 11
    change = resignation(c)
    services.change_transition(actor=c.dbw, change=change, action="report")
    with pytest.raises(RuleViolation) as exc:  # 5 of 11 is not more than half
        services.change_transition(actor=c.dbw, change=change, action="accept", votes_for=5)
    assert exc.value.rule.id == "DEP-RESIGN" and "未超过常委会组成人员 11 名的半数" in exc.value.message
    with pytest.raises(RuleViolation):  # no vote recorded at all
        services.change_transition(actor=c.dbw, change=change, action="accept")
    done = services.change_transition(actor=c.dbw, change=change, action="accept", votes_for=6,
                                      effective_on=dt.date(2026, 6, 26))
    assert (done.votes_for, done.members_total) == (6, 11)
    peer = Deputy.objects.get(pk=c.peer.pk)
    assert peer.status == "resigned" and peer.ended_on == dt.date(2026, 6, 26)
    done = services.change_transition(actor=c.dbw, change=done, action="announce", announced_on=dt.date(2026, 6, 28))
    assert done.announced_on == dt.date(2026, 6, 28)
    # no second change for someone no longer a deputy
    with pytest.raises(RuleViolation) as exc:
        resignation(c)
    assert exc.value.rule.id == "DEP-CHANGE"


def test_a_resignation_may_be_rejected_but_nothing_else(dep_world):
    c = dep_world
    as_county(c)
    change = resignation(c)
    services.change_transition(actor=c.dbw, change=change, action="report")
    with pytest.raises(RuleViolation):  # a note is required
        services.change_transition(actor=c.dbw, change=change, action="reject")
    assert services.change_transition(actor=c.dbw, change=change, action="reject", note="未获通过").status == "rejected"
    assert Deputy.objects.get(pk=c.peer.pk).status == "serving"
    death = services.change_create(actor=c.dbw, kind="death", deputy=c.peer2, occurred_on=dt.date(2026, 7, 1))
    services.change_transition(actor=c.dbw, change=death, action="report")
    with pytest.raises(RuleViolation) as exc:
        services.change_transition(actor=c.dbw, change=death, action="reject", note="x")
    assert exc.value.rule.id == "DEP-RESIGN"


def test_removal_needs_the_electing_units_decision(dep_world):
    c = dep_world
    change = services.change_create(actor=c.dbw, kind="removal", deputy=c.peer, occurred_on=dt.date(2026, 7, 1))
    services.change_transition(actor=c.dbw, change=change, action="report")
    with pytest.raises(RuleViolation) as exc:
        services.change_transition(actor=c.dbw, change=change, action="accept")
    assert exc.value.rule.id == "DEP-REMOVAL"
    services.change_transition(actor=c.dbw, change=change, action="accept", decision_ref="甲区人大第三次会议罢免决议")
    assert Deputy.objects.get(pk=c.peer.pk).status == "removed"


def test_a_member_who_stops_being_a_deputy_loses_the_standing_committee_post(dep_world):
    c = dep_world
    member_deputy = Deputy.objects.get(person=c.member.person, term=c.city.term)
    posts = Position.objects.filter(person=c.member.person, end_date__isnull=True,
                                    organization__kind=Organization.Kind.STANDING_COMMITTEE)
    assert posts.count() == 1
    all_posts = Position.objects.filter(person=c.member.person, end_date__isnull=True,
                                        organization__kind__in=["standing_committee", "special_committee"]).count()
    change = services.change_create(actor=c.dbw, kind="relocation", deputy=member_deputy,
                                    occurred_on=dt.date(2026, 8, 1))
    services.change_transition(actor=c.dbw, change=change, action="report")
    services.change_transition(actor=c.dbw, change=change, action="accept", effective_on=dt.date(2026, 8, 20))
    assert posts.count() == 0
    assert len(Position.standing_committee_ids_on(c.congress.pk, dt.date(2026, 8, 21))) == 10
    ev = AuditEvent.objects.filter(object_type="core.position", rule_id="DEP-POST-END")
    assert ev.count() == all_posts >= 1  # the standing committee post and any special committee post


def test_suspension_and_restoration(dep_world):
    c = dep_world
    s = services.change_create(actor=c.dbw, kind="suspension", deputy=c.peer, occurred_on=dt.date(2026, 5, 1))
    with pytest.raises(RuleViolation):  # restoration of someone not suspended
        services.change_create(actor=c.dbw, kind="restoration", deputy=c.peer2, occurred_on=dt.date(2026, 5, 1))
    services.change_transition(actor=c.dbw, change=s, action="report")
    services.change_transition(actor=c.dbw, change=s, action="accept")
    assert Deputy.objects.get(pk=c.peer.pk).status == "suspended"
    r = services.change_create(actor=c.dbw, kind="restoration", deputy=c.peer, occurred_on=dt.date(2026, 9, 1))
    services.change_transition(actor=c.dbw, change=r, action="report")
    services.change_transition(actor=c.dbw, change=r, action="accept")
    assert Deputy.objects.get(pk=c.peer.pk).status == "serving"


def test_by_election_fills_a_vacancy_after_credentials_review(dep_world):
    c = dep_world
    g = c.peer.delegation
    Delegation.objects.filter(pk=g.pk).update(seats=Deputy.objects.filter(delegation=g).count())
    g.refresh_from_db()
    newcomer = Person.objects.create(congress=c.congress, name="新代表", gender="F")
    by = services.change_create(actor=c.dbw, kind="by_election", delegation=g, person=newcomer,
                                occurred_on=dt.date(2026, 11, 1))
    with pytest.raises(RuleViolation) as exc:  # credentials first
        services.change_transition(actor=c.dbw, change=by, action="report")
    assert exc.value.rule.id == "DEP-BY-ELECTION"
    services.change_transition(actor=c.dbw, change=by, action="report", credentials_reviewed=True)
    with pytest.raises(RuleViolation) as exc:  # no vacancy yet
        services.change_transition(actor=c.dbw, change=by, action="accept")
    assert "没有出缺" in exc.value.message
    leave = services.change_create(actor=c.dbw, kind="death", deputy=c.peer, occurred_on=dt.date(2026, 10, 1))
    services.change_transition(actor=c.dbw, change=leave, action="report")
    services.change_transition(actor=c.dbw, change=leave, action="accept")
    done = services.change_transition(actor=c.dbw, change=by, action="accept", effective_on=dt.date(2026, 11, 25))
    new = Deputy.objects.get(pk=done.new_deputy_id)
    assert (new.person_id, new.delegation_id, new.status, new.elected_on) == (newcomer.pk, g.pk, "serving",
                                                                           dt.date(2026, 11, 25))


def test_changes_are_public_once_announced(dep_world):
    from tests.conftest import login

    c = dep_world
    change = resignation(c)
    assert login(c.member).get(f"/deputies/changes/{change.pk}/").status_code == 404
    assert login(c.clerk).get(f"/deputies/changes/{change.pk}/").status_code == 200
    services.change_transition(actor=c.dbw, change=change, action="report")
    services.change_transition(actor=c.dbw, change=change, action="accept", decision_ref="甲市乙区人大常委会接受辞职的决议")
    services.change_transition(actor=c.dbw, change=change, action="announce")
    assert login(c.member).get(f"/deputies/changes/{change.pk}/").status_code == 200
    assert login(c.unit_user).get(f"/deputies/changes/{change.pk}/").status_code == 404
    assert login(c.outsider_clerk).get(f"/api/v1/deputies/changes/{change.pk}").status_code == 404


def test_change_through_the_web_and_the_api(dep_world):
    import json

    from tests.conftest import login

    c = dep_world
    as_county(c)
    client = login(c.dbw)
    resp = client.post("/deputies/changes/new/", {"kind": "resignation", "deputy": c.peer.pk,
                                                  "occurred_on": "2026-06-02", "reason": "书面辞职"})
    assert resp.status_code == 302
    change = DeputyChange.objects.get(deputy=c.peer)
    client.post(f"/deputies/changes/{change.pk}/do/report/")
    resp = client.post(f"/deputies/changes/{change.pk}/do/accept/", {"votes_for": "3"}, follow=True)
    assert "DEP-RESIGN" in resp.content.decode()
    api = client.post(f"/api/v1/deputies/changes/{change.pk}/transitions",
                      data=json.dumps({"action": "accept", "votes_for": 4}), content_type="application/json")
    assert api.status_code == 409 and api.json()["rule"] == "DEP-RESIGN"
    api = client.post(f"/api/v1/deputies/changes/{change.pk}/transitions",
                      data=json.dumps({"action": "accept", "votes_for": 10}), content_type="application/json")
    assert api.status_code == 200 and api.json()["status"] == "accepted"
