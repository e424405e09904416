"""The state × action table of a workflow, walked the same way for every module: from each state, each step either
moves the object to its target (with a transition record naming the rule), is a harmless repeat when the object is
already there, or is refused with the step's rule, the current state and the legal basis in Chinese."""

from __future__ import annotations

import pytest
from django.db import transaction

from renda.core.errors import RuleViolation
from renda.core.models import AuditEvent


class _Rollback(Exception):
    pass


def each_case(workflow, states, run) -> None:
    """Run `run(state, action)` for every pair, each in a transaction rolled back afterwards (one fixture for the
    whole table); report every failing pair at once."""
    failures = []
    for state in states:
        for t in workflow.transitions:
            try:
                with transaction.atomic():
                    run(state, t.action)
                    raise _Rollback
            except _Rollback:
                pass
            except Exception as exc:
                failures.append(f"{state} × {t.action}: {type(exc).__name__}: {exc}")
    assert not failures, "\n".join(failures)


def check_step(workflow, obj, state, action, actor, apply, **ctx):
    """Put `obj` in `state` (a plain UPDATE: the state, not the step under test), take `action` through
    `apply(obj, action, actor, ctx)` and check the outcome the table prescribes."""
    model = type(obj)
    model.objects.filter(pk=obj.pk).update(**{workflow.field: state})
    obj = model.objects.get(pk=obj.pk)
    t = workflow.transition(action)
    if state in t.sources:
        result = apply(obj, action, actor, ctx)
        assert getattr(result, workflow.field) == t.target, (state, action)
        ev = AuditEvent.objects.filter(action="transition", object_type=model._meta.label_lower,
                                       object_id=str(obj.pk)).order_by("-seq").first()
        assert (ev.from_state, ev.to_state, ev.rule_id) == (state, t.target, t.rule)
        assert ev.legal_basis.startswith("依据：")
    elif state == t.target:
        assert getattr(apply(obj, action, actor, ctx), workflow.field) == state
    else:
        with pytest.raises(RuleViolation) as exc:
            apply(obj, action, actor, ctx)
        assert exc.value.rule.id == t.rule, (state, action)
        assert "当前状态为" in exc.value.message and "依据：" in exc.value.message

