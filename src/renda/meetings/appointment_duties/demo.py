"""Demo: the new government's two-month period (组织法 第七十一条), recorded done when the mayor's nominations of the
story were received; filings of approved resignations and acting chief procurators open themselves."""

from __future__ import annotations

from renda.core.models import CongressSession
from renda.demo.clock import D
from renda.meetings.appointment_duties import services
from renda.meetings.models import Nomination, NominationKind, Nominator


def load(ctx) -> None:
    office = ctx.users["bangongting"]
    # the new government's leaders were elected at the term's first session
    first_session = (CongressSession.objects.filter(congress=ctx.city.congress).order_by("start_date")
                     .values_list("start_date", flat=True).first())
    duty = services.open_new_government(actor=office, elected_on=first_session or D(2026, 1, 10))
    first = (Nomination.objects.filter(congress=ctx.city.congress, kind=NominationKind.APPOINT,
                                       nominator=Nominator.MAYOR, received_on__gte=duty.occurred_on)
             .order_by("received_on").first())
    if first is not None and first.received_on <= ctx.today:
        services.duty_transition(actor=office, duty=duty, action="done", done_on=first.received_on,
                                 done_ref=f"市长提请任命{first.person}为{first.post_title}等")
    ctx.say("已登记新一届政府提请任命的法定时限；任免案通过后备案事项自动列入待办")
