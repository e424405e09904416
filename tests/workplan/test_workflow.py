"""Every (state, action) pair of the plan and item workflows, and the rules that refuse steps."""

import pytest
from django.core.exceptions import PermissionDenied

from renda.core.errors import RuleViolation
from renda.core.models import AuditEvent
from renda.workplan import services as wp
from renda.workplan.models import Category, ItemStatus, PlanStatus, WorkPlan, WorkPlanItem
from renda.workplan.workflow import ITEM_WORKFLOW, PLAN_WORKFLOW

pytestmark = pytest.mark.django_db

PLAN_ACTOR = {"submit": "clerk", "return": "clerk", "adopt": "leader", "adopt_revision": "leader",
              "issue": "clerk", "revise": "clerk"}


@pytest.mark.parametrize("state", PlanStatus.values)
@pytest.mark.parametrize("action", [t.action for t in PLAN_WORKFLOW.transitions])
def test_plan_state_action_table(plan_world, state, action):
    c = plan_world
    WorkPlan.objects.filter(pk=c.plan.pk).update(status=state)
    plan = WorkPlan.objects.get(pk=c.plan.pk)
    t = PLAN_WORKFLOW.transition(action)
    actor = getattr(c, PLAN_ACTOR[action])
    if state in t.sources:
        result = wp.plan_transition(actor=actor, plan=plan, action=action, note="依程序办理")
        assert result.status == t.target
        ev = AuditEvent.objects.filter(action="transition", object_id=str(plan.pk)).order_by("-seq").first()
        assert (ev.from_state, ev.to_state, ev.rule_id) == (state, t.target, t.rule)
    elif state == t.target:
        # a repeat of a step already taken is harmless
        assert wp.plan_transition(actor=actor, plan=plan, action=action, note="重复").status == state
    else:
        with pytest.raises(RuleViolation) as exc:
            wp.plan_transition(actor=actor, plan=plan, action=action, note="越级")
        assert exc.value.rule.id == t.rule
        assert "当前状态为" in exc.value.message and "依据：" in exc.value.message


@pytest.mark.parametrize("state", ItemStatus.values)
@pytest.mark.parametrize("action", [t.action for t in ITEM_WORKFLOW.transitions])
def test_item_state_action_table(plan_world, state, action):
    c = plan_world
    if action in ("cancel", "restore"):
        wp.plan_transition(actor=c.clerk, plan=c.plan, action="revise", note="年中调整")
    fields = {"status": state, "completed_on": "2026-06-30" if state == ItemStatus.COMPLETED else None}
    WorkPlanItem.objects.filter(pk=c.item_water.pk).update(**fields)
    item = WorkPlanItem.objects.get(pk=c.item_water.pk)
    t = ITEM_WORKFLOW.transition(action)
    kwargs = {"note": "说明", "result": "已完成水环境议案督办，形成督办报告。"}
    if state in t.sources:
        assert wp.item_transition(actor=c.clerk, item=item, action=action, **kwargs).status == t.target
    elif state == t.target:
        assert wp.item_transition(actor=c.clerk, item=item, action=action, **kwargs).status == state
    else:
        with pytest.raises(RuleViolation) as exc:
            wp.item_transition(actor=c.clerk, item=item, action=action, **kwargs)
        assert exc.value.rule.id == t.rule


def test_a_plan_without_owners_cannot_go_to_the_party_group(cast):
    plan = wp.plan_create(actor=cast.clerk, year=2027)
    wp.item_create(actor=cast.clerk, plan=plan, category=Category.RESEARCH, title="无人负责的调研")
    with pytest.raises(RuleViolation) as exc:
        wp.plan_transition(actor=cast.clerk, plan=plan, action="submit")
    assert exc.value.rule.id == "WP-ITEM-OWNER"
    assert "第 1 项尚未明确分管副主任或牵头工委（办）" in exc.value.message


def test_a_special_report_must_name_its_organ(cast):
    plan = wp.plan_create(actor=cast.clerk, year=2027)
    wp.item_create(actor=cast.clerk, plan=plan, category=Category.SPECIAL_REPORT, title="听取某项报告",
                   vice_chair=cast.city.vice_chairs[0], lead_body=cast.city.bodies["cjw"])
    with pytest.raises(RuleViolation) as exc:
        wp.plan_transition(actor=cast.clerk, plan=plan, action="submit")
    assert exc.value.rule.id == "WP-ITEM-ORGAN"
    assert "《监督法》第十一条" in exc.value.message


def test_items_are_carried_out_only_once_the_plan_is_issued(cast):
    plan = wp.plan_create(actor=cast.clerk, year=2027)
    item = wp.item_create(actor=cast.clerk, plan=plan, category=Category.RESEARCH, title="调研",
                          vice_chair=cast.city.vice_chairs[0], lead_body=cast.city.bodies["cjw"])
    with pytest.raises(RuleViolation) as exc:
        wp.item_transition(actor=cast.clerk, item=item, action="start")
    assert exc.value.rule.id == "WP-ITEM-EXECUTE"


def test_completion_needs_a_result_of_the_configured_length(plan_world):
    c = plan_world
    with pytest.raises(RuleViolation) as exc:
        wp.item_transition(actor=c.committee, item=c.item_water, action="complete", result="完成")
    assert exc.value.rule.id == "WP-ITEM-COMPLETE" and "不少于 10 个字" in exc.value.message
    item = wp.item_transition(actor=c.committee, item=c.item_water, action="complete",
                              result="议案督办完成，形成督办报告并提请常委会审议。")
    assert item.status == ItemStatus.COMPLETED and item.completed_on is not None


def test_cancelling_an_item_is_a_revision_of_the_plan(plan_world):
    c = plan_world
    with pytest.raises(RuleViolation) as exc:
        wp.item_transition(actor=c.clerk, item=c.item_school, action="cancel", note="不再开展")
    assert exc.value.rule.id == "WP-ITEM-CHANGE" and "《监督法》第六十三条第三款" in exc.value.message
    wp.plan_transition(actor=c.clerk, plan=c.plan, action="revise", note="年中调整")
    assert wp.item_transition(actor=c.clerk, item=c.item_school, action="cancel", note="不再开展").status == "cancelled"


def test_transition_permissions(plan_world):
    c = plan_world
    # only leadership adopts; the committee cannot issue; units cannot start items
    wp.plan_transition(actor=c.clerk, plan=c.plan, action="revise", note="调整")
    with pytest.raises(PermissionDenied):
        wp.plan_transition(actor=c.clerk, plan=c.plan, action="adopt_revision")
    with pytest.raises(PermissionDenied):
        wp.item_transition(actor=c.unit_user, item=c.item_water, action="start")
    with pytest.raises(PermissionDenied):  # another committee's item
        wp.item_transition(actor=c.committee, item=c.item_school, action="start")
    assert wp.item_transition(actor=c.other_committee, item=c.item_school, action="start").status == "in_progress"
