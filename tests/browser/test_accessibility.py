"""Accessibility, checked by axe-core in a real browser: each role's main pages and the public portal have no serious
or critical violation (labels, contrast, landmarks, names of buttons and links…).

axe-core comes from the npm registry at setup (package.json, `npm ci`) and is read from node_modules: nothing is
fetched at run time. It is injected into the page under test through a browser context that bypasses the page's
CSP for the injected script only (the platform's CSP allows no inline script, rightly).
"""

from pathlib import Path

import pytest
from tests.conftest import sign_in

pytestmark = [pytest.mark.browser]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = ("serious", "critical")

STAFF_PAGES = {
    "clerk": ["/", "/inbox/", "/workplan/", "/proposals/", "/supervision/", "/legislation/"],
    "leader": ["/", "/inbox/", "/workplan/"],
    "committee": ["/", "/inbox/", "/supervision/"],
    "member": ["/"],
    "unit_user": ["/", "/inbox/", "/proposals/"],
}
PHONE_PAGES = {"deputy": ["/", "/proposals/", "/deputies/me/"]}
PUBLIC_PAGES = ["/public/{code}/", "/public/{code}/drafts/", "/public/{code}/news/", "/proposals/public/{code}/",
                "/supervision/public/{code}/"]


def _context(browser, *, phone=False):
    if phone:
        return browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True,
                                   has_touch=True, bypass_csp=True)
    return browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}, bypass_csp=True)


def _violations(page) -> list[str]:
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    found = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ["violations"]});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                       nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}));
    }""")
    return [f"{v['impact']} {v['id']}（{v['help']}）: {', '.join(v['nodes'])}" for v in found if v["impact"] in SERIOUS]



def _check(page, base, paths) -> list[str]:
    problems = []
    for path in paths:
        resp = page.goto(base + path)
        assert resp is not None and resp.status == 200, (path, resp and resp.status)
        problems += [f"{path}: {p}" for p in _violations(page)]
    return problems


def test_axe_finds_no_serious_violation_on_each_roles_pages_and_the_portal(transactional_db, live_server, plan_world,
                                                                          browser):
    assert AXE.exists(), "axe-core is missing: run `npm ci`"
    c = plan_world
    base = live_server.url
    problems = []
    for username, paths in [*STAFF_PAGES.items(), *PHONE_PAGES.items()]:
        context = _context(browser, phone=username in PHONE_PAGES)
        page = context.new_page()
        page.set_default_timeout(15000)
        sign_in(page, base, username, c.password)
        problems += [f"{username} {p}" for p in _check(page, base, paths)]
        context.close()
    for phone in (False, True):
        context = _context(browser, phone=phone)
        page = context.new_page()
        problems += [f"公众{'（手机）' if phone else ''} {p}"
                     for p in _check(page, base, [p.format(code=c.congress.code) for p in PUBLIC_PAGES])]
        context.close()
    assert not problems, "\n".join(problems)


def test_axe_sees_a_violation(browser):
    """The check is not blind: a button without a name and an input without a label are reported."""
    context = _context(browser)
    page = context.new_page()
    page.set_content('<html lang="zh-CN"><head><title>测试</title></head><body><main><h1>测试</h1>'
                     '<button></button><input type="text"></main></body></html>')
    found = " ".join(_violations(page))
    context.close()
    assert "button-name" in found and "label" in found


def test_larger_type_on_public_pages(transactional_db, live_server, cast, phone):
    """适老化: the 大字 button enlarges the portal's text and is remembered on the next page."""
    base = live_server.url
    phone.goto(f"{base}/public/{cast.congress.code}/")
    size = phone.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    button = phone.get_by_role("button", name="大字")
    button.click()
    assert button.get_attribute("aria-pressed") == "true"
    assert phone.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") > size
    phone.goto(f"{base}/public/{cast.congress.code}/drafts/")
    assert phone.evaluate("document.documentElement.classList.contains('large-type')")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
