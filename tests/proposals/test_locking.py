"""Optimistic locking (issue #9): two clerks read the same version of a proposal, an assignment or a commitment;
the first one's write is kept, the second one gets ConflictError (service), a 409 page (web) or a 409 JSON
(API) with the Chinese message, and nothing of the second write is stored.

Covered writes: 重点督办 (`supervise`, a service only: no page or endpoint registers it), 交办
(`proposal_assign`, web), 退回后重新交办 (`return_decide`, a service only) and the commitment ledger
(`commitment_done` / `commitment_carry`, web and API).
"""

import datetime as dt
import json
import re

import pytest
from django.test import Client
from tests.conftest import login
from tests.proposals.factories import assigned

from renda.core.errors import ConflictError, RuleViolation
from renda.core.roles import Role
from renda.core.tokens import token_create
from renda.demo.builders import make_user
from renda.proposals import services
from renda.proposals.models import Assignment, Commitment, Status
from renda.proposals.models import Role as R

pytestmark = pytest.mark.django_db
D = dt.date
VERSION = re.compile(r'name="lock_version" value="(\d+)"')




def page_versions(client, url) -> list[int]:
    """The lock_version every form of the page carries (what the clerk's browser will post back)."""
    resp = client.get(url)
    assert resp.status_code == 200
    return [int(v) for v in VERSION.findall(resp.content.decode())]


@pytest.fixture
def two(cast):
    """A second 办公厅 clerk and a second 市水务局 user, each working next to the cast's own."""
    c = cast
    c.clerk2 = make_user("clerk2", c.password, congress=c.congress, role=Role.OFFICE, display_name="办公厅二",
                         organization=c.city.bodies["bgt"])
    c.unit_user2 = make_user("water2", c.password, congress=c.congress, role=Role.UNIT, display_name="水务局二",
                             organization=c.city.units["市水务局"])
    return c


def submitted(c, title="关于改善学校周边交通的建议"):
    return services.proposal_submit(actor=c.clerk, title=title, content="建议加强学校周边交通疏导，" * 3,
                                    lead_deputy=c.city.deputies[0], received_on=D(2026, 3, 2))


# ---- 重点督办 ------------------------------------------------------------------------------------------------
def test_second_supervise_on_a_stale_version_is_refused(two):
    c = two
    item = assigned(c, on=D(2026, 3, 2))
    read = item.lock_version  # both clerks opened the item at this version
    first = services.supervise(actor=c.clerk, proposal=item, supervisor=c.city.vice_chairs[0],
                               body=c.city.bodies["cjhb"], today=D(2026, 3, 5), lock_version=read)
    assert first.lock_version == read + 1
    with pytest.raises(ConflictError) as exc:
        services.supervise(actor=c.clerk2, proposal=item, supervisor=c.city.vice_chairs[1],
                           body=c.city.bodies["cjw"], today=D(2026, 3, 6), lock_version=read)
    assert "已被他人修改" in exc.value.message and exc.value.status_code == 409
    item.refresh_from_db()
    assert (item.supervisor, item.supervising_body, item.supervised_on) == (
        c.city.vice_chairs[0], c.city.bodies["cjhb"], D(2026, 3, 5))
    # On the current version the change goes through.
    again = services.supervise(actor=c.clerk2, proposal=item, supervisor=c.city.vice_chairs[1],
                               body=c.city.bodies["cjw"], lock_version=item.lock_version)
    assert again.supervisor == c.city.vice_chairs[1]


