"""The audit trail: append-only, one keyed hash chain per congress.

Each record's hash is an HMAC over its content and the previous record's hash;
`AuditHead` holds the newest link of each chain and is locked while appending,
so appends are serialised per congress (and a shard never waits on another).
`verify()` walks the chains and reports the first edited, deleted or inserted
record. The key comes from RENDA_AUDIT_KEY (default: derived from SECRET_KEY),
so a person with database access alone cannot forge a valid chain.

The MAC is HMAC-SM3 (GB/T 32905) for new records, stored as "sm3:<base64url, 43 chars>" so it fits the
64-character column; records written before are HMAC-SHA256, stored as 64 hex digits, and still verify.
A chain may therefore start with SHA-256 records and go on with SM3 ones, never the reverse: a SHA-256
record after an SM3 one is reported as edited (no downgrade). RENDA_AUDIT_HASH=sha256 keeps writing the old
form (for a deployment that must stay readable by an older release).

A chain cannot prove its own tail (the newest records deleted and the head set back, or a whole chain deleted
with its head, still verify); `verify()` therefore also checks the chains against the SM2-signed checkpoints of
the audit witness outside the database (renda.core.witness, RENDA_AUDIT_WITNESS).
"""

from __future__ import annotations

import base64
import datetime as _dt
import functools
import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from renda.core import crypto
from renda.core.models import AuditEvent, AuditHead, IntakeEntry
from renda.core.registry import changed

PLATFORM_CHAIN = 0
SM3_PREFIX = "sm3:"


@functools.lru_cache(maxsize=8)
def _key_from(raw: str) -> bytes:
    return hashlib.sha256(raw.encode()).digest()


def _key() -> bytes:
    return _key_from(os.environ.get("RENDA_AUDIT_KEY") or f"renda-audit:{settings.SECRET_KEY}")


def current_algorithm() -> str:
    algo = os.environ.get("RENDA_AUDIT_HASH") or getattr(settings, "RENDA_AUDIT_HASH", "") or "sm3"
    if algo not in {"sm3", "sha256"}:
        raise ValueError(f"RENDA_AUDIT_HASH must be sm3 or sha256, got {algo!r}")
    return algo


def algorithm_of(stored_hash: str) -> str:
    return "sm3" if stored_hash.startswith(SM3_PREFIX) else "sha256"


