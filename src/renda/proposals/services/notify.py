"""Email to deputies, through the core outbox (stored with the change, sent after commit, retried)."""

from __future__ import annotations

from django.db.models import Q

from renda.core import outbox
from renda.core.models import User
from renda.proposals.models import (
    Proposal,
    Status,
)


# ---- deputies' email (on commit) --------------------------------------------------------------------------------
def _mail_deputies(main: Proposal, subject: str, body, *, key: str) -> int:
    """Email the lead deputy of `main` and of each suggestion merged into it (并案) who has an email on their
    User, through the core outbox (written in the service's transaction, sent after it commits, retried).
    `body(item, note)` gives the text for the deputy's own item (`note` says it is handled with the main item);
    `key` names the occasion (one message per occasion, item and address). Returns how many emails are queued."""
    items = sorted(
        Proposal.objects.filter(Q(pk=main.pk) | Q(merged_into_id=main.pk, status=Status.MERGED))
        .select_related("lead_deputy__person"),
        key=lambda p: (p.pk != main.pk, p.number))
    leads = {p.pk: p.lead_deputy for p in items}
    persons = {d.person_id for d in leads.values() if d is not None}
    if not persons:
        return 0
    emails: dict[int, list[str]] = {}
    for person_id, email in User.objects.filter(
        congress_id=main.congress_id, role="deputy", is_active=True, person_id__in=persons,
    ).exclude(email="").order_by("id").values_list("person_id", "email"):
        emails.setdefault(person_id, []).append(email.strip())
    queued, seen = 0, set()
    for item in items:
        deputy = leads.get(item.pk)
        if deputy is None:
            continue
        note = "" if item.pk == main.pk else f"（已并入{main.number}《{main.title}》办理）"
        for email in emails.get(deputy.person_id, []):
            if not email or email in seen:
                continue
            seen.add(email)
            outbox.send(to=email, subject=f"{subject}{item.number} {item.title}",
                        body=f"{deputy.person.name}代表：\n\n{body(item, note)}\n\n（本邮件由履职平台自动发送）",
                        key=f"{key}:{item.pk}:{email}", congress_id=main.congress_id)
            queued += 1
    return queued
