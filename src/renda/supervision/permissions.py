"""Who may see and do what in supervision. Every view, API handler and service asks here.

Visibility (what the selectors return), always within the user's own congress:
- 办公厅, leadership, admin and committee staff: everything (review requests included);
- members (常委会组成人员): reports once sent to them (第十五条第二款), inspections once reported,
  rectification lists, inquiries, interpellations, investigations and filings;
- deputies: what is published to them (第十七条第三款、第三十七条第三款), and the inspections whose team
  they were invited to (第三十三条第二款);
- handling units: only their own — the reports their organ (or they, as the department entrusted) make,
  the rectification items assigned to them, the inquiries their organ answers, the interpellations
  addressed to them, the inspections of their organ and the documents they filed;
- the public: nothing here; the portal pages (public_views.py) show what is published.

Who is signed in, to which congress and in which role is decided by renda.core.access (`is_office` included);
histories by renda.core.history (staff of the congress only).
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from functools import reduce

from django.db.models import Q

from renda.core.access import (  # noqa: F401 - INTERNAL_ROLES, LEADERSHIP_ROLES, is_office(_or_leader): used as perms.<name>
    INTERNAL_ROLES,
    LEADERSHIP_ROLES,
    has_role,
    in_congress,
    is_office,
    is_office_or_leader,
    signed_in,
)
from renda.core.roles import Role
from renda.supervision.models import (
    HEARD_REPORT_STATES,
    InquiryStatus,
    Inspection,
    InspectionStatus,
    InspectionTeamMember,
    InterpellationSigner,
    ReportStatus,
)

MEMBER_REPORT_STATES = (ReportStatus.DISTRIBUTED, *HEARD_REPORT_STATES)
MEMBER_INSPECTION_STATES = (
    InspectionStatus.REPORTED, InspectionStatus.DELIBERATED, InspectionStatus.HANDED, InspectionStatus.HANDLED,
    InspectionStatus.PUBLISHED,
)
DEPUTY_INQUIRY_STATES = (InquiryStatus.OPINIONS_SENT, InquiryStatus.HANDLED, InquiryStatus.CLOSED)


# ---- the two tables every rule below is made of ---------------------------------------------------------
CONGRESS = Q()  # in a visibility table: all of the congress's records


def visibility(*, member=None, deputy=None, unit=None, staff=CONGRESS) -> Callable[[object], Q | None]:
    """A visibility filter (`<entity>_filter(user)`: a Q, or None for nothing) from its table: what each role sees of
    its congress's records — `CONGRESS` (all), a Q, a function of the user giving a Q, or None (nothing). `staff`
    is the congress's internal roles; a handling unit sees nothing without its organization."""

    def visible_to(user) -> Q | None:
        if not signed_in(user):
            return None
        if user.role in INTERNAL_ROLES:
            rule = staff
        elif user.role in (Role.MEMBER, Role.DEPUTY):
            rule = member if user.role == Role.MEMBER else deputy
        elif user.role == Role.UNIT and user.organization_id:
            rule = unit
        else:
            return None
        if rule is None:
            return None
        return Q(congress_id=user.congress_id) & (rule(user) if callable(rule) else rule)

    return visible_to


def of_org(*fields: str) -> Callable[[object], Q]:
    """In a visibility table, for a unit: the records whose `fields` (any of them) name its organization."""
    return lambda user: reduce(operator.or_, (Q(**{f: user.organization_id}) for f in fields))


def role_in(*roles) -> Callable[[object], bool]:
    """Who may start something (no object yet): a signed-in user in one of `roles`."""
    return lambda user: signed_in(user) and user.role in roles


is_internal = role_in(*INTERNAL_ROLES)


def _own_committee(user, obj, body_id) -> bool:
    return has_role(user, Role.COMMITTEE, obj=obj) and user.organization_id == body_id


def _unit_org(user, obj) -> int | None:
    return user.organization_id if has_role(user, Role.UNIT, obj=obj) else None


def is_unit_of(user, obj, org_id: int | None) -> bool:
    """A handling unit's user acting for `org_id` (the organ or department the object concerns)."""
    return org_id is not None and _unit_org(user, obj) == org_id


def _office_or_lead_committee(user, obj) -> bool:
    """The office, or the committee in charge (the object's `lead_body`)."""
    return is_office(user, obj) or _own_committee(user, obj, obj.lead_body_id)


def _office_or_unit(user, obj, *org_ids) -> bool:
    """The office (recording for the organ), or the unit of one of `org_ids` sending its own text."""
    if is_office(user, obj):
        return True
    org = _unit_org(user, obj)
    return org is not None and org in org_ids


# ---- reports --------------------------------------------------------------------------------------------
report_filter = visibility(member=Q(status__in=MEMBER_REPORT_STATES), deputy=Q(status=ReportStatus.PUBLISHED),
                           unit=of_org("organ_id", "reporting_unit_id"))


def can_view_report(user, report) -> bool:
    if not in_congress(user, report):
        return False
    if user.role in INTERNAL_ROLES:
        return True
    if user.role == Role.MEMBER:
        return report.status in MEMBER_REPORT_STATES
    if user.role == Role.DEPUTY:
        return report.status == ReportStatus.PUBLISHED
    if user.role == Role.UNIT:
        return user.organization_id in (report.organ_id, report.reporting_unit_id)
    return False


can_create_report = role_in(Role.OFFICE, Role.COMMITTEE)
# Edit the report's record, add research, comment, enter figures: the office or the committee in charge.
can_manage_report = _office_or_lead_committee


def is_report_submitter(user, report) -> bool:
    """The organ's office (or the entrusted department) sends its texts; the office may record paper ones."""
    return _office_or_unit(user, report, report.organ_id, report.reporting_unit_id)


