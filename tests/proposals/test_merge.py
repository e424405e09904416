"""并案: a duplicate suggestion merged into a main item follows its 交办, replies and verdicts (rule PR-MERGE)."""

import datetime as dt
import io
import json

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from openpyxl import load_workbook
from tests.conftest import login
from tests.proposals.factories import assigned

from renda.core import audit
from renda.core.errors import RuleViolation
from renda.core.roles import Role
from renda.core.tokens import token_create
from renda.demo.builders import make_user
from renda.proposals import exports, intelligence, selectors, services, stats
from renda.proposals.models import Assignment, Proposal, Rating, Status
from renda.proposals.models import Role as R

pytestmark = pytest.mark.django_db
D = dt.date
MARCH_2 = D(2026, 3, 2)
MAY_1 = D(2026, 5, 1)




def submit(cast, title, deputy, on=MARCH_2, **kw):
    return services.proposal_submit(
        actor=cast.clerk, title=title, lead_deputy=deputy, received_on=on,
        content=kw.pop("content", "城区河道黑臭反弹，建议加快截污纳管、清淤疏浚和生态补水，建立长效管护机制。"), **kw)


@pytest.fixture
def pair(cast):
    c = cast
    c.main_dep, c.dup_dep = c.city.deputies[-1], c.city.deputies[-2]  # c.deputy is the main item's lead deputy
    c.dup_user = make_user("dup_dep", c.password, congress=c.congress, role=Role.DEPUTY, display_name="另一代表",
                           person=c.dup_dep.person)
    c.main = submit(c, "关于系统治理城区黑臭水体的建议", c.main_dep)
    c.dup = submit(c, "关于加快整治城区黑臭河道的建议", c.dup_dep, on=D(2026, 3, 3), cosigners=[c.city.deputies[3]])
    return c


def reply(c, p, cls="A", on=MAY_1):
    a = Assignment.objects.get(proposal=p, role=R.LEAD)
    return services.reply_submit(actor=c.unit_user, assignment=a, text=f"两件建议一并办理，分别答复（{cls}）。",
                                 result_class=cls, communication="in_person", signer="局长", today=on)


