"""Who may see, chair and vote in a live vote. Inside the user's own congress only.

- the chair's side (open, close, void, fallback): whoever may manage the meeting's votes in meetings
  (`meetings.permissions.can_manage_votes`: the office, standing-committee meetings);
- the live screen and the published ballots: office, leadership, admin and the members, for the meetings they may see;
- voting: only a member of the standing committee signed in as present at the meeting (checked in services with
  meetings' own eligibility, rule MTG-VOTE-MEMBER).
"""

from __future__ import annotations

from django.db.models import Q

from renda.core.access import in_congress, signed_in
from renda.core.roles import Role
from renda.meetings import permissions as mperms
from renda.meetings.models import Meeting

VIEW_ROLES = frozenset({Role.OFFICE, Role.LEADER, Role.ADMIN, Role.MEMBER})


def live_vote_filter(user) -> Q | None:
    """Q over LiveVote for the votes `user` may see; None means nothing."""
    if not signed_in(user) or user.role not in VIEW_ROLES:
        return None
    mq = mperms.meeting_filter(user)
    if mq is None:
        return None
    return Q(congress_id=user.congress_id) & Q(meeting__in=Meeting.objects.filter(mq))


def can_chair(user, meeting: Meeting) -> bool:
    return mperms.can_manage_votes(user, meeting)


def chairs(user, live) -> bool:
    """The `allowed` of the live vote's steps."""
    return in_congress(user, live) and can_chair(user, live.meeting)


def may_vote_as(user) -> bool:
    return signed_in(user) and bool(user.person_id)
