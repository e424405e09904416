"""The access probe (issue #9, "Proof — Access"): every role of the demo city and anonymous request every URL
pattern and API route with the ids of rows they must not see; nothing may leak and nothing may answer 5xx.

Data (built once for the module, rolled back afterwards): the demo (`renda demo`: XX市 with data in every app and
the county XX市YY县) plus a small seeded congress with data in every app (the modules' seed generators), every
table in its own id range, markers planted in every row (tests/security/probe.py explains the method).
Congress A = XX市; every other congress is "B" for the probe. Skips: POST-only routes (GET answers 405 — counted,
not a failure); admin-site pages of the installation's superuser show every congress by design (core/admin.py:
`CongressScopedAdmin` scopes only non-superusers) and are checked for 5xx and personal data only.

The admin site as a congress's own administrator (issue 15): a staff user of congress A, not superuser, granted every
model permission, walks /admin/ (`probe.admin_walk`: lists, searches, filters, add pages, change/history/delete pages
of its own rows and of every other congress's and superusers' rows, autocomplete) and must reach nothing else.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import clear_url_caches
from tests.conftest import module_world
from tests.security import probe

# Every test here uses the module's database world (pytest-django sets the test database up only for tests marked so).
pytestmark = pytest.mark.django_db

CITY = "xx-city"
# One demo account per role of congress A (renda/demo/city.py DEMO_ACCOUNTS), and anonymous.
ROLE_USERS = {
    "office": "bangongting",
    "leader": "zhuren",
    "committee": "chengjianwei",
    "member": "weiyuan",
    "deputy": "daibiao",
    "unit": "shuiwuju",
    "admin": "admin",
    "anonymous": None,
}


def _seed_small():
    from renda.core import seeding

    scale = seeding.Scale("probe", "city", 11, 3, 6, 30, others=0, other_members=9, other_units=4, plan_years=1,
                          main_items_per_plan=12, other_items_per_plan=5, suggestions=30, public_comments=40,
                          budget=(4, 2, 600))
    ctx = seeding.build_congresses(scale, prefix="probe")
    for _, _name, generator in seeding.GENERATORS:
        generator(ctx)


def _congress_admin(congress):
    """A congress's own administrator: staff, not superuser, every model permission (renda's apps and the others)."""
    from django.contrib.auth.models import Permission

    from renda.core.roles import Role
    from renda.demo.builders import make_user

    user = make_user("probe_congress_admin", "Probe-admin-pw-2026", congress=congress, role=Role.ADMIN,
                     display_name="本级管理员")
    user.user_permissions.add(*Permission.objects.all())
    return user.username


def _probe_user(key, username):
    from renda.core.models import User
    from renda.core.tokens import token_create

    if username is None:
        return probe.ProbeUser(key, None, web=_client(), api=_client())
    user = User.objects.get(username=username)
    _token, secret = token_create(actor=user, user=user, name="访问探针")
    web = _client()
    web.force_login(user)
    return probe.ProbeUser(key, user, token=secret, web=web, api=_client(HTTP_AUTHORIZATION=f"Bearer {secret}"))


def _client(**headers) -> Client:
    # A view that raises must come back as the 500 page the user would get, not abort the probe.
    return Client(raise_request_exception=False, **headers)


class World:
    pass


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    from renda.core.models import Congress

    media = tmp_path_factory.mktemp("probe-media")
    try:
        with module_world(django_db_blocker, media):
            probe.shift_sequences()
            call_command("demo", stdout=io.StringIO())
            _seed_small()
            w = World()
            w.media = media
            w.planted = probe.plant_markers()
            w.city = Congress.objects.get(code=CITY)
            w.codes = list(Congress.objects.order_by("pk").values_list("code", flat=True))
            w.users = {key: _probe_user(key, name) for key, name in ROLE_USERS.items()}
            w.users["congress_admin"] = _probe_user("congress_admin", _congress_admin(w.city))
            w.oracle = probe.Oracle(w.city.pk)
            w.routes, w.unparsed = probe.enumerate_routes()
            w.probe = probe.Probe(w.oracle, w.routes, learners=[w.users["admin"], w.users["office"]])
            w.probe.learn(w.codes)
            yield w
    finally:  # after the rollback, as the sequences were before
        with django_db_blocker.unblock():
            probe.reset_sequences()


@pytest.fixture(autouse=True)
def _world_media(request, settings):
    """The demo's uploaded files live in the module's media folder (tests/conftest.py gives each test its own)."""
    if "world" in request.fixturenames:
        settings.MEDIA_ROOT = request.getfixturevalue("world").media


def test_world_has_data_and_markers_in_every_app(world):
    from renda.core.models import Congress

    assert Congress.objects.count() >= 3
    apps_with_rows = {label.split(".")[0] for label, n in world.planted.items() if n}
    assert {"workplan", "meetings", "proposals", "legislation", "supervision", "participation",
            "deputies"} <= apps_with_rows
    # every API route and the pages of every app were enumerated
    templates = [r.template for r in world.routes]
    assert any(t.startswith("/api/v1/") for t in templates)
    for app in ("workplan", "meetings", "proposals", "legislation", "supervision", "participation", "deputies"):
        assert any(t.startswith(f"/{app}/") for t in templates), app
        assert any(t.startswith(f"/api/v1/{app}/") for t in templates), app
    assert world.unparsed == []
    # the learner found the model behind most detail routes (the rest are POST-only)
    mapped = [t for t, label in world.probe.mapping.items() if label]
    print(f"probe: {len(world.routes)} URL patterns, {len(world.probe.mapping)} with an id parameter, "
          f"{len(mapped)} mapped to their model")
    assert len(mapped) >= 60, world.probe.mapping


@pytest.mark.parametrize("role", list(ROLE_USERS))
def test_no_role_sees_what_it_must_not(world, role):
    """No 5xx; no marker of a row the role must not see (text, personal data); no answer for another congress."""
    pu = world.users[role]
    findings = world.probe.run(pu, world.codes)
    stats = world.probe.stats
    # Not vacuous: signed-in users get real pages, and see markers (their own congress's rows).
    if pu.user is not None:
        assert stats["ok"] >= 40, stats
        assert stats["markers_seen"] > 0, stats
    report = "\n".join(str(f) for f in findings[:60])
    assert not findings, f"{len(findings)} findings for {role} ({stats}):\n{report}"


def test_congress_administrator_reaches_only_its_congress_in_the_admin_site(world):
    """Every admin page of every registered model, as congress A's own administrator with every permission."""
    pu = world.users["congress_admin"]
    assert not pu.user.is_superuser and pu.user.is_staff
    probe.plant_admin_markers()
    findings = probe.admin_walk(pu)
    stats = probe.admin_walk.stats
    # Not vacuous: its own congress's rows are listed and opened (a walk locked out of everything would pass).
    assert stats["ok"] >= 60 and stats["own_markers"] > 0, stats
    report = "\n".join(str(f) for f in findings[:60])
    assert not findings, f"{len(findings)} findings for the congress administrator ({stats}):\n{report}"
    # and the walk sees a leak when there is one: the scope switched off (walked for two models only)
    from django.db.models import Q

    from renda.core.admin import CongressScopedMixin

    real = CongressScopedMixin.congress_q, CongressScopedMixin.in_scope
    try:
        CongressScopedMixin.congress_q = lambda self, own: Q()
        CongressScopedMixin.in_scope = lambda self, request, obj: True
        leaks = probe.admin_walk(pu, labels=["core.Organization", "core.ApiToken"])
    finally:
        CongressScopedMixin.congress_q, CongressScopedMixin.in_scope = real
    problems = " | ".join(f.problem for f in leaks)
    assert any("core.Organization" in f.problem and "another congress" in f.problem for f in leaks), problems
    assert any(f.problem.startswith("answers for core.ApiToken") for f in leaks), problems


