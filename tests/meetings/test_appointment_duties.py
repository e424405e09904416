"""Deadlines and filings after appointments: 组织法 第七十一条 (two months), 第五十条第一款第（十三）项 (acting chief
procurator filed one level up), 第三十二条第一款 (an accepted resignation filed with the people's congress) — to-dos in
the inbox with their due dates."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from tests.conftest import login

from renda.core.errors import RuleViolation
from renda.core.models import CongressSession, Organization, Person, Term
from renda.meetings.appointment_duties import services
from renda.meetings.appointment_duties.models import AppointmentDuty, DutyStatus
from renda.meetings.models import Nomination

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 4, 20, 10, tzinfo=dt.UTC)


def _org(c, kind):
    return Organization.objects.filter(congress=c.congress, kind=kind).order_by("id").first()


def _nomination(c, **kw):
    gov = _org(c, Organization.Kind.GOVERNMENT)
    data = {"congress": c.congress, "kind": "appoint", "nominator": "mayor", "nominator_organ": gov,
            "person": Person.objects.create(congress=c.congress, name="拟任人"), "organ": c.city.units["市水务局"],
            "post_title": "市水务局局长", "received_on": dt.date(2026, 3, 1)}
    data.update(kw)
    return Nomination.objects.create(**data)


@time_machine.travel(NOW, tick=False)
def test_new_government_two_months_edge_and_done_needs_the_mayors_nominations(cast):
    c = cast
    duty = services.open_new_government(actor=c.clerk, elected_on=dt.date(2026, 1, 14))
    # two months to the corresponding day, 14 March 2026 — a Saturday, so the period ends on Monday the 16th
    # (民法典 第二百零三条, rule CAL-PERIOD)
    assert duty.due_on == dt.date(2026, 3, 16)
    with pytest.raises(ValidationError):
        services.open_new_government(actor=c.clerk, elected_on=dt.date(2026, 1, 14))
    with pytest.raises(RuleViolation) as exc:  # nothing received yet
        services.duty_transition(actor=c.clerk, duty=duty, action="done", done_on=dt.date(2026, 3, 10),
                                 done_ref="市政府提请任命")
    assert exc.value.rule.id == "APPT-NEW-GOV"
    _nomination(c, received_on=dt.date(2026, 3, 16))
    duty = services.duty_transition(actor=c.clerk, duty=duty, action="done", done_on=dt.date(2026, 3, 16),
                                    done_ref="市长提请任命市水务局局长等")
    assert duty.status == DutyStatus.DONE and not duty.late  # on the last day: in time
    late = services.open_new_government(actor=c.clerk, elected_on=dt.date(2026, 1, 12))
    assert late.due_on == dt.date(2026, 3, 12)  # a Thursday
    _nomination(c, received_on=dt.date(2026, 3, 13))  # a day after the period
    late = services.duty_transition(actor=c.clerk, duty=late, action="done", done_on=dt.date(2026, 3, 13),
                                    done_ref="提请任命")
    assert late.late


@time_machine.travel(NOW, tick=False)
def test_an_accepted_resignation_opens_its_filing_due_at_the_next_session(cast):
    c = cast
    CongressSession.objects.create(congress=c.congress, term=Term.objects.get(congress=c.congress), number=2,
                                   start_date=dt.date(2027, 1, 10))
    nom = _nomination(c, kind="resign", nominator="self", post_title="市水务局局长")
    assert not AppointmentDuty.objects.filter(nomination=nom).exists()  # received, not yet decided
    nom.status, nom.decided_on = "approved", dt.date(2026, 4, 15)
    nom.save()
    nom.save()  # saved again: still one
    duty = AppointmentDuty.objects.get(nomination=nom)
    assert duty.kind == AppointmentDuty.Kind.RESIGNATION and duty.due_on == dt.date(2027, 1, 10)
    # an ordinary appointment calls for no filing here
    assert not AppointmentDuty.objects.filter(nomination=_nomination(c, status="approved")).exists()


@time_machine.travel(NOW, tick=False)
def test_acting_chief_procurator_filing_is_due_in_working_days_and_waits_in_the_inbox(cast):
    from renda.core import inbox

    c = cast
    proc = _org(c, Organization.Kind.PROCURATORATE)
    nom = _nomination(c, nominator="chairs_council", organ=proc, post_title="市人民检察院代理检察长",
                      status="approved", decided_on=dt.date(2026, 4, 16))
    duty = AppointmentDuty.objects.get(nomination=nom)
    assert duty.kind == AppointmentDuty.Kind.ACTING_PROCURATOR and duty.due_on > dt.date(2026, 5, 16)
    rows = [r for r in inbox.items(c.clerk) if r.obj == duty]
    assert rows and rows[0].due == duty.due_on
    for user in (c.member, c.committee, c.deputy, c.unit_user, c.outsider_clerk):
        assert login(user).get(reverse("meetings:duty", args=[duty.pk])).status_code == 404
    with pytest.raises(RuleViolation):  # what was sent must be recorded
        services.duty_transition(actor=c.clerk, duty=duty, action="done", done_ref=" ")
    r = login(c.clerk).post(f"/api/v1/workflow/meetings.appointmentduty/{duty.pk}/done",
                            {"done_ref": "已报省人民检察院和省人大常委会备案"}, content_type="application/json")
    assert r.status_code == 200
    assert "已办结" in login(c.leader).get(reverse("meetings:duty", args=[duty.pk])).content.decode()
