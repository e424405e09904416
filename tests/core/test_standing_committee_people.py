"""Position.standing_committee_people: who now serves on the standing committee, in this congress only."""

import datetime as dt

import pytest

from renda.core.models import Position

pytestmark = pytest.mark.django_db


def test_the_composition_now_and_only_of_this_congress(cast):
    city = cast.city
    people = list(Position.standing_committee_people(cast.congress.pk))
    assert city.director in people and set(city.vice_chairs) <= set(people) and set(city.members) <= set(people)
    assert not set(cast.other.members) & set(people)
    assert people == sorted(people, key=lambda p: p.pk)
    leaving = city.members[0]
    Position.objects.filter(person=leaving, congress=cast.congress).update(end_date=dt.date(2026, 6, 30))
    assert leaving not in Position.standing_committee_people(cast.congress.pk)


def test_roles_narrow_it_to_those_who_may_preside(cast):
    city = cast.city
    chairs = set(Position.standing_committee_people(
        cast.congress.pk, roles=(Position.Role.DIRECTOR, Position.Role.VICE_CHAIR)))
    assert chairs == {city.director, *city.vice_chairs}
