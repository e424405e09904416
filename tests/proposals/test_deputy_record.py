"""A deputy's performance record lists the motions and suggestions the deputy led."""

import pytest
from tests.proposals.factories import assigned

from renda.deputies.records import RECORD_SOURCES
from renda.proposals.records import deputy_entries

pytestmark = pytest.mark.django_db


def test_proposals_feed_the_deputys_record(cast):
    assert any(name == "proposals" for name, _ in RECORD_SOURCES)
    deputy = cast.city.deputies[-1]
    other = cast.city.deputies[0]
    assert deputy_entries(deputy, 2026) == []
    assigned(cast, title="关于改善河道水质的建议", lead_deputy=deputy)
    assigned(cast, title="关于增设公交线路的建议", lead="市教育局", lead_deputy=other)
    [entry] = deputy_entries(deputy, 2026)
    assert (entry.kind, entry.title) == ("suggestion", "关于改善河道水质的建议")
    assert entry.url.startswith("/proposals/")
    assert deputy_entries(deputy, 2025) == []
