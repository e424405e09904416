"""Who sees and does what in the law book.

The law book's regulations, their history and texts are published law: the staff pages show them to the signed-in
staff and members of the congress (own congress only); the public portal shows them to anyone. Package amendments,
clean-up campaigns and review findings are internal work of the staff (INTERNAL_ROLES). Subscriptions are seen by
no one (only counted).
"""

from __future__ import annotations

from django.db.models import Q

from renda.core.access import INTERNAL_ROLES, congress_filter, has_role, in_congress, is_office, signed_in
from renda.core.roles import Role

READER_ROLES = (*INTERNAL_ROLES, Role.MEMBER)


def can_read_lawbook(user) -> bool:
    return signed_in(user) and user.role in READER_ROLES


def regulation_filter(user) -> Q | None:
    """The staff pages' view of the law book (the public pages read it without a user)."""
    return congress_filter(user, READER_ROLES)


def internal_filter(user) -> Q | None:
    """Package amendments, clean-up campaigns and review findings: the congress's staff."""
    return congress_filter(user, INTERNAL_ROLES)


def item_filter(user) -> Q | None:
    q = internal_filter(user)
    return None if q is None else Q(campaign__congress_id=user.congress_id)


def subscription_filter(user) -> Q | None:
    return None


def can_edit_lawbook(user, obj=None) -> bool:
    """Import texts, record events, apply package amendments: the office (and the committees' legal staff)."""
    return has_role(user, Role.OFFICE, Role.COMMITTEE, Role.ADMIN, obj=obj)


def can_manage_campaign(user, campaign) -> bool:
    return is_office(user, campaign) or has_role(user, Role.ADMIN, obj=campaign)


def can_decide_item(user, item) -> bool:
    """The committee the regulation was assigned to, or the office."""
    if not in_congress(user, item):
        return False
    if user.role in (Role.OFFICE, Role.ADMIN):
        return True
    return user.role == Role.COMMITTEE and item.committee_id is not None and item.committee_id == user.organization_id


def can_review(user, obj=None) -> bool:
    """Run the review assistant and decide its findings: the office and committee staff."""
    return has_role(user, Role.OFFICE, Role.COMMITTEE, Role.ADMIN, obj=obj)
