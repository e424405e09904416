"""组织法 第四十七条: members of the standing committee hold no post in an administrative, supervisory, judicial or
procuratorial organ; the number of members fixed for the term — checked whenever a post is recorded."""

import datetime as dt

import pytest

from renda.core.errors import RuleViolation
from renda.core.models import Organization, Person, Position, RuleParameter

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 6, 1)


def _org(c, kind):
    return Organization.objects.filter(congress=c.congress, kind=kind).order_by("id").first()


def _sc(c):
    return _org(c, Organization.Kind.STANDING_COMMITTEE)


def _post(c, person, org, role=Position.Role.MEMBER, day=DAY):
    return Position.objects.create(congress=c.congress, person=person, organization=org, role=role, start_date=day)


def test_a_member_may_not_take_a_post_in_the_government_court_or_procuratorate(cast):
    c = cast
    member = c.member.person
    for kind in (Organization.Kind.GOV_DEPARTMENT, Organization.Kind.COURT, Organization.Kind.PROCURATORATE,
                 Organization.Kind.SUPERVISORY_COMMISSION, Organization.Kind.GOVERNMENT):
        with pytest.raises(RuleViolation) as exc:
            _post(c, member, _org(c, kind), role=Position.Role.HEAD)
        assert exc.value.rule.id == "MTG-SC-INCOMPATIBLE" and "辞去常务委员会的职务" in exc.value.message
    # after resigning from the committee (the seat ended the day before) the post may be taken
    Position.objects.filter(person=member, organization=_sc(c)).update(end_date=DAY - dt.timedelta(days=1))
    assert _post(c, member, _org(c, Organization.Kind.GOV_DEPARTMENT), role=Position.Role.HEAD).pk
    # a post in a special committee or a working body of the congress is no conflict
    other = Person.objects.create(congress=c.congress, name="委员乙")
    _post(c, other, _sc(c))
    assert _post(c, other, _org(c, Organization.Kind.SPECIAL_COMMITTEE), role=Position.Role.VICE_CHAIR_COMMITTEE).pk


def test_an_official_of_those_organs_may_not_take_a_seat(cast):
    c = cast
    judge = Person.objects.create(congress=c.congress, name="审判员甲")
    _post(c, judge, _org(c, Organization.Kind.COURT), role=Position.Role.HEAD, day=dt.date(2026, 2, 1))
    with pytest.raises(RuleViolation) as exc:
        _post(c, judge, _sc(c))
    assert exc.value.rule.id == "MTG-SC-INCOMPATIBLE" and "不能担任常务委员会组成人员" in exc.value.message


def test_seats_fixed_for_the_term(cast):
    c = cast  # 11 members in post
    RuleParameter.objects.create(congress=c.congress, rule_id="MTG-SC-SEATS", name="seats", value=12)
    twelfth = Person.objects.create(congress=c.congress, name="第十二名")
    _post(c, twelfth, _sc(c))  # 12 of 12: at the number, allowed
    thirteenth = Person.objects.create(congress=c.congress, name="第十三名")
    with pytest.raises(RuleViolation) as exc:
        _post(c, thirteenth, _sc(c))
    assert exc.value.rule.id == "MTG-SC-SEATS" and "本届名额 12 名" in exc.value.message
    # a member who left frees the seat (a vacancy lowers the count)
    Position.objects.filter(person=twelfth).update(end_date=DAY)
    assert _post(c, thirteenth, _sc(c), day=DAY + dt.timedelta(days=1)).pk
    # a member taking a second standing-committee role (elected vice-chair) takes no new seat
    assert _post(c, thirteenth, _sc(c), role=Position.Role.VICE_CHAIR, day=DAY + dt.timedelta(days=2)).pk


def test_without_a_fixed_number_the_statutory_ceiling_applies(cast):
    c = cast
    people = Person.objects.bulk_create([Person(congress=c.congress, name=f"委员{i}") for i in range(50)])
    Position.objects.bulk_create([Position(congress=c.congress, person=p, organization=_sc(c),
                                           role=Position.Role.MEMBER, start_date=DAY) for p in people])
    assert Position.objects.filter(organization=_sc(c), end_date__isnull=True).count() == 61
    with pytest.raises(RuleViolation) as exc:
        _post(c, Person.objects.create(congress=c.congress, name="第六十二名"), _sc(c))
    assert "法定上限 61 名" in exc.value.message
