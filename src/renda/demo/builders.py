"""Builders shared by the demo city and the volume seeds: a congress with its bodies, people and units."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction

from renda.core import audit
from renda.core.models import (
    Congress,
    CongressSession,
    HolidayDate,
    Organization,
    Person,
    Position,
    Term,
    User,
)
from renda.core.roles import Role
from renda.demo import clock
from renda.demo.names import COUNTY_DEPARTMENTS, DISTRICTS, OCCUPATIONS, PARTIES, SECTORS, NameMaker
from renda.deputies.models import Delegation, Deputy

# Bodies of a city standing committee: key -> (name, kind)
CITY_BODIES = {
    "bgt": ("办公厅", Organization.Kind.WORKING_BODY),
    "fzw": ("法制委员会", Organization.Kind.SPECIAL_COMMITTEE),
    "cjw": ("财政经济委员会", Organization.Kind.SPECIAL_COMMITTEE),
    "jsw": ("监察和司法委员会", Organization.Kind.SPECIAL_COMMITTEE),
    "kwws": ("教育科学文化卫生委员会", Organization.Kind.SPECIAL_COMMITTEE),
    "cjhb": ("城乡建设环境保护委员会", Organization.Kind.SPECIAL_COMMITTEE),
    "shjs": ("社会建设委员会", Organization.Kind.SPECIAL_COMMITTEE),
    "fgw": ("法制工作委员会", Organization.Kind.WORKING_BODY),
    "ysw": ("预算工作委员会", Organization.Kind.WORKING_BODY),
    "dbw": ("代表人事选举工作委员会", Organization.Kind.WORKING_BODY),
    "yjs": ("研究室", Organization.Kind.WORKING_BODY),
}
COUNTY_BODIES = {
    "bgt": ("办公室", Organization.Kind.WORKING_BODY),
    "fzw": ("法制委员会", Organization.Kind.SPECIAL_COMMITTEE),
    "cjw": ("财政经济委员会", Organization.Kind.SPECIAL_COMMITTEE),
    "dbw": ("代表工作委员会", Organization.Kind.WORKING_BODY),
}

# 2026 holidays and adjusted workdays per the State Council's notice (国办发明电〔2025〕 on the 2026 holidays).
# Confirm against the notice before production; a congress can add its own rows.
HOLIDAYS_2026 = {
    "元旦": (["2026-01-01", "2026-01-02", "2026-01-03"], ["2026-01-04"]),
    "春节": (
        ["2026-02-15", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20", "2026-02-21",
         "2026-02-22", "2026-02-23"],
        ["2026-02-14", "2026-02-28"],
    ),
    "清明节": (["2026-04-04", "2026-04-05", "2026-04-06"], []),
    "劳动节": (["2026-05-01", "2026-05-02", "2026-05-03", "2026-05-04", "2026-05-05"], ["2026-05-09"]),
    "端午节": (["2026-06-19", "2026-06-20", "2026-06-21"], []),
    "中秋节": (["2026-09-25", "2026-09-26", "2026-09-27"], []),
    "国庆节": (
        ["2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04", "2026-10-05", "2026-10-06", "2026-10-07"],
        ["2026-09-20", "2026-10-10"],
    ),
}


def load_national_holidays() -> int:
    """The 2026 national holidays (moved with the demo's calendar while the demo loads, see renda.demo.clock)."""
    rows = []
    for name, (holidays, workdays) in HOLIDAYS_2026.items():
        rows += [HolidayDate(date=clock.iso(d), kind=HolidayDate.Kind.HOLIDAY, name=name) for d in holidays]
        rows += [HolidayDate(date=clock.iso(d), kind=HolidayDate.Kind.WORKDAY, name=f"{name}调休")
                 for d in workdays]
    existing = set(HolidayDate.objects.filter(congress__isnull=True).values_list("date", flat=True))
    new = [r for r in rows if r.date not in existing]
    HolidayDate.objects.bulk_create(new)
    return len(new)


@dataclass
class BuiltCongress:
    congress: Congress
    term: Term
    standing_committee: Organization
    bodies: dict[str, Organization]
    organs: dict[str, Organization]
    units: dict[str, Organization]
    director: Person
    vice_chairs: list[Person]
    secretary_general: Person | None
    members: list[Person]
    delegations: list[Delegation] = field(default_factory=list)
    deputies: list[Deputy] = field(default_factory=list)


@transaction.atomic
def build_congress(
    *,
    code: str,
    place: str,
    level: str,
    names: NameMaker,
    term_number: int,
    term_start: dt.date,
    members: int,
    vice_chairs: int,
    departments: list[str],
    deputies: int,
    parent: Congress | None = None,
    bodies: dict | None = None,
) -> BuiltCongress:
    """A congress with its standing committee (composition from term start), bodies, organs, units and deputies."""
    prefix = "县" if level == Congress.Level.COUNTY else "市"
    congress = Congress.objects.create(
        code=code,
        name=f"{place}人民代表大会",
        short_name=f"{place}人大",
        level=level,
        parent=parent,
        standing_committee_name=f"{place}人民代表大会常务委员会",
        doc_prefix=f"{place[:1]}人常",
        city_name=place,
    )
    term = Term.objects.create(congress=congress, number=term_number, start_date=term_start)
    CongressSession.objects.create(
        congress=congress, term=term, number=1, start_date=term_start, end_date=term_start + dt.timedelta(days=4)
    )
    sc = Organization.objects.create(congress=congress, name=congress.standing_committee_name, short_name="常委会",
                                     kind=Organization.Kind.STANDING_COMMITTEE)
    Organization.objects.create(congress=congress, name="主任会议", kind=Organization.Kind.CHAIRS_COUNCIL, parent=sc)
    Organization.objects.create(congress=congress, name="常委会党组", kind=Organization.Kind.PARTY_GROUP, parent=sc)
    body_specs = bodies or (CITY_BODIES if level != Congress.Level.COUNTY else COUNTY_BODIES)
    built_bodies = {
        key: Organization.objects.create(congress=congress, name=name, kind=kind, parent=sc, order=i)
        for i, (key, (name, kind)) in enumerate(body_specs.items())
    }
    gov_name = f"{place}人民政府"
    organs = {
        "gov": Organization.objects.create(congress=congress, name=gov_name, short_name=f"{prefix}政府",
                                           kind=Organization.Kind.GOVERNMENT, is_handling_unit=True, order=0),
        "sup": Organization.objects.create(congress=congress, name=f"{prefix}监察委员会",
                                           kind=Organization.Kind.SUPERVISORY_COMMISSION, is_handling_unit=True, order=1),
        "court": Organization.objects.create(
            congress=congress, name=f"{prefix}{'中级' if level != Congress.Level.COUNTY else ''}人民法院",
            kind=Organization.Kind.COURT, is_handling_unit=True, order=2),
        "proc": Organization.objects.create(congress=congress, name=f"{prefix}人民检察院",
                                            kind=Organization.Kind.PROCURATORATE, is_handling_unit=True, order=3),
    }
    units = Organization.objects.bulk_create(
        [
            Organization(congress=congress, name=name, kind=Organization.Kind.GOV_DEPARTMENT, parent=organs["gov"],
                         is_handling_unit=True, order=i)
            for i, name in enumerate(departments)
        ]
    )
    units_by_name = {u.name: u for u in units}
    for organ in organs.values():
        units_by_name[organ.name] = organ
    units_by_name[f"{prefix}人民政府"] = organs["gov"]  # plans say 市人民政府 for XX市人民政府

    # People of the standing committee, with their posts from the start of the term.
    def new_person(title: str) -> Person:
        name, gender = names.person()
        return Person(congress=congress, name=name, gender=gender, ethnicity=names.choice(["汉族"] * 9 + ["回族"]),
                      party=names.choice(PARTIES), birth_year=names.rng.randint(1962, 1980), title=title)

    director = new_person(f"{congress.standing_committee_name}主任")
    vcs = [new_person(f"{congress.standing_committee_name}副主任") for _ in range(vice_chairs)]
    sg = new_person(f"{congress.standing_committee_name}秘书长") if level != Congress.Level.COUNTY else None
    ordinary = members - 1 - vice_chairs - (1 if sg else 0)
    mems = [new_person(f"{congress.standing_committee_name}委员") for _ in range(ordinary)]
    people = [director, *vcs, *([sg] if sg else []), *mems]
    Person.objects.bulk_create(people)
    positions = [Position(congress=congress, person=director, organization=sc, role=Position.Role.DIRECTOR,
                          term=term, start_date=term_start, order=0)]
    positions += [Position(congress=congress, person=p, organization=sc, role=Position.Role.VICE_CHAIR, term=term,
                           start_date=term_start, order=i + 1) for i, p in enumerate(vcs)]
    if sg:
        positions.append(Position(congress=congress, person=sg, organization=sc,
                                  role=Position.Role.SECRETARY_GENERAL, term=term, start_date=term_start, order=20))
    positions += [Position(congress=congress, person=p, organization=sc, role=Position.Role.MEMBER, term=term,
                           start_date=term_start, order=30 + i) for i, p in enumerate(mems)]
    # Each special committee gets a chair from the members.
    committee_bodies = [b for b in built_bodies.values() if b.kind == Organization.Kind.SPECIAL_COMMITTEE]
    for i, body in enumerate(committee_bodies):
        if i < len(mems):
            positions.append(Position(congress=congress, person=mems[i], organization=body,
                                      role=Position.Role.CHAIR, term=term, start_date=term_start))
    Position.objects.bulk_create(positions)

    # Deputies, in delegations.
    delegations: list[Delegation] = []
    deputy_rows: list[Deputy] = []
    if deputies:
        districts = DISTRICTS if level != Congress.Level.COUNTY else ["城关镇", "东山镇", "西河乡", "南岭镇", "北湖乡"]
        delegations = Delegation.objects.bulk_create(
            [Delegation(congress=congress, term=term, name=f"{d}代表团", order=i) for i, d in enumerate(districts)]
        )
        # Members of the standing committee are deputies too.
        deputy_people = list(people)
        extra = [new_person("") for _ in range(max(0, deputies - len(deputy_people)))]
        for p in extra:
            p.title = names.choice(OCCUPATIONS)
        Person.objects.bulk_create(extra, batch_size=1000)
        deputy_people += extra
        deputy_rows = Deputy.objects.bulk_create(
            [
                Deputy(congress=congress, person=p, term=term, delegation=delegations[i % len(delegations)],
                       sector=names.choice(SECTORS), occupation=p.title or names.choice(OCCUPATIONS))
                for i, p in enumerate(deputy_people[:deputies])
            ],
            batch_size=1000,
        )
    audit.record(
        actor=None,
        action="import",
        obj=congress,
        congress_id=congress.pk,
        after={"bodies": len(built_bodies), "units": len(units_by_name), "members": members,
               "deputies": len(deputy_rows)},
        note="建立人大及其组成",
    )
    return BuiltCongress(
        congress=congress, term=term, standing_committee=sc, bodies=built_bodies, organs=organs,
        units=units_by_name, director=director, vice_chairs=vcs, secretary_general=sg, members=mems,
        delegations=delegations, deputies=deputy_rows,
    )


def make_user(
    username: str,
    password: str,
    *,
    congress: Congress | None,
    role: str,
    display_name: str,
    organization: Organization | None = None,
    person: Person | None = None,
    superuser: bool = False,
) -> User:
    user = User(
        username=username,
        congress=congress,
        role=role,
        display_name=display_name,
        organization=organization,
        person=person,
        is_staff=superuser or role == Role.ADMIN,
        is_superuser=superuser,
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    audit.record(actor=None, action="create", obj=user, congress_id=congress.pk if congress else None,
                 after={"username": username, "role": role}, note="建立演示账号")
    return user


COUNTY_DEPTS = COUNTY_DEPARTMENTS
