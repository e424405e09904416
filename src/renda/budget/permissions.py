"""Who sees what of 预算联网监督, always inside the user's own congress.

- 办公厅, leadership, admin, and the staff of the finance bodies (财政经济委员会 / 预算工作委员会, named by the rule
  parameter BUDGET-ACCESS `finance_bodies`): everything, and they import data and write query letters (函询);
- members of the standing committee and deputies: read-only execution pages (no payee names), and the queries
  once sent;
- other committees' staff: read-only execution pages, like members;
- handling units: nothing of the data; only the queries addressed to their own organisation, which they answer;
- another congress, anonymous: nothing.
"""

from __future__ import annotations

from django.db.models import Q

from renda.core import rules
from renda.core.access import has_role, in_congress, rows_by_role, unit
from renda.core.roles import Role

MANAGER_ROLES = frozenset({Role.OFFICE, Role.LEADER, Role.ADMIN})
READER_ROLES = frozenset({Role.MEMBER, Role.DEPUTY, Role.COMMITTEE})


def is_finance_staff(user) -> bool:
    """Staff of the congress's finance bodies (预算工委 / 财经委)."""
    if not has_role(user, Role.COMMITTEE) or not user.organization_id:
        return False
    org = user.organization
    names = rules.param(user.congress_id, "BUDGET-ACCESS", "finance_bodies")
    return org is not None and org.congress_id == user.congress_id and (org.name in names or org.short_name in names)


def is_manager(user) -> bool:
    """Sees everything (payees included), imports, writes and closes queries."""
    return has_role(user, *MANAGER_ROLES) or is_finance_staff(user)


def can_view_data(user) -> bool:
    """The execution pages (drill-down, alerts summary)."""
    return is_manager(user) or has_role(user, *READER_ROLES)


def can_see_payees(user) -> bool:
    return is_manager(user)


def can_import(user) -> bool:
    return has_role(user, Role.OFFICE, Role.ADMIN) or is_finance_staff(user)


def can_run_alerts(user) -> bool:
    return is_manager(user)


def can_create_query(user) -> bool:
    return has_role(user, Role.OFFICE) or is_finance_staff(user)


def data_filter(user) -> Q | None:
    """Q over the data tables (units, indicators, payments, debt, finals, rollups); None = nothing."""
    if not can_view_data(user):
        return None
    return Q(congress_id=user.congress_id)


def batch_filter(user) -> Q | None:
    return Q(congress_id=user.congress_id) if can_import(user) else None


def query_filter(user) -> Q | None:
    """Q over BudgetQuery: the finance bodies and leadership see all; other readers a letter once sent; a handling
    unit the sent letters addressed to it."""
    sent = ~Q(status="drafting")
    return rows_by_role(user, full=MANAGER_ROLES, scopes={
        Role.COMMITTEE: lambda u: Q() if is_finance_staff(u) else sent,
        Role.MEMBER: sent, Role.DEPUTY: sent,
        Role.UNIT: unit("addressee_id", where=sent),
    })


# ---- workflow permissions (user, query) ----------------------------------------------------------------------
def can_manage_query(user, q) -> bool:
    return in_congress(user, q) and (has_role(user, Role.OFFICE) or is_finance_staff(user))


def can_reply_query(user, q) -> bool:
    return has_role(user, Role.UNIT, obj=q) and user.organization_id == q.addressee_id


# ---- deputies' questions (BudgetQuestion) --------------------------------------------------------------------
def can_raise_question(user) -> bool:
    """A deputy of this congress raises a question on the budget's execution."""
    return has_role(user, Role.DEPUTY)


def can_handle_question(user, question) -> bool:
    """The 预算工委 (and the office) answer a question or turn it into a 函询."""
    return in_congress(user, question) and (has_role(user, Role.OFFICE) or is_finance_staff(user))


def question_filter(user) -> Q | None:
    """Q over BudgetQuestion: the finance bodies and leadership see the queue; a deputy sees their own questions;
    handling units, other committees and members see none (a unit sees only the 函询 addressed to it)."""
    return rows_by_role(user, full=MANAGER_ROLES, scopes={
        Role.COMMITTEE: lambda u: Q() if is_finance_staff(u) else None,
        Role.DEPUTY: lambda u: Q(deputy_id=u.pk),
    })
