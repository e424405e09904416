"""Background work of the core app (django-tasks; the database backend's worker in production).

`audit_checkpoint`: a signed checkpoint of every audit chain's head appended to the witness file outside the
database (renda.core.witness). Idempotent in effect (a second run adds one more checkpoint of the same or newer
heads); the scheduler runs the equivalent command `renda audit checkpoint` every day (renda-scheduler.service),
and every `renda backup` writes one too. A database that contradicts the checkpoints already written is not
signed over: the task fails with the Chinese findings (WitnessError), visible in the task results.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.core.cache import cache
from django.utils import timezone
from django_tasks import task

from renda.core import witness


@task()
def audit_checkpoint() -> dict:
    cp = witness.write_checkpoint(kind="checkpoint", note="定时任务")
    return {"at": cp.at.isoformat(), "chains": len(cp.chains), "records": sum(p.seq for p in cp.chains.values())}


@task()
def deliver_outbox(pk: int) -> str:
    """Send one queued notification (renda.core.outbox); retried by `deliver_outbox_pending`."""
    from renda.core import outbox

    return outbox.deliver(pk)


@task()
def deliver_outbox_pending() -> dict:
    from renda.core import outbox

    return outbox.deliver_pending()


@task()
def process_intake() -> dict:
    """Drain the public intake (renda.core.intake): process every pending submission, then seal them into the audit
    chains. Enqueued by `intake.accept` (once per drain, not per submission) and by `renda tasks recover`. A drain
    that leaves rows to retry schedules one more drain `intake.RETRY_SECONDS` later (when the backend can defer)."""
    from renda.core import intake

    cache.delete(intake.KICK_KEY)  # submissions from now on schedule the next drain
    counts = intake.process_pending()
    if counts["retry"]:
        try:
            process_intake.using(run_after=timezone.now() + dt.timedelta(seconds=intake.RETRY_SECONDS)).enqueue()
        except Exception:  # a backend that cannot defer: the next submission or `renda tasks recover` retries
            logging.getLogger(__name__).info("intake: retry left to the next drain")
    return counts
