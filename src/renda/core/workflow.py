"""One workflow mechanism for every process on the platform.

A process declares its states (a TextChoices on a plain `status` field) and a
table of transitions: action -> allowed source states -> target state, the rule
of the registry that governs the step, who may take it and the guards that must
hold. `Workflow.apply()` locks the row, checks the source state, the permission
and the guards, moves the status and appends the transition to the audit trail
in the same transaction. A refused step raises `RuleViolation` (naming the rule
and its legal basis) or `PermissionDenied`. Repeating a step that has already
happened is harmless: the row is already in the target state and nothing is done.

    WORKFLOW = Workflow(
        name="workplan.plan",
        states=PlanStatus,
        transitions=[
            Transition("adopt", "主任会议通过", sources=("party_group",), target="adopted",
                       rule="WP-PLAN-FLOW", allowed=can_approve, guards=(items_complete,)),
        ],
    )
    WORKFLOW.apply(plan, "adopt", actor=user, note="第3次主任会议")
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.dispatch import Signal
from django.utils import timezone

from renda.core import audit, rules
from renda.core.forms import DATE_INPUT

Guard = Callable[..., None]  # guard(obj, *, actor, **ctx) -> None or raise RuleViolation
Allowed = Callable[[Any, Any], bool]  # allowed(user, obj) -> bool


# ---- a step's own date: the optional field of its form, reading it, and the effect that records it --------
def step_date_field(label: str = "日期", *, help_text: str = "不填为今天。") -> forms.DateField:
    """The optional date a step's form asks for (left empty, the step takes today)."""
    return forms.DateField(label=label, required=False, widget=DATE_INPUT, help_text=help_text)


def or_today(day: dt.date | None) -> dt.date:
    """The date a step was given, today when it was given none."""
    return day or timezone.localdate()


def step_date(ctx: dict, name: str = "on") -> dt.date:
    """The date the step's form gives under `name`, today when it gives none."""
    return or_today(ctx.get(name))


def dated(field: str, name: str = "on") -> Callable[..., None]:
    """An effect (`Transition.effect`): the step's date (`name`, today when not given) into `field`."""

    def effect(obj, **ctx) -> None:
        setattr(obj, field, step_date(ctx, name))

    effect.__name__ = f"dated_{field}"
    return effect


# Sent inside the step's transaction after it is recorded: `sender` is the model, with `workflow`, `obj`, `transition`,
# `from_state` and `actor`. For what other modules do when a step is taken elsewhere (a subscriber's email about a
# bill's stage), never for the step's own effect (that is `Transition.effect`).
step_taken = Signal()

@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: tuple[str, ...]
    target: str
    rule: str
    allowed: Allowed | None = None
    guards: tuple[Guard, ...] = ()
    needs_note: bool = False
    style: str = "primary"  # how the button looks: primary | secondary | danger
    # What the step asks of the person taking it, beyond the note: a Django form class whose cleaned_data is passed to
    # the step (e.g. a date, votes, a text, an upload). The one transition endpoint and the one actions partial
    # (renda.core.kit) render and validate it; None means the note alone.
    form: type | None = None
    # What the step does besides moving the state, in one place: effect(obj, *, actor, note, **data), run inside the
    # transaction with the new state set, just before the row is saved: it sets the step's fields and writes what
    # belongs to the step (a version, a notice, related rows — the row itself already exists).
    effect: Callable[..., None] | None = None
    # What the step sets off once its row is saved, in the same transaction: then(obj, *, actor, note, **data) — steps
    # on other rows that read this row's new state (a main item closes when its last merged suggestion is withdrawn).
    then: Callable[..., None] | None = None
    # The note the history records when the person wrote none: default_note(obj, *, step, **data) -> str, from the
    # row and the step's data — e.g. how late the step was against its statutory period (blank: the step's label).
    default_note: Callable[..., str] | None = None
    # What happens next, in a sentence for the person who took the step ("承办单位将在三个月内答复").
    next_hint: str = ""
    # Whether the process waits on this step (a to-do in the inbox: submit, adopt, reply…) or it is merely allowed
    # (revise, return, reopen, withdraw…: offered as a button, never listed as "待您办理").
    awaited: bool = True
    # A step the platform takes itself (a vote's result, a task): never a button, refused at the endpoint and the API
    # route, but taken by services through `Workflow.apply` like any other.
    system: bool = False

    @property
    def rule_obj(self) -> rules.Rule:
        return rules.get(self.rule)

    def input_form(self, data=None, files=None, *, prefix: str | None = None, obj=None):
        """The step's form (its own fields + the note), bound to `data` when given; a form whose __init__ takes
        `obj` gets the object (choices or initial values that depend on it)."""
        from renda.core.kit import step_form

        return step_form(self, data, files, prefix=prefix, obj=obj)


