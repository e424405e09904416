"""Background work: the daily notice run (django-tasks; the database backend's worker in production).

Schedule `send_due_notices` once a day (or run `renda meeting_notices` from cron): it is idempotent, so a
second run the same day, or a run after a missed day, sends only what has not been sent.
"""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from renda.meetings.services import notices_send_due


@task()
def send_due_notices(day: str | None = None) -> list[dict]:
    results = notices_send_due(today=dt.date.fromisoformat(day) if day else None)
    return [{k: v for k, v in r.items() if isinstance(v, int | bool | str)} for r in results]