# ---- the probe catches an intentional leak ---------------------------------------------------------------------
def test_probe_reports_a_planted_leak(world):
    """A view that forgets the permission filter (and one that answers 500) must be reported."""
    with override_settings(ROOT_URLCONF="tests.security.probe_leaky_urls"):
        clear_url_caches()
        try:
            routes, _ = probe.enumerate_routes()
            leaky = [r for r in routes if r.template.startswith("/probe-leaky/")]
            assert len(leaky) == 3
            p = probe.Probe(world.oracle, leaky, learners=[world.users["admin"], world.users["office"]])
            p.learn(world.codes)
            assert p.mapping["/probe-leaky/items/<pk>/"] == "workplan.WorkPlanItem"
            findings = p.run(world.users["unit"], world.codes)
        finally:
            clear_url_caches()
    problems = " | ".join(f.problem for f in findings)
    urls = {f.url.split("/")[2] for f in findings}
    assert any("workplan.WorkPlanItem" in f.problem and "text of" in f.problem for f in findings), problems
    assert any("another congress" in f.problem for f in findings), problems
    assert any("personal data of deputies.Deputy" in f.problem for f in findings), problems
    assert any(f.status == 500 for f in findings), problems
    assert urls == {"items", "deputies", "boom"}


def test_marker_scanner_reads_office_documents():
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", "<w:t>zqleak012n345q 标题</w:t>")

    class Resp(dict):
        streaming = False
        content = buf.getvalue()

    text = probe.body_text(Resp())
    assert [m.group(0) for m in probe.MARKER_RE.finditer(text)] == ["zqleak012n345q"]
