"""PositionQuerySet: who holds a post on a body on a day (dates inclusive at both ends), and the standing-committee
seats the rules count."""

import datetime as dt

import pytest

from renda.core.models import Person, Position

pytestmark = pytest.mark.django_db

START, END = dt.date(2026, 3, 1), dt.date(2026, 3, 31)


def _post(cast, person, org, role, start=START, end=END):
    # bulk_create: the composition check on save is not what these tests are about
    [pos] = Position.objects.bulk_create([Position(congress=cast.congress, person=person, organization=org, role=role,
                                                   start_date=start, end_date=end)])
    return pos


@pytest.fixture
def newcomer(cast):
    """A member of the standing committee for March 2026 only."""
    person = Person.objects.create(congress=cast.congress, name="任期委员")
    _post(cast, person, cast.city.standing_committee, Position.Role.MEMBER)
    return person


def _held_on(person, day) -> bool:
    return Position.objects.filter(person=person).in_post_on(day).exists()


def test_in_post_on_counts_both_ends_and_open_ended_posts(cast, newcomer):
    assert not _held_on(newcomer, START - dt.timedelta(days=1))
    assert _held_on(newcomer, START)
    assert _held_on(newcomer, END)
    assert not _held_on(newcomer, END + dt.timedelta(days=1))
    director = cast.city.director  # in post from the term's start, not ended
    assert _held_on(director, dt.date(2026, 1, 10)) and _held_on(director, dt.date(2031, 1, 9))
    assert not _held_on(director, dt.date(2026, 1, 9))


def test_on_standing_committee_takes_only_its_roles_in_a_body_of_that_kind(cast):
    city = cast.city
    staff = Person.objects.create(congress=cast.congress, name="工作人员")
    _post(cast, staff, city.standing_committee, Position.Role.STAFF, end=None)
    outsider = Person.objects.create(congress=cast.congress, name="专委会委员")
    _post(cast, outsider, city.bodies["cjhb"], Position.Role.MEMBER, end=None)  # a member role, not of the committee
    seats = Position.objects.filter(congress=cast.congress).on_standing_committee()
    people = set(seats.values_list("person_id", flat=True))
    assert people == {city.director.pk, *(p.pk for p in city.vice_chairs), city.secretary_general.pk,
                      *(p.pk for p in city.members)}
    assert not seats.filter(role=Position.Role.CHAIR).exists()  # the chairs of special committees are members
    leaders = Position.objects.filter(congress=cast.congress).on_standing_committee(Position.LEADERSHIP_ROLES)
    assert set(leaders.values_list("person_id", flat=True)) == {
        city.director.pk, *(p.pk for p in city.vice_chairs), city.secretary_general.pk}


@pytest.mark.parametrize(("start", "end", "held"), [
    (dt.date(2026, 2, 1), START, True),  # the period ends on the post's first day
    (END, dt.date(2026, 4, 30), True),  # the period starts on the post's last day
    (dt.date(2026, 3, 10), dt.date(2026, 3, 20), True),  # inside
    (dt.date(2026, 1, 1), dt.date(2026, 12, 31), True),  # around
    (dt.date(2026, 2, 1), START - dt.timedelta(days=1), False),  # ends the day before
    (END + dt.timedelta(days=1), dt.date(2026, 4, 30), False),  # starts the day after
])
def test_in_post_during_overlaps_inclusive_at_both_edges(cast, newcomer, start, end, held):
    assert Position.objects.filter(person=newcomer).in_post_during(start, end).exists() is held


def test_in_post_during_takes_open_ended_posts_from_their_start(cast):
    director = Position.objects.filter(person=cast.city.director)
    assert director.in_post_during(dt.date(2040, 1, 1), dt.date(2040, 12, 31)).exists()
    assert not director.in_post_during(dt.date(2025, 1, 1), dt.date(2026, 1, 9)).exists()
    assert director.in_post_during(dt.date(2025, 1, 1), dt.date(2026, 1, 10)).exists()


def test_standing_committee_ids_on_a_day(cast, newcomer):
    city = cast.city
    composition = {city.director.pk, *(p.pk for p in city.vice_chairs), city.secretary_general.pk,
                   *(p.pk for p in city.members)}
    assert Position.standing_committee_ids_on(cast.congress.pk, START - dt.timedelta(days=1)) == composition
    assert Position.standing_committee_ids_on(cast.congress.pk, END) == composition | {newcomer.pk}
    assert Position.standing_committee_ids_on(cast.congress.pk, END + dt.timedelta(days=1)) == composition
    assert not Position.standing_committee_ids_on(cast.congress.pk, dt.date(2026, 1, 9))  # before the term
    assert not Position.standing_committee_ids_on(cast.congress.pk, START) & {p.pk for p in cast.other.members}
    chairs = Position.standing_committee_ids_on(
        cast.congress.pk, START, roles=(Position.Role.DIRECTOR, Position.Role.VICE_CHAIR))
    assert chairs == {city.director.pk, *(p.pk for p in city.vice_chairs)}


def test_a_person_with_two_seats_is_counted_once(cast, newcomer):
    before = len(Position.standing_committee_ids_on(cast.congress.pk, START))
    _post(cast, newcomer, cast.city.standing_committee, Position.Role.VICE_CHAIR, start=dt.date(2026, 3, 15))
    assert len(Position.standing_committee_ids_on(cast.congress.pk, dt.date(2026, 3, 20))) == before
    assert len(Position.standing_committee_ids_on(cast.congress.pk, START)) == before
