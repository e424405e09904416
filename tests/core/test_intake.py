"""The public intake (renda.core.intake): accepted at once, processed from the queue, sealed into the audit chain.

A burst through the web form with the queue path (RENDA_INTAKE_INLINE off): every POST is one intake row and a
receipt whose code works at once; the drain makes exactly one opinion per row with that code; a duplicate token is
one row; a failing processor is retried, not lost; `audit.verify` finds an edited, deleted or inserted row."""

import datetime as dt
import json
import re

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from renda.core import audit, intake
from renda.core.models import AuditEvent, IntakeEntry
from renda.participation import services
from renda.participation.models import Opinion

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 11, 26, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _queued(settings):
    """The production path: accept now, process when the drain runs (here: when the test calls it)."""
    from django.core.cache import cache

    settings.RENDA_INTAKE_INLINE = False
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def po(cast):
    from renda.participation.models import Category

    services.category_ensure_defaults(congress=cast.congress)
    cast.cats = {c.name: c for c in Category.objects.filter(congress=cast.congress)}
    return cast


def _submit(client, congress, category, text, token=None):
    url = f"/participation/public/{congress.code}/submit/"
    page = client.get(url).content.decode()
    token = token or re.search(r'name="submission_token" value="([^"]+)"', page).group(1)
    return client.post(url, {"category": category.pk, "place": "南湖区青石街道", "text": text, "name": "张三",
                             "phone": "13800000000", "email": "", "website": "", "submission_token": token}), token


def _code(client, response) -> str:
    assert response.status_code == 303, response.content.decode()[:300]
    html = client.get(response["Location"]).content.decode()
    return re.search(r'data-testid="tracking-code">([A-Z0-9-]+)<', html).group(1)


def _track(client, congress, code) -> str:
    return client.post(f"/participation/public/{congress.code}/track/", {"code": code}).content.decode()


def _burst(po, n=12):
    codes = []
    with time_machine.travel(START, tick=False):
        for i in range(n):
            c = Client(REMOTE_ADDR=f"10.0.0.{i + 1}")
            resp, _ = _submit(c, po.congress, po.cats["交通"], f"第{i}条：公交线路太少，希望增开夜班车。")
            codes.append((c, _code(c, resp)))
    return codes


def test_a_burst_is_accepted_at_once_then_processed_once_with_the_same_codes(po):
    codes = _burst(po)
    assert IntakeEntry.objects.count() == 12 and Opinion.objects.count() == 0
    client, code = codes[3]
    html = _track(client, po.congress, code)
    assert "已受理，正在处理" in html and "第3条" in html  # the code works before the opinion exists
    assert "张三" not in html and "13800000000" not in html  # the payload's personal data is not shown
    assert not AuditEvent.objects.filter(chain=po.congress.pk).filter(object_type="participation.opinion").exists()
    assert IntakeEntry.objects.filter(payload__contains="张三").count() == 0  # encrypted at rest
    with time_machine.travel(START + dt.timedelta(seconds=10), tick=False):
        counts = intake.process_pending()
    assert counts == {"done": 12, "rejected": 0, "retry": 0, "failed": 0}
    assert Opinion.objects.count() == 12
    assert sorted(Opinion.objects.values_list("code", flat=True)) == sorted(c.replace("-", "") for _, c in codes)
    op = Opinion.objects.get(code=code.replace("-", ""))
    assert op.submitted_at == START and op.name == "张三" and op.status == "submitted"
    html = _track(client, po.congress, code)
    assert "已提交" in html and "正在处理" not in html
    # sealed into the congress's chain, which verifies
    assert IntakeEntry.objects.filter(sealed_seq__isnull=True).count() == 0
    seal = AuditEvent.objects.get(chain=po.congress.pk, action=audit.SEAL_ACTION)
    assert seal.changes["after"]["count"] == 12
    assert audit.verify(witness=False) == []
    # a second drain does nothing
    assert intake.process_pending() == {"done": 0, "rejected": 0, "retry": 0, "failed": 0}
    assert Opinion.objects.count() == 12


def test_a_duplicate_token_is_one_row_and_one_opinion(po):
    with time_machine.travel(START, tick=False):
        c = Client()
        first, token = _submit(c, po.congress, po.cats["住房"], "老旧小区加装电梯。")
        again, _ = _submit(Client(REMOTE_ADDR="10.2.2.2"), po.congress, po.cats["住房"], "重发", token=token)
        assert IntakeEntry.objects.count() == 1
        assert _code(c, first) == _code(c, again)
        r1 = intake.accept(services.INTAKE_KIND, po.congress, {"category": po.cats["住房"].pk, "place": "南湖区", "text": "x"}, token="t1")
        r2 = intake.accept(services.INTAKE_KIND, po.congress, {"category": po.cats["住房"].pk, "place": "南湖区", "text": "y"}, token="t1")
        assert r1.created and not r2.created and r1.entry.pk == r2.entry.pk and r1.code == r2.code
    with time_machine.travel(START + dt.timedelta(seconds=5), tick=False):
        intake.process_pending()
        # processing the same row again (a worker killed after its commit) makes no second opinion
        entry = IntakeEntry.objects.order_by("id").first()
        IntakeEntry.objects.filter(pk=entry.pk).update(status="pending")
        intake.process_pending()
    assert Opinion.objects.count() == 2


def test_the_rate_limit_still_holds_per_citizen(po):
    c = Client()
    statuses = [_submit(c, po.congress, po.cats["交通"], f"第{i}条")[0].status_code for i in range(12)]
    assert statuses == [303] * 10 + [429, 429]
    assert IntakeEntry.objects.count() == 10


