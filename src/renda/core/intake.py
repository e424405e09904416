"""The public intake: accept a citizen's submission at once, process it from the task queue.

    receipt = intake.accept("participation.opinion", congress, {"category": 3, "text": "…"}, request, token=tid)
    receipt.code          # the tracking code, valid at once (the tracking page says "已受理，正在处理")

A public write (a comment on a draft, 社情民意, a review request, a 票决 proposal) used to do all its work in the
request — validation against the database, routing, the audit record under its congress's chain lock — so a burst
queued on that one lock. `accept()` does one INSERT of an `IntakeEntry` (append-only, no lock shared with anyone,
the payload encrypted, a MAC over the row) and answers; the registered *processor* of the kind does the rest in the
task queue (`process_pending`, task `renda.core.tasks.process_intake`):

- **Idempotent**: the key is `kind:<submission token id>` (renda.core.public), unique in the database, so a retried
  POST — even from another process at the same moment — gets the first row and its code back, never a second row.
  Processors are idempotent too (they store the token in the unique column of the row they create), so a row
  processed twice (a worker killed after the commit of its result but before the task was marked done) makes one
  object.
- **Nothing lost**: the row is committed before the citizen is answered; it stays `pending` until its processor's
  transaction commits. A processor that raises an unexpected error is retried (`MAX_ATTEMPTS`, then `failed`,
  visible in `renda tasks status`); one that refuses the submission (ValidationError, RuleViolation) marks it
  `rejected` with the Chinese reason, which the tracking page shows. A worker or the database restarting mid-burst
  leaves rows pending; the next drain takes them (`renda tasks recover` drains too).
- **Tamper evidence**: every row carries an HMAC-SM3 of its sealed content (`audit.intake_mac`), and
  `audit.seal_intake()` (run after each drain) seals rows in batches into the congress's audit chain: one record
  per batch naming its rows and a MAC over their MACs. `renda audit verify` recomputes both (`audit.verify`).
- **One drain at a time, few enqueues**: `accept()` enqueues a drain only when none is scheduled (a cache flag the
  drain clears when it starts), so a burst of 1,000 submissions costs a handful of task rows, not 1,000.

Processors register per kind (`register(kind, label=…, process=…, new_code=…)`, in the app's `ready()`):
`process(entry, payload) -> int | None` runs inside a transaction and returns the id of what it created.

With the immediate task backend (development, tests) `RENDA_INTAKE_INLINE` (default: on for that backend) processes
the row right after accepting it, in the same request, so a page shows the processed result at once; the tests of
the queued path switch it off.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from renda.core import audit, public, tasks
from renda.core.errors import RuleViolation
from renda.core.models import Congress, IntakeEntry

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
BATCH = 50  # rows per processing transaction
KICK_KEY = "intake:drain-scheduled"
KICK_SECONDS = 30  # a scheduled drain that never ran (queue down) is scheduled again after this
RETRY_SECONDS = 30  # rows that failed are retried by a drain this much later
Status = IntakeEntry.Status


@dataclass(frozen=True)
class Processor:
    kind: str
    label: str  # what a person calls it: "社情民意"
    process: Callable[[IntakeEntry, dict], int | None]
    new_code: Callable[[], str]


PROCESSORS: dict[str, Processor] = {}


def _default_code() -> str:
    alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
    return "".join(secrets.choice(alphabet) for _ in range(12))


def register(kind: str, *, label: str, process: Callable[[IntakeEntry, dict], int | None],
             new_code: Callable[[], str] | None = None) -> None:
    """Register (or replace: ready() may run twice in tests) the processor of `kind`."""
    PROCESSORS[kind] = Processor(kind=kind, label=label, process=process, new_code=new_code or _default_code)


@dataclass(frozen=True)
class Receipt:
    entry: IntakeEntry
    created: bool  # False: the same submission token was accepted before; this is the first row

    @property
    def code(self) -> str:
        return self.entry.code


def inline() -> bool:
    value = getattr(settings, "RENDA_INTAKE_INLINE", None)
    if value is not None:
        return bool(value)
    backend = settings.TASKS.get("default", {}).get("BACKEND", "")
    return backend.endswith("ImmediateBackend")


def dump(payload: dict) -> str:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def payload_of(entry: IntakeEntry) -> dict:
    return json.loads(entry.payload)


def claim(request) -> str:
    """The submission token id of the request's form (ValidationError in Chinese when missing or forged)."""
    return public.claim_token(request.POST.get(public.TOKEN_FIELD, "") if request is not None else "")


def accept(kind: str, congress: Congress | int, payload: dict[str, Any], request=None, *, token: str | None = None,
           received_at: dt.datetime | None = None) -> Receipt:
    """Store one submission durably and return its receipt (the tracking code is valid at once).

    `token` is the claimed submission token id (`public.claim_token`); without it, the request's form token is
    claimed. The caller has applied the size limit, the per-source rate limit, CSRF and the honeypot."""
    processor = PROCESSORS.get(kind)
    if processor is None:
        raise LookupError(f"no intake processor for {kind!r}")
    token = token or claim(request)
    key = f"{kind}:{token}"[:120]
    congress_id = congress if isinstance(congress, int) else congress.pk
    entry = IntakeEntry(congress_id=congress_id, kind=kind, key=key, payload=dump(payload),
                        received_at=received_at or timezone.now())
    for attempt in range(5):
        entry.code = processor.new_code()
        entry.mac = audit.intake_mac(entry)
        try:
            if connection.in_atomic_block:  # a savepoint, so that a duplicate leaves the caller's transaction usable
                with transaction.atomic():
                    entry.save(force_insert=True)
            else:  # autocommit: the INSERT alone, one round trip (a repeated token is the unique key's refusal)
                entry.save(force_insert=True)
            break
        except IntegrityError:
            first = IntakeEntry.objects.filter(key=key).first()
            if first is not None:  # a concurrent retry of the same form won
                return Receipt(first, False)
            if attempt == 4:
                raise
            entry.pk = None  # a tracking-code collision: draw again
    if inline():
        process_entry(entry.pk)
        entry.refresh_from_db()
    else:
        transaction.on_commit(kick, robust=True)
    return Receipt(entry, True)


