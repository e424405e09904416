"""An edit of a record that may no longer be edited: the office is told by the rule (the record's state), anyone
else by a permission refusal — before the version is even looked at."""

import pytest
from django.core.exceptions import PermissionDenied

from renda.core.errors import RuleViolation
from renda.meetings import services as svc
from renda.meetings.models import Decision

pytestmark = pytest.mark.django_db


def test_the_office_is_refused_by_the_rule_and_a_member_by_permission(world):
    c = world
    decision = Decision.objects.get(pk=c.decision.pk)
    assert decision.status == "submitted"
    with pytest.raises(RuleViolation) as refused:
        svc.decision_update(actor=c.clerk, decision=decision, lock_version=decision.lock_version, title="改")
    assert refused.value.rule.id == "DEC-FLOW" and "不能修改" in refused.value.message
    for version in (decision.lock_version, decision.lock_version - 1):  # a stale version changes nothing
        with pytest.raises(PermissionDenied, match="您没有修改该草案的权限。"):
            svc.decision_update(actor=c.member, decision=decision, lock_version=version, title="改")
    assert Decision.objects.get(pk=decision.pk).title == decision.title
