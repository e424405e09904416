"""The visibility filters every module's permissions build on (renda.core.access): rows of the user's congress for
the roles named (`congress_filter`), and records released in stages (`staged_filter`) — checked role by role."""

from types import SimpleNamespace

import pytest
from django.db.models import Q

from renda.core.access import INTERNAL_ROLES, congress_filter, staged_filter
from renda.core.roles import Role

RELEASED = Q(status__in=("notified", "published"))
PUBLISHED = Q(status="published")


def user(role, congress_id=7, authenticated=True):
    return SimpleNamespace(is_authenticated=authenticated, congress_id=congress_id, role=role)


@pytest.mark.parametrize("role", list(Role))
def test_congress_filter_only_the_roles_named(role):
    roles = (Role.OFFICE, Role.MEMBER)
    expected = Q(congress_id=7) if role in roles else None
    assert congress_filter(user(role), roles) == expected


@pytest.mark.parametrize("who", [None, user(Role.OFFICE, authenticated=False), user(Role.OFFICE, congress_id=None)])
def test_nobody_signed_in_sees_nothing(who):
    assert congress_filter(who, set(Role)) is None
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
