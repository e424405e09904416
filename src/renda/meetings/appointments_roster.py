"""The composition of the standing committee checked whenever a post is recorded (组织法 第四十七条):

- a member of the standing committee may hold no post in an administrative, supervisory, judicial or procuratorial
  organ (第三款): a new post there for a sitting member, or a seat on the committee for someone holding such a post,
  is refused until the member has resigned from the committee (rule MTG-SC-INCOMPATIBLE);
- the number of members is fixed for the term (第四款、第五款): a new seat beyond the number the province fixed (the
  congress's parameter MTG-SC-SEATS `seats`), or beyond the statutory ceiling while none is entered, is refused.

Every post is a core `Position` row however it is written (an approved nomination, the admin, an import), so the
check runs on the row's first save (`pre_save`); rows written in bulk by the demo builders are not checked.
"""

from __future__ import annotations

from django.db.models.signals import pre_save
from django.dispatch import receiver

from renda.core import rules
from renda.core.models import Congress, Organization, Position

INCOMPATIBLE_KINDS = (
    Organization.Kind.GOVERNMENT, Organization.Kind.GOV_DEPARTMENT, Organization.Kind.SUPERVISORY_COMMISSION,
    Organization.Kind.COURT, Organization.Kind.PROCURATORATE,
)
# 组织法 第四十七条第四款: the largest number the law allows at each level (the higher figure of each item)
CEILING = {Congress.Level.PROVINCE: 95, Congress.Level.CITY: 61, Congress.Level.COUNTY: 45}


def seats_for(congress: Congress) -> tuple[int, bool]:
    """(the number of seats, whether it is the number the province fixed rather than the statutory ceiling)."""
    fixed = int(rules.param(congress.pk, "MTG-SC-SEATS", "seats") or 0)
    if fixed:
        return fixed, True
    return CEILING.get(congress.level, 61), False


def check_new_position(position: Position) -> None:
    org = position.organization
    day = position.start_date
    if day is None or org is None:
        return
    others = Position.objects.filter(congress_id=position.congress_id, person_id=position.person_id).in_post_on(day)
    if org.kind in INCOMPATIBLE_KINDS:
        if others.on_standing_committee().exists():
            raise rules.violation(
                "MTG-SC-INCOMPATIBLE",
                f"{position.person.name}是常务委员会组成人员，不能担任{org.name}的职务；须先向常务委员会辞去常务委员会的职务")
        return
    if org.kind != Organization.Kind.STANDING_COMMITTEE or position.role not in Position.STANDING_COMMITTEE_ROLES:
        return
    held = others.filter(organization__kind__in=INCOMPATIBLE_KINDS).select_related("organization").first()
    if held is not None:
        raise rules.violation(
            "MTG-SC-INCOMPATIBLE",
            f"{position.person.name}现任{held.organization.name}的职务，不能担任常务委员会组成人员")
    seated = (Position.objects.filter(congress_id=position.congress_id).on_standing_committee().in_post_on(day)
              .exclude(person_id=position.person_id).values("person_id").distinct().count())
    seats, fixed = seats_for(org.congress)
    if seated + 1 > seats:
        what = f"本届名额 {seats} 名" if fixed else f"法定上限 {seats} 名（本届名额尚未登记）"
        raise rules.violation("MTG-SC-SEATS", f"常务委员会在任组成人员已有 {seated} 名，再增加将超过{what}")


@receiver(pre_save, sender=Position, dispatch_uid="meetings.appointments_roster")
def _on_position_save(sender, instance: Position, raw: bool = False, **_) -> None:
    if raw or instance.pk is not None:  # fixtures; an existing post being ended or corrected
        return
    check_new_position(instance)
