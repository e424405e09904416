"""tests/world_cache.py: a world built once per worker comes back exactly as the build left it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import time_machine
from django.apps import apps
from django.core.files.base import ContentFile
from django.db import connection, transaction
from tests.world_cache import cached_build

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 26, 10, 30, tzinfo=dt.UTC)


def _everything() -> dict[str, list[dict]]:
    """Every row of every model, as the ORM reads it."""
    return {m._meta.label: list(m._default_manager.order_by("pk").values())
            for m in apps.get_models(include_auto_created=True)
            if m._meta.managed and not m._meta.proxy and m._default_manager.exists()}


def _build():
    from renda.core import audit
    from renda.core.models import Attachment, Congress, RuleParameter, SearchEntry
    from renda.demo.builders import build_congress
    from renda.demo.names import NameMaker

    city = build_congress(code="c-city", place="丙市", level=Congress.Level.CITY, names=NameMaker(seed=3),
                          term_number=12, term_start=dt.date(2026, 1, 10), members=5, vice_chairs=1,
                          departments=["市水务局"], deputies=6)
    congress = city.congress
    RuleParameter.objects.create(congress=congress, rule_id="demo.rule", name="days", value={"days": 30, "ok": True})
    SearchEntry.objects.create(congress=congress, kind="news", object_id=1, title="河道治理", url="/x/",
                               year=2026, tokens="河道 治理")
    attachment = Attachment(congress=congress, owner_type="core.congress", owner_id=str(congress.pk), name="a.txt",
                            size=5, media_type="text/plain", sha256="0" * 64)
    attachment.file.save("a.txt", ContentFile(b"hello"), save=True)
    audit.record(actor=None, action="create", obj=congress, after={"name": congress.name})
    return congress


def test_a_cached_build_comes_back_exactly(settings, tmp_path):
    from renda.core.models import Congress
    from renda.core.search import _matches

    settings.MEDIA_ROOT = str(tmp_path / "first")
    built = []

    def build():
        built.append(1)
        return {"congress": _build(), "note": "河道"}

    with time_machine.travel(NOW, tick=False):
        with transaction.atomic():
            first = cached_build("cache-test", build, keep_first=True)
            assert not cached_build.last_was_written_back
            expected = _everything()
            files = sorted(p.relative_to(settings.MEDIA_ROOT) for p in Path(settings.MEDIA_ROOT).rglob("*.txt"))
            transaction.set_rollback(True)
        assert not Congress.objects.filter(code="c-city").exists()

        settings.MEDIA_ROOT = str(tmp_path / "second")  # the next module's own folder
        with transaction.atomic():
            again = cached_build("cache-test", build, keep_first=True)
            assert cached_build.last_was_written_back and len(built) == 1, "written back, not built again"
            assert again == first and again is not first and again["congress"] is not first["congress"]
            assert _everything() == expected
            copied = sorted(p.relative_to(settings.MEDIA_ROOT) for p in Path(settings.MEDIA_ROOT).rglob("*.txt"))
            assert copied == files and files
            congress = Congress.objects.get(code="c-city")
            # The full-text index follows the rows written back, and new rows take ids after them.
            assert _matches(congress.pk, ["河道"], [], None) == [("news", 1)]
            newer = Congress.objects.create(code="c-new", name="新人大", short_name="新", level=congress.level,
                                           standing_committee_name="新人大常委会")
            assert newer.pk > max(c["id"] for c in expected["core.Congress"])
            transaction.set_rollback(True)


def test_another_day_or_other_starting_tables_build_anew(settings, tmp_path):
    from renda.core.models import Congress

    settings.MEDIA_ROOT = str(tmp_path)
    built = []
    with time_machine.travel(NOW, tick=False), transaction.atomic():
        cached_build("cache-test-2", lambda: built.append(1))
        transaction.set_rollback(True)
    with time_machine.travel(NOW + dt.timedelta(days=1), tick=False), transaction.atomic():
        cached_build("cache-test-2", lambda: built.append(2))
        transaction.set_rollback(True)
    with time_machine.travel(NOW, tick=False), transaction.atomic():
        Congress.objects.create(code="c-pre", name="先有的人大", short_name="先", level="city",
                                standing_committee_name="先有的人大常委会")
        cached_build("cache-test-2", lambda: built.append(3))
        transaction.set_rollback(True)
    assert built == [1, 2, 3]
    assert connection.vendor in ("sqlite", "postgresql")


def test_a_build_that_changes_older_rows_is_built_every_time(settings, tmp_path):
    from renda.core.models import Congress

    settings.MEDIA_ROOT = str(tmp_path)
    built = []
    for attempt in (1, 2):
        with time_machine.travel(NOW, tick=False), transaction.atomic():
            older = Congress.objects.create(code="c-old", name="原名", short_name="原", level="city",
                                            standing_committee_name="原常委会")

            def build(n=attempt, pk=older.pk):
                built.append(n)
                Congress.objects.filter(pk=pk).update(name="改名")

            cached_build("cache-test-3", build)
            assert not cached_build.last_was_written_back
            assert Congress.objects.get(pk=older.pk).name == "改名"
            transaction.set_rollback(True)
    assert built == [1, 2]


def test_the_cast_is_the_same_for_every_test(cast):
    """The named cast (tests/conftest.py) goes through the cache: whichever way it came, it is whole."""
    from renda.core.models import User

    assert cast.congress.code == "t-city" and cast.other.congress.code == "t-other"
    assert User.objects.get(pk=cast.clerk.pk).username == "clerk"
    assert cast.deputy.person_id == cast.city.deputies[-1].person.pk
