"""What subscribers hear about (issue 20 §6): a draft opened for comment, a subscribed bill's stages, a standing
committee meeting convened and closed. New, amended and repealed regulations are sent by the law book's own services.

Connected in LawbookConfig.ready(): to `renda.core.workflow.step_taken` (a step of the bill or meeting workflow) and
to the creation of a legislation.CommentPeriod. Each email is queued through the outbox inside the step's
transaction (nothing is sent for a step that rolls back) and is idempotent by its key.
"""

from __future__ import annotations

from renda.lawbook.models import Topic

MEETING_NEWS = {"convened": "已决定召开", "closed": "已闭会"}


def on_step(sender, *, workflow, obj, transition, from_state, actor, **_):
    from renda.lawbook import services
    from renda.legislation.workflow import BILL_WORKFLOW
    from renda.meetings.models import MeetingKind
    from renda.meetings.workflow import MEETING_WORKFLOW

    if workflow is BILL_WORKFLOW:
        title = getattr(obj, "display_title", None) or str(obj)
        services.notify(congress_id=obj.congress_id, topic=Topic.BILL, bill=obj,
                        subject=f"《{title}》：{transition.label}",
                        body=f"您订阅的法规案《{title}》审议进程有新进展：{transition.label}。",
                        key=f"bill-step:{obj.pk}:{from_state}:{transition.target}:{getattr(obj, 'lock_version', 0)}")
    elif workflow is MEETING_WORKFLOW and obj.kind == MeetingKind.STANDING and transition.target in MEETING_NEWS:
        when = f"{obj.date.year}年{obj.date.month}月{obj.date.day}日"
        services.notify(congress_id=obj.congress_id, topic=Topic.MEETINGS,
                        subject=f"{obj.title}{MEETING_NEWS[transition.target]}",
                        body=f"{obj.title}（{when}）{MEETING_NEWS[transition.target]}。",
                        key=f"meeting-step:{obj.pk}:{transition.target}")


def on_comment_period(sender, *, instance, created, raw=False, **_):
    if not created or raw:
        return
    from renda.lawbook import services

    bill = instance.bill
    title = getattr(bill, "display_title", None) or str(bill)
    closes = instance.closes_on
    services.notify(congress_id=instance.congress_id, topic=Topic.DRAFTS,
                    subject=f"《{title}》公开征求意见",
                    body=f"《{title}》向社会公开征求意见，截止日期为{closes.year}年{closes.month}月{closes.day}日。",
                    key=f"draft-open:{instance.pk}")
