"""Text intelligence for the clerk: similar earlier suggestions (并案) and likely handling units.

Uses `renda.textmining` (SimilarIndex, DuplicateFinder, UnitRouter) — nothing is reimplemented here. The similar
index is cached in memory per congress and rebuilt when the congress's items change. Duplicate/merge candidates
(可能重复，建议并案) come from the duplicate model (`textmining.dupes.DuplicateFinder`: candidates by cosine, a gate
on the asks, a logistic model; templates subtracted per delegation), fitted on one congress's items of one year
and cached per (congress, year) the same way; a query then scores only the item's 20 nearest neighbours, so a
page costs two queries and a few milliseconds once the year's model is built. The unit router is fitted
from the congress's past assignments (lead unit first), kept in memory and on disk under
settings.VAR_DIR/proposals/router-<congress id>, and retrained by `renda proposals_train_router`.
"""

from __future__ import annotations

import threading
from pathlib import Path

from django.conf import settings
from django.db.models import Count, Max

from renda.core.models import Organization
from renda.proposals.models import Assignment, AssignmentStatus, Proposal, Status

_lock = threading.Lock()
_similar: dict[int, tuple[tuple, object]] = {}
_finders: dict[tuple[int, int], tuple[tuple, object]] = {}
_routers: dict[int, object] = {}

EXCLUDED = (Status.DRAFT, Status.WITHDRAWN)
DUPLICATE_LIMIT = 10  # at most this many 并案 candidates for one item


def _text(title: str, content: str) -> str:
    return f"{title}。{content}"


def _index_for(congress_id: int):
    from renda.textmining import SimilarIndex  # loads NumPy and more: only when it is used

    qs = Proposal.objects.filter(congress_id=congress_id).exclude(status__in=EXCLUDED)
    sig = tuple(qs.aggregate(n=Count("id"), m=Max("updated_at")).values())
    with _lock:
        cached = _similar.get(congress_id)
        if cached and cached[0] == sig:
            return cached[1]
    rows = list(qs.values_list("pk", "title", "content"))
    index = SimilarIndex.build((pk, _text(t, c)) for pk, t, c in rows) if rows else None
    with _lock:
        _similar[congress_id] = (sig, index)
    return index


def similar(proposal: Proposal, k: int = 5) -> list[tuple[Proposal, float]]:
    """The most similar earlier items (the item itself excluded), best first, with their cosine.

    Each returned item also carries ``likely_duplicate`` (bool) and ``duplicate_probability`` (float or None): the
    duplicate model's verdict on the pair (`likely_duplicates`), for the 可能重复，建议并案 flag.
    """
    index = _index_for(proposal.congress_id)
    if index is None:
        return []
    hits = [(pk, s) for pk, s in index.query(_text(proposal.title, proposal.content), k=k + 1) if pk != proposal.pk]
    by_pk = Proposal.objects.in_bulk([pk for pk, _ in hits[:k]])
    dup = dict(_duplicate_ids(proposal))
    out = [(by_pk[pk], round(float(s), 3)) for pk, s in hits[:k] if pk in by_pk]
    for q, _ in out:
        q.duplicate_probability = dup.get(q.pk)
        q.likely_duplicate = q.pk in dup
    return out


def _authors(rows) -> list | None:
    """One template owner per item: its delegation, else its lead deputy (None for all: no owners known)."""
    owners = [("d", d) if d else (("p", dep) if dep else None) for _, _, _, d, dep in rows]
    return owners if any(owners) else None


def _finder_for(congress_id: int, year: int):
    """The duplicate model fitted on the congress's items of ``year`` (cached; rebuilt when they change)."""
    from renda.textmining import DuplicateFinder  # loads NumPy and more: only when it is used

    qs = Proposal.objects.filter(congress_id=congress_id, year=year).exclude(status__in=EXCLUDED)
    sig = tuple(qs.aggregate(n=Count("id"), m=Max("updated_at")).values())
    key = (congress_id, year)
    with _lock:
        cached = _finders.get(key)
        if cached and cached[0] == sig:
            return cached[1]
    rows = list(qs.order_by("pk").values_list("pk", "title", "content", "delegation_id", "lead_deputy_id"))
    finder = (DuplicateFinder([(pk, _text(t, c)) for pk, t, c, _, _ in rows], authors=_authors(rows))
              if len(rows) > 1 else None)
    with _lock:
        _finders[key] = (sig, finder)
    return finder


def _duplicate_ids(proposal: Proposal, limit: int = DUPLICATE_LIMIT) -> list[tuple[int, float]]:
    finder = _finder_for(proposal.congress_id, proposal.year)
    if finder is None or proposal.pk not in finder.position:
        return []
    return [(pk, s) for pk, s in finder.duplicates_of(proposal.pk) if pk != proposal.pk][:limit]


def likely_duplicates(proposal: Proposal) -> list[tuple[Proposal, float]]:
    """Items of the same year the duplicate model proposes for 并案, most probable first, with the probability."""
    hits = _duplicate_ids(proposal)
    by_pk = Proposal.objects.in_bulk([pk for pk, _ in hits])
    return [(by_pk[pk], s) for pk, s in hits if pk in by_pk]


def _router_dir(congress_id: int) -> Path:
    return Path(settings.VAR_DIR) / "proposals" / f"router-{congress_id}"


def train_router(congress_id: int):
    """Fit from past assignments (the lead or first separate unit); None when fewer than two units."""
    from renda.textmining import UnitRouter  # loads NumPy and more: only when it is used

    rows = (
        Assignment.objects.filter(congress_id=congress_id, role__in=("lead", "separate"))
        .exclude(status=AssignmentStatus.RETURNED)
        .values_list("proposal__title", "proposal__content", "unit__name")
        .order_by("proposal_id", "id")
    )
    texts, units, seen = [], [], set()
    for title, content, unit in rows:
        key = (title, content)
        if key in seen:
            continue
        seen.add(key)
        texts.append(_text(title, content))
        units.append(unit)
    if len(set(units)) < 2:
        return None
    router = UnitRouter().fit(texts, units)
    path = _router_dir(congress_id)
    path.mkdir(parents=True, exist_ok=True)
    router.save(path)
    with _lock:
        _routers[congress_id] = router
    return router


def router_for(congress_id: int):
    from renda.textmining import UnitRouter  # loads NumPy and more: only when it is used

    with _lock:
        if congress_id in _routers:
            return _routers[congress_id]
    path = _router_dir(congress_id)
    router = None
    if (path / "router.json").exists():
        try:
            router = UnitRouter.load(path)
        except (OSError, ValueError):
            router = None
    if router is None:
        return train_router(congress_id)
    with _lock:
        _routers[congress_id] = router
    return router


def likely_units(proposal: Proposal, k: int = 5) -> list[tuple[Organization, float]]:
    router = router_for(proposal.congress_id)
    if router is None:
        return []
    ranked = router.rank(_text(proposal.title, proposal.content), k=k)
    orgs = {o.name: o for o in Organization.objects.filter(
        congress_id=proposal.congress_id, is_handling_unit=True, name__in=[n for n, _ in ranked])}
    return [(orgs[n], round(float(s), 3)) for n, s in ranked if n in orgs]


def forget(congress_id: int | None = None) -> None:
    """Drop the in-memory caches (tests, after a retrain in another process)."""
    with _lock:
        if congress_id is None:
            _similar.clear()
            _finders.clear()
            _routers.clear()
        else:
            _similar.pop(congress_id, None)
            _routers.pop(congress_id, None)
            for key in [key for key in _finders if key[0] == congress_id]:
                _finders.pop(key, None)
