"""The citizen's mails (receipt, reply) go through the core outbox: written with the change, keyed by the opinion so
each is sent once."""

import pytest

from renda.core.models import OutboxMessage
from renda.participation import services

pytestmark = pytest.mark.django_db


def _handled(po, **kw):
    op, _ = services.opinion_submit(congress=po.congress, category=po.cats["教育"], place="南湖区", text="学位紧张。",
                                    email="zhang@example.cn", **kw)
    op = services.opinion_route(actor=po.clerk, opinion=op, kind="unit", target_id=po.school.pk)
    return services.opinion_reply(actor=po.other_unit_user, opinion=op, text="我局明年新建小学一所，新增学位900个。")


def test_receipt_and_reply_are_queued_once_by_key(po, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        op = _handled(po)
    receipt = OutboxMessage.objects.get(key=f"po-receipt:{op.pk}")
    assert receipt.to == "zhang@example.cn" and op.code_display.replace("-", "") in receipt.body.replace("-", "")
    with django_capture_on_commit_callbacks(execute=True):
        op = services.opinion_publish(actor=po.clerk, opinion=op)
    reply = OutboxMessage.objects.get(key=f"po-reply:{op.pk}")
    assert "新增学位900个" in reply.body and reply.congress_id == po.congress.pk
    assert reply.status == OutboxMessage.Status.SENT and len(mailoutbox) == 2
    # the same key again (a retried step) is no second message
    from renda.core import outbox

    outbox.send(to=op.email, subject="x", body="x", key=f"po-reply:{op.pk}", congress_id=op.congress_id)
    assert OutboxMessage.objects.filter(key__startswith="po-").count() == 2

