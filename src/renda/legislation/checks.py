"""Checks both the services and the workflow guards apply (no import of either: both import this)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError

from renda.core import rules
from renda.core.models import Congress, Organization, Person, Position
from renda.legislation.dates import fmt
from renda.legislation.models import ProposerKind


def check_scope(congress_id: int, area: str, override: bool, justification: str, what: str = "") -> None:
    """立法法 第八十一条: a matter outside the listed areas needs a recorded legal basis and reason."""
    areas = rules.param(congress_id, "LEG-SCOPE", "areas")
    area = (area or "").strip()
    if not area:
        raise ValidationError({"subject_area": "请选择或者填写立法事项。"})
    if area in areas:
        return
    prefix = f"{what}的" if what else ""
    if not override:
        raise rules.violation(
            "LEG-SCOPE", f"{prefix}立法事项“{area}”不在{'、'.join(areas)}等所列事项之内，须记录法律依据和理由"
        )
    minimum = rules.param(congress_id, "LEG-SCOPE", "min_justification_chars")
    if len((justification or "").strip()) < minimum:
        raise rules.violation("LEG-SCOPE", f"{prefix}超出所列事项的法律依据和理由不少于 {minimum} 个字")


def ground_min_readings(congress_id: int, ground: str) -> int:
    """The fewest readings a ground allows (立法法 第三十三条, by reference; rule LEG-READINGS-EXCEPTION)."""
    return int(rules.param(congress_id, "LEG-READINGS-EXCEPTION", f"{ground}_min"))


def check_proposer(*, congress: Congress, kind: str, org: Organization | None, persons: list[Person],
                   on: dt.date) -> None:
    """组织法 第五十二条: who may put a bill to the standing committee."""
    congress_id = congress.pk
    if kind not in ProposerKind.values:
        raise rules.violation("LEG-PROPOSER", "提案人类别不正确")
    if kind == ProposerKind.MEMBERS:
        name = "county_min_members" if congress.level == Congress.Level.COUNTY else "city_min_members"
        minimum = rules.param(congress_id, "LEG-PROPOSER", name)
        people = {p.pk for p in persons if p.congress_id == congress_id}
        members = Position.standing_committee_ids_on(congress_id, on)
        outsiders = [p.name for p in persons if p.pk not in members]
        if outsiders:
            raise rules.violation(
                "LEG-PROPOSER", f"{'、'.join(outsiders[:5])}在{fmt(on)}不是常委会组成人员，不能联名提出"
            )
        if len(people) < minimum:
            raise rules.violation(
                "LEG-PROPOSER", f"常委会组成人员联名提出议案须{minimum}人以上，现有{len(people)}人"
            )
        return
    if org is None or org.congress_id != congress_id:
        raise rules.violation("LEG-PROPOSER", "须指明提出法规案的机关")
    expected = {
        ProposerKind.CHAIRS_COUNCIL: Organization.Kind.CHAIRS_COUNCIL,
        ProposerKind.GOVERNMENT: Organization.Kind.GOVERNMENT,
        ProposerKind.SPECIAL_COMMITTEE: Organization.Kind.SPECIAL_COMMITTEE,
    }[kind]
    if org.kind != expected:
        raise rules.violation(
            "LEG-PROPOSER", f"{org}不是{ProposerKind(kind).label}，不能以该名义提出法规案"
        )
