"""Project-wide pytest fixtures.

`shared_dir` points at ../shared (the laws corpus, the seed speech, the domain notes).
Outside CI a missing ../shared skips the tests that need it, with a clear message;
in CI (CI=true) it is an error, so a broken checkout can never pass by skipping.
"""

import contextlib
import os
import shutil
from pathlib import Path

import pytest
from xdist.scheduler import LoadFileScheduling

REPO_ROOT = Path(__file__).resolve().parents[1]


def find_shared_dir() -> Path | None:
    env = os.environ.get("RENDA_SHARED_DIR")
    candidates = [Path(env)] if env else []
    candidates.append(REPO_ROOT.parent / "shared")
    for c in candidates:
        if (c / "data" / "laws").is_dir():
            return c
    return None


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    d = find_shared_dir()
    if d is None:
        if os.environ.get("CI"):
            pytest.fail("../shared (the laws corpus) is missing in CI: the checkout is broken")
        pytest.skip("../shared is absent (set RENDA_SHARED_DIR): corpus tests skipped")
    return d


@pytest.fixture(scope="session")
def laws_dir(shared_dir: Path) -> Path:
    return shared_dir / "data" / "laws"


# ---- the clock ------------------------------------------------------------------------------------------------
# No test may depend on the day it runs. A test that needs a date freezes time itself (time-machine); the rest must
# hold on any day. RENDA_TEST_CLOCK_SHIFT=<days> moves the whole session's clock that many days ahead (ticking), so
# `.ci/run` runs one suite a year ahead and a time bomb shows before the day it would go off.
CLOCK_SHIFT_DAYS = int(os.environ.get("RENDA_TEST_CLOCK_SHIFT", "0") or 0)


@pytest.fixture(scope="session", autouse=True)
def _shifted_clock():
    if not CLOCK_SHIFT_DAYS:
        yield
        return
    import datetime as dt

    import time_machine

    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=CLOCK_SHIFT_DAYS), tick=True):
        yield


# ---- the test databases ---------------------------------------------------------------------------------------
# Built from the models (`--no-migrations` in pyproject's addopts): applying the 16 migrations re-renders the model
# state thousands of times, about 20 s per test database against 1.5 s. The migrations themselves are still
# applied for real: `renda migrate` on a fresh SQLite file and PostgreSQL database in tests/ops/test_backup.py and
# `make prod-check`, and `makemigrations --check` in `.ci/run` keeps them equal to the models. The one thing only a
# migration creates is the full-text index (core 0002, raw SQL); it is added here the same way.
@pytest.fixture(scope="session")
def django_db_setup(request, django_db_setup, django_db_blocker):
    if not request.config.getoption("nomigrations"):
        return  # migrated: migration core 0002 made them
    from importlib import import_module

    from django.db import connection

    search = import_module("renda.core.migrations.0002_search")
    statements = {"sqlite": search.SQLITE, "postgresql": search.POSTGRES}[connection.vendor]
    with django_db_blocker.unblock(), connection.schema_editor() as editor:
        for sql in statements:
            editor.execute(sql)


def pytest_report_header(config):
    if CLOCK_SHIFT_DAYS:
        return f"clock shifted {CLOCK_SHIFT_DAYS} days ahead (RENDA_TEST_CLOCK_SHIFT)"
    return None


def sign_in(page, base: str, username: str, password: str) -> None:
    """Sign in through the login page in the browser (Playwright), as a person does; lands on the home page."""
    page.goto(f"{base}/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/")


def password_login(user, password: str = "pw-0123456789"):
    """A test client signed in through the password check (the tests of sign-in rules; others use `login`)."""
    from django.test import Client

    client = Client()
    assert client.login(username=user.username, password=password)
    return client


def login(user, **headers):
    """A test client signed in as `user` (no password round trip): the one helper every test module uses."""
    from django.test import Client

    client = Client(**headers)
    client.force_login(user)
    return client


# ---- the named cast -----------------------------------------------------------------------------------
# Two congresses; in the first: clerk (办公厅), leader (vice-chair), committee (城建环保委 staff),
# other_committee (财经委 staff), member, deputy, unit_user (市水务局), other_unit_user (市教育局), admin;
# in the second: outsider_clerk. Built through the same builders as the demo, small.


class Cast:
    pass


