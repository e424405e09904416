"""Data migration 0004: the old free-text `Bill.amends` becomes links to the law book's regulations of the same
congress (exact titles, with or without 《》, several names in book-title marks)."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from tests.lawbook.conftest import book  # noqa: F401
from tests.legislation.conftest import make_bill

BEFORE = [("legislation", "0003_bill_regulations")]
AFTER = [("legislation", "0004_bill_amends_to_regulations")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_amends_text_is_matched_to_regulation_titles_of_the_same_congress(book):  # noqa: F811
    import time_machine

    c = book
    with time_machine.travel(dt.datetime(2026, 9, 1, 10, tzinfo=dt.UTC), tick=False):
        several = make_bill(c, title="甲市供水条例")
        bare = make_bill(c, title="甲市市容条例")
        unknown = make_bill(c, title="甲市不存在条例")
        foreign = make_bill(c, title="乙市供水条例")
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes("legislation")
    try:
        old = _migrate(BEFORE)
        Bill = old.get_model("legislation", "Bill")
        Bill.objects.filter(pk=several.pk).update(amends="《甲市供水条例》、《甲市物业条例》")
        Bill.objects.filter(pk=bare.pk).update(amends=" 甲市市容条例 ")
        Bill.objects.filter(pk=unknown.pk).update(amends="《甲市不存在条例》")
        Bill.objects.filter(pk=foreign.pk).update(amends="乙市供水条例")  # only in the other congress
        new = _migrate(AFTER)
        Bill = new.get_model("legislation", "Bill")

        def linked(bill):
            return sorted(Bill.objects.get(pk=bill.pk).regulations.values_list("pk", flat=True))

        assert linked(several) == sorted([c.water.pk, c.property.pk])
        assert linked(bare) == [c.cityscape.pk]
        assert linked(unknown) == []
        assert linked(foreign) == []
    finally:
        _migrate(latest)
