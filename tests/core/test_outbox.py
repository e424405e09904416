"""One outbox for every notification: written with the change, sent after commit, retried, idempotent."""

import pytest
from django.core import mail
from django.db import transaction

from renda.core import outbox
from renda.core.models import OutboxMessage

pytestmark = pytest.mark.django_db(transaction=True)


def test_sent_after_commit_and_once_per_key():
    with transaction.atomic():
        outbox.send(to="a@example.cn", subject="会议通知", body="请出席。", key="t:1")
        outbox.send(to="a@example.cn", subject="会议通知", body="请出席。", key="t:1")  # a repeat: nothing more
        assert len(mail.outbox) == 0  # nothing leaves while the change is not committed
    assert len(mail.outbox) == 1 and mail.outbox[0].subject == "会议通知"
    assert OutboxMessage.objects.get(key="t:1").status == "sent"
    outbox.send(to="a@example.cn", subject="会议通知", body="请出席。", key="t:1")
    assert outbox.deliver_pending() == {"sent": 0, "pending": 0, "failed": 0} and len(mail.outbox) == 1


def test_a_rolled_back_change_sends_nothing():
    with pytest.raises(RuntimeError), transaction.atomic():
        outbox.send(to="b@example.cn", subject="答复", body="……", key="t:2")
        raise RuntimeError("the change failed")
    assert len(mail.outbox) == 0 and not OutboxMessage.objects.filter(key="t:2").exists()


def test_a_failed_delivery_stays_pending_and_is_retried(settings):
    settings.EMAIL_BACKEND = "tests.core.test_outbox.BrokenBackend"
    outbox.send(to="c@example.cn", subject="提醒", body="……", key="t:3")
    msg = OutboxMessage.objects.get(key="t:3")
    assert msg.status == "pending" and msg.attempts == 1 and "refused" in msg.last_error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert outbox.deliver_pending()["sent"] == 1
    assert OutboxMessage.objects.get(key="t:3").status == "sent" and len(mail.outbox) == 1


def test_no_address_no_message():
    assert outbox.send(to="  ", subject="x", body="y", key="t:4") is None
    assert not OutboxMessage.objects.exists()


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("refused")
