"""A background task killed mid-run leaves nothing half-done, and `renda tasks recover` makes it run again.

The daily notice task runs on the django-tasks database backend here, as in production. The worker is
"killed" inside the meeting's notice transaction, after the notice rows were written and before the audit
record: the transaction never commits, so no notice row and no audit record of it remains. The row of the
task stays RUNNING (a killed worker never marks it finished); `renda tasks recover` puts it back to READY
once it has been RUNNING longer than the timeout, and the next worker run sends each notice exactly once.
"""

import datetime as dt
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from renda.core.models import AuditEvent, OutboxMessage, Person
from renda.meetings.models import MeetingNotice
from renda.meetings.tasks import send_due_notices

from .conftest import sc_members

pytestmark = pytest.mark.django_db

DB_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


class Killed(BaseException):
    """Stands for SIGKILL: not an Exception, nothing in the task may catch it."""


@pytest.fixture
def queued(convened, settings):
    settings.TASKS = DB_BACKEND
    for i, p in enumerate(sc_members(convened)):
        Person.objects.filter(pk=p.pk).update(email=f"m{i}@example.cn")
    result = send_due_notices.enqueue("2026-03-13")
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == "READY"
    return convened, row


def run_worker():
    """The real worker loop in --batch mode. Inside the test's transaction its connection housekeeping
    (close_old_connections, which closes a connection that is not in autocommit) must not close the
    test's own connection (PostgreSQL); everything else is the worker as in production."""
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "-v0")


def _kill_inside_the_transaction(row):
    """What the worker does, up to the moment the process dies."""
    row.claim("worker-that-dies")
    with mock.patch("renda.meetings.services.audit.record", side_effect=Killed), pytest.raises(Killed):
        send_due_notices.call(*row.task_result.args, **row.task_result.kwargs)


def test_a_killed_task_leaves_nothing_half_done_and_is_recovered(queued):
    cast, row = queued
    notice_events = AuditEvent.objects.filter(action="notice")
    _kill_inside_the_transaction(row)
    assert MeetingNotice.objects.count() == 0  # the rows written before the kill were rolled back
    assert notice_events.count() == 0
    row.refresh_from_db()
    assert row.status == "RUNNING"  # nobody will pick it up again ...

    call_command("tasks", "recover", "--older-than", "600")
    row.refresh_from_db()
    assert row.status == "RUNNING"  # ... and it is not yet considered stuck

    DBTaskResult.objects.filter(pk=row.pk).update(started_at=timezone.now() - dt.timedelta(hours=2))
    call_command("tasks", "recover", "--older-than", "600")
    row.refresh_from_db()
    assert row.status == "READY" and row.started_at is None

    queued = OutboxMessage.objects.filter(key__startswith="meeting-notice:")
    assert queued.count() == 0  # the killed run's messages were rolled back with it: none will be sent
    run_worker()
    row.refresh_from_db()
    assert row.status == "SUCCESSFUL", row.traceback
    assert row.worker_ids[0] == "worker-that-dies" and len(row.worker_ids) == 2
    assert MeetingNotice.objects.filter(meeting=cast.meeting).count() == 11
    assert notice_events.count() == 1
    assert queued.count() == 11  # one message a person, sent by the outbox after the commit

    # Run again (a retry after a crash that happened after the commit): nothing is sent twice.
    send_due_notices.enqueue("2026-03-13")
    run_worker()
    assert MeetingNotice.objects.count() == 11 and queued.count() == 11


def test_status_and_failed_tasks(queued, capsys):
    _, row = queued
    call_command("tasks", "status")
    out = capsys.readouterr().out
    assert "待执行：1" in out and "运行中：0" in out
    DBTaskResult.objects.filter(pk=row.pk).update(status="FAILED")
    call_command("tasks", "recover")
    assert "没有需要重新排队的任务" in capsys.readouterr().out
    call_command("tasks", "recover", "--include-failed")
    row.refresh_from_db()
    assert row.status == "READY"
