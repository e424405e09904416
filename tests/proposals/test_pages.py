"""Pages render for each role; the list runs a fixed number of queries; refusals are Chinese, never 500."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from tests.conftest import login
from tests.proposals.factories import assigned

from renda.proposals import services
from renda.proposals.models import Proposal, Status

pytestmark = pytest.mark.django_db




def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_list_has_a_fixed_number_of_queries(cast):
    assigned(cast)
    client = login(cast.clerk)
    few = count(client, "/proposals/")
    deps = cast.city.deputies
    Proposal.objects.bulk_create([
        Proposal(congress=cast.congress, year=2026, number=f"X{i}", title=f"建议{i}", content="内容",
                 lead_deputy=deps[i % len(deps)], delegation=deps[i % len(deps)].delegation,
                 received_on="2026-03-02",
                 status=Status.SUBMITTED)
        for i in range(40)
    ])
    assert count(client, "/proposals/") == few
    unit = login(cast.unit_user)
    assert count(unit, "/proposals/") == few


def test_the_list_pages_through_every_item_it_counts(cast):
    """More items than a page: every one can be reached, and the pager says how many there are."""
    deps = cast.city.deputies
    Proposal.objects.bulk_create([
        Proposal(congress=cast.congress, year=2026, number=f"P{i:03}", title=f"分页建议{i:03}", content="内容",
                 lead_deputy=deps[i % len(deps)], delegation=deps[i % len(deps)].delegation,
                 received_on="2026-03-02", status=Status.SUBMITTED)
        for i in range(57)
    ])
    client = login(cast.clerk)
    first = client.get("/proposals/?q=分页建议").content.decode()
    second = client.get("/proposals/?q=分页建议&page=2").content.decode()
    seen = {f"分页建议{i:03}" for i in range(57) if f"分页建议{i:03}" in first + second}
    assert len(seen) == 57
    assert "第 1 / 2 页（共 57 项）" in first and "q=%E5%88%86%E9%A1%B5%E5%BB%BA%E8%AE%AE&amp;page=2" in first
    assert client.get("/proposals/?page=99999999999999999999").status_code == 200  # clamped, never a 500


def test_pages_for_each_role(cast):
    p = assigned(cast, assist="市教育局")
    for user in (cast.clerk, cast.leader, cast.committee, cast.member, cast.deputy, cast.unit_user,
                 cast.other_unit_user):
        client = login(user)
        assert client.get("/proposals/").status_code == 200
        assert client.get(f"/proposals/{p.pk}/").status_code == 200, user
    assert login(cast.clerk).get("/proposals/dashboard/").status_code == 200
    assert login(cast.unit_user).get("/proposals/dashboard/").status_code == 403
    # A refusal by a rule is a 409 page naming the rule (the return period has long passed).
    a = p.assignments.get(role="lead")
    resp = login(cast.unit_user).post(f"/proposals/assignments/{a.pk}/return/", {"note": "不属于本单位职责"})
    assert resp.status_code == 409 and "PR-RETURN" in resp.content.decode()


def test_assign_through_the_page(cast):
    p = services.proposal_submit(actor=cast.clerk, title="关于改善学校周边交通的建议", content="建议" * 20,
                                 lead_deputy=cast.city.deputies[0])
    client = login(cast.clerk)
    units = cast.city.units
    resp = client.post(f"/proposals/{p.pk}/assign/", {"lead": units["市教育局"].pk, "assist": [units["市水务局"].pk],
                                                      "lock_version": p.lock_version})
    assert resp.status_code == 302
    p.refresh_from_db()
    assert p.status == Status.ASSIGNED and p.assignments.count() == 2
    # Only the office assigns.
    p2 = services.proposal_submit(actor=cast.clerk, title="另一件", content="建议" * 20, lead_deputy=cast.city.deputies[0])
    resp = login(cast.leader).post(f"/proposals/{p2.pk}/assign/", {"lead": units["市教育局"].pk})
    assert resp.status_code == 403


def test_exports(cast):
    p = assigned(cast)
    client = login(cast.clerk)
    resp = client.get("/proposals/export/summary.xlsx")
    assert resp.status_code == 200 and resp.content[:2] == b"PK"
    resp = client.get("/proposals/export/report.docx?year=2026")
    assert resp.status_code == 200 and resp.content[:2] == b"PK"
    unit = p.assignments.get().unit
    resp = client.get(f"/proposals/export/letter/{unit.pk}.docx")
    assert resp.status_code == 200 and resp.content[:2] == b"PK"
    assert login(cast.unit_user).get("/proposals/export/summary.xlsx").status_code == 403
    assert client.get("/proposals/export/letter/999999.docx").status_code == 404


def test_deputy_submits_online_and_cosigner_confirms(cast):
    from renda.core.roles import Role
    from renda.demo.builders import make_user

    co = cast.city.deputies[3]
    co_user = make_user("co3", cast.password, congress=cast.congress, role=Role.DEPUTY, display_name="联名",
                        person=co.person)
    client = login(cast.deputy)
    assert client.get("/proposals/new/").status_code == 200
    resp = client.post("/proposals/new/", {"title": "关于增设社区充电桩的建议", "category": "urban",
                                           "content": "老旧小区电动自行车充电难，建议增设集中充电设施。", "cosigners": [co.pk]})
    assert resp.status_code == 302
    p = Proposal.objects.get(title="关于增设社区充电桩的建议")
    assert p.status == Status.DRAFT and p.lead_deputy.person_id == cast.deputy.person_id
    assert login(co_user).post(f"/proposals/{p.pk}/confirm/").status_code == 302
    p.refresh_from_db()
    assert p.status == Status.SUBMITTED
    # Empty content: a Chinese message, not a 500.
    resp = client.post("/proposals/new/", {"title": "空", "content": ""}, follow=True)
    assert resp.status_code == 200 and "内容不能为空" in resp.content.decode()


def test_public_page_hides_confidential_items(cast):
    from renda.proposals.models import Assignment

    shown = assigned(cast, title="关于公开的建议")
    hidden = assigned(cast, title="关于保密的建议", confidential=True)
    for p in (shown, hidden):
        services.reply_submit(actor=cast.unit_user, assignment=Assignment.objects.get(proposal=p), text="答复内容",
                              result_class="A", communication="letter", signer="局长")
    page = Client().get(f"/proposals/public/{cast.congress.code}/").content.decode()
    assert "关于公开的建议" in page and "答复内容" in page and "关于保密的建议" not in page
    assert Client().get("/proposals/public/nope/").status_code == 404


def test_commitment_ledger_is_per_unit(cast):
    from renda.proposals.models import Assignment

    p = assigned(cast, title="关于承诺的建议")
    services.reply_submit(actor=cast.unit_user, assignment=Assignment.objects.get(proposal=p), text="答复",
                          result_class="B", communication="letter", signer="局长",
                          commitments=[services.CommitmentIn("明年完成河道清淤", "2027-06-30")])
    assert "明年完成河道清淤" in login(cast.unit_user).get("/proposals/commitments/").content.decode()
    assert "明年完成河道清淤" in login(cast.clerk).get("/proposals/commitments/").content.decode()
    assert "明年完成河道清淤" not in login(cast.other_unit_user).get("/proposals/commitments/").content.decode()
