"""Extreme page numbers, dates and years at every list and calendar, web and API, as every role (issue 15, item 6).

`?page=99999999999999999999999`, `/supervision/filings/annual/1/` and `/99999/`, `/deputies/calendar/?date=0001-01-01`
and `9999-12-31` (page, API and .ics) answered 500. Every URL pattern without an id parameter (every list, calendar,
dashboard and export; found by walking the URL configuration, so new ones are covered) is requested with extreme
`page`, `date`, `year`, `month` and `weeks` values — calendars in each of their views — and every pattern with a year
in its path with extreme years; by every role of the cast and anonymously, pages with the session and API routes with
the role's bearer token. The answer may be a page (clamped), a redirect or a Chinese 4xx — never a 5xx.
"""

from __future__ import annotations

import pytest
from django.test import Client
from tests.security.probe import Param, enumerate_routes

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999999"
QUERIES = [
    {"page": HUGE, "date": "0001-01-01", "year": "0", "month": "0", "weeks": HUGE},
    {"page": "-1", "date": "9999-12-31", "year": HUGE, "month": HUGE, "weeks": "-5"},
]
CALENDAR_QUERIES = [{"view": view, "date": day, "page": "1e400"}
                    for view in ("month", "week", "list") for day in ("0001-01-01", "9999-12-31", "1900-01-01")]
YEARS = ["0", "1", "999", "10000", "99999", HUGE]
ROLES = ["clerk", "leader", "committee", "member", "deputy", "unit_user", "admin", "outsider_clerk", None]


def _routes():
    """(route, fill) for every pattern that needs no row id: its other parameters filled with fixed values."""
    routes, _ = enumerate_routes()
    out = []
    for r in routes:
        if r.int_params or r.template.startswith("/admin/"):
            continue
        params = [p for p in r.parts if isinstance(p, Param)]
        if any(p.kind == "word" for p in params):
            continue  # free path words (actions, keys): not lists
        out.append(r)
    return out


def _url(route, **values) -> str:
    def value(p: Param) -> str:
        if p.kind == "code":
            return values.get("code", "t-city")
        if p.kind == "year":
            return values.get("year", "2026")
        return p.choices[0]
    return "/" + "".join(p if isinstance(p, str) else value(p) for p in route.parts)


def _clients(cast, who):
    from renda.core.tokens import token_create

    if who is None:
        return Client(raise_request_exception=False), Client(raise_request_exception=False)
    user = getattr(cast, who)
    web = Client(raise_request_exception=False)
    web.force_login(user)
    token = token_create(actor=user, user=user, name="参数模糊测试")[1]
    return web, Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Bearer {token}")


def test_extreme_pages_dates_and_years_never_answer_5xx(cast):
    routes = _routes()
    assert any("calendar" in r.template for r in routes) and any(r.api for r in routes)
    year_routes = [r for r in routes if any(isinstance(p, Param) and p.kind == "year" for p in r.parts)]
    assert any("filings/annual" in r.template for r in year_routes)
    failures, requests = [], 0
    for who in ROLES:
        web, api = _clients(cast, who)
        for route in routes:
            client = api if route.api else web
            queries = QUERIES + (CALENDAR_QUERIES if "calendar" in route.template else [])
            for query in queries:
                resp = client.get(_url(route), query)
                requests += 1
                if resp.status_code >= 500:
                    failures.append(f"[{who or 'anonymous'}] GET {_url(route)}?{query} → {resp.status_code}")
        for route in year_routes:
            client = api if route.api else web
            for year in YEARS:
                resp = client.get(_url(route, year=year))
                requests += 1
                if resp.status_code >= 500:
                    failures.append(f"[{who or 'anonymous'}] GET {_url(route, year=year)} → {resp.status_code}")
    assert requests > 1000
    assert not failures, "\n".join(failures)


def test_each_reported_case_gets_a_clear_answer(cast):
    web, api = _clients(cast, "clerk")
    for year in ("1", "99999", "0"):
        resp = web.get(f"/supervision/filings/annual/{year}/")
        assert resp.status_code == 400 and "年份超出范围" in resp.content.decode()
    assert web.get("/supervision/filings/annual/2026/").status_code == 200
    for day in ("0001-01-01", "9999-12-31"):
        for view in ("month", "week", "list"):
            page = web.get("/deputies/calendar/", {"date": day, "view": view})
            assert page.status_code == 200  # clamped to the platform's calendar (1900–2199)
        assert web.get("/deputies/calendar/export.ics", {"date": day}).status_code == 200
        resp = api.get("/api/v1/deputies/calendar", {"date": day})
        assert resp.status_code == 422 and "日期超出范围" in str(resp.json()["errors"])
    assert api.get("/api/v1/deputies/calendar", {"date": "2026-11-26"}).status_code == 200
    resp = web.get("/participation/", {"page": HUGE})
    assert resp.status_code == 200
