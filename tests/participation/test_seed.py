"""The opinion channel's volume seed: the rows it says it wrote are in the table, the bar moved by all of them."""

import datetime as dt
import random

import pytest

from renda.participation.models import Opinion
from renda.participation.seed import _fill

pytestmark = pytest.mark.django_db


class _Bar:
    def __init__(self):
        self.moved = 0

    def update(self, n):
        self.moved += n


def test_the_seed_writes_what_it_counts(po):
    bar = _Bar()
    made = _fill(po.congress, [po.water, po.school], 2_005, random.Random(5), dt.date(2026, 11, 26), bar)
    assert made == 2_005 == bar.moved == Opinion.objects.filter(congress=po.congress).count()
    routed = Opinion.objects.filter(congress=po.congress).exclude(handler=None)
    assert routed.exists() and set(routed.values_list("handler_id", flat=True)) <= {po.water.pk, po.school.pk}
