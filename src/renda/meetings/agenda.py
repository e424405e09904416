"""What can go on an agenda, and what a vote does to it: a small registry keyed by object type.

Any module puts its objects on a meeting's agenda by registering their type once, in its
AppConfig.ready():

    from renda.core import kit, wiring
    from renda.meetings.agenda import AgendaType, register_agenda_type

    register_agenda_type(AgendaType(
        object_type="legislation.bill",            # app_label.model, as audit.object_type() gives it
        label="地方性法规案",
        kind="regulation",                          # an AgendaKind value
        lookup=wiring.congress_row(Bill),           # the row of that congress, or None
        title=lambda bill: f"{bill.title}（表决稿）",
        url=kit.page("legislation:bill"),           # reverse("legislation:bill", args=[bill.pk])
        ready=wiring.congress_rows(Bill, status="vote_draft"),  # what may be put on an agenda now
        documents=lambda bill: ["草案表决稿", "审议结果的报告", "修改情况的说明"],
        concerned_org=lambda bill: bill.lead_body_id,
        before_vote=bill_may_be_voted,              # raise rules.violation(...) when it may not be put to a vote
        on_vote_passed=lambda bill, vote, actor: bill_transition(actor=actor, bill=bill, action="pass"),
        on_vote_failed=lambda bill, vote, actor: bill_transition(actor=actor, bill=bill, action="fail"),
    ))

An agenda item then references the object by (object_type, object_id). The meetings module never
imports the other module: it calls these functions. Hooks run inside the transaction that announces
the vote, so a hook that refuses (raises) leaves the vote unannounced and nothing half-done.
Only a vote on the whole item calls on_vote_passed/failed; a separate vote on a part (单独表决) calls
on_part_voted, if given (vote.part names the article), and never settles the item.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any

VoteHook = Callable[[Any, Any, Any], None]  # hook(obj, vote, actor)


@dataclass(frozen=True)
class AgendaType:
    object_type: str
    label: str
    kind: str
    lookup: Callable[[int, int], Any]  # (congress_id, pk) -> obj or None
    title: Callable[[Any], str]
    url: Callable[[Any], str] | None = None
    ready: Callable[[int], Iterable[Any]] | None = None  # congress_id -> objects ready to be listed
    documents: Callable[[Any], list[str]] | None = None  # names of the item's documents (materials bundle)
    concerned_org: Callable[[Any], int | None] | None = None  # the unit the item concerns (it may see the item)
    requires_vote: bool = True
    before_vote: Callable[[Any], None] | None = None
    on_vote_passed: VoteHook | None = None
    on_vote_failed: VoteHook | None = None
    on_part_voted: VoteHook | None = None  # a separate vote on a part (vote.part names it; vote.passed)
    # what the meeting page flags on the item (e.g. a draft not sent seven days before): [(text, rule id or "")]
    warnings: Callable[[Any], list[tuple[str, str]]] | None = None


AGENDA_TYPES: dict[str, AgendaType] = {}


def register_agenda_type(agenda_type: AgendaType) -> None:
    AGENDA_TYPES[agenda_type.object_type] = agenda_type


def register_vote_hooks(object_type: str, *, on_passed: VoteHook | None = None,
                        on_failed: VoteHook | None = None) -> None:
    """Attach (or replace) the vote hooks of an already registered type."""
    base = AGENDA_TYPES[object_type]
    AGENDA_TYPES[object_type] = replace(
        base,
        on_vote_passed=on_passed if on_passed is not None else base.on_vote_passed,
        on_vote_failed=on_failed if on_failed is not None else base.on_vote_failed,
    )


def agenda_type(object_type: str) -> AgendaType | None:
    return AGENDA_TYPES.get(object_type) if object_type else None


def linked_object(item) -> Any:
    """The object an agenda item refers to, or None (a generic item, or an unregistered type)."""
    t = agenda_type(item.object_type)
    if t is None or not item.object_id:
        return None
    try:
        pk = int(item.object_id)
    except ValueError:
        return None
    return t.lookup(item.congress_id, pk)


def warnings_for(item) -> list[tuple[str, str]]:
    """The flags an item's module raises on it for the meeting page (a late draft, a late report …)."""
    t = agenda_type(item.object_type)
    if t is None or t.warnings is None:
        return []
    obj = linked_object(item)
    return list(t.warnings(obj)) if obj is not None else []


def ready_objects(congress_id: int) -> list[tuple[AgendaType, Any]]:
    """Every registered object that is ready to be put on an agenda, for the "add item" form."""
    out: list[tuple[AgendaType, Any]] = []
    for t in AGENDA_TYPES.values():
        if t.ready is None:
            continue
        out.extend((t, obj) for obj in t.ready(congress_id))
    return out
