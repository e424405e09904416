"""What every proposals service shares."""

from __future__ import annotations

import datetime as dt
import logging

from django.utils import timezone

PROPOSAL_FIELDS = ["kind", "number", "title", "category", "status", "reply_due", "assign_due", "key_supervision"]
log = logging.getLogger(__name__)


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()