def test_merged_item_follows_main_and_every_lead_deputy_rates(pair):
    c = pair
    dup = services.proposal_merge(actor=c.clerk, proposal=c.dup, main=c.main, today=D(2026, 3, 4))
    assert dup.status == Status.MERGED and dup.merged_into_id == c.main.pk and dup.merged_on == D(2026, 3, 4)
    # The workflow and the audit trail record it, on both items, with the rule.
    step = audit.history(dup).filter(action="transition").last()
    assert (step.from_state, step.to_state, step.rule_id) == ("submitted", "merged", "PR-MERGE")
    assert audit.history(c.main).filter(action="merge", rule_id="PR-MERGE").exists()

    main = services.proposal_assign(actor=c.clerk, proposal=c.main, today=D(2026, 3, 5), units=[
        (c.city.units["市水务局"], R.LEAD, "")])
    dup.refresh_from_db()
    assert dup.status == Status.MERGED and not dup.assignments.exists()  # follows the main item's 交办
    # After 交办 the merge can no longer be undone.
    with pytest.raises(RuleViolation) as exc:
        services.proposal_unmerge(actor=c.clerk, proposal=dup)
    assert exc.value.rule.id == "PR-MERGE"

    # The handling unit sees the merged suggestion (it answers that deputy too); another unit does not.
    assert login(c.unit_user).get(f"/proposals/{dup.pk}/").status_code == 200
    assert login(c.other_unit_user).get(f"/proposals/{dup.pk}/").status_code == 404
    page = login(c.unit_user).get(f"/proposals/{main.pk}/").content.decode()
    assert "并案办理的建议" in page and dup.number in page and c.dup_dep.person.name in page

    reply(c, main, "B")
    main.refresh_from_db()
    assert main.status == Status.REPLIED
    # The merged item's lead deputy sees the main item's reply on their own item's page and may rate it.
    page = login(c.dup_user).get(f"/proposals/{dup.pk}/").content.decode()
    assert "两件建议一并办理" in page and "提交测评" in page and main.number in page
    assert [p.pk for p in selectors.home_panel(c.dup_user)["awaiting"]] == [dup.pk]
    # The main deputy cannot rate someone else's suggestion.
    with pytest.raises(PermissionDenied):
        services.proposal_rate(actor=c.deputy, proposal=dup, verdict="satisfied")

    # Round 1: the main deputy is satisfied, but the item waits for the other lead deputy, who is not.
    services.proposal_rate(actor=c.deputy, proposal=main, verdict="satisfied", today=D(2026, 5, 10))
    main.refresh_from_db()
    assert main.status == Status.REPLIED
    services.proposal_rate(actor=c.dup_user, proposal=dup, verdict="unsatisfied", comment="未落实长效管护",
                           today=D(2026, 5, 11))
    main.refresh_from_db()
    assert main.status == Status.DISPUTED
    with pytest.raises(RuleViolation) as exc:  # one verdict per deputy and round
        services.proposal_rate(actor=c.dup_user, proposal=dup, verdict="satisfied")
    assert exc.value.rule.id == "PR-RATE"

    # Re-handling: round 2, both rate, the item closes.
    main = services.proposal_rehandle(actor=c.clerk, proposal=main, today=D(2026, 5, 12))
    reply(c, main, "A", on=D(2026, 6, 1))
    services.proposal_rate(actor=c.dup_user, proposal=dup, verdict="basic", today=D(2026, 6, 5))
    main.refresh_from_db()
    assert main.status == Status.REPLIED  # the main deputy has not rated round 2 yet
    services.proposal_rate(actor=c.deputy, proposal=main, verdict="satisfied", today=D(2026, 6, 6))
    main.refresh_from_db()
    dup.refresh_from_db()
    assert main.status == Status.CLOSED and dup.status == Status.MERGED
    assert list(Rating.objects.filter(proposal=dup).values_list("round", "verdict")) == [
        (1, "unsatisfied"), (2, "basic")]

    # Statistics count the pair once; the 汇总表 lists both with their own deputies.
    qs = Proposal.objects.filter(congress=c.congress)
    total = stats.figures(qs)["合计"]
    assert (total["assigned"], total["replied"], total["rated"], total["satisfied"]) == (1, 1, 1, 1)
    ws = load_workbook(io.BytesIO(exports.summary_xlsx(qs)))["议案建议汇总表"]
    rows = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    assert rows[dup.number][3] == c.dup_dep.person.name and rows[dup.number][6] == "市水务局"
    assert rows[dup.number][15] == f"并入{main.number}办理" and rows[main.number][15] == f"并入：{dup.number}"


def test_group_verdict_in_statistics(pair):
    """An unsatisfied merged deputy makes the item unsatisfied even if the main deputy was satisfied."""
    c = pair
    services.proposal_merge(actor=c.clerk, proposal=c.dup, main=c.main)
    main = services.proposal_assign(actor=c.clerk, proposal=c.main, today=D(2026, 3, 5), units=[
        (c.city.units["市水务局"], R.LEAD, "")])
    reply(c, main)
    services.proposal_rate(actor=c.deputy, proposal=main, verdict="satisfied")
    services.proposal_rate(actor=c.dup_user, proposal=c.dup, verdict="unsatisfied", comment="不具体")
    total = stats.figures(Proposal.objects.filter(congress=c.congress))["合计"]
    assert (total["rated"], total["satisfied"], total["满意率"]) == (1, 0, 0.0)


