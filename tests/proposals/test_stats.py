"""The statistics on a hand-built fixture equal the figures computed by hand."""

import datetime as dt

import pytest
from tests.proposals.factories import assigned

from renda.proposals import services, stats
from renda.proposals.models import Assignment, Proposal

pytestmark = pytest.mark.django_db
D = dt.date


def reply(cast, p, cls, on, user=None):
    a = Assignment.objects.get(proposal=p, role="lead")
    return services.reply_submit(actor=user or cast.unit_user, assignment=a, text="答复", result_class=cls,
                                 communication="letter", signer="局长", today=on)


def test_figures_match_hand_computation(cast):
    c = cast
    on = D(2026, 3, 2)  # reply due 2 June 2026
    # Five items for 市水务局, one for 市教育局, one not yet assigned.
    w1 = assigned(c, "水1", on=on)
    w2 = assigned(c, "水2", on=on)
    w3 = assigned(c, "水3", on=on)
    w4 = assigned(c, "水4", on=on)
    assigned(c, "水5", on=on)  # no reply
    e1 = assigned(c, "教1", lead="市教育局", on=on)
    services.proposal_submit(actor=c.clerk, title="未交办", content="建议" * 10, lead_deputy=c.city.deputies[0])
    reply(c, w1, "A", D(2026, 4, 1))
    reply(c, w2, "A", D(2026, 5, 1))
    reply(c, w3, "B", D(2026, 7, 1))  # late
    reply(c, w4, "C", D(2026, 5, 20))
    reply(c, e1, "A", D(2026, 5, 5), user=c.other_unit_user)
    for p, verdict in ((w1, "satisfied"), (w2, "basic"), (w3, "unsatisfied"), (e1, "satisfied")):
        services.proposal_rate(actor=c.clerk, proposal=p, verdict=verdict, comment="意见")

    qs = Proposal.objects.filter(congress=c.congress)
    total = stats.figures(qs)["合计"]
    # Hand: 6 assigned, 5 replied, 4 on time, 4 rated of which 3 satisfied, 3 of 5 replies class A.
    assert (total["assigned"], total["replied"], total["on_time"], total["rated"], total["satisfied"],
            total["class_a"]) == (6, 5, 4, 4, 3, 3)
    assert total["办复率"] == 83.3 and total["按期办复率"] == 66.7 and total["满意率"] == 75.0 and total["A类率"] == 60.0
    by_unit = stats.figures(qs, "unit")
    water = by_unit["市水务局"]
    # Hand: 5 assigned, 4 replied (80%), 3 on time (60%), 3 rated, 2 satisfied (66.7%), 2 of 4 class A (50%).
    assert (water["办复率"], water["按期办复率"], water["满意率"], water["A类率"]) == (80.0, 60.0, 66.7, 50.0)
    assert by_unit["市教育局"]["办复率"] == 100.0
    assert stats.figures(qs, "year")["2026"]["assigned"] == 6
