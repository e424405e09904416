"""Who may see, chair and vote in a live vote. Inside the user's own congress only.

- the chair's side (open, close, void, fallback): whoever may manage the meeting's votes in meetings
  (`meetings.permissions.can_manage_votes`: the office, standing-committee meetings);
- the live screen and the published ballots: office, leadership, admin and the members, for the meetings they may see;
- voting: only a member of the standing committee signed in as present at the meeting (checked in services with
  meetings' own eligibility, rule MTG-VOTE-MEMBER).
- meeting materials (我的会议材料, the attachments of a meeting's agenda items): the office and the leadership; the
  members of the standing committee for the standing-committee meetings they may see; anyone else only for a
  meeting they attend (an attendance row: 列席 deputies, committee staff, a unit's official); never a cancelled
  meeting, never an item proposed but not listed, or withdrawn.
- private annotations on a material (`MaterialNote`): their author only — not the office, not an administrator.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from renda.core.access import in_congress, rows_by_role, signed_in
from renda.core.roles import Role
from renda.meetings import permissions as mperms
from renda.meetings.models import AgendaStatus, Attendance, Meeting, MeetingStatus

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


MATERIAL_STAFF = frozenset({Role.OFFICE, Role.LEADER})
HIDDEN_MATERIAL_ITEMS = (AgendaStatus.PROPOSED, AgendaStatus.WITHDRAWN)


def material_meeting_filter(user) -> Q | None:
    """Q over Meeting for the meetings whose materials `user` may read; None means none: of the meetings the user may
    see and that are not cancelled, the office, leadership and members read all, anyone else those they attend."""
    rows = rows_by_role(user, full=MATERIAL_STAFF | {Role.MEMBER}, others=_attends)
    seen = mperms.meeting_filter(user)
    if rows is None or seen is None:
        return None
    return rows & seen & ~Q(status=MeetingStatus.CANCELLED)


def _attends(user) -> Q | None:
    if not user.person_id:
        return None
    return Q(Exists(Attendance.objects.filter(meeting_id=OuterRef("pk"), person_id=user.person_id)))


def note_filter(user) -> Q | None:
    """Q over MaterialNote: the author's own notes, nobody else's (whatever the role)."""
    if not signed_in(user):
        return None
    return Q(congress_id=user.congress_id, author_id=user.pk)
