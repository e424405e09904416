"""Who may see and do what with motions and suggestions.

Visibility:
- office (代表工作机构/办公厅), leadership, admin, committee staff, members: every item of their congress;
- deputies: the items they lead or co-sign;
- handling units: only the items with an assignment to their unit, and the suggestions merged into those
  (并案: the unit answers their deputies too) (404 for any other);
- the public: nothing here.
"""

from __future__ import annotations

from django.db.models import Q

from renda.core.access import INTERNAL_ROLES as STAFF
from renda.core.access import in_congress, is_office, person, rows_by_role, signed_in, unit
from renda.core.access import is_office_or_leader as is_office_or_leader
from renda.core.roles import Role
from renda.proposals.models import Assignment
from renda.proposals.models import Role as HandlingRole

# Who reads every motion and suggestion of the congress: the staff and, by this module's rule, the members of the
# standing committee (they deliberate the handling report).
READ_ALL = STAFF | {Role.MEMBER}


def proposal_filter(user) -> Q | None:
    """Q over Proposal for the items `user` may see; None means nothing: staff and members all; a deputy the items
    they lead or co-sign; a handling unit the items assigned to it, and those merged into one assigned to it."""
    return rows_by_role(user, full=READ_ALL, scopes={
        Role.DEPUTY: person("lead_deputy__person_id", "cosigners__deputy__person_id"),
        Role.UNIT: _assigned_to_unit,
    })


def _assigned_to_unit(user) -> Q | None:
    if not user.organization_id:
        return None
    return (Q(assignments__unit_id=user.organization_id)
            | Q(status="merged", merged_into__assignments__unit_id=user.organization_id))


def assignment_filter(user) -> Q | None:
    """Q over Assignment: staff and members all, a unit only its own, a deputy those of the items they lead."""
    return rows_by_role(user, full=READ_ALL, scopes={
        Role.UNIT: unit("unit_id"),
        Role.DEPUTY: person("proposal__lead_deputy__person_id"),
    })


def assignment_read_filter(user) -> Q | None:
    """Q over the Assignments a user may read on a suggestion's page: `assignment_filter`'s, and for the lead (主办)
    unit of a suggestion the other units' assignments of it (it reads the 协办 opinions it takes into its reply).
    Worklists and the commitments ledger keep `assignment_filter` (a unit's own)."""
    q = assignment_filter(user)
    if q is None or user.role != Role.UNIT:
        return q
    led = Assignment.objects.filter(unit_id=user.organization_id, role=HandlingRole.LEAD).values("proposal_id")
    return q | (Q(congress_id=user.congress_id) & Q(proposal_id__in=led))


def is_lead_deputy(user, proposal) -> bool:
    return (
        in_congress(user, proposal)
        and user.role == Role.DEPUTY
        and proposal.lead_deputy_id is not None
        and proposal.lead_deputy.person_id == user.person_id
    )


def can_submit(user) -> bool:
    return signed_in(user) and user.role in (Role.OFFICE, Role.DEPUTY)


def can_withdraw(user, proposal) -> bool:
    return is_lead_deputy(user, proposal) or is_office(user, proposal)


def can_rate(user, proposal) -> bool:
    """The lead deputy rates; the office records a rating handed in on paper. On a main item (并案) the lead
    deputy of each merged suggestion rates too (each on their own suggestion, rule PR-MERGE)."""
    if is_lead_deputy(user, proposal) or is_office(user, proposal):
        return True
    return (
        in_congress(user, proposal) and user.role == Role.DEPUTY and bool(user.person_id)
        and proposal.merged.filter(status="merged", lead_deputy__person_id=user.person_id).exists()
    )


def can_merge(user, proposal) -> bool:
    return is_office(user, proposal)


def can_file_progress(user, proposal) -> bool:
    """A 重点督办 item's progress is reported by its lead (or 分办) unit and by the committee in charge."""
    if not in_congress(user, proposal):
        return False
    if user.role == Role.COMMITTEE:
        return bool(user.organization_id) and user.organization_id == proposal.supervising_body_id
    if user.role == Role.UNIT and user.organization_id:
        return proposal.assignments.filter(unit_id=user.organization_id, role__in=("lead", "separate")).exclude(
            status="returned").exists()
    return False


def progress_filter(user) -> Q | None:
    """Q over ProgressReport, on top of the item's own visibility: a unit sees only its own unit's reports."""
    return rows_by_role(user, full=set(Role.values) - {Role.UNIT}, scopes={Role.UNIT: unit("reporter_id")})


def can_update_commitment(user, commitment) -> bool:
    """Only the unit that made the commitment marks it done or carries it to the next year (PR-COMMIT)."""
    return is_own_unit(user, commitment.reply.assignment)


def can_view_commitment(user, commitment) -> bool:
    """Whether `user` may open a commitment (its page `commitments/<id>/`): the same people as the ledger
    (`assignment_filter`): internal roles, the unit that made it, the lead deputy of the item it answers.
    An assisting unit, a co-signer or the lead deputy of a merged suggestion sees the commitment on the
    item's page but cannot open it, so the page shows it without a link."""
    if not in_congress(user, commitment):
        return False
    if user.role in READ_ALL:
        return True
    reply = commitment.reply
    if user.role == Role.UNIT:
        return bool(user.organization_id) and reply.assignment.unit_id == user.organization_id
    if user.role == Role.DEPUTY and user.person_id:
        proposal = reply.proposal
        return proposal.lead_deputy_id is not None and proposal.lead_deputy.person_id == user.person_id
    return False


def is_own_unit(user, assignment) -> bool:
    return in_congress(user, assignment) and user.role == Role.UNIT and user.organization_id == assignment.unit_id


def can_request_return(user, assignment) -> bool:
    return is_own_unit(user, assignment)


def can_send_opinion(user, assignment) -> bool:
    return is_own_unit(user, assignment) and assignment.role == "assist"


def can_reply(user, assignment) -> bool:
    return is_own_unit(user, assignment) and assignment.role in ("lead", "separate")


def can_import(user) -> bool:
    return is_office(user)


def can_view_dashboard(user) -> bool:
    return signed_in(user) and user.role in READ_ALL