def kick() -> None:
    """Schedule a drain unless one is already scheduled (the drain clears the flag when it starts)."""
    if not cache.add(KICK_KEY, 1, KICK_SECONDS):
        return
    try:
        tasks.process_intake.enqueue()
    except Exception:  # the queue is down: the rows stay pending; the next submission or `renda tasks recover`
        cache.delete(KICK_KEY)
        log.exception("intake: could not enqueue a drain")


def _apply(entry: IntakeEntry) -> None:
    processor = PROCESSORS.get(entry.kind)
    if processor is None:
        raise LookupError(f"no intake processor for {entry.kind!r}")
    try:
        with transaction.atomic():
            result = processor.process(entry, payload_of(entry))
    except (ValidationError, RuleViolation, PermissionDenied) as exc:
        reason = getattr(exc, "message", None) if isinstance(exc, RuleViolation) else None
        if reason is None:
            messages = getattr(exc, "messages", None) or [str(exc)]
            reason = "；".join(str(m) for m in messages)
        entry.status = Status.REJECTED
        entry.last_error = str(reason)[:300]
        entry.processed_at = timezone.now()
        entry.save(update_fields=["status", "last_error", "processed_at"])
        return
    entry.status = Status.DONE
    entry.result_id = result
    entry.processed_at = timezone.now()
    entry.last_error = ""
    entry.save(update_fields=["status", "result_id", "processed_at", "last_error"])


def _fail(pk: int, exc: Exception) -> None:
    entry = IntakeEntry.objects.filter(pk=pk, status=Status.PENDING).first()
    if entry is None:
        return
    entry.attempts += 1
    entry.last_error = f"{type(exc).__name__}: {exc}"[:300]
    if entry.attempts >= MAX_ATTEMPTS:
        entry.status = Status.FAILED
    entry.save(update_fields=["attempts", "last_error", "status"])
    log.warning("intake %s (%s): processing failed (%s attempts): %s", pk, entry.kind, entry.attempts, exc)


def process_entry(pk: int) -> str:
    """Process one pending row; its status afterwards. A row already processed is left alone."""
    try:
        with transaction.atomic():
            entry = IntakeEntry.objects.select_for_update().filter(pk=pk).first()
            if entry is None or entry.status != Status.PENDING:
                return entry.status if entry else "missing"
            _apply(entry)
            return entry.status
    except Exception as exc:
        _fail(pk, exc)
        return Status.PENDING


def process_pending(*, limit: int | None = None, seal: bool = True) -> dict[str, int]:
    """Drain the pending rows, oldest first, `BATCH` per transaction (each row in its own savepoint); then seal.

    A row whose processor failed is not tried again in the same drain; it stays pending for the next one."""
    counts = {Status.DONE: 0, Status.REJECTED: 0, "retry": 0, Status.FAILED: 0}
    tried: set[int] = set()
    done = 0
    while limit is None or done < limit:
        ids = [pk for pk in IntakeEntry.objects.filter(status=Status.PENDING).order_by("id")
               .values_list("id", flat=True)[:BATCH + len(tried)] if pk not in tried][:BATCH]
        if not ids:
            break
        failed: list[tuple[int, Exception]] = []
        with transaction.atomic():
            rows = list(IntakeEntry.objects.select_for_update(skip_locked=True)
                        .filter(pk__in=ids, status=Status.PENDING).order_by("id"))
            for entry in rows:
                try:
                    with transaction.atomic():
                        _apply(entry)
                    counts[entry.status] += 1
                except Exception as exc:
                    failed.append((entry.pk, exc))
        for pk, exc in failed:
            _fail(pk, exc)
            status = IntakeEntry.objects.filter(pk=pk).values_list("status", flat=True).first()
            counts[Status.FAILED if status == Status.FAILED else "retry"] += 1
        tried.update(ids)
        done += len(ids)
    if seal:
        audit.seal_intake()
    return {"done": counts[Status.DONE], "rejected": counts[Status.REJECTED], "retry": counts["retry"],
            "failed": counts[Status.FAILED]}


def backlog() -> dict[str, Any]:
    """Pending rows and the age of the oldest, for `renda tasks status` and the bench."""
    pending = IntakeEntry.objects.filter(status=Status.PENDING)
    oldest = pending.order_by("id").values_list("received_at", flat=True).first()
    return {"pending": pending.count(), "unsealed": IntakeEntry.objects.filter(sealed_seq__isnull=True).count(),
            "oldest_seconds": (timezone.now() - oldest).total_seconds() if oldest else 0.0}
