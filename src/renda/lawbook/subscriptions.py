"""What subscribers hear about (issue 20 §6): a draft opened for comment, a subscribed bill's stages, a standing
committee meeting convened and closed. New, amended and repealed regulations are sent by the law book's own services.

Connected in LawbookConfig.ready(): to `renda.core.workflow.step_taken` (a step of the bill or meeting workflow) and
to the creation of a legislation.CommentPeriod. Each email is queued through the outbox inside the step's
transaction (nothing is sent for a step that rolls back) and is idempotent by its key.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from renda.core import audit, outbox, rules
from renda.core.crypto import digest
from renda.core.models import Congress
from renda.lawbook.models import Subscription, SubscriptionStatus, Topic
from renda.legislation.workflow import BILL_WORKFLOW
from renda.meetings.models import MeetingKind
from renda.meetings.workflow import MEETING_WORKFLOW

MEETING_NEWS = {"convened": "已决定召开", "closed": "已闭会"}


def on_step(sender, *, workflow, obj, transition, from_state, actor, **_):
    if workflow is BILL_WORKFLOW:
        title = getattr(obj, "display_title", None) or str(obj)
        notify(congress_id=obj.congress_id, topic=Topic.BILL, bill=obj,
               subject=f"《{title}》：{transition.label}",
               body=f"您订阅的法规案《{title}》审议进程有新进展：{transition.label}。",
               key=f"bill-step:{obj.pk}:{from_state}:{transition.target}:{getattr(obj, 'lock_version', 0)}")
    elif workflow is MEETING_WORKFLOW and obj.kind == MeetingKind.STANDING and transition.target in MEETING_NEWS:
        when = f"{obj.date.year}年{obj.date.month}月{obj.date.day}日"
        notify(congress_id=obj.congress_id, topic=Topic.MEETINGS,
               subject=f"{obj.title}{MEETING_NEWS[transition.target]}",
               body=f"{obj.title}（{when}）{MEETING_NEWS[transition.target]}。",
               key=f"meeting-step:{obj.pk}:{transition.target}")


def on_comment_period(sender, *, instance, created, raw=False, **_):
    if not created or raw:
        return
    bill = instance.bill
    title = getattr(bill, "display_title", None) or str(bill)
    closes = instance.closes_on
    notify(congress_id=instance.congress_id, topic=Topic.DRAFTS,
           subject=f"《{title}》公开征求意见",
           body=f"《{title}》向社会公开征求意见，截止日期为{closes.year}年{closes.month}月{closes.day}日。",
           key=f"draft-open:{instance.pk}")


# ---- the subscriptions themselves (double opt-in through the outbox) -------------------------------------------
def _digest(email: str) -> str:
    return digest(email.strip().lower(), context="lawbook.subscription")


def _link(path: str) -> str:
    base = getattr(settings, "RENDA_PUBLIC_URL", "") or getattr(settings, "SITE_URL", "")
    return f"{base.rstrip('/')}{path}"


@transaction.atomic
def subscribe(*, congress, email: str, topic: str, submission: str, bill=None) -> Subscription:
    """An email subscription, pending until the link in the confirmation email is followed (idempotent by the
    form's submission token)."""
    existing = Subscription.objects.filter(submission=submission).first()
    if existing is not None:
        return existing
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": "请填写有效的电子邮箱地址。"}) from None
    if topic not in Topic.values:
        raise ValidationError({"topic": "请选择订阅内容。"})
    if topic == Topic.BILL and (bill is None or bill.congress_id != congress.pk):
        raise ValidationError({"topic": "请从法规案页面订阅其审议进程。"})
    sub = Subscription(congress=congress, email=email, email_digest=_digest(email), topic=topic,
                       bill=bill if topic == Topic.BILL else None, token=secrets.token_urlsafe(32),
                       submission=submission)
    sub.full_clean()
    sub.save()
    confirm = _link(reverse("lawbook_public:confirm", kwargs={"code": congress.code, "token": sub.token}))
    what = sub.get_topic_display() + (f"（《{bill.title}》）" if sub.bill_id else "")
    outbox.send(to=email, subject=f"请确认订阅：{what}",
                body=(f"您好！有人用本邮箱在{congress.standing_committee_name}门户网站订阅了“{what}”。\n"
                      f"确认订阅请打开：{confirm}\n如果不是您本人操作，请忽略本邮件，不会再收到通知。"),
                key=f"lawbook-confirm:{sub.pk}", congress_id=congress.pk)
    audit.record(actor=None, action="create", obj=sub, after={"topic": topic})
    return sub


def _move(token: str, sources: tuple[str, ...], target: str, stamp: str) -> Subscription | None:
    """The subscription of `token` (None if none), moved to `target` with the time in `stamp` when it is in `sources`."""
    sub = Subscription.objects.select_for_update().filter(token=token).first()
    if sub is None:
        return None
    if sub.status in sources:
        before = sub.status
        sub.status = target
        setattr(sub, stamp, timezone.now())
        sub.save(update_fields=["status", stamp])
        audit.record(actor=None, action="transition", obj=sub, from_state=before, to_state=target,
                     rule=rules.get("LAW-SUBSCRIBE"))
    return sub


@transaction.atomic
def subscription_confirm(*, token: str) -> Subscription | None:
    return _move(token, (SubscriptionStatus.PENDING,), SubscriptionStatus.CONFIRMED, "confirmed_at")


@transaction.atomic
def subscription_cancel(*, token: str) -> Subscription | None:
    return _move(token, (SubscriptionStatus.PENDING, SubscriptionStatus.CONFIRMED), SubscriptionStatus.UNSUBSCRIBED,
                 "unsubscribed_at")


def notify(*, congress_id: int, topic: str, subject: str, body: str, key: str, bill=None) -> int:
    """Queue one email to every confirmed subscriber of `topic` (inside the caller's transaction), each with its
    unsubscribe link; idempotent by `key`."""
    subs = Subscription.objects.filter(congress_id=congress_id, topic=topic, status=SubscriptionStatus.CONFIRMED)
    if bill is not None:
        subs = subs.filter(bill=bill)
    code = None
    n = 0
    for sub in subs:
        if code is None:
            code = Congress.objects.values_list("code", flat=True).get(pk=congress_id)
        leave = _link(reverse("lawbook_public:unsubscribe", kwargs={"code": code, "token": sub.token}))
        outbox.send(to=sub.email, subject=subject, body=f"{body}\n\n退订：{leave}", key=f"{key}:{sub.pk}",
                    congress_id=congress_id)
        n += 1
    return n
