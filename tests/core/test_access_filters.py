"""The visibility filters every module's permissions build on (renda.core.access): rows of the user's congress by role
(`rows_by_role`, with the `person` and `unit` scopes), for the roles named (`congress_filter`), and records released
in stages (`staged_filter`) — checked role by role."""

from types import SimpleNamespace

import pytest
from django.db.models import Q

from renda.core.access import INTERNAL_ROLES, congress_filter, person, rows_by_role, staged_filter, unit
from renda.core.roles import Role

RELEASED = Q(status__in=("notified", "published"))
PUBLISHED = Q(status="published")


def user(role, congress_id=7, authenticated=True, person_id=None, organization_id=None):
    return SimpleNamespace(is_authenticated=authenticated, congress_id=congress_id, role=role, person_id=person_id,
                           organization_id=organization_id)


@pytest.mark.parametrize("role", list(Role))
def test_congress_filter_only_the_roles_named(role):
    roles = (Role.OFFICE, Role.MEMBER)
    expected = Q(congress_id=7) if role in roles else None
    assert congress_filter(user(role), roles) == expected


@pytest.mark.parametrize("who", [None, user(Role.OFFICE, authenticated=False), user(Role.OFFICE, congress_id=None)])
def test_nobody_signed_in_sees_nothing(who):
    assert congress_filter(who, set(Role)) is None
    assert rows_by_role(who, full=set(Role)) is None
    assert rows_by_role(who, scopes={Role.OFFICE: Q()}, others=Q()) is None
    assert staged_filter(who, RELEASED, others=PUBLISHED) is None


@pytest.mark.parametrize("role", list(Role))
def test_staged_filter_role_matrix(role):
    got = staged_filter(user(role), RELEASED)
    if role in INTERNAL_ROLES:  # office, committee, leader, admin: everything of the congress
        assert got == Q(congress_id=7)
    elif role in (Role.MEMBER, Role.DEPUTY):
        assert got == Q(congress_id=7) & RELEASED
    else:  # a unit sees nothing unless `others` says what
        assert role == Role.UNIT
        assert got is None
        assert staged_filter(user(role), RELEASED, others=PUBLISHED) == Q(congress_id=7) & PUBLISHED


def test_staged_filter_with_other_tiers():
    full, readers = {Role.OFFICE}, (Role.MEMBER, Role.COMMITTEE)
    assert staged_filter(user(Role.OFFICE), RELEASED, full=full, readers=readers) == Q(congress_id=7)
    assert staged_filter(user(Role.COMMITTEE), RELEASED, full=full, readers=readers) == Q(congress_id=7) & RELEASED
    assert staged_filter(user(Role.LEADER), RELEASED, full=full, readers=readers) is None
    assert staged_filter(user(Role.DEPUTY), RELEASED, full=full, readers=readers) is None


SCOPES = {
    Role.MEMBER: PUBLISHED,  # a Q: the same rows for every member
    Role.DEPUTY: person("lead__person_id", "cosigners__person_id"),  # the deputy's own
    Role.UNIT: unit("unit_id", where=RELEASED),  # the unit's own, once released
}


@pytest.mark.parametrize("role", list(Role))
def test_congress_rows_role_matrix(role):
    who = user(role, person_id=3, organization_id=5)
    got = rows_by_role(who, scopes=SCOPES)
    if role in INTERNAL_ROLES:  # staff by default: the whole congress, whatever the scopes say
        assert got == Q(congress_id=7)
    elif role == Role.MEMBER:
        assert got == Q(congress_id=7) & PUBLISHED
    elif role == Role.DEPUTY:
        assert got == Q(congress_id=7) & (Q(lead__person_id=3) | Q(cosigners__person_id=3))
    else:
        assert role == Role.UNIT
        assert got == Q(congress_id=7) & (Q(unit_id=5) & RELEASED)


@pytest.mark.parametrize("role", list(Role))
def test_congress_rows_never_leave_the_congress(role):
    """The widest scope (Q(): every row) still selects only the user's own congress."""
    assert rows_by_role(user(role), full=(), others=Q()) == Q(congress_id=7)
    assert rows_by_role(user(role, congress_id=8), full=(), scopes={role: Q()}) == Q(congress_id=8)


@pytest.mark.parametrize("role", [Role.DEPUTY, Role.UNIT])
def test_an_account_not_linked_sees_nothing_of_its_own(role):
    """A deputy's account without a person, a unit's without an organisation: nothing, not `lookup IS NULL` rows."""
    assert rows_by_role(user(role), scopes=SCOPES) is None


def test_congress_rows_others_and_functions():
    assert rows_by_role(user(Role.LEADER), full={Role.OFFICE}) is None  # no scope, no `others`: nothing
    assert rows_by_role(user(Role.LEADER), full={Role.OFFICE}, others=PUBLISHED) == Q(congress_id=7) & PUBLISHED
    # a function of the user may return None (nothing) or Q() (the whole congress)
    picky = {Role.COMMITTEE: lambda u: Q() if u.organization_id == 5 else None}
    assert rows_by_role(user(Role.COMMITTEE, organization_id=5), full=(), scopes=picky) == Q(congress_id=7)
    assert rows_by_role(user(Role.COMMITTEE, organization_id=6), full=(), scopes=picky) is None
