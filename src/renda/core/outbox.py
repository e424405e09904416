"""One outbox for every notification the platform sends (email through Django's backends).

    outbox.send(to="x@example.cn", subject="…", body="…", key=f"meeting-notice:{meeting.pk}:{person.pk}",
                congress_id=meeting.congress_id)

Called inside a service's transaction: the message row is written with the change that causes it (so a rolled back
change sends nothing), and on commit its delivery is handed to the task queue (`deliver` task; ImmediateBackend in
development and tests, the database worker in production). Nothing is sent over SMTP while a row is locked. A
delivery that fails stays pending with its error and is retried by `deliver_pending()` (the scheduler; `renda tasks
recover`) up to MAX_ATTEMPTS. `key` makes a message idempotent: a second `send()` with the same key is a no-op, and a
message already sent is never sent again.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from renda.core.models import OutboxMessage
from renda.core.tasks import deliver_outbox

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5


def send(*, to: str, subject: str, body: str, key: str, congress_id: int | None = None) -> OutboxMessage | None:
    """Queue one email (idempotent by `key`); returns the stored message, or None when `to` is empty."""
    to = (to or "").strip()
    if not to:
        return None
    try:
        with transaction.atomic():
            msg = OutboxMessage.objects.create(congress_id=congress_id, key=key[:200], to=to[:254],
                                               subject=subject[:200], body=body)
    except IntegrityError:
        return OutboxMessage.objects.filter(key=key[:200]).first()
    transaction.on_commit(lambda: _enqueue(msg.pk), robust=True)
    return msg


def _enqueue(pk: int) -> None:
    try:
        deliver_outbox.enqueue(pk)
    except Exception:  # the queue is down: the message stays pending and deliver_pending() retries it
        log.exception("outbox %s: could not enqueue its delivery", pk)


def deliver(pk: int, *, connection=None) -> str:
    """Send one pending message; returns its status. Safe to call twice (a sent message is not sent again)."""
    with transaction.atomic():
        msg = OutboxMessage.objects.select_for_update().filter(pk=pk).first()
        if msg is None or msg.status != OutboxMessage.Status.PENDING:
            return msg.status if msg else "missing"
        msg.attempts += 1
        try:
            mail.EmailMessage(msg.subject, msg.body, settings.DEFAULT_FROM_EMAIL, [msg.to],
                              connection=connection).send()
        except Exception as exc:  # SMTP refused or unreachable: keep it for a retry
            msg.last_error = str(exc)[:300]
            if msg.attempts >= MAX_ATTEMPTS:
                msg.status = OutboxMessage.Status.FAILED
            msg.save(update_fields=["attempts", "last_error", "status"])
            log.warning("outbox %s: delivery failed (%s attempts): %s", pk, msg.attempts, exc)
            return msg.status
        msg.status = OutboxMessage.Status.SENT
        msg.sent_at = timezone.now()
        msg.save(update_fields=["attempts", "status", "sent_at", "last_error"])
        return msg.status


def deliver_pending(*, limit: int = 500, connection=None) -> dict[str, int]:
    """Retry every pending message (oldest first)."""
    counts = {"sent": 0, "pending": 0, "failed": 0}
    pks = list(OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING).order_by("pk")
               .values_list("pk", flat=True)[:limit])
    for pk in pks:
        status = deliver(pk, connection=connection)
        if status in counts:
            counts[status] += 1
    return counts