# ---- 交办 ------------------------------------------------------------------------------------------------------
def test_second_assign_on_a_stale_version_is_refused(two):
    c = two
    units = c.city.units
    p = submitted(c)
    read = p.lock_version
    services.proposal_assign(actor=c.clerk, proposal=p, units=[(units["市水务局"], R.LEAD, "")],
                             today=D(2026, 3, 3), lock_version=read)
    with pytest.raises(ConflictError) as exc:
        services.proposal_assign(actor=c.clerk2, proposal=p, units=[(units["市教育局"], R.LEAD, "")],
                                 today=D(2026, 3, 3), lock_version=read)
    assert "已被他人修改" in exc.value.message
    # Without a version (an old client) the state check still refuses: no unit is added silently.
    with pytest.raises(RuleViolation) as exc:
        services.proposal_assign(actor=c.clerk2, proposal=p, units=[(units["市教育局"], R.LEAD, "")],
                                 today=D(2026, 3, 3))
    assert exc.value.rule.id == "PR-ASSIGN"
    assert [(a.unit.name, a.role) for a in Assignment.objects.filter(proposal=p)] == [("市水务局", R.LEAD)]


def test_assign_through_the_page_conflicts_with_409(two):
    c = two
    units = c.city.units
    p = submitted(c)
    first, second = login(c.clerk), login(c.clerk2)
    url = f"/proposals/{p.pk}/"
    [v1] = page_versions(first, url)
    [v2] = page_versions(second, url)
    assert v1 == v2 == p.lock_version
    resp = first.post(f"/proposals/{p.pk}/assign/", {"lead": units["市水务局"].pk, "lock_version": v1})
    assert resp.status_code == 302
    resp = second.post(f"/proposals/{p.pk}/assign/", {"lead": units["市教育局"].pk, "lock_version": v2})
    body = resp.content.decode()
    assert resp.status_code == 409 and "记录已被修改" in body and "已被他人修改" in body
    p.refresh_from_db()
    assert p.status == Status.ASSIGNED
    assert [a.unit.name for a in Assignment.objects.filter(proposal=p)] == ["市水务局"]
    # A tampered version never matches.
    p2 = submitted(c, title="另一件建议")
    resp = first.post(f"/proposals/{p2.pk}/assign/", {"lead": units["市水务局"].pk, "lock_version": "abc"})
    assert resp.status_code == 409 and not Assignment.objects.filter(proposal=p2).exists()


# ---- 退回后重新交办 -------------------------------------------------------------------------------------------
def test_second_reassign_on_a_stale_version_is_refused(two):
    c = two
    units = c.city.units
    p = assigned(c, lead="市教育局", on=D(2026, 3, 2))
    edu = Assignment.objects.get(proposal=p)
    services.return_request(actor=c.other_unit_user, assignment=edu, reason="不属于本单位职责范围", today=D(2026, 3, 3))
    edu.refresh_from_db()
    read = edu.lock_version
    new = services.return_decide(actor=c.clerk, assignment=edu, accept=True, new_unit=units["市水务局"],
                                 today=D(2026, 3, 4), lock_version=read)
    assert new.unit == units["市水务局"]
    with pytest.raises(ConflictError) as exc:
        services.return_decide(actor=c.clerk2, assignment=edu, accept=True, new_unit=units["市财政局"],
                               today=D(2026, 3, 4), lock_version=read)
    assert "已被他人处理" in exc.value.message
    # Without a version: the request is no longer pending, so nothing is reassigned a second time.
    with pytest.raises(RuleViolation):
        services.return_decide(actor=c.clerk2, assignment=edu, accept=True, new_unit=units["市财政局"],
                               today=D(2026, 3, 4))
    live = Assignment.objects.filter(proposal=p).exclude(status="returned")
    assert [a.unit.name for a in live] == ["市水务局"]
    assert edu.return_requests.get().decision == "accepted"


# ---- 承诺事项台账 ---------------------------------------------------------------------------------------------
@pytest.fixture
def promise(two):
    c = two
    water = assigned(c, title="关于雨污分流改造的建议", on=D(2026, 3, 2))
    services.reply_submit(
        actor=c.unit_user, assignment=Assignment.objects.get(proposal=water), text="列入计划", result_class="B",
        communication="letter", signer="局长", today=D(2026, 5, 1),
        commitments=[services.CommitmentIn("2026年9月底前完成片区改造", D(2026, 9, 30))])
    c.promise = Commitment.objects.get(reply__proposal=water)
    return c


