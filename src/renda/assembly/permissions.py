"""Who sees and does what of the congress session. Inside the user's own congress only.

- the session, its sittings, elections and the 票决: staff (office, leadership, committees, admin), members of the
  standing committee and deputies (they attend it); handling units see only the livelihood projects they lead;
- preparing and running the session (dates, agenda, sittings, elections, counting, the 票决): the office (办公厅,
  the standing committee's working body that serves the session) and the admin;
- government's 初定 of candidate projects and their progress reports: the office, or the project's lead unit for
  its own progress;
- voting (elections, 票决, 测评): a serving deputy of the session's term, signed in as themself (services check).
"""

from __future__ import annotations

from django.db.models import Q

from renda.core.access import congress_filter, has_role, in_congress, signed_in
from renda.core.roles import Role

VIEW_ROLES = frozenset({Role.OFFICE, Role.LEADER, Role.COMMITTEE, Role.ADMIN, Role.MEMBER, Role.DEPUTY})
MANAGE_ROLES = (Role.OFFICE, Role.ADMIN)


def session_filter(user) -> Q | None:
    """Q over AssemblySession (and through it sittings and elections) for what `user` may see; None: nothing."""
    return congress_filter(user, VIEW_ROLES)


def election_filter(user) -> Q | None:
    return session_filter(user)


def project_filter(user) -> Q | None:
    """Q over LivelihoodProject: everything of the congress for the viewing roles; a unit its own projects."""
    if has_role(user, Role.UNIT) and user.organization_id:
        return Q(congress_id=user.congress_id, lead_unit_id=user.organization_id)
    return session_filter(user)


def can_manage(user, obj=None) -> bool:
    return has_role(user, *MANAGE_ROLES, obj=obj)


def manages(user, obj) -> bool:
    """The `allowed` of the session's, elections' and projects' steps."""
    return in_congress(user, obj) and can_manage(user)


def can_report_progress(user, project) -> bool:
    if manages(user, project):
        return True
    return (in_congress(user, project) and user.role == Role.UNIT and bool(user.organization_id)
            and project.lead_unit_id == user.organization_id)


def is_deputy_user(user) -> bool:
    return signed_in(user) and user.role in (Role.DEPUTY, Role.MEMBER, Role.LEADER) and bool(user.person_id)