def test_merge_refusals_name_the_rule(pair):
    c = pair

    def refused(**kw):
        with pytest.raises(RuleViolation) as exc:
            services.proposal_merge(actor=c.clerk, **kw)
        assert exc.value.rule.id == "PR-MERGE"
        return str(exc.value)

    assert "自身" in refused(proposal=c.main, main=c.main)
    # An item already assigned cannot be absorbed (only before its 交办).
    done = assigned(c, title="关于河道清淤的建议")
    assert "当前状态" in refused(proposal=done, main=c.main)
    # A main item that has ended cannot take new items.
    gone = submit(c, "关于河道保洁的建议", c.city.deputies[5])
    services.proposal_transition(actor=c.clerk, proposal=gone, action="withdraw", note="代表书面撤回")
    gone.refresh_from_db()
    assert "主件当前为" in refused(proposal=c.dup, main=gone)
    # A motion awaiting the presidium's decision is not merged.
    deps = c.city.deputies
    motion = services.proposal_submit(actor=c.clerk, kind="motion", title="关于综合治理水环境的议案", content="内容" * 10,
                                      grounds="案据", solution="方案", lead_deputy=deps[0], cosigners=deps[1:10])
    assert "主席团" in refused(proposal=motion, main=c.main)
    # No chains: an item merged elsewhere cannot be a main item, nor can a main item be absorbed.
    third = submit(c, "关于黑臭水体长效管护的建议", c.city.deputies[6])
    services.proposal_merge(actor=c.clerk, proposal=c.dup, main=c.main)
    assert "已并入其他建议" in refused(proposal=third, main=c.dup)
    assert "已有其他建议并入" in refused(proposal=c.main, main=third)
    # Another congress's item is never a main item.
    foreign = services.proposal_submit(actor=c.outsider_clerk, title="乙市建议", content="建议" * 10,
                                       lead_deputy=c.other.deputies[0])
    refused(proposal=third, main=foreign)
    # Only the office decides a merge.
    for user in (c.deputy, c.unit_user, c.leader):
        with pytest.raises(PermissionDenied):
            services.proposal_merge(actor=user, proposal=third, main=c.main)


def test_unmerge_before_assignment_and_release_when_the_main_item_ends(pair):
    c = pair
    services.proposal_merge(actor=c.clerk, proposal=c.dup, main=c.main, today=D(2026, 3, 4))
    dup = services.proposal_unmerge(actor=c.clerk, proposal=c.dup)
    assert dup.status == Status.SUBMITTED and dup.merged_into_id is None
    assert audit.history(c.main).filter(action="unmerge", rule_id="PR-MERGE").exists()
    # Merge again; the main item's deputy withdraws it: the merged item goes back to 待交办 on its own,
    # with the 交办 period counted afresh.
    services.proposal_merge(actor=c.clerk, proposal=dup, main=c.main, today=D(2026, 3, 4))
    services.proposal_transition(actor=c.deputy, proposal=c.main, action="withdraw", note="书面申请撤回")
    dup.refresh_from_db()
    assert dup.status == Status.SUBMITTED and dup.merged_into_id is None
    assert dup.assign_due > D(2026, 3, 10)
    assert audit.history(dup).filter(action="transition", to_state="submitted", rule_id="PR-MERGE").exists()


