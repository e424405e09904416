"""Due-soon, overdue and progress-report reminders, through the core outbox."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Max

from renda.core import outbox, rules
from renda.core.models import User
from renda.core.workflow import or_today
from renda.proposals.deadlines import (
    PROGRESS_DUE_STATES,
    progress_due,
)
from renda.proposals.models import (
    REPLYING_ROLES,
    Assignment,
    AssignmentStatus,
    Proposal,
    Reminder,
    Role,
    Status,
)


# ---- reminders -------------------------------------------------------------------------------------------------
def _send(reminder, emails: list[str], *, subject: str, body: str) -> None:
    """One message per address through the core outbox, keyed by the reminder (a re-run queues nothing twice)."""
    for email in emails:
        outbox.send(to=email, subject=subject, body=body, key=f"proposal-reminder:{reminder.pk}:{email}",
                    congress_id=reminder.congress_id)


def send_reminders(*, today: dt.date | None = None, congress_id: int | None = None) -> int:
    """Due-soon and overdue reminders (in the app and by email). Safe to run twice: one per (assignment,
    kind, deadline), kept by a unique constraint; a second run sends nothing new."""

    today = or_today(today)
    qs = Assignment.objects.filter(status=AssignmentStatus.ACTIVE).select_related("proposal", "unit")
    if congress_id:
        qs = qs.filter(congress_id=congress_id)
    sent = 0
    horizon: dict[int, int] = {}
    for a in qs.iterator():
        due = a.opinion_due if a.role == Role.ASSIST else a.reply_due
        if due is None or a.proposal.status not in (Status.ASSIGNED, Status.REHANDLING):
            continue
        if a.congress_id not in horizon:
            horizon[a.congress_id] = rules.param(a.congress_id, "PR-REMIND", "days_before")
        if due < today:
            kind = Reminder.Kind.OVERDUE
        elif (due - today).days <= horizon[a.congress_id]:
            kind = Reminder.Kind.DUE_SOON
        else:
            continue
        emails = sorted(e for e in User.objects.filter(
            congress_id=a.congress_id, organization_id=a.unit_id, is_active=True).values_list("email", flat=True) if e)
        try:
            with transaction.atomic():
                reminder = Reminder.objects.create(congress_id=a.congress_id, assignment=a, kind=kind, due_date=due,
                                                   sent_on=today, recipients=emails)
        except IntegrityError:
            continue  # already reminded for this deadline
        what = "协办意见" if a.role == Role.ASSIST else "答复"
        state = "已逾期" if kind == Reminder.Kind.OVERDUE else "即将到期"
        _send(reminder, emails, subject=f"【代表建议办理提醒】{a.proposal.number} {what}{state}",
              body=f"{a.unit}：代表建议《{a.proposal.title}》（{a.proposal.number}）的{what}期限为 "
                   f"{due:%Y年%m月%d日}，{state}。请登录履职平台及时办理。")
        sent += 1
    return sent + send_progress_reminders(today=today, congress_id=congress_id)


def send_progress_reminders(*, today: dt.date | None = None, congress_id: int | None = None) -> int:
    """PR-PROGRESS: a 重点督办 item whose next progress report is due (or overdue) reminds its lead unit and the
    committee in charge, once per due date (same unique key as the other reminders: safe to run twice)."""

    today = or_today(today)
    qs = Proposal.objects.filter(key_supervision=True, status__in=PROGRESS_DUE_STATES).annotate(
        last_report=Max("progress_reports__reported_on"))
    if congress_id:
        qs = qs.filter(congress_id=congress_id)
    sent = 0
    intervals: dict[int, int] = {}
    for p in qs.order_by("pk"):
        if p.congress_id not in intervals:
            intervals[p.congress_id] = rules.param(p.congress_id, "PR-PROGRESS", "interval_days")
        due = progress_due(p, p.last_report, intervals[p.congress_id])
        if due is None or due > today:
            continue
        lead = p.assignments.filter(role__in=REPLYING_ROLES).exclude(
            status=AssignmentStatus.RETURNED).select_related("unit").order_by("id").first()
        if lead is None:
            continue
        orgs = [lead.unit_id] + ([p.supervising_body_id] if p.supervising_body_id else [])
        emails = sorted(e for e in User.objects.filter(
            congress_id=p.congress_id, organization_id__in=orgs, is_active=True).values_list("email", flat=True) if e)
        try:
            with transaction.atomic():
                reminder = Reminder.objects.create(congress_id=p.congress_id, assignment=lead,
                                                   kind=Reminder.Kind.PROGRESS, due_date=due, sent_on=today,
                                                   recipients=emails)
        except IntegrityError:
            continue  # already reminded for this due date
        _send(reminder, emails, subject=f"【重点督办件进展报告提醒】{p.number} {p.title}",
              body=f"重点督办件《{p.title}》（{p.number}）的办理进展报告应于 {due:%Y年%m月%d日} 前报送"
                   f"（主办单位：{lead.unit}）。请登录履职平台报送办理进展。")
        sent += 1
    return sent
