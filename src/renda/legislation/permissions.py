"""Who may see and do what in legislation. Every view and API handler asks here.

Visibility (what the selectors return):
- 办公厅, leadership, admin, committee staff and members of the standing committee: every bill of their
  congress with all its versions (drafts are the members' working papers);
- deputies: bills with a published text (published for comment, or promulgated), and only those texts;
- handling units: only the bills their organization proposed or is named as concerned in (起草部门, 有关单位);
- another congress: nothing.

Writing:
- 办公厅 and the staff of the legal committee and its working body (法制委员会、法制工作委员会; the names
  are rule LEG-UNIFIED-REVIEW's parameter) register bills, versions, readings, comment periods, votes,
  approval, promulgation and filing;
- the lead special committee's staff also organise 论证会/听证会 and enter comments on its bills;
- leadership takes the decisions of the 主任会议 (agenda, fewer readings, putting to the vote, shelving,
  termination) and adopts the legislative plan.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from renda.core import rules
from renda.core.access import INTERNAL_ROLES, in_congress, rows_by_role, signed_in, staged_filter
from renda.core.roles import Role
from renda.legislation.models import Bill, BillVersion, LegislativePlan

# The staff of the congress (office, leadership, committees, admin): comments, histories, parse warnings.
STAFF_ROLES = INTERNAL_ROLES
# Members of the standing committee are not staff, but they deliberate and vote on every bill: they read every bill
# with all its texts (drafts are their working papers) and its consultations — never the comments or histories.
BILL_READERS = INTERNAL_ROLES | {Role.MEMBER}


def is_legal_staff(user) -> bool:
    """Staff of the body that does the unified review (法制委员会) or of its working body (法制工作委员会)."""
    if not signed_in(user) or user.role != Role.COMMITTEE or not user.organization_id:
        return False
    cached = getattr(user, "_leg_legal_staff", None)
    if cached is None:
        names = rules.param(user.congress_id, "LEG-UNIFIED-REVIEW", "legal_bodies")
        org = user.organization
        cached = org is not None and org.congress_id == user.congress_id and org.name in names
        user._leg_legal_staff = cached
    return cached


def is_writer(user) -> bool:
    """办公厅 or legal-committee staff: who registers the steps of the process."""
    return signed_in(user) and (user.role == Role.OFFICE or is_legal_staff(user))


def is_staff(user) -> bool:
    return signed_in(user) and user.role in STAFF_ROLES


# ---- visibility -------------------------------------------------------------------------------------------
def published_version_exists():
    return Exists(BillVersion.objects.filter(bill_id=OuterRef("pk"), published=True))


def bill_filter(user) -> Q | None:
    """Q over Bill for the bills `user` may see; None means nothing: staff and members all; a deputy those with a
    published draft; a handling unit those it proposed or is concerned by."""
    return rows_by_role(user, full=BILL_READERS, scopes={
        Role.DEPUTY: Q(published_version_exists()),
        Role.UNIT: _proposed_or_concerning,
    })


def _proposed_or_concerning(user) -> Q | None:
    if not user.organization_id:
        return None
    concerned = Bill.concerned_units.through.objects.filter(bill_id=OuterRef("pk"),
                                                            organization_id=user.organization_id)
    return Q(proposer_org_id=user.organization_id) | Q(Exists(concerned))


def version_filter(user) -> Q | None:
    """Q over BillVersion: deputies see only published texts; others every text of the bills they see."""
    if not signed_in(user):
        return None
    if user.role == Role.DEPUTY:
        return Q(congress_id=user.congress_id, published=True)
    return Q(congress_id=user.congress_id)


def can_view_version(user, version: BillVersion) -> bool:
    if not in_congress(user, version):
        return False
    return user.role != Role.DEPUTY or version.published


def plan_filter(user) -> Q | None:
    return staged_filter(user, Q(published_on__isnull=False), full=STAFF_ROLES)


def can_view_plans(user) -> bool:
    return plan_filter(user) is not None


# ---- what a user sees on a bill ------------------------------------------------------------------------------
def can_see_comments(user, bill: Bill) -> bool:
    """The comments (with names and contacts) are for staff only."""
    return in_congress(user, bill) and user.role in STAFF_ROLES


def can_see_consultations(user, bill: Bill) -> bool:
    return in_congress(user, bill) and user.role in (BILL_READERS | {Role.UNIT})


def can_see_parse_warnings(user) -> bool:
    return signed_in(user) and user.role in STAFF_ROLES


# ---- writes ----------------------------------------------------------------------------------------------
def can_create_bill(user) -> bool:
    return is_writer(user)


def can_edit_bill(user, bill: Bill) -> bool:
    return in_congress(user, bill) and is_writer(user)


def can_add_version(user, bill: Bill) -> bool:
    return in_congress(user, bill) and is_writer(user)


def can_manage_consultations(user, bill: Bill) -> bool:
    if not in_congress(user, bill):
        return False
    if is_writer(user):
        return True
    return user.role == Role.COMMITTEE and bill.lead_committee_id is not None and \
        user.organization_id == bill.lead_committee_id


def can_enter_comments(user, bill: Bill) -> bool:
    return can_manage_consultations(user, bill)


def can_decide(user, obj) -> bool:
    """The 主任会议's decisions, taken in the platform by leadership."""
    return in_congress(user, obj) and user.role == Role.LEADER


def can_register(user, obj) -> bool:
    """Registering a step (a reading, a vote, the approval …): 办公厅 or legal-committee staff."""
    return in_congress(user, obj) and is_writer(user)


def can_withdraw_before_listing(user, obj) -> bool:
    return can_register(user, obj)


def can_manage_period(user, obj) -> bool:
    return can_register(user, obj)


def can_manage_consultation(user, consultation) -> bool:
    return can_manage_consultations(user, consultation.bill)


# ---- the legislative plan ------------------------------------------------------------------------------------
def can_create_plan(user) -> bool:
    return is_writer(user)


def can_edit_plan(user, plan: LegislativePlan) -> bool:
    return in_congress(user, plan) and is_writer(user) and plan.is_open_for_editing


def can_draft_plan(user, plan: LegislativePlan) -> bool:
    return in_congress(user, plan) and is_writer(user)


def can_adopt_plan(user, plan: LegislativePlan) -> bool:
    return can_decide(user, plan)


# ---- comment analysis, adoption decisions, the feedback notice ---------------------------------------------------
def can_analyze_comments(user, bill: Bill) -> bool:
    """Starting an analysis changes nothing in the comments: every staff member who sees them may."""
    return can_see_comments(user, bill)


def can_decide_comments(user, bill: Bill) -> bool:
    """Whether opinions were adopted: the legal working body, 办公厅, and the lead committee's staff."""
    return can_enter_comments(user, bill)


def can_manage_notices(user, bill: Bill) -> bool:
    return can_enter_comments(user, bill)


def can_manage_notice(user, notice) -> bool:
    return can_manage_notices(user, notice.bill)


def can_publish_notice(user, notice) -> bool:
    """Publishing the notice to the public: 办公厅 or the legal working body."""
    return can_register(user, notice)
