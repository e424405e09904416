"""Glue between the stored comments and the text-mining engine (`renda.textmining.analyze_comments`).

- `comment_rows(version)` streams the comments of a version straight from the database
  (`values_list(...).iterator(chunk_size=...)`, never model instances) as the engine's `Comment` tuples:
  provision = the article's label (第五条; "" for the draft as a whole), participant = the keyed digest of the
  contact (`BillComment.participant`) or, for an anonymous comment, the comment itself (one person).
  Names and contacts are never read.
- `build_summary(result, provisions)` turns the engine's output into what the pages, the report and the notice
  show: provisions in text order with their eIds, clusters without member ids, the timeline.

The service (`services.comment_analysis_start`) and the background task (`tasks.analyze_version_comments`) use
these; so does bench/bench_comment_analysis.py, to measure exactly the path the task takes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings

from renda.legislation import texts
from renda.legislation.models import BillComment, BillVersion

CHUNK_SIZE = 5000
TOP_CLUSTERS = 200  # clusters kept in the page summary (all of them stay in `result`)
WHOLE = "全文"


_PHONE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_ID_NUMBER = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")


def redact(text: str) -> str:
    """Comment wording for reports and pages: phone numbers, e-mail addresses and ID numbers a commenter wrote
    into the text itself are masked (the name and contact fields are never read at all)."""
    text = _ID_NUMBER.sub("******************", text)
    text = _PHONE.sub(r"\1****\2", text)
    text = _LANDLINE.sub("****", text)
    return _EMAIL.sub("****@****", text)


@dataclass(frozen=True)
class ProvisionRef:
    key: str  # what the engine sees as `provision`
    eid: str  # article eId ('' = the draft as a whole)
    label: str  # 第五条 / 总体意见
    text: str


def provision_refs(version: BillVersion) -> list[ProvisionRef]:
    """The draft as a whole, then every article of the version in text order, with a unique engine key."""
    refs = [ProvisionRef("", "", "总体意见", "")]
    seen: set[str] = set()
    for row in texts.article_rows(texts.statute_of(version)):
        key = row.label if row.label not in seen else f"{row.label}（{row.eid}）"
        seen.add(key)
        refs.append(ProvisionRef(key, row.eid, row.label, row.text))
    return refs


def comment_queryset(version: BillVersion):
    return BillComment.objects.filter(congress_id=version.congress_id, version_id=version.pk)


def comment_rows(version: BillVersion, *, refs: list[ProvisionRef] | None = None, chunk_size: int = CHUNK_SIZE,
                 on_row: Callable[[int], None] | None = None) -> Iterator[tuple]:
    """The version's comments as `renda.textmining.Comment` tuples, streamed in primary-key order."""
    from renda.textmining import Comment  # loads NumPy and more: only when it is used

    refs = refs if refs is not None else provision_refs(version)
    key_of = {r.eid: r.key for r in refs}
    tz = ZoneInfo(settings.TIME_ZONE)
    rows = (comment_queryset(version).order_by("pk")
            .values_list("pk", "article_eid", "text", "submitted_at", "participant")
            .iterator(chunk_size=chunk_size))
    # The engine only needs the local day ("2026-04-01"). The offset is taken from the zone (TIME_ZONE is
    # Asia/Shanghai, without DST): 10 x cheaper than astimezone() + strftime() on a million rows.
    days: dict[dt.date, str] = {}
    for n, (pk, article, text, at, who) in enumerate(rows, start=1):
        key = key_of.get(article)
        if key is None:  # an eId the version no longer has: keep the comment under its own eId
            key = article
        when = ""
        if isinstance(at, dt.datetime):
            local = (at + tz.utcoffset(at)).date() if at.tzinfo is not None else at.date()
            when = days.get(local) or days.setdefault(local, local.isoformat())
        yield Comment(pk, key, text, when, who or f"#{pk}")
        if on_row is not None and n % chunk_size == 0:
            on_row(n)


def build_summary(result: dict, refs: list[ProvisionRef], *, top: int = TOP_CLUSTERS) -> dict:
    """What the pages show: provisions in text order (with eId, counts, keywords, representatives, clusters),
    clusters without their member ids, the timeline and the totals."""
    by_key = {r.key: r for r in refs}
    per = result.get("per_provision", {})
    provisions = []
    label_of_key = {}
    for key, p in per.items():
        ref = by_key.get(key)
        label = ref.label if ref else (key or "总体意见")
        label_of_key[key] = label
        label_of_key[p.get("label", key)] = label
        provisions.append({
            "key": key, "eid": ref.eid if ref else key, "label": label, "known": ref is not None,
            "comments": p["comments"], "participants": p["participants"], "distinct": p["distinct"],
            "clusters": p["clusters"], "campaign_comments": p["campaign_comments"],
            "keywords": p["keywords"][:10], "campaigns": [],
            "representatives": [{**r, "text": redact(r["text"])} for r in p["representatives"]],
        })
    order = {r.key: i for i, r in enumerate(refs)}
    provisions.sort(key=lambda p: (order.get(p["key"], len(order)), p["key"]))
    by_label = {p["label"]: p for p in provisions}
    comments_of = {p["label"]: p["comments"] for p in provisions}
    clusters = []
    for c in result.get("clusters", []):
        where = []
        for engine_label, count in c["provisions"].items():
            label = label_of_key.get(engine_label if engine_label != WHOLE else "", engine_label)
            total = comments_of.get(label) or 0
            where.append({"label": label, "count": count, "share": round(count / total, 4) if total else 0.0})
        entry = {k: c[k] for k in ("cluster", "size", "participants", "representative", "campaign", "cohesion",
                                   "first_day", "last_day")}
        entry["representative"] = redact(entry["representative"])
        entry["provisions"] = where
        if c["campaign"]:
            for w in where:
                target = by_label.get(w["label"])
                if target is not None:
                    target["campaigns"].append({"cluster": c["cluster"], "count": w["count"], "share": w["share"]})
        if len(clusters) < top:
            clusters.append(entry)
    return {
        "totals": result.get("totals", {}),
        "provisions": provisions,
        "clusters": clusters,
        "timeline": result.get("timeline", {}),
        "method": result.get("method", {}),
    }


def chart_data(summary: dict) -> dict:
    """The series the analysis page's charts draw (json_script → static/legislation/analysis.js)."""
    provisions = summary.get("provisions", [])
    per_day = summary.get("timeline", {}).get("per_day", {})
    campaign_day = summary.get("timeline", {}).get("campaign_per_day", {})
    days = sorted(per_day)
    return {
        "provisions": {
            "labels": [p["label"] for p in provisions],
            "eids": [p["eid"] for p in provisions],
            "comments": [p["comments"] for p in provisions],
            "participants": [p["participants"] for p in provisions],
            "distinct": [p["distinct"] for p in provisions],
            "campaign": [p["campaign_comments"] for p in provisions],
        },
        "timeline": {"days": days, "comments": [per_day[d] for d in days],
                     "campaign": [campaign_day.get(d, 0) for d in days]},
    }
