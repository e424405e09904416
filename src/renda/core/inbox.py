"""One 待办 inbox per user, across modules: the steps the process waits for this user to take.

Built from the kit's registry (renda.core.kit): for every registered workflow object with a `queryset`, the rows
this user may see that stand in a state from which an *awaited* step (`Transition.awaited`) leads, and for each,
the awaited steps this user may take now — with the rule behind each and the date it is due by (the object's `due`).
Merely allowed steps (revise, return, withdraw…) never appear here. The header's badge is `count()`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.utils import timezone

from renda.core import kit

PER_KIND = 200  # rows looked at per kind of object (the newest first)
BADGE_SECONDS = 60


@dataclass
class InboxItem:
    obj: Any
    kind: str
    url: str
    steps: list  # Transition
    due: dt.date | None

    @property
    def overdue(self) -> bool:
        return self.due is not None and self.due < timezone.localdate()


def items(user) -> list[InboxItem]:
    if not getattr(user, "is_authenticated", False) or not getattr(user, "congress_id", None):
        return []
    out: list[InboxItem] = []
    for wo in kit.REGISTRY.values():
        if wo.queryset is None:
            continue
        waiting_states = {s for t in wo.workflow.transitions if t.awaited for s in t.sources}
        if not waiting_states:
            continue
        qs = wo.queryset(user).filter(**{f"{wo.workflow.field}__in": waiting_states}).order_by("-pk")[:PER_KIND]
        for obj in qs:
            steps = wo.workflow.awaited_actions(user, obj)
            if steps:
                due = wo.due(obj) if wo.due else None
                if isinstance(due, dt.datetime):
                    due = due.date()
                out.append(InboxItem(obj=obj, kind=wo.label or wo.key, url=wo.url(obj), steps=steps, due=due))
    out.sort(key=lambda i: (i.due is None, i.due or dt.date.max, i.kind))
    return out


def count(user) -> int:
    """The badge: how many things wait on this user (cached for a minute per user)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    key = f"renda:inbox:{user.pk}"
    value = cache.get(key)
    if value is None:
        value = len(items(user))
        cache.set(key, value, BADGE_SECONDS)
    return value


def forget(user_id: int) -> None:
    cache.delete(f"renda:inbox:{user_id}")
