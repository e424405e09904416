"""Notifications of the 函询 (query letters): imported by the workflow's effects and by the services alike."""

from __future__ import annotations

from renda.budget.models import BudgetQuery
from renda.core import outbox
from renda.core.models import User


def notify_addressee(q: BudgetQuery, template: str) -> None:
    """Queue an email to every active user of the addressed organisation (idempotent per query, step, due)."""
    body = template.format(due=f"{q.reply_due:%Y-%m-%d}", title=q.title)
    for user_id, email in User.objects.filter(congress_id=q.congress_id, organization_id=q.addressee_id,
                                              is_active=True).exclude(email="").values_list("pk", "email"):
        outbox.send(to=email, subject=f"预算函询：{q.title}"[:200], body=body, congress_id=q.congress_id,
                    key=f"budget.query:{q.pk}:{q.status}:{q.reply_due}:{user_id}")


def notify_deputy(question, subject: str, body: str) -> None:
    """Queue an email to the deputy who raised the question (idempotent per question and state)."""
    email = User.objects.filter(pk=question.deputy_id, is_active=True).values_list("email", flat=True).first()
    if email:
        outbox.send(to=email, subject=subject[:200], body=body, congress_id=question.congress_id,
                    key=f"budget.question:{question.pk}:{question.status}")