def mac(content: bytes, algorithm: str) -> str:
    """The stored form of the MAC of `content`: "sm3:<base64url>" or 64 hex digits (HMAC-SHA256)."""
    if algorithm == "sm3":
        tag = crypto.hmac_sm3(_key(), content)
        return SM3_PREFIX + base64.urlsafe_b64encode(tag).decode().rstrip("=")
    return hmac.new(_key(), content, hashlib.sha256).hexdigest()


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if hasattr(value, "name") and hasattr(value, "url"):  # FieldFile
        return value.name or ""
    return value


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The concrete field values of `obj`, JSON-ready (foreign keys as ids)."""
    out: dict[str, Any] = {}
    for f in obj._meta.concrete_fields:
        if fields is not None and f.name not in fields:
            continue
        out[f.name] = _jsonable(getattr(obj, f.attname))
    return out


def diff(before: dict[str, Any] | None, after: dict[str, Any] | None) -> dict[str, Any]:
    before = before or {}
    after = after or {}
    keys = sorted(set(before) | set(after))
    return {
        "before": {k: before.get(k) for k in keys if before.get(k) != after.get(k)},
        "after": {k: after.get(k) for k in keys if before.get(k) != after.get(k)},
    }


def _content(ev: AuditEvent) -> bytes:
    payload = {
        "chain": ev.chain,
        "seq": ev.seq,
        "created_at": ev.created_at.isoformat(),
        "actor_id": ev.actor_id,
        "actor_name": ev.actor_name,
        "action": ev.action,
        "object_type": ev.object_type,
        "object_id": ev.object_id,
        "object_repr": ev.object_repr,
        "changes": ev.changes,
        "from_state": ev.from_state,
        "to_state": ev.to_state,
        "rule_id": ev.rule_id,
        "legal_basis": ev.legal_basis,
        "note": ev.note,
        "prev_hash": ev.prev_hash,
    }
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def compute_hash(ev: AuditEvent, algorithm: str | None = None) -> str:
    """The MAC of `ev`: with `algorithm`, or the one its stored hash names, or (new record) the current one."""
    if algorithm is None:
        algorithm = algorithm_of(ev.hash) if ev.hash else current_algorithm()
    return mac(_content(ev), algorithm)


def hash_matches(ev: AuditEvent) -> bool:
    return hmac.compare_digest(compute_hash(ev, algorithm_of(ev.hash)), ev.hash)


def object_type(obj: models.Model | type[models.Model]) -> str:
    return obj._meta.label_lower


def record(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    congress_id: int | None = None,
    before: dict | None = None,
    after: dict | None = None,
    from_state: str = "",
    to_state: str = "",
    rule=None,
    note: str = "",
) -> AuditEvent:
    """Append one record to the congress's chain, inside the caller's transaction."""
    if congress_id is None and obj is not None:
        congress_id = getattr(obj, "congress_id", None)
    chain = congress_id or PLATFORM_CHAIN
    changes = diff(before, after) if (before is not None or after is not None) else {}
    with transaction.atomic():
        # One query for the locked head (get_or_create locks the row it reads; a head created here is ours).
        head, _ = AuditHead.objects.select_for_update().get_or_create(chain=chain)
        ev = AuditEvent(
            chain=chain,
            seq=head.seq + 1,
            created_at=timezone.now(),
            actor_id=getattr(actor, "pk", None),
            actor_name=(str(actor) if actor is not None and getattr(actor, "pk", None) else "系统")[:80],
            action=action,
            object_type=object_type(obj) if obj is not None else "",
            object_id=str(obj.pk) if obj is not None else "",
            object_repr=str(obj)[:200] if obj is not None else "",
            changes=_jsonable(changes),
            from_state=from_state,
            to_state=to_state,
            rule_id=getattr(rule, "id", "") or "",
            legal_basis=(getattr(rule, "basis_text", "") or "")[:300],
            note=note,
            prev_hash=head.hash,
        )
        ev.hash = compute_hash(ev)
        ev.save(force_insert=True)
        head.seq = ev.seq
        head.hash = ev.hash
        head.save(update_fields=["seq", "hash"])
    if obj is not None:  # the home panels of that module in that congress are recomputed (core.registry)
        changed(congress_id, obj._meta.app_label, obj._meta.model_name)
    return ev


def history(obj: models.Model):
    """The audit records of one object, oldest first."""
    return AuditEvent.objects.filter(object_type=object_type(obj), object_id=str(obj.pk)).order_by("seq")


@dataclass
class Finding:
    chain: int  # -1: the witness file itself (seq is then its line number)
    seq: int
    kind: str  # edited | deleted | inserted; against the witness: truncated | missing | diverged; witness
    detail: str
    congress: str = ""

    def __str__(self) -> str:
        name = f"审计链 {self.chain}" + (f"（{self.congress}）" if self.congress else "")
        if self.kind == "witness":
            return f"审计见证文件第 {self.seq} 行无效：{self.detail}"
        if self.kind == "missing":
            return f"{name} 整条缺失：{self.detail}"
        if self.kind == "truncated":
            return f"{name} 第 {self.seq} 条及之后的记录被删除：{self.detail}"
        if self.kind == "diverged":
            return f"{name} 第 {self.seq} 条记录与见证检查点不符：{self.detail}"
        kinds = {"edited": "被篡改", "deleted": "被删除", "inserted": "被插入"}
        return f"{name} 第 {self.seq} 条记录{kinds.get(self.kind, self.kind)}：{self.detail}"


def verify(chain: int | None = None, *, witness=True) -> list[Finding]:
    """Check every chain (or one); return the first finding of each broken chain, [] when all hold.

    Then, with `witness` (True: the witness file of RENDA_AUDIT_WITNESS; or a `witness.WitnessState`; False:
    not), the chains against the signed checkpoints outside the database (renda.core.witness): a cut tail, a
    missing chain, a rewritten record, and every witness line whose signature fails. No witness configured or no
    checkpoint yet is no finding here; `renda audit verify` prints a warning for it."""
    heads = {h.chain: h for h in AuditHead.objects.all()}
    chains = sorted(set(heads) | set(AuditEvent.objects.values_list("chain", flat=True).distinct())
                    | set(IntakeEntry.objects.values_list("congress_id", flat=True).distinct()))
    if chain is not None:
        chains = [chain]
    findings = []
    for c in chains:
        finding = _verify_chain(c, heads.get(c)) or _verify_intake(c)
        if finding is None and c != PLATFORM_CHAIN:
            finding = next((f for f in (check(c) for check in SEALED_ROWS) if f is not None), None)
        if finding:
            findings.append(finding)
    if witness is not False:
        from renda.core import witness as witness_module

        state = witness_module.read() if witness is True else witness
        findings += state.findings()
        findings += witness_module.check(state.current, chain)
    return findings


# Rows written outside the chain and sealed into it later by one record (an app's own check, e.g. voting's marks
# sealed at a vote's close): each check takes a congress's chain id and returns its first finding or None.
SEALED_ROWS: list = []


def register_sealed_rows(check) -> None:
    """Have `verify()` run `check(chain)` for every congress chain once the chain itself holds."""
    if check not in SEALED_ROWS:
        SEALED_ROWS.append(check)


def _verify_chain(chain: int, head: AuditHead | None) -> Finding | None:
    rows = AuditEvent.objects.filter(chain=chain).order_by("seq").iterator(chunk_size=2000)
    prev_hash = ""
    expected_seq = 1
    seen_sm3 = False  # once a chain is on SM3, a SHA-256 record after it is a downgrade: reported as edited
    pending: AuditEvent | None = None  # a row whose own MAC failed, judged by its successor
    for ev in rows:
        if pending is not None:
            # The successor still chains to the bad row's stored hash: the row's content was edited.
            # The successor chains past it to the row before: the bad row was slipped in.
            if ev.prev_hash == pending.hash:
                return Finding(chain, pending.seq, "edited", "记录内容与其校验值不符")
            return Finding(chain, pending.seq, "inserted", "该记录不在原有链条中")
        if ev.seq != expected_seq:
            return Finding(chain, expected_seq, "deleted", f"序号 {expected_seq} 至 {ev.seq - 1} 的记录缺失")
        is_sm3 = algorithm_of(ev.hash) == "sm3"
        downgraded = seen_sm3 and not is_sm3  # treated like a failed MAC, then judged as edited or inserted
        seen_sm3 = seen_sm3 or is_sm3
        if downgraded or not hash_matches(ev):
            pending = ev
            prev_hash_before_pending = prev_hash
            expected_seq = ev.seq + 1
            prev_hash = ev.hash
            continue
        if ev.prev_hash != prev_hash:
            return Finding(chain, ev.seq, "edited", "前序校验值不符（前一条记录被改动或替换）")
        prev_hash = ev.hash
        expected_seq = ev.seq + 1
    if pending is not None:
        if head is not None and head.seq == pending.seq and head.hash == pending.hash:
            return Finding(chain, pending.seq, "edited", "记录内容与其校验值不符")
        if pending.prev_hash == prev_hash_before_pending and (head is None or head.seq < pending.seq):
            return Finding(chain, pending.seq, "inserted", "链头之后出现未登记的记录")
        return Finding(chain, pending.seq, "edited", "记录内容与其校验值不符")
    if head is not None:
        last = expected_seq - 1
        if head.seq > last:
            return Finding(chain, last + 1, "deleted", f"链头记录到第 {head.seq} 条，但最后一条为第 {last} 条")
        if head.seq < last:
            return Finding(chain, head.seq + 1, "inserted", "链头之后出现未登记的记录")
        if head.hash != prev_hash:
            return Finding(chain, last, "edited", "链头校验值与最后一条记录不符")
    return None


# ---- the public intake, sealed in batches ------------------------------------------------------------------------
# A public submission is one append-only IntakeEntry row (renda.core.intake), written without the chain lock. Each row
# carries `mac` = HMAC-SM3 of its sealed content; `seal_intake()` appends one record per batch to the congress's
# chain (action "intake_seal"; changes.after = the batch's row ids as ranges, their count, and a MAC over the
# rows' (id, mac) pairs) and stamps the rows with that record's `seq`. `verify()` then finds, per chain: a row whose
# content no longer matches its MAC (edited), a sealed row gone (deleted), a row stamped with a seal that does not
# name it, or a row never sealed although older than a later seal (inserted), and a MAC column swapped (edited).
# A row is unprotected only between its insert and the next seal (the drain seals after each run; SEAL_GRACE_SECONDS
# lets a concurrent insert commit first).
SEAL_ACTION = "intake_seal"
SEAL_GRACE_SECONDS = 2
SEAL_LAG_SECONDS = 300  # a row unsealed although this much older than a later seal: reported as inserted
SEAL_BATCH = 1000


def _intake_content(entry) -> bytes:
    payload = {"congress": entry.congress_id, "kind": entry.kind, "key": entry.key, "code": entry.code,
               "received_at": entry.received_at.isoformat(), "payload": entry.payload}
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def intake_mac(entry) -> str:
    """The MAC of an intake row's sealed content (kind, key, code, congress, time, plaintext payload)."""
    return mac(_intake_content(entry), "sm3")


