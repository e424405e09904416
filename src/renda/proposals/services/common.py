"""What every proposals service shares."""

from __future__ import annotations

import logging

PROPOSAL_FIELDS = ["kind", "number", "title", "category", "status", "reply_due", "assign_due", "key_supervision"]
log = logging.getLogger(__name__)
