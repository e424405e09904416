"""Global search: Chinese full text over every module's records, ranked, and only what the user may see.

A module registers what is searchable, once, in its `wiring.py` `register()` (renda.core.wiring):

    wiring.search_source(
        "workplan.item", "工作要点事项", WorkPlanItem, page="workplan:item", title=lambda i: i.title,
        text=lambda i: f"{i.description} {i.result}", year=lambda i: i.plan.year, visible=selectors.items_for)

Every save of a registered model re-indexes that record (`SearchEntry`: its jieba-segmented words, search mode, so
"城市更新" also finds "城市"/"更新"); a deletion removes it; `renda search reindex` rebuilds everything (after a
bulk load). The database's own full text does the matching and ranking — SQLite FTS5 (bm25) on the embedded
default, PostgreSQL `tsvector` (ts_rank) in production — over the user's congress only. Then each result kind is
filtered through its source's `visible(user)` queryset, so search never shows what the pages would not.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save

from renda.core.models import SearchEntry

log = logging.getLogger(__name__)
CANDIDATES = 300  # matches ranked by the database before visibility is applied
MAX_TEXT = 20000  # characters of a record's text that are indexed


@dataclass(frozen=True)
class Source:
    kind: str
    label: str
    model: type
    title: Callable[[Any], str]
    url: Callable[[Any], str]
    visible: Callable[[Any], Any]  # visible(user) -> QuerySet of this model
    text: Callable[[Any], str] | None = None
    year: Callable[[Any], int | None] | None = None


SOURCES: dict[str, Source] = {}


def register(source: Source) -> Source:
    SOURCES[source.kind] = source
    post_save.connect(_saved, sender=source.model, weak=False, dispatch_uid=f"search-save-{source.kind}")
    post_delete.connect(_deleted, sender=source.model, weak=False, dispatch_uid=f"search-delete-{source.kind}")
    return source


def _sources_for(model) -> list[Source]:
    return [s for s in SOURCES.values() if s.model is model]


def words(text: str) -> list[str]:
    """The searchable words of a text: jieba's search-mode segmentation, punctuation and spaces dropped."""
    from renda.textmining.words import tokenizer

    out = []
    for w in tokenizer().cut_for_search(text or ""):
        w = w.strip()
        if w and any(ch.isalnum() for ch in w):
            out.append(w.lower())
    return out


def index(obj, source: Source | None = None) -> None:
    """(Re)index one record for every source of its model."""
    for s in [source] if source else _sources_for(type(obj)):
        try:
            with transaction.atomic():  # a savepoint: a failure here never spoils the caller's transaction
                _index_one(obj, s)
        except Exception:  # the search index must never stop a write: log it; `renda search reindex` repairs
            log.exception("search: could not index %s #%s", s.kind, getattr(obj, "pk", None))


def _index_one(obj, s: Source) -> None:
    title = (s.title(obj) or "")[:300]
    body = (s.text(obj) if s.text else "") or ""
    tokens = " ".join(words(f"{title} {body[:MAX_TEXT]}"))
    SearchEntry.objects.update_or_create(
        kind=s.kind, object_id=obj.pk,
        defaults={"congress_id": obj.congress_id, "title": title, "url": s.url(obj)[:300],
                  "year": s.year(obj) if s.year else None, "tokens": tokens})


def _saved(sender, instance, raw=False, **kwargs):
    if not raw:
        index(instance)  # in the writer's transaction: the entry commits or rolls back with the record


def _deleted(sender, instance, **kwargs):
    SearchEntry.objects.filter(kind__in=[s.kind for s in _sources_for(sender)], object_id=instance.pk).delete()


def reindex(*, stdout=None) -> int:
    n = 0
    for s in SOURCES.values():
        for obj in s.model._default_manager.all().iterator(chunk_size=500):
            index(obj, s)
            n += 1
    if stdout:
        stdout.write(f"已重建检索索引：{n} 条记录")
    return n


@dataclass
class Hit:
    kind: str
    label: str
    title: str
    url: str
    year: int | None


def _matches(congress_id: int, terms: list[str], kinds: list[str], year: int | None) -> list[tuple[str, int]]:
    """(kind, object_id) of the best-ranked entries of the congress matching every term."""
    filters, params = ["e.congress_id = %s"], [congress_id]
    if kinds:
        filters.append("e.kind IN (" + ",".join(["%s"] * len(kinds)) + ")")
        params += kinds
    if year:
        filters.append("e.year = %s")
        params.append(year)
    where = " AND ".join(filters)
    if connection.vendor == "sqlite":
        match = " AND ".join('"' + t.replace('"', '""') + '"' for t in terms)
        # only placeholders and constants are interpolated into these statements; every value is a parameter
        sql = (f"SELECT e.kind, e.object_id FROM core_search_fts f JOIN core_searchentry e ON e.id = f.rowid "  # noqa: S608
               f"WHERE core_search_fts MATCH %s AND {where} ORDER BY bm25(core_search_fts) LIMIT {CANDIDATES}")
        params = [match, *params]
    elif connection.vendor == "postgresql":
        sql = (f"SELECT e.kind, e.object_id FROM core_searchentry e "  # noqa: S608
               f"WHERE to_tsvector('simple', e.tokens) @@ plainto_tsquery('simple', %s) AND {where} "
               f"ORDER BY ts_rank(to_tsvector('simple', e.tokens), plainto_tsquery('simple', %s)) DESC "
               f"LIMIT {CANDIDATES}")
        q = " ".join(terms)
        params = [q, *params, q]
    else:  # another engine: every term as a substring (no ranking)
        qs = SearchEntry.objects.filter(congress_id=congress_id)
        for t in terms:
            qs = qs.filter(tokens__contains=t)
        if kinds:
            qs = qs.filter(kind__in=kinds)
        if year:
            qs = qs.filter(year=year)
        return list(qs.values_list("kind", "object_id")[:CANDIDATES])
    with connection.cursor() as cur:
        cur.execute(sql, params)
        return [(k, int(i)) for k, i in cur.fetchall()]


def search(user, query: str, *, kind: str = "", year: int | None = None, limit: int = 50) -> list[Hit]:
    """What the user may see that matches every word of `query`, best first."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "congress_id", None):
        return []
    terms = list(dict.fromkeys(words(query)))[:8]
    if not terms:
        return []
    kinds = [kind] if kind in SOURCES else []
    ranked = _matches(user.congress_id, terms, kinds, year)
    by_kind: dict[str, list[int]] = {}
    for k, pk in ranked:
        by_kind.setdefault(k, []).append(pk)
    visible: set[tuple[str, int]] = set()
    for k, pks in by_kind.items():
        source = SOURCES.get(k)
        if source is None:
            continue
        visible |= {(k, pk) for pk in source.visible(user).filter(pk__in=pks).values_list("pk", flat=True)}
    entries = {(e.kind, e.object_id): e for e in SearchEntry.objects.filter(
        congress_id=user.congress_id, object_id__in=[pk for _, pk in visible])}
    hits = []
    for key in ranked:
        if key in visible and key in entries:
            e = entries[key]
            hits.append(Hit(kind=e.kind, label=SOURCES[e.kind].label, title=e.title, url=e.url, year=e.year))
            if len(hits) >= limit:
                break
    return hits