def _ranges(ids: list[int]) -> list[list[int]]:
    out: list[list[int]] = []
    for i in sorted(ids):
        if out and out[-1][1] == i - 1:
            out[-1][1] = i
        else:
            out.append([i, i])
    return out


def _expand(ranges) -> set[int]:
    return {i for first, last in ranges for i in range(int(first), int(last) + 1)}


def _batch_mac(pairs: list[tuple[int, str]]) -> str:
    return mac(json.dumps(sorted(pairs), separators=(",", ":")).encode(), "sm3")


def seal_intake(*, now: datetime | None = None, batch: int = SEAL_BATCH) -> int:
    """Seal every unsealed intake row older than SEAL_GRACE_SECONDS, one audit record per batch; rows sealed."""
    cutoff = (now or timezone.now()) - _dt.timedelta(seconds=SEAL_GRACE_SECONDS)
    todo = IntakeEntry.objects.filter(sealed_seq__isnull=True, received_at__lte=cutoff)
    sealed = 0
    for congress_id in sorted(set(todo.values_list("congress_id", flat=True).distinct())):
        while True:
            with transaction.atomic():
                rows = list(todo.select_for_update(skip_locked=True).filter(congress_id=congress_id)
                            .order_by("id").values_list("id", "mac")[:batch])
                if not rows:
                    break
                ids = [pk for pk, _ in rows]
                ev = record(actor=None, action=SEAL_ACTION, congress_id=congress_id,
                            after={"rows": _ranges(ids), "count": len(rows), "mac": _batch_mac(rows)},
                            note=f"封存公众提交受理记录 {len(rows)} 件")
                IntakeEntry.objects.filter(pk__in=ids).update(sealed_seq=ev.seq)
                sealed += len(rows)
            if len(rows) < batch:
                break
    return sealed


