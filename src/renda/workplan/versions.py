"""Versions of a work plan: the frozen list of its items each time it is issued (监督法 第六十三条).

Used by the workflow's 印发 step and read by the version comparison; imported by both, so neither imports the other.
"""

from __future__ import annotations

from renda.core import audit
from renda.workplan.models import WorkPlan, WorkPlanVersion


def snapshot_version(*, plan: WorkPlan, actor, label: str) -> WorkPlanVersion:
    """Freeze the plan's items as a new version (called when the plan is issued)."""
    items = (
        plan.items.select_related("vice_chair", "lead_body", "counterpart")
        .prefetch_related("priorities")
        .order_by("number")
    )
    snapshot = [
        {
            "id": i.pk,
            "number": i.number,
            "category": i.get_category_display(),
            "title": i.title,
            "description": i.description,
            "vice_chair": i.vice_chair.name if i.vice_chair else "",
            "lead_body": str(i.lead_body) if i.lead_body else "",
            "counterpart": str(i.counterpart) if i.counterpart else "",
            "planned_month": i.planned_month,
            "planned_meeting": i.planned_meeting,
            "due_date": i.due_date.isoformat() if i.due_date else None,
            "priorities": sorted(t.name for t in i.priorities.all()),
            "status": i.get_status_display(),
        }
        for i in items
    ]
    version = WorkPlanVersion.objects.create(
        congress_id=plan.congress_id,
        plan=plan,
        number=plan.current_version,
        label=label[:120],
        snapshot=snapshot,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    audit.record(actor=actor, action="version", obj=plan, after={"version": version.number, "items": len(snapshot)},
                 note=f"第{version.number}版，共{len(snapshot)}项事项")
    return version