@pytest.fixture
def cast(db):
    """The named cast, built once per worker and written back for each test (tests/world_cache.py)."""
    from tests.world_cache import cached_build

    return cached_build("cast", _build_cast)


def _build_cast() -> Cast:
    import datetime as dt

    from renda.core.models import Congress
    from renda.core.roles import Role
    from renda.demo.builders import build_congress, make_user
    from renda.demo.names import NameMaker

    c = Cast()
    names = NameMaker(seed=1)
    c.city = build_congress(
        code="t-city", place="甲市", level=Congress.Level.CITY, names=names, term_number=12,
        term_start=dt.date(2026, 1, 10), members=11, vice_chairs=3,
        departments=["市水务局", "市教育局", "市财政局"], deputies=20,
    )
    c.other = build_congress(
        code="t-other", place="乙市", level=Congress.Level.CITY, names=NameMaker(seed=2), term_number=9,
        term_start=dt.date(2026, 1, 12), members=9, vice_chairs=2, departments=["市水务局"], deputies=10,
    )
    c.congress = c.city.congress
    pw = "pw-0123456789"
    c.password = pw
    cong = c.congress
    c.clerk = make_user("clerk", pw, congress=cong, role=Role.OFFICE, display_name="办公厅", organization=c.city.bodies["bgt"])
    c.leader = make_user("leader", pw, congress=cong, role=Role.LEADER, display_name="副主任", person=c.city.vice_chairs[0])
    c.committee = make_user("committee", pw, congress=cong, role=Role.COMMITTEE, display_name="城建环保委",
                            organization=c.city.bodies["cjhb"])
    c.other_committee = make_user("other_committee", pw, congress=cong, role=Role.COMMITTEE, display_name="财经委",
                                  organization=c.city.bodies["cjw"])
    c.member = make_user("member", pw, congress=cong, role=Role.MEMBER, display_name="委员", person=c.city.members[-1])
    c.deputy = make_user("deputy", pw, congress=cong, role=Role.DEPUTY, display_name="代表",
                         person=c.city.deputies[-1].person)
    c.unit_user = make_user("unit_user", pw, congress=cong, role=Role.UNIT, display_name="水务局",
                            organization=c.city.units["市水务局"])
    c.other_unit_user = make_user("other_unit_user", pw, congress=cong, role=Role.UNIT, display_name="教育局",
                                  organization=c.city.units["市教育局"])
    c.admin = make_user("admin", pw, congress=cong, role=Role.ADMIN, display_name="管理员", superuser=True)
    c.outsider_clerk = make_user("outsider_clerk", pw, congress=c.other.congress, role=Role.OFFICE,
                                 display_name="乙市办公厅", organization=c.other.bodies["bgt"])
    return c


@pytest.fixture
def plan_world(cast):
    """An issued plan of the first congress with three items, and a draft plan in the other congress."""
    from renda.workplan import services as wp
    from renda.workplan.models import Category

    city = cast.city
    plan = wp.plan_create(actor=cast.clerk, year=2026)
    cast.plan = plan
    cast.item_water = wp.item_create(
        actor=cast.clerk, plan=plan, category=Category.PROPOSALS, title="督办《关于综合治理水环境的议案》",
        vice_chair=city.vice_chairs[0], lead_body=city.bodies["cjhb"], counterpart=city.units["市水务局"],
        planned_month=6,
    )
    cast.item_school = wp.item_create(
        actor=cast.clerk, plan=plan, category=Category.RESEARCH, title="义务教育均衡发展专题调研",
        vice_chair=city.vice_chairs[1], lead_body=city.bodies["cjw"], counterpart=city.units["市教育局"],
        planned_month=9,
    )
    cast.item_report = wp.item_create(
        actor=cast.clerk, plan=plan, category=Category.SPECIAL_REPORT, title="听取和审议计划执行情况的报告",
        vice_chair=city.vice_chairs[1], lead_body=city.bodies["cjw"], counterpart=city.organs["gov"],
        planned_month=7,
    )
    wp.plan_transition(actor=cast.clerk, plan=plan, action="submit")
    wp.plan_transition(actor=cast.leader, plan=plan, action="adopt")
    wp.plan_transition(actor=cast.clerk, plan=plan, action="issue", doc_number="甲人常发〔2026〕1号")
    cast.other_plan = wp.plan_create(actor=cast.outsider_clerk, year=2026)
    cast.other_item = wp.item_create(
        actor=cast.outsider_clerk, plan=cast.other_plan, category=Category.RESEARCH, title="乙市调研",
        vice_chair=cast.other.vice_chairs[0], lead_body=cast.other.bodies["cjw"],
        counterpart=cast.other.units["市水务局"], planned_month=5,
    )
    for obj in ("plan", "item_water", "item_school", "item_report"):
        getattr(cast, obj).refresh_from_db()
    return cast