# ---- inspections and rectification ----------------------------------------------------------------------
def _on_team(user) -> Q:
    return Q(pk__in=InspectionTeamMember.objects.filter(person_id=user.person_id).values("inspection_id"))


inspection_filter = visibility(member=lambda user: Q(status__in=MEMBER_INSPECTION_STATES) | _on_team(user),
                               deputy=lambda user: Q(status=InspectionStatus.PUBLISHED) | _on_team(user),
                               unit=of_org("organ_id"))


def can_view_inspection(user, inspection) -> bool:
    q = inspection_filter(user)
    return q is not None and Inspection.objects.filter(q, pk=inspection.pk).exists()


can_manage_inspection = _office_or_lead_committee
can_create_inspection = can_create_report
rect_filter = visibility(
    member=CONGRESS, deputy=Q(inspection__status=InspectionStatus.PUBLISHED) | Q(report__status=ReportStatus.PUBLISHED),
    unit=of_org("owner_unit_id"))


def _source_lead_body(item) -> int | None:
    src = item.inspection if item.inspection_id else item.report
    return src.lead_body_id if src is not None else None


def can_work_rect(user, item) -> bool:
    """Start and report on an item: the unit it is assigned to, or the office recording for it."""
    return is_office(user, item) or _unit_org(user, item) == item.owner_unit_id


def can_verify_rect(user, item) -> bool:
    """Verify and close (销号), or send back: the committee that followed the inspection/audit, or the office."""
    return is_office(user, item) or _own_committee(user, item, _source_lead_body(item))


# ---- inquiries, interpellations, investigations ---------------------------------------------------------
inquiry_filter = visibility(member=CONGRESS, deputy=Q(status__in=DEPUTY_INQUIRY_STATES), unit=of_org("organ_id"))
can_manage_inquiry = _office_or_lead_committee


def is_inquiry_answerer(user, inquiry) -> bool:
    return is_office(user, inquiry) or _unit_org(user, inquiry) == inquiry.organ_id


interp_filter = visibility(member=CONGRESS, unit=lambda user: of_org("target_id")(user) & ~Q(status="drafting"))
can_create_interpellation = role_in(Role.OFFICE, Role.MEMBER)


def is_signer(user, interp) -> bool:
    return (
        has_role(user, Role.MEMBER, obj=interp)
        and user.person_id is not None
        and InterpellationSigner.objects.filter(interpellation_id=interp.pk, person_id=user.person_id).exists()
    )


def can_edit_interpellation(user, interp) -> bool:
    return is_office(user, interp) or (has_role(user, Role.MEMBER, obj=interp) and interp.created_by_id == user.pk)


def can_submit_interpellation(user, interp) -> bool:
    return is_office(user, interp) or is_signer(user, interp)


def is_interp_answerer(user, interp) -> bool:
    return is_office(user, interp) or _unit_org(user, interp) == interp.target_id


def can_sign_interpellation(user, interp) -> bool:
    return is_office(user, interp) or (has_role(user, Role.MEMBER, obj=interp) and user.person_id is not None)


investigation_filter = visibility(member=CONGRESS)
can_propose_investigation = role_in(Role.OFFICE, Role.LEADER, Role.MEMBER)


def can_record_investigation(user, inv) -> bool:
    return has_role(user, Role.OFFICE, Role.COMMITTEE, obj=inv)


# ---- filing review --------------------------------------------------------------------------------------
filing_filter = visibility(member=CONGRESS, unit=of_org("filer_org_id"))


def can_register_filing(user) -> bool:
    """The office registers any filing; an organ's own office files its documents through the platform."""
    if not signed_in(user):
        return False
    if user.role == Role.OFFICE:
        return True
    return user.role == Role.UNIT and user.organization is not None and user.organization.is_organ


def can_review_filing(user, doc) -> bool:
    if is_office(user, doc):
        return True
    if not has_role(user, Role.COMMITTEE, obj=doc):
        return False
    return doc.reviewer_id is None or doc.reviewer_id == user.organization_id


request_filter = visibility()  # review requests carry requesters' personal data: internal staff only


def can_handle_request(user, req) -> bool:
    return has_role(user, Role.OFFICE, Role.COMMITTEE, obj=req)


# ---- the picture ----------------------------------------------------------------------------------------
can_view_picture = role_in(*INTERNAL_ROLES, Role.MEMBER)


# ---- 撤职案, 执行决议情况报告, 年度法定报告 ---------------------------------------------------------------------------
# 撤职案: the congress's staff and the standing committee's members (who sign, deliberate and vote).
removal_filter = visibility(member=CONGRESS)
can_create_removal = role_in(Role.OFFICE, Role.LEADER, Role.MEMBER)


def can_submit_removal(user, case) -> bool:
    """The office or the leadership register a case (an organ's, the 主任会议's, or members' on paper); a member
    submits the one he drafted or signed."""
    if is_office_or_leader(user, case):
        return True
    return has_role(user, Role.MEMBER, obj=case) and (
        case.created_by_id == user.pk or case.signers.filter(person_id=user.person_id).exists())


def can_sign_removal(user, case) -> bool:
    return has_role(user, Role.OFFICE, Role.MEMBER, obj=case)


# 执行决议情况报告: as the report it follows, to its organ; deputies once it is published (第十七条第三款).
resolution_filter = visibility(member=CONGRESS, deputy=Q(status="published"),
                               unit=of_org("organ_id", "report__reporting_unit_id"))


def is_resolution_reporter(user, res) -> bool:
    return _office_or_unit(user, res, res.organ_id, res.report.reporting_unit_id)


annual_filter = visibility(member=CONGRESS)  # 年度法定报告: the congress's staff and members
