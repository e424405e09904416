"""Readiness, request ids and JSON logs, clean failures when the database is gone or the disk is full."""

import datetime as dt
import errno
import io
import json
import logging
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError
from django.test import Client
from django.utils import timezone

from renda.core import attachments
from renda.core.logging import JsonFormatter, RequestContextFilter
from renda.core.models import Attachment

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n" + b"x" * 4000 + b"\n%%EOF\n"
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_healthz_and_readyz_when_all_is_well(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    assert client.get("/healthz").json() == {"status": "ok"}
    resp = client.get("/readyz")
    body = resp.json()
    assert resp.status_code == 200 and body["status"] == "ok", body
    assert set(body["checks"]) == {"database", "migrations", "cache", "media", "tasks"}
    assert all(c["ok"] for c in body["checks"].values())
    assert "no-cache" in resp["Cache-Control"] or "max-age=0" in resp["Cache-Control"]


def test_readyz_fails_on_an_unwritable_media_dir(client, settings, tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    settings.MEDIA_ROOT = blocker / "media"
    resp = client.get("/readyz")
    assert resp.status_code == 503
    media = resp.json()["checks"]["media"]
    assert media["ok"] is False and "不可写" in media["detail"] and str(tmp_path) not in resp.content.decode()


def test_readyz_reports_a_stalled_task_queue(client, settings, tmp_path):
    from django_tasks_db.models import DBTaskResult

    from renda.meetings.tasks import send_due_notices

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = DB_TASKS
    send_due_notices.enqueue("2026-03-13")
    assert client.get("/readyz").status_code == 200  # just queued
    DBTaskResult.objects.update(enqueued_at=timezone.now() - dt.timedelta(hours=1))
    resp = client.get("/readyz")
    assert resp.status_code == 503 and "后台任务进程是否在运行" in resp.json()["checks"]["tasks"]["detail"]


def test_readyz_without_a_database(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    with mock.patch("renda.core.health.check_database", return_value=(False, "数据库无法连接")):
        resp = client.get("/readyz")
    checks = resp.json()["checks"]
    assert resp.status_code == 503 and not checks["database"]["ok"] and not checks["migrations"]["ok"]


def test_request_id_is_kept_or_made_and_returned(client):
    assert client.get("/healthz", HTTP_X_REQUEST_ID="abc-123").headers["X-Request-ID"] == "abc-123"
    made = client.get("/healthz", HTTP_X_REQUEST_ID="bad id <script>").headers["X-Request-ID"]
    assert made != "bad id <script>" and len(made) == 32


def test_json_log_line_of_a_request(cast):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestContextFilter())
    log = logging.getLogger("renda.request")
    old_level = log.level
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    try:
        client = Client()
        client.force_login(cast.clerk)
        resp = client.get("/rules/", HTTP_X_REQUEST_ID="req-42")
    finally:
        log.removeHandler(handler)
        log.setLevel(old_level)
    assert resp.status_code == 200
    records = [json.loads(line) for line in stream.getvalue().splitlines()]
    rec = next(r for r in records if r.get("path") == "/rules/")
    assert rec["request_id"] == "req-42" and rec["user_id"] == str(cast.clerk.pk)
    assert rec["status"] == 200 and rec["method"] == "GET" and rec["duration_ms"] >= 0
    assert rec["level"] == "INFO" and rec["logger"] == "renda.request" and "timestamp" in rec


def test_database_outage_is_a_chinese_503_not_a_500(cast):
    # what the user gets, not the test client's re-raise of the first failure (the session load in a middleware)
    client = Client(raise_request_exception=False)
    client.force_login(cast.clerk)
    with mock.patch("django.contrib.sessions.backends.db.SessionStore.load",
                    side_effect=OperationalError("connection refused")):
        page = client.get("/")
        api = client.get("/api/v1/workplan/plans")
    assert page.status_code == 503 and "系统暂时不可用" in page.content.decode() and page["Retry-After"] == "5"
    assert "Traceback" not in page.content.decode() and "connection refused" not in page.content.decode()
    assert api.status_code == 503 and "系统暂时不可用" in api.json()["detail"]


class _DiskFull(FileSystemStorage):
    """Writes half of the file, then the disk is full (as a tiny tmpfs would do)."""

    def _save(self, name, content):
        path = self.path(name)
        import os

        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as fh:
            fh.write(content.read()[:100])
        raise OSError(errno.ENOSPC, "No space left on device")


def test_disk_full_on_upload_is_a_clear_error_and_leaves_nothing(plan_world, settings, tmp_path):
    c = plan_world
    settings.MEDIA_ROOT = tmp_path / "media"
    storage = _DiskFull(location=tmp_path / "media")
    field = Attachment._meta.get_field("file")
    with mock.patch.object(field, "storage", storage):
        with pytest.raises(ValidationError) as exc:
            attachments.attach(actor=c.clerk, obj=c.item_water, upload=SimpleUploadedFile("方案.pdf", PDF))
        assert "存储空间不足" in exc.value.messages[0]
        client = Client()
        client.force_login(c.clerk)
        resp = client.post(f"/workplan/items/{c.item_water.pk}/attach/",
                           {"file": SimpleUploadedFile("方案.pdf", PDF)}, follow=True)
    assert resp.status_code == 200 and "存储空间不足" in resp.content.decode()
    assert Attachment.objects.count() == 0
    assert [p for p in (tmp_path / "media").rglob("*") if p.is_file()] == []  # no partial file left


def test_disk_full_outside_the_attachment_store_is_a_507(cast):
    client = Client()
    client.force_login(cast.clerk)
    with mock.patch("renda.core.views.render", side_effect=OSError(errno.ENOSPC, "No space left on device")):
        resp = client.get("/rules/")
    assert resp.status_code == 507 and "存储空间不足" in resp.content.decode()


def test_the_client_address_comes_from_the_trusted_proxy_only(monkeypatch, rf):
    from django.http import HttpResponse

    from renda.core.logging import RequestLogMiddleware

    seen = {}

    def view(request):
        seen["addr"] = request.META["REMOTE_ADDR"]
        return HttpResponse("ok")

    monkeypatch.setenv("RENDA_TRUSTED_PROXIES", "127.0.0.1")
    mw = RequestLogMiddleware(view)
    mw(rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="10.1.2.3"))
    assert seen["addr"] == "10.1.2.3"  # nginx said who the client is
    mw(rf.get("/", REMOTE_ADDR="192.0.2.9", HTTP_X_REAL_IP="10.1.2.3"))
    assert seen["addr"] == "192.0.2.9"  # anyone else cannot
    mw(rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="not an address"))
    assert seen["addr"] == "127.0.0.1"
    monkeypatch.delenv("RENDA_TRUSTED_PROXIES")
    RequestLogMiddleware(view)(rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="10.1.2.3"))
    assert seen["addr"] == "127.0.0.1"  # no proxy configured: the header is ignored