@pytest.fixture(autouse=True)
def _media_in_tmp(request, tmp_path):
    """Uploaded files of a test go to its own temporary folder (a no-op when run without pytest-django)."""
    if not request.config.pluginmanager.hasplugin("django"):
        return
    request.getfixturevalue("settings").MEDIA_ROOT = tmp_path / "media"


# ---- Playwright driving Debian's chromium (/usr/bin/chromium); never `playwright install` ----------------------
# One browser for the whole session, whichever directory a browser test lives in (a second `sync_playwright()`
# in the same thread fails: "Sync API inside the asyncio loop").
# Playwright's sync API keeps an event loop in this thread; the test's own ORM calls are synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("RENDA_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage"]


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"chromium not found at {CHROMIUM}: `make browser-deps` installs Debian's chromium")
        pytest.skip("chromium is not installed (apt-get install chromium): browser tests skipped")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


# ---- scheduling: the longest modules first --------------------------------------------------------------------
# With two workers (`make test` runs `pytest -n 2 --dist loadfile`) a module is one unit of work handed out in
# collection order: the few modules that take minutes start first, then the others by their number of tests, so
# neither worker is left running one long module alone at the end. Order within a module is unchanged; without
# xdist this only changes the module order. The list is the slowest modules measured (`--junitxml`, summed per
# module; see docs/PERFORMANCE.md "The test suite (CI time)"), slowest first; tests/test_suite_order.py checks
# each one exists.
SLOW_MODULES = (
    "tests/security/test_access_probe.py",
    "tests/api/test_fuzz.py",
    "tests/ops/test_backup.py",
    "tests/test_crawl.py",
    "tests/security/test_param_fuzz.py",
    "tests/deputies/test_home_calendar_demo.py",
    "tests/budget/test_reports_demo.py",
    "tests/deputies/test_statutory_demo.py",
    "tests/test_demo.py",
    "tests/browser/test_accessibility.py",
)


# Modules that load the same world go to one worker, one after another, as one unit of work, so that the world is
# built once and written back for the others (tests/world_cache.py); on two workers it would be built twice.
SAME_WORKER = {
    "tests/api/test_fuzz.py": "the demo city, loaded today",
    "tests/test_crawl.py": "the demo city, loaded today",
    "tests/test_demo.py": "the demo city, loaded today",
    "tests/budget/test_reports_demo.py": "the demo city, loaded today",
    "tests/deputies/test_home_calendar_demo.py": "the demo city, on its story's own day",
    "tests/deputies/test_statutory_demo.py": "the demo city, on its story's own day",
}


class SameWorldScheduling(LoadFileScheduling):
    """`--dist loadfile`, with the modules of SAME_WORKER grouped into one unit each."""

    def _split_scope(self, nodeid: str) -> str:
        path = super()._split_scope(nodeid)
        return SAME_WORKER.get(path, path)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    return SameWorldScheduling(config, log) if config.getoption("dist") == "loadfile" else None


def pytest_configure(config):
    # pytest-xdist (3.6 and later) re-sorts the modules by their number of tests unless told not to, which would
    # send the long modules with few tests last; the order is ours (pytest_collection_modifyitems below).
    if hasattr(config.option, "loadscopereorder"):
        config.option.loadscopereorder = False


def pytest_collection_modifyitems(session, config, items):
    from collections import Counter

    sizes = Counter(item.nodeid.split("::", 1)[0] for item in items)

    def rank(item):
        path = item.nodeid.split("::", 1)[0]
        slow = SLOW_MODULES.index(path) if path in SLOW_MODULES else len(SLOW_MODULES)
        return slow, -sizes[path], path

    items.sort(key=rank)  # stable: a module's tests keep their order


@contextlib.contextmanager
def module_world(django_db_blocker, media):
    """For a module-scoped fixture that builds a large world once (the demo city…): the database unblocked and
    one transaction open while the module's tests run (each in its own savepoint), rolled back at the end."""
    from django.db import transaction
    from django.test import override_settings

    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
