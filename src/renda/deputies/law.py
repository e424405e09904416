"""The reads the law's rules need, shared by the workflow's guards, the steps' forms and the pages."""

from __future__ import annotations

from renda.core import rules
from renda.core.models import Congress
from renda.deputies.models import Deputy, DeputyChange, IssueSource


def resignation_voted_here(change: DeputyChange) -> bool:
    """Whether this standing committee itself votes on the deputy's resignation (选举法 第五十五条).

    A deputy to a county-level congress resigns to its own standing committee, which accepts by more than half
    of all its members (第二款). A deputy to a congress of a 设区的市 (or a province) is elected by the congresses
    one level down and resigns to the standing committee of the congress that elected them (第一款); that body
    votes, and this committee records its resolution and announces. (Deputies to the next higher congress elected
    by this congress — who would resign to this committee — are not kept in this registry.)"""
    return change.congress.level == Congress.Level.COUNTY


def vacancies(delegation) -> int | None:
    """Seats not filled in a delegation; None when its seats are not registered."""
    if not delegation.seats:
        return None
    active = Deputy.objects.filter(delegation=delegation, status__in=Deputy.ACTIVE_STATES).count()
    return max(0, delegation.seats - active)


def reply_months(issue) -> tuple[str, int]:
    """The rule and its period for answering an issue (青岛条例 第三十二条 for members' contacts, inspections
    and research; the station feedback period otherwise)."""
    if issue.source in (IssueSource.MEMBER_CONTACT, IssueSource.INSPECTION, IssueSource.RESEARCH):
        return "LIA-CONTACT-REPLY", rules.param(issue.congress_id, "LIA-CONTACT-REPLY", "months")
    return "LIA-ISSUE-FEEDBACK", rules.param(issue.congress_id, "LIA-ISSUE-FEEDBACK", "months")