@dataclass
class Workflow:
    name: str
    states: type[models.TextChoices]
    transitions: Iterable[Transition]
    field: str = "status"
    by_action: dict[str, Transition] = dc_field(init=False)

    def __post_init__(self) -> None:
        self.transitions = tuple(self.transitions)
        self.by_action = {}
        valid = set(self.states.values)
        for t in self.transitions:
            if t.action in self.by_action:
                raise ValueError(f"{self.name}: action {t.action} declared twice")
            unknown = (set(t.sources) | {t.target}) - valid
            if unknown:
                raise ValueError(f"{self.name}.{t.action}: unknown states {unknown}")
            rules.get(t.rule)  # fail at import time on an undeclared rule
            self.by_action[t.action] = t

    def state_label(self, value: str) -> str:
        try:
            return str(self.states(value).label)
        except ValueError:
            return value

    def transition(self, action: str) -> Transition:
        try:
            return self.by_action[action]
        except KeyError:
            raise PermissionDenied(f"未知的操作「{action}」。") from None

    def from_state(self, state: str) -> list[Transition]:
        return [t for t in self.transitions if state in t.sources]

    def awaited_actions(self, user, obj) -> list[Transition]:
        """The steps the process is waiting for this user to take (what a to-do list shows)."""
        return [t for t in self.allowed_actions(user, obj) if t.awaited]

    def allowed_actions(self, user, obj) -> list[Transition]:
        """The steps this user may take now: what the buttons are rendered from."""
        state = getattr(obj, self.field)
        return [t for t in self.from_state(state) if not t.system and (t.allowed is None or t.allowed(user, obj))]

    def check(self, obj, action: str, *, actor, **ctx) -> Transition:
        """Raise unless `actor` may take `action` on `obj` now; return the transition."""
        t = self.transition(action)
        state = getattr(obj, self.field)
        if state not in t.sources:
            raise rules.violation(
                t.rule, f"当前状态为「{self.state_label(state)}」，不能执行「{t.label}」"
            )
        if t.allowed is not None and not t.allowed(actor, obj):
            raise PermissionDenied(f"您没有执行「{t.label}」的权限。")
        if t.needs_note and not (ctx.get("note") or "").strip():
            raise rules.violation(t.rule, f"执行「{t.label}」须填写说明")
        for guard in t.guards:
            guard(obj, actor=actor, **ctx)
        return t

    def apply(self, obj, action: str, *, actor, note: str = "", **ctx):
        """Take the step; returns the refreshed object. Idempotent when already in the target state."""
        t = self.transition(action)
        model = type(obj)
        with transaction.atomic():
            locked = model.objects.select_for_update().get(pk=obj.pk)
            state = getattr(locked, self.field)
            if state == t.target and state not in t.sources:
                return locked  # a repeat of a step already taken: nothing to do
            self.check(locked, action, actor=actor, note=note, **ctx)
            if not (note or "").strip() and t.default_note is not None:
                note = t.default_note(locked, step=t, **ctx)
            setattr(locked, self.field, t.target)
            if hasattr(locked, "lock_version"):
                locked.lock_version += 1
            if t.effect is not None:
                t.effect(locked, actor=actor, note=note, **ctx)
            locked.save()
            if t.then is not None:
                t.then(locked, actor=actor, note=note, **ctx)
            audit.record(
                actor=actor,
                action="transition",
                obj=locked,
                from_state=state,
                to_state=t.target,
                rule=t.rule_obj,
                note=note or t.label,
            )
            step_taken.send(sender=model, workflow=self, obj=locked, transition=t, from_state=state, actor=actor)
        return locked
