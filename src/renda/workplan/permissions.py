"""Who may see and do what in the work plan. Every view and API handler asks here.

Visibility (what the selectors return):
- 办公厅, leadership, admin: every plan and item of their congress;
- committee staff: every plan and item of their congress (they write their committee's items);
- members and deputies: plans once issued, and their items;
- handling units: issued plans, and only the items whose counterpart is their unit;
- the public: nothing here (the portal shows what is published).
"""

from __future__ import annotations

from django.db.models import Q

from renda.core.access import INTERNAL_ROLES, in_congress, rows_by_role, staged_filter, unit
from renda.core.access import is_leader as is_leader
from renda.core.access import is_office as is_office
from renda.core.access import is_office_or_leader as is_office_or_leader
from renda.core.roles import Role
from renda.workplan.models import WorkPlan, WorkPlanItem

ISSUED_READERS = frozenset({Role.MEMBER, Role.DEPUTY, Role.UNIT})


def plan_filter(user) -> Q | None:
    """Q over WorkPlan for the plans `user` may see; None means nothing."""
    return staged_filter(user, Q(current_version__gt=0), readers=ISSUED_READERS)


def item_filter(user) -> Q | None:
    """Q over WorkPlanItem for the items `user` may see; None means nothing: staff all; members and deputies the items
    of an adopted plan; a handling unit the adopted items it is the counterpart of."""
    adopted = Q(plan__current_version__gt=0)
    return rows_by_role(user, scopes={Role.MEMBER: adopted, Role.DEPUTY: adopted,
                                       Role.UNIT: unit("counterpart_id", where=adopted)})


def can_view_plan(user, plan: WorkPlan) -> bool:
    if not in_congress(user, plan):
        return False
    return user.role in INTERNAL_ROLES or (user.role in ISSUED_READERS and plan.current_version > 0)


def can_view_item(user, item: WorkPlanItem) -> bool:
    if not in_congress(user, item):
        return False
    if user.role in INTERNAL_ROLES:
        return True
    if user.role in (Role.MEMBER, Role.DEPUTY):
        return item.plan.current_version > 0
    if user.role == Role.UNIT:
        return item.plan.current_version > 0 and item.counterpart_id == user.organization_id
    return False


def can_create_plan(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.role == Role.OFFICE and bool(user.congress_id)


def can_edit_plan(user, plan: WorkPlan) -> bool:
    """Add items, edit the plan's fields: the office, while the plan is open."""
    return in_congress(user, plan) and user.role == Role.OFFICE and plan.is_open_for_editing


def can_edit_item(user, item: WorkPlanItem) -> bool:
    """Change an item's content: the office, or the lead committee's staff, while the plan is open."""
    if not in_congress(user, item) or not item.plan.is_open_for_editing:
        return False
    if user.role == Role.OFFICE:
        return True
    return user.role == Role.COMMITTEE and item.lead_body_id == user.organization_id


def can_carry_out_item(user, item: WorkPlanItem) -> bool:
    """Start, report on and complete an item: the office or the lead committee."""
    if not in_congress(user, item):
        return False
    if user.role == Role.OFFICE:
        return True
    return user.role == Role.COMMITTEE and item.lead_body_id == user.organization_id


def can_report_progress(user, item: WorkPlanItem) -> bool:
    """Progress notes: those who carry the item out, and the counterpart unit on its own items."""
    if can_carry_out_item(user, item):
        return True
    return (
        in_congress(user, item)
        and user.role == Role.UNIT
        and item.counterpart_id == user.organization_id
        and item.plan.current_version > 0
    )


def can_view_dashboard(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.congress_id and user.role in INTERNAL_ROLES
