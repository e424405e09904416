"""The deputies volume generator (the demo city's deputies are checked in tests/test_demo.py)."""

import pytest

from renda.core import audit
from renda.deputies.models import Activity, Issue

pytestmark = pytest.mark.django_db




def test_the_volume_generator_fills_every_congress_with_deputies(cast):
    from renda.core.seeding import SCALES, SeedContext
    from renda.deputies.seed import generate

    ctx = SeedContext(scale=SCALES["city"], main=cast.city, others=[cast.other])
    report = generate(ctx)
    assert report["stations"] == len(cast.city.delegations) + len(cast.other.delegations)
    assert report["activities"] == 2 * (20 + 10)
    assert Activity.objects.filter(congress=cast.congress).count() == 40
    assert Issue.objects.filter(congress=cast.other.congress).count() == 10
    assert audit.verify() == []