def test_merge_from_the_similar_list_on_the_detail_page(pair, settings, tmp_path):
    c = pair
    settings.VAR_DIR = tmp_path
    intelligence.forget()
    clerk = login(c.clerk)
    page = clerk.get(f"/proposals/{c.main.pk}/").content.decode()
    assert "相似的代表建议" in page and c.dup.title in page and "以本件为主件，将该件并入" in page
    # Not for others: a deputy sees no merge buttons, a unit cannot post a merge.
    assert "并案：" not in login(c.deputy).get(f"/proposals/{c.main.pk}/").content.decode()
    resp = clerk.post(f"/proposals/{c.main.pk}/merge/", {"other": c.dup.pk, "direction": "into_this"})
    assert resp.status_code == 302
    c.dup.refresh_from_db()
    assert c.dup.status == Status.MERGED and c.dup.merged_into_id == c.main.pk
    page = clerk.get(f"/proposals/{c.main.pk}/").content.decode()
    assert "并案办理的建议" in page and c.dup_dep.person.name in page and "撤销并案" in page
    dup_page = clerk.get(f"/proposals/{c.dup.pk}/").content.decode()
    assert "并案" in dup_page and c.main.number in dup_page
    # Un-merge through the page while the main item is 待交办.
    clerk.post(f"/proposals/{c.dup.pk}/unmerge/", {"back": "main"})
    c.dup.refresh_from_db()
    assert c.dup.status == Status.SUBMITTED
    # Merge by number; a refused merge is a 409 page naming the rule, not a 500.
    clerk.post(f"/proposals/{c.dup.pk}/merge/", {"main_number": c.main.number})
    c.dup.refresh_from_db()
    assert c.dup.merged_into_id == c.main.pk
    resp = clerk.post(f"/proposals/{c.main.pk}/merge/", {"other": c.main.pk, "direction": "into_this"})
    assert resp.status_code == 409 and "PR-MERGE" in resp.content.decode()
    resp = clerk.post(f"/proposals/{c.main.pk}/merge/", {"main_number": "不存在"})
    assert resp.status_code == 302
    assert login(c.unit_user).post(f"/proposals/{c.main.pk}/merge/", {"other": c.dup.pk,
                                                                      "direction": "into_this"}).status_code == 404
    intelligence.forget()


def test_units_api_lists_merged_suggestions_of_its_own_items(pair):
    c = pair
    services.proposal_merge(actor=c.clerk, proposal=c.dup, main=c.main)
    services.proposal_assign(actor=c.clerk, proposal=c.main, today=D(2026, 3, 5), units=[
        (c.city.units["市水务局"], R.LEAD, "")])
    _, key = token_create(actor=c.admin, user=c.unit_user, name="水务局")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    rows = api.get("/api/v1/proposals/assignments").json()
    assert [m["number"] for m in rows[0]["merged"]] == [c.dup.number]
    assert rows[0]["merged"][0]["lead_deputy"] == c.dup_dep.person.name
    a = Assignment.objects.get(proposal=c.main)
    assert api.get(f"/api/v1/proposals/assignments/{a.pk}").json()["merged"][0]["title"] == c.dup.title
    _, key_b = token_create(actor=c.admin, user=c.other_unit_user, name="教育局")
    api_b = Client(HTTP_AUTHORIZATION=f"Bearer {key_b}")
    assert api_b.get("/api/v1/proposals/assignments").json() == []
    assert api_b.get(f"/api/v1/proposals/assignments/{a.pk}").status_code == 404
    body = json.dumps({"text": "x"})
    assert api_b.post(f"/api/v1/proposals/assignments/{a.pk}/progress", body,
                      content_type="application/json").status_code == 404


def test_withdrawn_merged_suggestion_no_longer_holds_the_verdict(pair):
    """If the last merged deputy still to rate withdraws in writing, the main item closes on the verdicts in."""
    c = pair
    services.proposal_merge(actor=c.clerk, proposal=c.dup, main=c.main)
    main = services.proposal_assign(actor=c.clerk, proposal=c.main, today=D(2026, 3, 5), units=[
        (c.city.units["市水务局"], R.LEAD, "")])
    reply(c, main)
    services.proposal_rate(actor=c.deputy, proposal=main, verdict="basic")
    main.refresh_from_db()
    assert main.status == Status.REPLIED
    services.proposal_transition(actor=c.dup_user, proposal=c.dup, action="withdraw", note="书面申请撤回")
    main.refresh_from_db()
    c.dup.refresh_from_db()
    assert c.dup.status == Status.WITHDRAWN and c.dup.merged_into_id is None
    assert main.status == Status.CLOSED
