"""The deputies' bulk imports are all or nothing even when they die in the middle of writing.

Each import first validates every row (a bad row refuses the batch with a report, see test_registry.py),
then writes inside one transaction. Here the write itself is made to fail part-way (as a lost database
connection or a killed process would): no row of the batch remains, the audit trail has no import record,
and an edit form opened before the import cannot later save over imported values (lock_version moves).
"""

from unittest import mock

import pytest
from django.db.models import QuerySet

from renda.core.errors import ConflictError
from renda.core.models import AuditEvent
from renda.deputies import services
from renda.deputies.models import Deputy

pytestmark = pytest.mark.django_db


class Killed(BaseException):
    pass


def _fail_after(n_calls: int):
    """Let QuerySet.update run n_calls times, then die (the first writes really happened)."""
    real = QuerySet.update
    calls = {"n": 0}

    def update(self, **kwargs):
        calls["n"] += 1
        if calls["n"] > n_calls:
            raise Killed
        return real(self, **kwargs)

    return mock.patch.object(QuerySet, "update", update)


def test_private_data_import_killed_midway_leaves_nothing(dep_world):
    c = dep_world
    deputies = list(Deputy.objects.filter(term=c.city.term).exclude(pk=c.me.pk).order_by("id")[:4])
    phones = {d.pk: d.phone for d in deputies}
    imports_before = AuditEvent.objects.filter(action="import").count()
    rows = [{"deputy": d.pk, "id_number": "", "phone": f"1391234{5670 + i}"} for i, d in enumerate(deputies)]
    with _fail_after(2), pytest.raises(Killed):
        services.registry_bulk_private(actor=c.dbw, term=c.city.term, rows=rows)
    assert {d.pk: d.phone for d in Deputy.objects.filter(pk__in=phones)} == phones
    assert AuditEvent.objects.filter(action="import").count() == imports_before

    report = services.registry_bulk_private(actor=c.dbw, term=c.city.term, rows=rows)  # the re-run applies it all
    assert report.updated == 4
    assert sorted(Deputy.objects.filter(pk__in=phones).values_list("phone", flat=True)) == [
        f"1391234{5670 + i}" for i in range(4)]


def test_composition_import_killed_between_people_and_deputies_leaves_nothing(dep_world):
    c = dep_world
    deputies = list(Deputy.objects.filter(term=c.city.term).select_related("person").order_by("id")[:3])
    before = {d.pk: (d.person.ethnicity, d.sector) for d in deputies}
    rows = [{"deputy": d.pk, "ethnicity": "回族", "sector": "工人"} for d in deputies]
    # Person.ethnicity is written (1 update), then Deputy.sector dies.
    with _fail_after(1), pytest.raises(Killed):
        services.registry_bulk_update(actor=c.dbw, term=c.city.term, rows=rows)
    after = {d.pk: (d.person.ethnicity, d.sector)
             for d in Deputy.objects.filter(pk__in=before).select_related("person")}
    assert after == before


def test_an_edit_form_opened_before_an_import_cannot_overwrite_it(dep_world):
    c = dep_world
    d = Deputy.objects.filter(term=c.city.term).exclude(pk=c.me.pk).order_by("id").first()
    seen = d.lock_version
    services.registry_bulk_update(actor=c.dbw, term=c.city.term, rows=[{"deputy": d.pk, "sector": "工人"}])
    with pytest.raises(ConflictError):
        services.deputy_update(actor=c.dbw, deputy=d, lock_version=seen, sector="农民")
    d.refresh_from_db()
    assert d.sector == "工人"


def test_a_malformed_birth_year_is_a_row_error_not_a_crash(dep_world):
    c = dep_world
    d = Deputy.objects.filter(term=c.city.term).first()
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        services.registry_bulk_update(actor=c.dbw, term=c.city.term, rows=[{"deputy": d.pk, "birth_year": "一九七〇"}])
    assert "第1行：出生年份不正确" in exc.value.messages
