"""A bill promulgated through the legislation workflow enters the law book (the hook in legislation.promulgation)."""

import datetime as dt

import pytest
from tests.legislation.conftest import advance, leg_world  # noqa: F401  (the legislation world fixture)

from renda.lawbook import services
from renda.lawbook.models import EventKind, Regulation

pytestmark = pytest.mark.django_db


def test_a_promulgated_bill_becomes_a_regulation_with_its_events_and_text(leg_world):  # noqa: F811
    c = leg_world
    advance(c, c.bill, "promulgated")
    reg = Regulation.objects.get(congress=c.congress, title=c.bill.title)
    kinds = list(reg.events.values_list("kind", flat=True))
    assert EventKind.PROMULGATED in kinds and EventKind.EFFECTIVE in kinds and EventKind.APPROVED in kinds
    assert reg.events.get(kind=EventKind.PROMULGATED).bill_id == c.bill.pk
    assert services.text_at(reg, dt.date(2026, 9, 30)) is None  # promulgated, not yet in force
    assert services.text_at(reg, dt.date(2026, 10, 1)) is not None
    assert services.record_promulgation(bill=c.bill, actor=c.clerk) is None  # once per bill
    assert Regulation.objects.filter(congress=c.congress, title=c.bill.title).count() == 1
