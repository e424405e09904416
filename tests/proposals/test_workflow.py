"""State × action: which steps each state allows, and who may take them."""

import pytest
from django.core.exceptions import PermissionDenied
from tests.proposals.factories import assigned

from renda.core.errors import RuleViolation
from renda.proposals import services
from renda.proposals.models import Status
from renda.proposals.workflow import ASSIGNMENT_WORKFLOW, PROPOSAL_WORKFLOW

pytestmark = pytest.mark.django_db

EXPECTED = {
    Status.DRAFT: {"confirm", "withdraw"},
    Status.SUBMITTED: {"agenda", "convert", "assign", "dismiss", "withdraw", "merge"},
    Status.AGENDA: set(),
    Status.ASSIGNED: {"withdraw", "replied"},
    Status.REPLIED: {"close", "dispute"},
    Status.DISPUTED: {"rehandle", "close_disputed"},
    Status.REHANDLING: {"withdraw", "replied"},
    Status.CLOSED: set(),
    Status.WITHDRAWN: set(),
    Status.DISMISSED: set(),
    Status.MERGED: {"unmerge", "release", "withdraw"},
}


@pytest.mark.parametrize("state", list(EXPECTED))
def test_actions_from_each_state(state):
    assert {t.action for t in PROPOSAL_WORKFLOW.from_state(state)} == EXPECTED[state]


def test_every_transition_names_a_declared_rule():
    for wf in (PROPOSAL_WORKFLOW, ASSIGNMENT_WORKFLOW):
        for t in wf.transitions:
            assert t.rule_obj.basis, t.action


@pytest.mark.parametrize("action,who,outcome", [
    ("agenda", "clerk", RuleViolation),  # a suggestion is not a motion
    ("dismiss", "unit_user", PermissionDenied),
    ("withdraw", "other_unit_user", PermissionDenied),
    ("withdraw", "deputy", None),  # the lead deputy withdraws in writing
])
def test_who_may_take_a_step(cast, action, who, outcome):
    p = services.proposal_submit(actor=cast.clerk, title="关于公园增设公厕的建议", content="建议在公园内增设公共厕所，方便群众。",
                                 lead_deputy=cast.city.deputies[-1])
    call = lambda: services.proposal_transition(actor=getattr(cast, who), proposal=p, action=action,  # noqa: E731
                                                note="书面说明")
    if outcome is None:
        assert call().status == Status.WITHDRAWN
    else:
        with pytest.raises(outcome):
            call()


def test_assign_rules(cast):
    units = cast.city.units
    p = services.proposal_submit(actor=cast.clerk, title="关于x的建议", content="建议" * 20, lead_deputy=cast.city.deputies[0])
    with pytest.raises(RuleViolation):
        services.proposal_assign(actor=cast.clerk, proposal=p, units=[(units["市水务局"], "assist", "")])
    with pytest.raises(RuleViolation):
        services.proposal_assign(actor=cast.clerk, proposal=p, units=[(units["市水务局"], "separate", "")])
    p = services.proposal_assign(actor=cast.clerk, proposal=p, units=[
        (units["市水务局"], "separate", "河道部分"), (units["市教育局"], "separate", "学校部分")])
    assert p.status == Status.ASSIGNED and p.assignments.count() == 2


def test_rating_only_by_lead_deputy_or_office(cast):
    p = assigned(cast)
    a = p.assignments.get()
    services.reply_submit(actor=cast.unit_user, assignment=a, text="答复", result_class="A", communication="letter",
                          signer="局长")
    with pytest.raises(PermissionDenied):
        services.proposal_rate(actor=cast.unit_user, proposal=p, verdict="satisfied")
    services.proposal_rate(actor=cast.deputy, proposal=p, verdict="basic")
    p.refresh_from_db()
    assert p.status == Status.CLOSED
