"""The shared defences of public forms: rate limit, honeypot, submission tokens, size limit."""

import pytest
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from renda.core import public


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def _request(ip="10.0.0.1", **meta):
    return RequestFactory().post("/x/", REMOTE_ADDR=ip, **meta)


def test_rate_limit_counts_per_source_and_scope():
    a, b = _request("10.0.0.1"), _request("10.0.0.2")
    assert [public.allow(a, "s", 3) for _ in range(4)] == [True, True, True, False]
    assert public.allow(b, "s", 3)  # another address has its own count
    assert public.allow(a, "other", 3)  # another form has its own count


def test_limited_response_is_429_in_chinese_with_retry_after():
    response = public.limited_response(_request(), retry_after=120)
    assert response.status_code == 429
    assert response["Retry-After"] == "120"
    assert "提交过于频繁" in response.content.decode()
    api = public.limited_response(RequestFactory().post("/api/v1/x"))
    assert api["Content-Type"].startswith("application/json")


def test_honeypot():
    assert not public.honeypot_tripped({public.HONEYPOT_FIELD: ""})
    assert public.honeypot_tripped({public.HONEYPOT_FIELD: "http://spam"})


def test_token_round_trip_and_refusals():
    token = public.issue_token()
    assert public.claim_token(token) == public.claim_token(token)  # the same id: retries are recognisable
    assert public.claim_token(public.issue_token()) != public.claim_token(token)
    for bad in ("", None, "forged", signing.dumps("x", salt="other")):
        with pytest.raises(ValidationError):
            public.claim_token(bad)


def test_too_big_reads_content_length():
    assert public.too_big(_request(CONTENT_LENGTH="2048"), 1024)
    assert not public.too_big(_request(CONTENT_LENGTH="100"), 1024)
    assert public.too_big(_request(CONTENT_LENGTH="nonsense"), 1024)