def _verify_intake(chain: int) -> Finding | None:
    """The intake rows of one congress against their MACs and the chain's seal records (the chain itself holds)."""
    if chain == PLATFORM_CHAIN:
        return None
    seals = {ev.seq: ev for ev in AuditEvent.objects.filter(chain=chain, action=SEAL_ACTION)
             .only("seq", "created_at", "changes")}
    by_seal: dict[int, list[tuple[int, str]]] = {}
    newest = max(seals.values(), key=lambda ev: ev.seq, default=None)
    newest_seal = newest.created_at if newest is not None else None
    rows = IntakeEntry.objects.filter(congress_id=chain).order_by("id").iterator(chunk_size=2000)
    for row in rows:
        label = f"公众提交受理记录（编号 {row.pk}，查询码 {row.code}）"
        try:
            intact = hmac.compare_digest(intake_mac(row), row.mac)
        except Exception:
            intact = False
        if row.sealed_seq is None:
            if newest_seal is not None and (newest_seal - row.received_at).total_seconds() > SEAL_LAG_SECONDS:
                return Finding(chain, newest.seq, "inserted", f"{label}未经封存，却早于已封存的记录")
            continue
        seal = seals.get(row.sealed_seq)
        if seal is None or row.pk not in _expand((seal.changes.get("after") or {}).get("rows") or []):
            return Finding(chain, row.sealed_seq, "inserted", f"{label}不在该批封存记录之内")
        if not intact:
            return Finding(chain, row.sealed_seq, "edited", f"{label}内容与其校验值不符")
        by_seal.setdefault(row.sealed_seq, []).append((row.pk, row.mac))
    for seq, ev in sorted(seals.items()):
        after = ev.changes.get("after") or {}
        expected = _expand(after.get("rows") or [])
        present = {pk for pk, _ in by_seal.get(seq, [])}
        missing = sorted(expected - present)
        if missing:
            return Finding(chain, seq, "deleted", f"该批封存的公众提交受理记录（编号 {missing[0]} 等 {len(missing)} 件）缺失")
        if not hmac.compare_digest(_batch_mac(by_seal.get(seq, [])), str(after.get("mac") or "")):
            return Finding(chain, seq, "edited", "该批公众提交受理记录的校验值与封存记录不符")
    return None
