"""任免: who nominates which post, materials, the law exam, the statement, the roster over time, resignations,
the oath."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from renda.core.errors import RuleViolation
from renda.core.models import Organization, Position, RuleParameter
from renda.meetings import membership
from renda.meetings import services as svc
from renda.meetings.models import Appointment

from .conftest import MEETING_DAY, decide, ready_nomination, sign_in, standing_meeting

pytestmark = pytest.mark.django_db


def nominate(c, **kw):
    defaults = {"kind": "appoint", "has_letter": True, "has_resume": True, "has_assessment": True,
                "received_on": dt.date(2026, 3, 1)}
    return svc.nomination_create(actor=c.clerk, **(defaults | kw))


@pytest.mark.parametrize("nominator, organ_key, ok", [
    ("mayor", "市水务局", True),
    ("court_president", "市水务局", False),
    ("court_president", "court", True),
    ("mayor", "court", False),
    ("chief_procurator", "proc", True),
    ("supervisory_director", "sup", True),
    ("chairs_council", "gov", True),       # an acting mayor, from the deputy heads
    ("chairs_council", "市水务局", False),
])
def test_who_nominates_which_post(cast, nominator, organ_key, ok):
    organ = cast.city.units.get(organ_key) or cast.city.organs[organ_key]
    if ok:
        nom = nominate(cast, nominator=nominator, organ=organ, post_title="某职务", person_name="某人")
        assert nom.nominator_organ.kind in ("government", "court", "procuratorate", "supervisory_commission",
                                            "chairs_council")
    else:
        with pytest.raises(RuleViolation) as exc:
            nominate(cast, nominator=nominator, organ=organ, post_title="某职务", person_name="某人")
        assert exc.value.rule.id == "APPT-NOMINATOR" and "第五十条" in exc.value.message


def test_members_of_the_committee_are_elected_not_appointed(cast):
    with pytest.raises(RuleViolation):
        nominate(cast, nominator="chairs_council", organ=cast.city.standing_committee, post_title="委员",
                 person_name="某人", position_role="member")


def test_materials_exam_and_statement(cast):
    nom = nominate(cast, nominator="mayor", organ=cast.city.units["市教育局"], post_title="局长",
                   person_name="冯育才", has_assessment=False)
    with pytest.raises(RuleViolation) as exc:
        svc.nomination_transition(actor=cast.clerk, nomination=nom, action="start_review")
    assert "缺少考察材料" in exc.value.message
    nom = svc.nomination_update(actor=cast.clerk, nomination=nom, lock_version=0, has_assessment=True)
    nom = svc.nomination_transition(actor=cast.clerk, nomination=nom, action="start_review")
    nom = svc.nomination_update(actor=cast.clerk, nomination=nom, lock_version=nom.lock_version,
                                review_opinion="符合条件", exam_score=55)
    with pytest.raises(RuleViolation) as exc:
        svc.nomination_transition(actor=cast.clerk, nomination=nom, action="complete_review")
    assert exc.value.rule.id == "APPT-EXAM" and "55 分" in exc.value.message
    # a congress may waive the exam (local practice)
    RuleParameter.objects.create(congress=cast.congress, rule_id="APPT-EXAM", name="required", value=False)
    assert svc.nomination_transition(actor=cast.clerk, nomination=nom, action="complete_review").status == "ready"


def _hold_vote(c, meeting, item, yes=9):
    v = svc.vote_open(actor=c.clerk, item=item)
    svc.ballots_record(actor=c.clerk, vote=v, choices={p.pk: "yes" for p in c.people[:yes]})
    return svc.vote_transition(actor=c.clerk, vote=v, action="announce")


def test_a_congress_post_writes_position_rows_and_a_resignation_leaves_a_vacancy(cast):
    c = cast
    c.people = [c.city.director, *c.city.vice_chairs, c.city.secretary_general, *c.city.members]
    fgw = c.city.bodies["fgw"]
    head = ready_nomination(c, organ=fgw, post="甲市人大常委会法制工作委员会副主任", name="许法成",
                            nominator="chairs_council", position_role="vice_chair_committee")
    resigning = c.city.members[2]
    quit_ = nominate(c, kind="resign", nominator="self", organ=c.city.standing_committee,
                     post_title="甲市人大常委会委员", person=resigning)
    assert quit_.target_position.person == resigning
    quit_ = svc.nomination_transition(actor=c.clerk, nomination=quit_, action="start_review")
    quit_ = svc.nomination_update(actor=c.clerk, nomination=quit_, lock_version=quit_.lock_version,
                                  review_opinion="理由属实")
    svc.nomination_transition(actor=c.clerk, nomination=quit_, action="complete_review")
    meeting = standing_meeting(c, items=())
    items = [svc.item_add(actor=c.clerk, meeting=meeting, object_type="meetings.nomination", object_id=n.pk)
             for n in (head, quit_)]
    meeting = decide(c, meeting)
    sign_in(c, meeting, c.people[:9])
    svc.meeting_transition(actor=c.clerk, meeting=meeting, action="open")
    for item in items:
        _hold_vote(c, meeting, item)
    head.refresh_from_db()
    quit_.refresh_from_db()
    assert head.status == "approved" and quit_.status == "approved"
    pos = Position.objects.get(person=head.person, organization=fgw)
    assert (pos.role, pos.start_date, pos.end_date) == ("vice_chair_committee", MEETING_DAY, None)
    assert Appointment.objects.get(nomination=head).position == pos
    ended = Position.objects.get(person=resigning, organization=c.city.standing_committee)
    assert ended.end_date == MEETING_DAY
    # the next meeting counts ten members in post: the vacancy lowers the number
    nxt = svc.meeting_create(actor=c.clerk, kind="standing", date=dt.date(2026, 4, 24), place="会议厅")
    assert len(membership.member_ids(nxt)) == 10
    # a removal ends the roster entry
    removal = nominate(c, kind="remove", nominator="chairs_council", organ=fgw, post_title="副主任",
                       person=head.person, received_on=dt.date(2026, 4, 1))
    assert removal.target == Appointment.objects.get(nomination=head)
    with pytest.raises(RuleViolation) as exc:  # no oath for a removal
        svc.nomination_transition(actor=c.clerk, nomination=removal, action="swear")
    assert exc.value.rule.id == "APPT-OATH"


def test_removal_needs_a_post_held(cast):
    with pytest.raises(ValidationError):
        nominate(cast, kind="remove", nominator="mayor", organ=cast.city.units["市水务局"], post_title="局长",
                 person=cast.city.members[0])


def test_no_oath_before_the_appointment(world):
    c = world
    with pytest.raises(RuleViolation) as exc:
        svc.oath_record(actor=c.clerk, date=MEETING_DAY, administered_by=c.city.director,
                        nominations=[c.nomination])
    assert exc.value.rule.id == "APPT-OATH" and "《宪法》第二十七条第三款" in exc.value.message
    from renda.meetings.models import OathCeremony

    assert not OathCeremony.objects.exists()  # all or nothing


def test_a_failed_vote_rejects_the_nomination(world):
    c = world
    sign_in(c, c.meeting, c.people[:9])
    svc.meeting_transition(actor=c.clerk, meeting=c.meeting, action="open")
    vote = _hold_vote(c, c.meeting, c.nom_item, yes=5)  # 5 of 11: not more than half of all members
    assert vote.passed is False
    c.nomination.refresh_from_db()
    assert c.nomination.status == "rejected" and not Appointment.objects.exists()
    assert Organization.objects.get(pk=c.city.units["市水务局"].pk)  # untouched
