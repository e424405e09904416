"""Who may do what with the portal.

The public pages need no sign-in and show only what is published (see selectors.py for the public filters).
The news desk (staff pages): the office (办公厅) writes, edits, publishes and withdraws articles of its own
congress; leadership and the administrator read the desk (drafts included). Everybody else: 404.
"""

from __future__ import annotations

from django.db.models import Q

from renda.core.access import congress_filter, in_congress, signed_in
from renda.core.roles import Role

DESK_READERS = frozenset({Role.OFFICE, Role.LEADER, Role.ADMIN})


def news_filter(user) -> Q | None:
    """Q over NewsArticle for the staff desk; None means nothing."""
    return congress_filter(user, DESK_READERS)


def can_view_desk(user) -> bool:
    return news_filter(user) is not None


def can_create_news(user) -> bool:
    return signed_in(user) and user.role == Role.OFFICE


def can_edit_news(user, article) -> bool:
    return in_congress(user, article) and user.role == Role.OFFICE


def can_publish_news(user, article) -> bool:
    return can_edit_news(user, article)


# The public filters: what an anonymous reader may see (always inside one congress).
def public_news_q(congress_id: int) -> Q:
    return Q(congress_id=congress_id, status="published", published_at__isnull=False)
