"""The figures offices report (formulas in docs/PROPOSALS.md), by unit, category, delegation or year.

For a set of items that were assigned (status not draft/submitted/agenda/withdrawn/dismissed):
- 办复率 = items with at least one reply / items assigned;
- 按期办复率 = items whose first-round replies were all on time / items assigned;
- 满意率 = items whose latest rating is 满意 or 基本满意 / items rated;
- A-class rate (解决率) = items whose latest reply is class A / items replied.

并案: a suggestion merged into another (status merged) is not counted on its own — the main item counts once.
Its verdict is the group's: the latest rated round of the main item is satisfied only when every lead deputy
of the group who rated that round rated 满意 or 基本满意.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Exists, OuterRef, Q

from renda.proposals.models import SATISFIED_VERDICTS, Assignment, Category, Status

ASSIGNED_STATES = (Status.ASSIGNED, Status.REPLIED, Status.DISPUTED, Status.REHANDLING, Status.CLOSED)


# The groupings of the figures, by their Chinese names (the dashboard's headings and the list's caption).
GROUPINGS = {"all": "合计", "unit": "按承办单位", "category": "按类别", "delegation": "按代表团", "year": "按年度"}
NO_UNIT, NO_DELEGATION = "（未定）", "（无）"


def group_q(by: str, key: str) -> Q | None:
    """Q over Proposal for exactly the items `figures(…, by)` counts as assigned in group `key` — what a number on
    the dashboard links to. None when there is no such grouping."""
    assigned = Q(status__in=ASSIGNED_STATES)
    if by == "all":
        return assigned
    if by == "unit":
        handling = Assignment.objects.filter(proposal_id=OuterRef("pk"), role__in=("lead", "separate")).exclude(
            status="returned")
        if key == NO_UNIT:
            return assigned & ~Q(Exists(handling))
        return assigned & Q(Exists(handling.filter(unit__name=key)))
    if by == "category":
        values = [v for v, label in Category.choices if label == key]
        return assigned & Q(category__in=values)
    if by == "delegation":
        return assigned & (Q(delegation__isnull=True) if key == NO_DELEGATION else Q(delegation__name=key))
    if by == "year":
        return assigned & Q(year=int(key)) if key.isascii() and key.isdigit() else assigned & Q(pk__in=[])
    return None


def _rate(n: int, d: int) -> float | None:
    return round(100.0 * n / d, 1) if d else None


def figures(proposals, by: str | None = None) -> dict:
    """{group: {assigned, replied, on_time, rated, satisfied, class_a, 办复率, 按期办复率, 满意率, A类率}}."""
    qs = (
        proposals.filter(status__in=ASSIGNED_STATES)
        .select_related("delegation")
        .prefetch_related("replies", "ratings", "assignments__unit", "merged__ratings")
    )
    groups: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(
        ("assigned", "replied", "on_time", "rated", "satisfied", "class_a"), 0))
    for p in qs:
        replies = sorted(p.replies.all(), key=lambda r: (r.round, r.replied_on, r.pk))
        ratings = sorted(p.ratings.all(), key=lambda r: r.round)
        first_round = [r for r in replies if r.round == 1]
        if by == "unit":
            keys = sorted({a.unit.name for a in p.assignments.all() if a.role in ("lead", "separate")
                           and a.status != "returned"}) or [NO_UNIT]
        elif by == "category":
            keys = [p.get_category_display()]
        elif by == "delegation":
            keys = [p.delegation.name if p.delegation else NO_DELEGATION]
        elif by == "year":
            keys = [str(p.year)]
        else:
            keys = ["合计"]
        for k in keys:
            g = groups[k]
            g["assigned"] += 1
            if replies:
                g["replied"] += 1
                g["class_a"] += replies[-1].result_class == "A"
            if first_round and all(r.on_time for r in first_round):
                g["on_time"] += 1
            if ratings:
                latest = ratings[-1].round
                verdicts = [r.verdict for r in ratings if r.round == latest] + [
                    r.verdict for m in p.merged.all() if m.status == Status.MERGED for r in m.ratings.all()
                    if r.round == latest]
                g["rated"] += 1
                g["satisfied"] += all(v in SATISFIED_VERDICTS for v in verdicts)
    out = {}
    for k, g in sorted(groups.items()):
        out[k] = {
            **g,
            "办复率": _rate(g["replied"], g["assigned"]),
            "按期办复率": _rate(g["on_time"], g["assigned"]),
            "满意率": _rate(g["satisfied"], g["rated"]),
            "A类率": _rate(g["class_a"], g["replied"]),
        }
    return out


def all_groups(user_proposals) -> dict:
    return {by: figures(user_proposals, by) for by in ("unit", "category", "delegation", "year")}
