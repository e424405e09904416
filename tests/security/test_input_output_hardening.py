"""Issue 15, items 5, 8, 9 and 10: each attack reproduced against the platform (the fixes in renda.core).

5. rate limits counted per process: /readyz is not ready with a per-process cache in production, and `make
   prod-check` neither falls back to one nor passes with one;
8. the citizen's receipt cookie (`po_receipt`) is Secure (with HttpOnly and SameSite=Lax) in production;
9. an upload whose content is another type than its name says is stored and downloaded under the detected type;
10. /api/v1/docs loads nothing from another host; the public review-request API refuses cross-site `text/plain`
    (and form) posts, takes the page's honeypot and size limit, and every 429 carries Retry-After; the
    "suggest as supervision topic" form recomputes the counts instead of trusting the posted ones.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import re
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from tests.conftest import password_login as login

from renda.core import attachments

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
POLYGLOT = PNG + b"<html><body><script>alert(document.cookie)</script></body></html>"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()




# ---- 5. one rate-limit count for all workers -------------------------------------------------------------------
def _production(settings, tmp_path, backend: str, **extra):
    settings.TESTING = False
    settings.DEBUG = False
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CACHES = {"default": {"BACKEND": backend, **extra}}


def test_readyz_is_not_ready_with_a_per_process_cache_in_production(client, settings, tmp_path):
    _production(settings, tmp_path, "django.core.cache.backends.locmem.LocMemCache")
    resp = client.get("/readyz")
    assert resp.status_code == 503
    check = resp.json()["checks"]["cache"]
    assert check["ok"] is False and "RENDA_REDIS_URL" in check["detail"] and "进程" in check["detail"]


def test_readyz_accepts_a_shared_cache_in_production(client, settings, tmp_path):
    # a cache all workers share (Redis in production; a file cache stands in for it here)
    _production(settings, tmp_path, "django.core.cache.backends.filebased.FileBasedCache",
                LOCATION=str(tmp_path / "cache"))
    resp = client.get("/readyz")
    assert resp.json()["checks"]["cache"]["ok"] is True, resp.json()


def test_readyz_allows_the_per_process_cache_in_development_and_tests(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    assert client.get("/readyz").json()["checks"]["cache"]["ok"] is True


def _prod_check():
    spec = importlib.util.spec_from_file_location("renda_prod_check", ROOT / "deploy" / "prod_check.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_prod_check_fails_without_redis_instead_of_falling_back(monkeypatch, tmp_path):
    prod_check = _prod_check()
    stack = prod_check.Stack(workdir=tmp_path)
    monkeypatch.setattr(prod_check.shutil, "which", lambda name: None)
    with pytest.raises(RuntimeError, match="redis-server"):
        stack.start_redis()
    assert stack.env["RENDA_REDIS_URL"].startswith("redis://")  # never dropped for the in-process cache
    assert not prod_check.shared_cache_backend("django.core.cache.backends.locmem.LocMemCache")
    assert prod_check.shared_cache_backend("django.core.cache.backends.redis.RedisCache")


def test_prod_check_gives_each_service_its_own_port(monkeypatch, tmp_path):
    """The ports are chosen before the services take them; the kernel may offer a just-closed port twice (a CI run
    once put PostgreSQL and nginx's http listener on the same port)."""
    prod_check = _prod_check()
    offered = iter([41697, 41697, 41698, 41697, 41699, 41700, 41701])

    class FakeSocket:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def bind(self, address):
            self.port = next(offered)

        def getsockname(self):
            return ("127.0.0.1", self.port)

    monkeypatch.setattr(prod_check.socket, "socket", FakeSocket)
    assert [prod_check.free_port() for _ in range(4)] == [41697, 41698, 41699, 41700]
    monkeypatch.undo()
    stack = prod_check.Stack(workdir=tmp_path)
    ports = [stack.pg_port, stack.redis_port, stack.app_port, stack.https_port, stack.http_port]
    assert len(set(ports)) == len(ports)


# ---- 8. the receipt cookie -------------------------------------------------------------------------------------
def _submit_opinion(cast):
    from renda.participation import services
    from renda.participation.models import Category

    services.category_ensure_defaults(congress=cast.congress)
    category = Category.objects.filter(congress=cast.congress).first()
    client = Client()
    url = f"/participation/public/{cast.congress.code}/submit/"
    page = client.get(url)
    token = re.search(r'name="submission_token" value="([^"]+)"', page.content.decode()).group(1)
    resp = client.post(url, {"category": category.pk, "place": "南湖区", "text": "南湖河道发黑发臭，希望治理。",
                             "name": "", "phone": "", "email": "", "website": "", "submission_token": token})
    assert resp.status_code == 303, resp.content.decode()[:300]
    return resp


def test_receipt_cookie_is_secure_httponly_and_lax_in_production(cast, settings):
    settings.SESSION_COOKIE_SECURE = True  # production (RENDA_SECURE_COOKIES, on unless DEBUG/TESTING)
    morsel = _submit_opinion(cast).cookies["po_receipt"]
    assert morsel["secure"] is True
    assert morsel["httponly"] is True and morsel["samesite"] == "Lax"
    assert morsel["path"] == f"/participation/public/{cast.congress.code}/"


def test_receipt_cookie_follows_the_setting_in_development(cast, settings):
    settings.SESSION_COOKIE_SECURE = False  # plain http on 127.0.0.1
    morsel = _submit_opinion(cast).cookies["po_receipt"]
    assert not morsel["secure"] and morsel["httponly"] is True


# ---- 9. the name follows the content -----------------------------------------------------------------------------
@pytest.mark.parametrize("name,media_type,expected", [
    ("poly.html", "image/png", "poly.png"),
    ("报告.PDF", "application/pdf", "报告.PDF"),
    ("photo.jpeg", "image/jpeg", "photo.jpeg"),
    ("photo.svg", "image/jpeg", "photo.jpg"),
    ("表格.xls", "application/msword", "表格.xls"),
    ("说明", "application/pdf", "说明.pdf"),
    ("a.png.exe", "image/png", "a.png.png"),
    ("x.html.", "image/png", "x.png"),
    ("../../etc/passwd", "application/pdf", ".._.._etc_passwd.pdf"),
    ("", "application/pdf", "附件.pdf"),
    ("长" * 300 + ".html", "application/pdf", "长" * 196 + ".pdf"),
])
def test_download_name(name, media_type, expected):
    assert attachments.download_name(name, media_type) == expected


def test_polyglot_upload_is_stored_and_served_as_what_it_is(plan_world):
    from renda.core.models import Attachment

    c = plan_world
    att = attachments.attach(actor=c.clerk, obj=c.item_water, upload=SimpleUploadedFile("poly.html", POLYGLOT))
    assert att.media_type == "image/png" and att.name == "poly.png"
    resp = login(c.clerk).get(f"/attachments/{att.pk}/")
    assert resp.status_code == 200 and resp["Content-Type"] == "image/png"
    assert resp["Content-Disposition"].startswith("attachment;") and 'filename="poly.png"' in resp["Content-Disposition"]
    assert ".html" not in resp["Content-Disposition"]
    # a row stored before this rule keeps its name in the database but is downloaded under the detected type
    Attachment.objects.filter(pk=att.pk).update(name="旧附件.html")
    resp = login(c.clerk).get(f"/attachments/{att.pk}/")
    assert ".html" not in resp["Content-Disposition"] and "%E6%97%A7%E9%99%84%E4%BB%B6.png" in resp["Content-Disposition"]


def test_api_downloads_are_named_after_the_content_too(cast):
    from tests.proposals.factories import assigned

    from renda.core.tokens import token_create

    a = assigned(cast).assignments.get()
    att = attachments.attach(actor=cast.clerk, obj=a.proposal, upload=SimpleUploadedFile("reply.html", POLYGLOT))
    token = token_create(actor=cast.unit_user, user=cast.unit_user, name="测试")[1]
    resp = Client(HTTP_AUTHORIZATION=f"Bearer {token}").get(
        f"/api/v1/proposals/assignments/{a.pk}/attachments/{att.pk}")
    assert resp.status_code == 200 and resp["Content-Type"] == "image/png"
    assert 'filename="reply.png"' in resp["Content-Disposition"]


# ---- 10. the API documentation, the public API, 429s, the topic suggestion ---------------------------------------
def test_api_docs_load_nothing_from_another_host(client, settings):
    resp = client.get("/api/v1/docs")
    assert resp.status_code == 200
    html = resp.content.decode()
    refs = re.findall(r'(?:src|href)\s*=\s*["\']([^"\']+)["\']', html)
    assert any(r.endswith(".js") for r in refs) and any(r.endswith(".css") for r in refs)
    for ref in refs:
        assert ref.startswith("/") and not ref.startswith("//"), f"external reference: {ref}"
        assert ref.startswith(settings.STATIC_URL), ref
        assert client.get(ref).status_code == 200, ref  # served by the platform itself
    assert not re.search(r"https?://|//cdn", html, re.I)


def _review_url(cast, tail=""):
    return f"/api/v1/supervision/public/{cast.congress.code}/review-requests{tail}"


FORM = {"requester_kind": "citizen", "requester_name": "王五", "contact": "13900000000",
        "document_title": "XX市电动自行车管理规定", "issuer": "市人民政府",
        "reasons": "规定要求每年年检并收费，缺乏法律依据，增加了群众负担。"}


def test_public_review_api_refuses_cross_site_simple_posts(cast):
    from renda.supervision.models import ReviewRequest

    client = Client()
    # what a page on another site can make a visitor's browser send without a CORS preflight
    plain = client.post(_review_url(cast), json.dumps(FORM), content_type="text/plain")
    assert plain.status_code == 415 and "JSON" in plain.json()["detail"]
    form = client.post(_review_url(cast), FORM)  # application/x-www-form-urlencoded … multipart
    assert form.status_code == 415
    track = client.post(_review_url(cast, "/track"), json.dumps({"code": "X"}), content_type="text/plain")
    assert track.status_code == 415
    assert not ReviewRequest.objects.exists()
    ok = client.post(_review_url(cast), FORM, content_type="application/json")
    assert ok.status_code == 201 and ReviewRequest.objects.count() == 1


def test_public_review_api_has_the_pages_honeypot_and_size_limit(cast):
    from renda.supervision.models import ReviewRequest

    client = Client()
    bot = client.post(_review_url(cast), {**FORM, "website": "http://spam.example"}, content_type="application/json")
    assert bot.status_code == 400 and "校验" in bot.json()["detail"]
    big = client.post(_review_url(cast), {**FORM, "issuer": "很长" * 40000}, content_type="application/json")
    assert big.status_code == 413 and "过大" in big.json()["detail"]
    assert not ReviewRequest.objects.exists()


def test_every_429_carries_retry_after(cast):
    from renda.core import rules

    client = Client()
    limit = int(rules.param(cast.congress, "SUP-PUBLIC-LIMIT", "submissions_per_hour"))
    for _ in range(limit):
        assert client.post(_review_url(cast), FORM, content_type="application/json").status_code == 201
    resp = client.post(_review_url(cast), FORM, content_type="application/json")
    assert resp.status_code == 429 and resp.json()["rule"] == "SUP-PUBLIC-LIMIT"
    assert int(resp["Retry-After"]) > 0
    lookups = int(rules.param(cast.congress, "SUP-PUBLIC-LIMIT", "lookups_per_hour"))
    for _ in range(lookups):
        client.post(_review_url(cast, "/track"), {"code": "NOPE"}, content_type="application/json")
    resp = client.post(_review_url(cast, "/track"), {"code": "NOPE"}, content_type="application/json")
    assert resp.status_code == 429 and int(resp["Retry-After"]) > 0


def test_topic_suggestion_recomputes_the_counts(cast):
    from renda.participation import services
    from renda.participation.models import Category, TopicSuggestion

    services.category_ensure_defaults(congress=cast.congress)
    cats = {c.name: c for c in Category.objects.filter(congress=cast.congress)}
    now = timezone.now()
    for i in range(6):
        services.opinion_submit(congress=cast.congress, category=cats["生态环境"], place="南湖区",
                                text=f"南湖河道黑臭水体问题严重第{i}处", submitted_at=now - dt.timedelta(days=i))
    clerk = login(cast.clerk)
    # the browser's hidden fields say a thousand opinions in a week, in another category
    resp = clerk.post("/participation/hot/suggest/", {"word": "黑臭水体", "recent": 100000, "previous": 0,
                                                      "weeks": 4, "category": "教育"})
    assert resp.status_code == 302
    s = TopicSuggestion.objects.get(congress=cast.congress)
    assert s.recent_count == 6 and s.previous_count == 0 and s.weeks == 4
    assert s.category == cats["生态环境"] and "100000" not in s.rationale
    # a word that is not a rising topic (or a forged one) is not recorded
    clerk.post("/participation/hot/suggest/", {"word": "随便写的话题", "recent": 50, "previous": 0})
    clerk.post("/participation/hot/suggest/", {"word": "黑臭水体x", "recent": 99999999999999999999999})
    assert TopicSuggestion.objects.count() == 1
