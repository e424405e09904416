"""Content-Security-Policy: the header on every page, and no inline script, handler, style or javascript: URL —
in the pages as rendered and, so that templates added later are covered too, in every template file."""

import re
from pathlib import Path

import lxml.html
import pytest
from django.urls import NoReverseMatch, reverse

from renda.core import registry

SRC = Path(__file__).resolve().parents[2] / "src" / "renda"
TEMPLATES = sorted(p for p in SRC.rglob("*.html") if "templates" in p.parts)

TAG = re.compile(r"<[a-zA-Z][^<>]*>", re.S)
HANDLER_ATTR = re.compile(r"\s(on[a-z]+|hx-on[:\-a-z]*)\s*=", re.I)
STYLE_ATTR = re.compile(r"\sstyle\s*=", re.I)
SCRIPT_OPEN = re.compile(r"<script\b([^>]*)>", re.I)
JSON_TYPE = re.compile(r"""type\s*=\s*["']application/(ld\+)?json["']""", re.I)


def inline_problems(text: str) -> list[str]:
    """What a strict CSP (script-src 'self'; style-src 'self') would block, found in template source."""
    problems = []
    for m in SCRIPT_OPEN.finditer(text):
        attrs = m.group(1)
        if "src=" not in attrs and not JSON_TYPE.search(attrs):
            problems.append(f"inline <script> at offset {m.start()}")
    if re.search(r"<style\b", text, re.I):
        problems.append("<style> element")
    for tag in TAG.finditer(text):
        t = tag.group(0)
        if HANDLER_ATTR.search(t):
            problems.append(f"event-handler attribute: {t[:80]}")
        if STYLE_ATTR.search(t):
            problems.append(f"style attribute: {t[:80]}")
    if re.search(r"""(href|src|action|formaction)\s*=\s*["']?\s*javascript:""", text, re.I):
        problems.append("javascript: URL")
    return problems


def test_the_template_lint_catches_what_it_should():
    bad = [
        "<script>alert(1)</script>",
        '<button onclick="go()">x</button>',
        '<div hx-on:click="x()"></div>',
        '<p style="color:red">x</p>',
        "<style>p{}</style>",
        '<a href="javascript:void(0)">x</a>',
        '<body\n  onload="x()">',
    ]
    for text in bad:
        assert inline_problems(text), text
    good = [
        '<script src="/static/x.js" defer></script>',
        '<script type="application/json" id="d">{}</script>',
        "{{ data|json_script:'chart-data' }}",
        '<a href="/x" class="once">online</a><p>onclick is a word</p>',
    ]
    for text in good:
        assert not inline_problems(text), text


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(SRC)))
def test_no_template_has_inline_script_handlers_or_styles(path):
    assert not inline_problems(path.read_text(encoding="utf-8")), path


def test_all_templates_were_found():
    assert len(TEMPLATES) > 30 and any(p.name == "base.html" for p in TEMPLATES)


# ---- rendered pages ------------------------------------------------------------------------------------


def assert_strict_csp(resp):
    policy = resp.headers.get("Content-Security-Policy", "")
    directives = {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}
    assert directives.get("default-src") == ["'self'"], policy
    assert directives.get("script-src") == ["'self'"], policy
    assert directives.get("style-src") == ["'self'"], policy
    assert directives.get("object-src") == ["'none'"] and directives.get("frame-ancestors") == ["'none'"], policy
    assert directives.get("form-action") == ["'self'"], policy
    assert set(directives.get("img-src", [])) == {"'self'", "data:"}, policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def assert_no_inline(html: bytes, url: str):
    doc = lxml.html.fromstring(html)
    for el in doc.iter("script"):
        assert el.get("src") or (el.get("type") or "").startswith("application/json"), (url, lxml.html.tostring(el)[:120])
    assert not doc.xpath("//style"), url
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        for name, value in el.attrib.items():
            assert not name.lower().startswith("on"), (url, el.tag, name)
            assert not name.lower().startswith("hx-on"), (url, el.tag, name)
            assert name.lower() != "style", (url, el.tag)
            if name.lower() in {"href", "src", "action", "formaction"}:
                assert not value.strip().lower().startswith("javascript:"), (url, value)


def staff_pages():
    urls = [reverse("home")]
    for area in registry.AREAS.values():
        if area.url_name:
            try:
                urls.append(reverse(area.url_name))
            except NoReverseMatch:  # an area whose start page needs arguments
                continue
    return urls


@pytest.mark.django_db
def test_pages_carry_the_csp_and_no_inline_code(plan_world, client):
    c = plan_world
    resp = client.get(reverse("login"))
    assert resp.status_code == 200
    assert_strict_csp(resp)
    assert_no_inline(resp.content, "login")
    checked = 0
    for user in (c.clerk, c.deputy, c.unit_user):
        client.force_login(user)
        for url in staff_pages():
            resp = client.get(url, follow=True)
            if resp.status_code in {403, 404}:
                continue
            assert resp.status_code == 200, (user, url, resp.status_code)
            assert_strict_csp(resp)
            assert_no_inline(resp.content, url)
            checked += 1
    assert checked >= 10


@pytest.mark.django_db
def test_public_pages_carry_the_csp_and_no_inline_code(cast, client):
    code = cast.congress.code
    for name in ("supervision:public_index", "supervision:public_review", "participation:public_submit",
                 "participation:public_track"):
        try:
            url = reverse(name, kwargs={"code": code})
        except NoReverseMatch:
            continue
        resp = client.get(url)
        assert resp.status_code == 200, (url, resp.status_code)
        assert_strict_csp(resp)
        assert_no_inline(resp.content, url)


@pytest.mark.django_db
def test_error_pages_and_downloads_carry_it_too(cast, client):
    client.force_login(cast.clerk)
    resp = client.get("/no-such-page/")
    assert resp.status_code == 404
    assert_strict_csp(resp)


def test_htmx_indicator_styles_come_from_our_css():
    base = (SRC / "templates" / "base.html").read_text(encoding="utf-8")
    assert '<meta name="htmx-config"' in base and '"includeIndicatorStyles": false' in base
    css = (SRC / "core" / "static" / "renda" / "app.css").read_text(encoding="utf-8")
    assert ".htmx-request .htmx-indicator" in css
