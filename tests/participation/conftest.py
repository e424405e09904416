"""Fixtures of the public-opinion channel tests: the cast, a deputy login in a liaison station, helpers."""

import re

import pytest
from tests.conftest import password_login as login  # noqa: F401 (this package's tests import it from here)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n" + b"0" * 64 + b"\n%%EOF"
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The rate-limit counters live in the cache: every test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def po(cast):
    """The cast plus the opinion channel's own pieces: categories, a station with the cast's deputy."""
    from renda.deputies.models import Deputy, Station
    from renda.participation import services
    from renda.participation.models import Category

    services.category_ensure_defaults(congress=cast.congress)
    services.category_ensure_defaults(congress=cast.other.congress)
    cast.cats = {c.name: c for c in Category.objects.filter(congress=cast.congress)}
    cast.deputy_record = Deputy.objects.get(congress=cast.congress, person=cast.deputy.person)
    cast.station = Station.objects.create(congress=cast.congress, name="甲市东城区代表联络站", district="东城区")
    cast.station.deputies.add(cast.deputy_record)
    cast.water = cast.city.units["市水务局"]
    cast.school = cast.city.units["市教育局"]
    cast.cjhb = cast.city.bodies["cjhb"]
    return cast




def form_token(html: str) -> str:
    return re.search(r'name="submission_token" value="([^"]+)"', html).group(1)


def submit_url(congress):
    return f"/participation/public/{congress.code}/submit/"


def track_url(congress):
    return f"/participation/public/{congress.code}/track/"


def public_submit(client, congress, category, *, text="南湖河道发黑发臭，希望治理。", token=None, files=None, **extra):
    """GET the form (token + CSRF cookie), then POST it; returns the POST response."""
    page = client.get(submit_url(congress))
    assert page.status_code == 200
    data = {"category": category.pk, "place": "南湖区青石街道", "text": text, "name": "", "phone": "", "email": "",
            "website": "", "submission_token": token or form_token(page.content.decode()), **extra}
    if files:
        data["files"] = files
    return client.post(submit_url(congress), data)


def code_from_receipt(client, response) -> str:
    assert response.status_code == 303, response.content.decode()[:500]
    done = client.get(response["Location"])
    assert done.status_code == 200
    m = re.search(r'data-testid="tracking-code">([A-Z0-9-]+)<', done.content.decode())
    return m.group(1)
