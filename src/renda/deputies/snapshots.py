"""What the audit trail records of a deputy: the registry fields, personal data only as "recorded" or "changed".

Both the registry's services and the effects of a confirmed change (renda.deputies.workflow) write these.
"""

from __future__ import annotations

from typing import Any

from renda.core import audit
from renda.deputies.models import Deputy

DEPUTY_FIELDS = ["delegation", "sector", "occupation", "constituency", "education", "reelected", "elected_on"]
PERSON_FIELDS = ["gender", "ethnicity", "party", "birth_year"]
PRIVATE_FIELDS = ["id_number", "phone"]
CHANGED = "已修改"  # what the audit trail records for a private field


def safe_snapshot(deputy: Deputy) -> dict[str, Any]:
    """The deputy's fields for the audit trail, personal data replaced by whether it is recorded."""
    snap = audit.snapshot(deputy, [*DEPUTY_FIELDS, "status", "ended_on", "person", "term"])
    for name in PRIVATE_FIELDS:
        snap[name] = "已登记" if getattr(deputy, name) else ""
    return snap