def test_a_failing_processor_is_retried_not_lost(po):
    calls = []

    def flaky(entry, payload):
        calls.append(entry.pk)
        if len(calls) < 3:
            raise RuntimeError("数据库暂时不可用")
        return 7

    intake.register("test.flaky", label="测试", process=flaky)
    try:
        with time_machine.travel(START, tick=False):
            entry = intake.accept("test.flaky", po.congress, {"a": 1}, token="flaky-1").entry
            assert intake.process_pending()["retry"] == 1
            entry.refresh_from_db()
            assert (entry.status, entry.attempts) == ("pending", 1) and "RuntimeError" in entry.last_error
            assert intake.process_entry(entry.pk) == "pending"  # the task's single-row path fails too
            assert intake.process_pending()["done"] == 1
            entry.refresh_from_db()
            assert (entry.status, entry.result_id, entry.attempts) == ("done", 7, 2)

            def broken(entry, payload):
                raise RuntimeError("总是失败")

            intake.register("test.flaky", label="测试", process=broken)
            other = intake.accept("test.flaky", po.congress, {"a": 2}, token="flaky-2").entry
            for _ in range(intake.MAX_ATTEMPTS):
                intake.process_pending()
            other.refresh_from_db()
            assert (other.status, other.attempts) == ("failed", intake.MAX_ATTEMPTS)  # kept, visible, not lost
            assert intake.backlog()["pending"] == 0
    finally:
        intake.PROCESSORS.pop("test.flaky", None)


def test_a_submission_refused_by_its_processor_is_shown_as_refused(po):
    codes = _burst(po, 1)
    po.cats["交通"].active = False
    po.cats["交通"].save()
    with time_machine.travel(START + dt.timedelta(seconds=5), tick=False):
        assert intake.process_pending()["rejected"] == 1
    client, code = codes[0]
    html = _track(client, po.congress, code)
    assert "不予受理" in html and "请选择有效的类别" in html
    assert Opinion.objects.count() == 0


def _sealed(po, n=4):
    _burst(po, n)
    with time_machine.travel(START + dt.timedelta(seconds=10), tick=False):
        intake.process_pending()
    assert audit.verify(witness=False) == []
    return list(IntakeEntry.objects.order_by("id"))


def test_an_edited_intake_row_is_found(po):
    rows = _sealed(po)
    row = rows[1]
    data = json.loads(row.payload)
    data["text"] = "被改过的意见"
    row.payload = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    row.save(update_fields=["payload"])  # re-encrypted by the field, so only the MAC can tell
    [finding] = audit.verify(witness=False)
    assert finding.kind == "edited" and str(row.pk) in finding.detail
    assert "被篡改" in str(finding)


def test_a_swapped_mac_is_found(po):
    rows = _sealed(po)
    IntakeEntry.objects.filter(pk=rows[0].pk).update(mac=rows[1].mac)
    [finding] = audit.verify(witness=False)
    assert finding.kind == "edited"


def test_a_deleted_intake_row_is_found(po):
    rows = _sealed(po)
    IntakeEntry.objects.filter(pk=rows[2].pk).delete()
    [finding] = audit.verify(witness=False)
    assert finding.kind == "deleted" and str(rows[2].pk) in finding.detail
    assert "被删除" in str(finding)


def test_an_inserted_intake_row_is_found(po):
    rows = _sealed(po)
    forged = IntakeEntry.objects.get(pk=rows[0].pk)
    forged.pk = None
    forged.key = "participation.opinion:forged"
    forged.code = "ZZZZZZZZZZZZ"
    forged.mac = audit.intake_mac(forged)  # even with a correct MAC (key stolen), the seal does not name it
    forged.save(force_insert=True)
    [finding] = audit.verify(witness=False)
    assert finding.kind == "inserted" and str(forged.pk) in finding.detail
    # an old row slipped in without a seal while later rows were sealed
    IntakeEntry.objects.filter(pk=forged.pk).update(sealed_seq=None, received_at=START - dt.timedelta(hours=1))
    [finding] = audit.verify(witness=False)
    assert finding.kind == "inserted" and "未经封存" in finding.detail


def test_audit_verify_command_reports_an_intake_row(po, capsys):
    rows = _sealed(po, 2)
    IntakeEntry.objects.filter(pk=rows[0].pk).delete()
    with pytest.raises(CommandError):
        call_command("audit", "verify")
    out = capsys.readouterr()
    assert "被删除" in out.out + out.err


def test_accept_schedules_one_drain_per_burst(po, monkeypatch, django_capture_on_commit_callbacks):
    from renda.core import tasks

    enqueued = []

    class FakeTask:
        def enqueue(self, *a, **k):
            enqueued.append(1)

    monkeypatch.setattr(tasks, "process_intake", FakeTask())
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(5):
            intake.accept(services.INTAKE_KIND, po.congress, {"category": po.cats["住房"].pk, "text": str(i)},
                          token=f"k{i}")
    assert len(enqueued) == 1  # one drain scheduled for the five
    from django.core.cache import cache

    cache.delete(intake.KICK_KEY)  # the drain started: the next submission schedules another
    with django_capture_on_commit_callbacks(execute=True):
        intake.accept(services.INTAKE_KIND, po.congress, {"category": po.cats["住房"].pk, "text": "x"}, token="k9")
    assert len(enqueued) == 2


def test_tasks_recover_drains_what_a_killed_worker_left(po, capsys):
    _burst(po, 3)
    with time_machine.travel(START + dt.timedelta(seconds=10), tick=False):
        call_command("tasks", "status")
        assert "待处理的公众提交：3" in capsys.readouterr().out
        call_command("tasks", "recover")
        assert "公众提交：已处理 3" in capsys.readouterr().out
    assert Opinion.objects.count() == 3 and intake.backlog()["pending"] == 0
    assert audit.verify(witness=False) == []
