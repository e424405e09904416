"""The deputy's performance record (履职档案): motions and suggestions the deputy led, for the deputies module."""

from __future__ import annotations

from django.urls import reverse

from renda.deputies.records import RecordEntry
from renda.proposals.models import Kind, Proposal


def deputy_entries(deputy, year: int) -> list:
    qs = Proposal.objects.filter(congress_id=deputy.congress_id, lead_deputy=deputy, year=year).order_by("received_on")
    return [
        RecordEntry(
            kind="motion" if p.kind == Kind.MOTION else "suggestion",
            title=p.title,
            date=p.received_on,
            status=p.get_status_display(),
            url=reverse("proposals:detail", args=[p.pk]),
            source="议案建议",
        )
        for p in qs
    ]