def test_second_commitment_update_on_a_stale_version_is_refused(promise):
    c = promise
    read = c.promise.lock_version
    services.commitment_done(actor=c.unit_user, commitment=c.promise, done_on=D(2026, 9, 20),
                             note="片区改造已完工并通过验收。", today=D(2026, 10, 1), lock_version=read)
    with pytest.raises(ConflictError) as exc:
        services.commitment_carry(actor=c.unit_user2, commitment=c.promise, due_date=D(2027, 6, 30),
                                  note="资金未到位，结转下年继续推进。", today=D(2026, 10, 1), lock_version=read)
    assert "已被他人更新" in exc.value.message
    with pytest.raises(ConflictError):
        services.commitment_done(actor=c.unit_user2, commitment=c.promise, done_on=D(2026, 9, 25),
                                 note="另一份落实情况说明。", today=D(2026, 10, 1), lock_version=read)
    c.promise.refresh_from_db()
    assert (c.promise.status, c.promise.done_on, c.promise.note) == ("done", D(2026, 9, 20), "片区改造已完工并通过验收。")
    assert not Commitment.objects.filter(carried_from=c.promise).exists()


def test_commitment_page_conflicts_with_409(promise):
    c = promise
    first, second = login(c.unit_user), login(c.unit_user2)
    url = f"/proposals/commitments/{c.promise.pk}/"
    v1 = page_versions(first, url)
    v2 = page_versions(second, url)
    assert v1 == v2 == [c.promise.lock_version] * 2  # both forms (done, carry) carry the version
    resp = first.post(f"{url}done/", {"done_on": "2026-09-15", "note": "已竣工验收。", "lock_version": v1[0]})
    assert resp.status_code == 302
    resp = second.post(f"{url}carry/", {"due_date": "2027-06-30", "note": "结转下年继续推进。", "lock_version": v2[1]})
    body = resp.content.decode()
    assert resp.status_code == 409 and "已被他人更新" in body
    c.promise.refresh_from_db()
    assert (c.promise.status, c.promise.note) == ("done", "已竣工验收。")
    assert not Commitment.objects.filter(carried_from=c.promise).exists()


def test_commitment_api_conflicts_with_409(promise):
    c = promise
    first = Client(HTTP_AUTHORIZATION=f"Bearer {token_create(actor=c.admin, user=c.unit_user, name='一')[1]}")
    second = Client(HTTP_AUTHORIZATION=f"Bearer {token_create(actor=c.admin, user=c.unit_user2, name='二')[1]}")
    a = Assignment.objects.get(proposal=c.promise.reply.proposal)
    [row] = first.get(f"/api/v1/proposals/assignments/{a.pk}/commitments").json()
    [row2] = second.get(f"/api/v1/proposals/assignments/{a.pk}/commitments").json()
    assert row["lock_version"] == row2["lock_version"] == c.promise.lock_version
    url = f"/api/v1/proposals/commitments/{c.promise.pk}"
    resp = first.post(f"{url}/done", json.dumps({"done_on": "2026-09-15", "note": "已竣工验收。",
                                                 "lock_version": row["lock_version"]}), content_type="application/json")
    assert resp.status_code == 200 and resp.json()["lock_version"] == row["lock_version"] + 1
    resp = second.post(f"{url}/done", json.dumps({"done_on": "2026-09-20", "note": "另一份说明。",
                                                  "lock_version": row2["lock_version"]}), content_type="application/json")
    assert resp.status_code == 409 and "已被他人更新" in resp.json()["detail"]
    resp = second.post(f"{url}/carry", json.dumps({"due_date": "2027-06-30", "note": "结转下年。",
                                                   "lock_version": row2["lock_version"]}),
                       content_type="application/json")
    assert resp.status_code == 409
    c.promise.refresh_from_db()
    assert (c.promise.status, c.promise.done_on, c.promise.note) == ("done", D(2026, 9, 15), "已竣工验收。")
    assert not Commitment.objects.filter(carried_from=c.promise).exists()
