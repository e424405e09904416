"""A congress's own administrator (staff, not superuser) reaches nothing of another congress through the admin site
(issue 15, item 1).

The attacker is 乙市's administrator (the `cast` fixture's other congress), granted EVERY model permission. The
victim is 甲市 (`cast.congress`). Each test reproduces a reported attack: listing, opening, changing, deleting or
autocompleting the city's rows; moving an API token to a city user or a superuser; creating rows in the city
(an Organization, a RuleParameter that lifts its public rate limit, a holiday that moves its deadlines); reading the
city's audit chain; editing global tables (groups, tasks); and changes that never reached the audit trail.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, Permission
from django.test import Client

from renda.core import audit, rules
from renda.core.models import (
    ApiToken,
    AuditEvent,
    Congress,
    HolidayDate,
    Organization,
    Person,
    Position,
    RuleParameter,
    User,
)
from renda.core.roles import Role
from renda.core.tokens import token_create
from renda.demo.builders import make_user
from renda.deputies.models import Deputy, Partner, Station
from renda.workplan.models import PriorityTag

pytestmark = pytest.mark.django_db

RENDA_APPS = ("core", "accounts", "deputies", "workplan", "meetings", "proposals", "legislation", "supervision",
              "participation", "portal")
# How a row of a registered model names its congress (the rest: a `congress` column).
CONGRESS_OF = {Congress: "pk", ApiToken: "user__congress_id", AuditEvent: "chain"}
SUPERUSER_OF = {User: "is_superuser", ApiToken: "user__is_superuser"}


def congress_lookup(model) -> str | None:
    if model in CONGRESS_OF:
        return CONGRESS_OF[model]
    if any(f.name == "congress" for f in model._meta.concrete_fields):
        return "congress_id"
    if any(f.name == "user" for f in model._meta.concrete_fields):
        return "user__congress_id"
    return None


def renda_admins():
    return [(m, ma) for m, ma in admin.site._registry.items() if m._meta.app_label in RENDA_APPS]


def url(model, suffix="") -> str:
    return f"/admin/{model._meta.app_label}/{model._meta.model_name}/{suffix}"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    session = client.session
    session["acct_mfa"] = True  # the second factor was given
    session.save()
    return client


def form_data(page) -> dict:
    """The POST data the change (or add) form would send as rendered: fields, inline forms, management forms."""
    data: dict = {}

    def add(form):
        for name, field in form.fields.items():
            if field.disabled:
                continue
            value = form[name].value()
            key = form.add_prefix(name)
            if value is None:
                continue
            if isinstance(value, bool):
                if value:
                    data[key] = "on"
            elif isinstance(value, list | tuple):
                data[key] = [str(v) for v in value]
            else:
                data[key] = str(value)

    add(page.context["adminform"].form)
    for inline in page.context.get("inline_admin_formsets", []):
        fs = inline.formset
        add(fs.management_form)
        for form in fs.forms:
            add(form)
    return data


def add(client, model, values: dict):
    """POST the add form as rendered (inline management forms included) with `values`."""
    page = client.get(url(model, "add/"))
    assert page.status_code == 200, page.status_code
    return client.post(url(model, "add/"), {**form_data(page), **values})


@pytest.fixture
def world(cast):
    """甲市 (the victim) and 乙市 (the attacker) with a row of every registered model; 乙市's administrator."""
    city, county = cast.congress, cast.other.congress
    w = SimpleNamespace(city=city, county=county, cast=cast)
    # 甲市's rows beyond what the builders make
    RuleParameter.objects.create(congress=city, rule_id="PO-INTAKE", name="max_files", value=2)
    HolidayDate.objects.create(congress=city, date=dt.date(2026, 10, 9), kind="holiday", name="甲市节")
    w.national_holiday = HolidayDate.objects.create(congress=None, date=dt.date(2026, 10, 1), kind="holiday",
                                                    name="国庆节")
    Station.objects.create(congress=city, name="甲市第一代表联络站", district="甲区")
    Partner.objects.create(congress=city, kind="friendly_city", name="甲市友城", country="甲国")
    PriorityTag.objects.create(congress=city, name="甲市中心工作")
    w.city_token, _ = token_create(actor=cast.admin, user=cast.clerk, name="甲市水务系统")
    w.root_token, _ = token_create(actor=cast.admin, user=cast.admin, name="超级管理员令牌")
    # 乙市: its administrator (every model permission), a superuser registered in 乙市, its own rows
    w.county_admin = make_user("county_admin", cast.password, congress=county, role=Role.ADMIN,
                               display_name="乙市管理员")
    w.county_admin.user_permissions.add(*Permission.objects.all())
    w.county_root = make_user("county_root", cast.password, congress=county, role=Role.ADMIN,
                              display_name="乙市超级用户", superuser=True)
    w.county_root_token, _ = token_create(actor=w.county_root, user=w.county_root, name="乙市超级令牌")
    w.county_token, _ = token_create(actor=w.county_root, user=cast.outsider_clerk, name="乙市水务系统")
    w.county_station = Station.objects.create(congress=county, name="乙市代表联络站", district="乙区")
    w.client = signed_in(w.county_admin)
    return w


def _outside(w, model, pks) -> list:
    """Those of `pks` that are not 乙市's (or are a superuser's)."""
    lookup = congress_lookup(model)
    qs = model.objects.filter(pk__in=pks)
    if lookup is None:
        return list(qs.values_list("pk", flat=True))
    out = set(qs.exclude(**{lookup: w.county.pk}).values_list("pk", flat=True))
    if model in SUPERUSER_OF:
        out |= set(qs.filter(**{SUPERUSER_OF[model]: True}).values_list("pk", flat=True))
    return sorted(out)


def _a_row_of(w, model, congress_id):
    """A row of that congress (not a superuser's); for a table without a congress, any row when asked for the city."""
    lookup = congress_lookup(model)
    if lookup is None:
        return model.objects.order_by("pk").first() if congress_id == w.city.pk else None
    qs = model.objects.filter(**{lookup: congress_id})
    if model in SUPERUSER_OF:
        qs = qs.filter(**{SUPERUSER_OF[model]: False})
    return qs.order_by("pk").first()


def _request(user):
    return SimpleNamespace(user=user)


def test_the_city_is_out_of_reach_on_every_admin_page(world):
    """Lists, searches, change/history/delete pages, delete POSTs, filters and autocomplete of every model."""
    w, client, problems = world, world.client, []
    for model, ma in renda_admins():
        label = model._meta.label
        for query in ("", "?q=甲", f"?congress__id__exact={w.city.pk}"):
            page = client.get(url(model) + query)
            if page.status_code == 200 and "cl" in page.context:
                leaked = _outside(w, model, page.context["cl"].queryset.values_list("pk", flat=True))
                if leaked:
                    problems.append(f"{label} list{query} shows rows of another congress: {leaked[:5]}")
                if w.city.short_name in page.content.decode():
                    problems.append(f"{label} list{query} names {w.city.short_name}")
            elif page.status_code >= 500:
                problems.append(f"{label} list{query}: {page.status_code}")
        own = _a_row_of(w, model, w.county.pk)
        if own is not None and ma.has_view_permission(_request(w.county_admin)):  # not locked out of its own
            for suffix in ("change/", "history/"):
                status = client.get(url(model, f"{own.pk}/{suffix}")).status_code
                if status != 200:
                    problems.append(f"{label} #{own.pk} {suffix} of 乙市 answers {status}")
        row = _a_row_of(w, model, w.city.pk)
        if row is None:
            continue
        for suffix in ("change/", "history/", "delete/"):
            status = client.get(url(model, f"{row.pk}/{suffix}")).status_code
            if status == 200 or status >= 500:
                problems.append(f"{label} #{row.pk} {suffix} of the city answers {status}")
        client.post(url(model, f"{row.pk}/delete/"), {"post": "yes"})
        if not model.objects.filter(pk=row.pk).exists():
            problems.append(f"{label} #{row.pk} of the city was deleted")
    # autocomplete of every autocomplete field: only 乙市's rows (never a superuser)
    for model, ma in renda_admins():
        for field_name in ma.autocomplete_fields:
            target = model._meta.get_field(field_name).related_model
            for term in ("", "甲"):
                resp = client.get("/admin/autocomplete/", {"app_label": model._meta.app_label,
                                                          "model_name": model._meta.model_name,
                                                          "field_name": field_name, "term": term})
                if resp.status_code != 200:
                    problems.append(f"autocomplete {model._meta.label}.{field_name}: {resp.status_code}")
                    continue
                ids = [int(r["id"]) for r in resp.json()["results"]]
                leaked = _outside(w, target, ids)
                if leaked:
                    problems.append(f"autocomplete {model._meta.label}.{field_name} offers {leaked[:5]}")
    assert not problems, "\n".join(problems)


def test_no_choice_field_offers_or_accepts_another_congress(world):
    """Every select of every add/change form holds only 乙市's rows; a city row posted anyway is refused."""
    w, client, problems = world, world.client, []
    for model, _ma in renda_admins():
        page = client.get(url(model, "add/"))
        forms = [page.context["adminform"].form] if page.status_code == 200 else []
        own = _a_row_of(w, model, w.county.pk)
        if own is not None:
            page = client.get(url(model, f"{own.pk}/change/"))
            if page.status_code == 200:
                forms.append(page.context["adminform"].form)
        for form in forms:
            for name, field in form.fields.items():
                qs = getattr(field, "queryset", None)
                if qs is None:
                    continue
                leaked = _outside(w, qs.model, qs.values_list("pk", flat=True))
                if leaked:
                    problems.append(f"{model._meta.label}.{name} offers {qs.model._meta.label} {leaked[:5]}")
    assert not problems, "\n".join(problems)

    # A city person posted for a 乙市 deputy, a city body for a 乙市 post, a city parent for a 乙市 body.
    deputy = Deputy.objects.filter(congress=w.county).first()
    page = client.get(url(Deputy, f"{deputy.pk}/change/"))
    data = form_data(page)
    data["person"] = str(Person.objects.filter(congress=w.city).first().pk)
    client.post(url(Deputy, f"{deputy.pk}/change/"), data)
    deputy.refresh_from_db()
    assert deputy.person.congress_id == w.county.pk

    post = Position.objects.filter(congress=w.county).first()
    data = form_data(client.get(url(Position, f"{post.pk}/change/")))
    data["organization"] = str(Organization.objects.filter(congress=w.city).first().pk)
    client.post(url(Position, f"{post.pk}/change/"), data)
    post.refresh_from_db()
    assert post.organization.congress_id == w.county.pk

    body = Organization.objects.filter(congress=w.county, parent__isnull=False).first()
    data = form_data(client.get(url(Organization, f"{body.pk}/change/")))
    data["parent"] = str(Organization.objects.filter(congress=w.city).first().pk)
    data["congress"] = str(w.city.pk)
    client.post(url(Organization, f"{body.pk}/change/"), data)
    body.refresh_from_db()
    assert body.parent.congress_id == w.county.pk and body.congress_id == w.county.pk

    # its own congress: not moved under the city, its code (the portal's address) not changed
    data = form_data(client.get(url(Congress, f"{w.county.pk}/change/")))
    data.update({"parent": str(w.city.pk), "code": "hijacked", "short_name": "乙市人大常委会"})
    resp = client.post(url(Congress, f"{w.county.pk}/change/"), data)
    assert resp.status_code == 302
    w.county.refresh_from_db()
    assert w.county.parent_id is None and w.county.code == "t-other" and w.county.short_name == "乙市人大常委会"


def test_an_api_token_cannot_be_moved_to_the_city_or_a_superuser(world):
    w, client = world, world.client
    listed = client.get(url(ApiToken)).context["cl"].queryset
    assert set(listed) == {w.county_token}  # not the city's, not a superuser's (even one of 乙市)
    page = client.get(url(ApiToken, f"{w.county_token.pk}/change/"))
    assert page.status_code == 200 and "user" not in page.context["adminform"].form.fields
    for target in (w.cast.clerk, w.cast.admin, w.county_root):
        data = form_data(page)
        data["user"] = str(target.pk)
        client.post(url(ApiToken, f"{w.county_token.pk}/change/"), data)
        w.county_token.refresh_from_db()
        assert w.county_token.user_id == w.cast.outsider_clerk.pk
    # the city's token and a superuser's cannot be revoked or moved either
    for token in (w.city_token, w.root_token, w.county_root_token):
        client.post(url(ApiToken, f"{token.pk}/change/"), {"name": "x", "user": str(w.cast.outsider_clerk.pk),
                                                            "revoked": "on"})
        before = (token.user_id, token.name, token.revoked)
        token.refresh_from_db()
        assert (token.user_id, token.name, token.revoked) == before
    assert client.get(url(ApiToken, "add/")).status_code == 403  # tokens are made by the service, shown once


def test_rows_posted_for_the_city_are_created_in_the_own_congress(world):
    """congress = the city in an add form: the row is 乙市's (the city's rate limit and calendar stay)."""
    w, client = world, world.client
    resp = add(client, Organization, {"name": "甲市假机构", "kind": "other", "congress": w.city.pk})
    assert resp.status_code == 302, resp.content.decode()[:2000]
    org = Organization.objects.get(name="甲市假机构")
    assert org.congress_id == w.county.pk

    resp = add(client, RuleParameter, {"rule_id": "PO-INTAKE", "name": "per_hour", "value": "1000000",
                                        "congress": w.city.pk})
    assert resp.status_code == 302, resp.content.decode()[:2000]
    assert rules.param(w.city, "PO-INTAKE", "per_hour") == 10  # the city's limit is its own default
    assert RuleParameter.objects.get(rule_id="PO-INTAKE", name="per_hour").congress_id == w.county.pk

    for congress in (w.city.pk, ""):  # the city's calendar, and the national one
        day = dt.date(2026, 12, 7) if congress else dt.date(2026, 12, 8)
        resp = add(client, HolidayDate, {"date": day.isoformat(), "kind": "holiday", "name": "假日",
                                         "congress": congress})
        assert resp.status_code == 302, resp.content.decode()[:2000]
        assert HolidayDate.objects.get(date=day).congress_id == w.county.pk
    # a national row is not the congress administrator's to change
    assert client.get(url(HolidayDate, f"{w.national_holiday.pk}/change/")).status_code != 200
    # an unknown rule and a second body of the same name in 乙市 are form errors in Chinese, not a 500
    resp = add(client, RuleParameter, {"rule_id": "NO-SUCH-RULE", "name": "per_hour", "value": "5"})
    assert resp.status_code == 200 and "没有编号为 NO-SUCH-RULE 的规则" in resp.content.decode()
    resp = add(client, Organization, {"name": "甲市假机构", "kind": "other"})
    assert resp.status_code == 200 and resp.context["adminform"].form.errors


def test_the_audit_list_is_the_own_chain_only(world):
    w, client = world, world.client
    cl = client.get(url(AuditEvent)).context["cl"]
    assert set(cl.queryset.values_list("chain", flat=True)) == {w.county.pk}
    assert not client.get(url(AuditEvent) + f"?chain={w.city.pk}").context["cl"].queryset.exists()
    city_event = AuditEvent.objects.filter(chain=w.city.pk).first()
    assert client.get(url(AuditEvent, f"{city_event.pk}/change/")).status_code == 302


def test_global_tables_are_for_the_superuser_only(world):
    """Groups (whose permissions every congress's members share), task results and sign-in throttles."""
    client = world.client
    group = Group.objects.create(name="各级管理员")
    for path in ("/admin/auth/group/", f"/admin/auth/group/{group.pk}/change/", "/admin/auth/group/add/",
                 "/admin/django_tasks_database/dbtaskresult/", "/admin/accounts/loginthrottle/"):
        assert client.get(path).status_code in (302, 403), path
    client.post(f"/admin/auth/group/{group.pk}/change/",
                {"name": "各级管理员", "permissions": [p.pk for p in Permission.objects.all()]})
    assert not group.permissions.exists()
    index = client.get("/admin/").content.decode()
    assert "/admin/auth/group/" not in index and "/admin/django_tasks_database/" not in index


def test_every_admin_change_is_in_the_own_audit_chain(world):
    """Add, change (fields and many-to-many), inline rows, token revocation, the delete action: each one an audit
    record in 乙市's chain, the chain verifies, and no token hash or personal data is in it."""
    w, client = world, world.client
    start = AuditEvent.objects.filter(chain=w.county.pk).count()
    other_chains = AuditEvent.objects.exclude(chain=w.county.pk).count()
    # add, then change with an inline post
    add(client, Organization, {"name": "乙市调研组", "kind": "other", "congress": w.county.pk})
    org = Organization.objects.get(congress=w.county, name="乙市调研组")
    page = client.get(url(Organization, f"{org.pk}/change/"))
    data = form_data(page)
    data["name"] = "乙市专题调研组"
    inline = next(iter(page.context.get("inline_admin_formsets", [])), None)
    if inline is not None:
        prefix = inline.formset.prefix
        data[f"{prefix}-TOTAL_FORMS"] = "1"
        data.update({f"{prefix}-0-person": str(Person.objects.filter(congress=w.county).first().pk),
                     f"{prefix}-0-role": "head", f"{prefix}-0-start_date": "2026-03-01", f"{prefix}-0-order": "0"})
    resp = client.post(url(Organization, f"{org.pk}/change/"), data)
    assert resp.status_code == 302, resp.context["adminform"].form.errors if resp.context else resp
    # many-to-many: deputies of a station
    page = client.get(url(Station, f"{w.county_station.pk}/change/"))
    data = form_data(page)
    data["deputies"] = [str(d.pk) for d in Deputy.objects.filter(congress=w.county)[:2]]
    assert client.post(url(Station, f"{w.county_station.pk}/change/"), data).status_code == 302
    # a token revoked and renamed
    data = form_data(client.get(url(ApiToken, f"{w.county_token.pk}/change/")))
    data.update({"name": "乙市水务系统（停用）", "revoked": "on"})
    assert client.post(url(ApiToken, f"{w.county_token.pk}/change/"), data).status_code == 302
    # the delete action on a list
    add(client, Partner, {"kind": "friendly_city", "name": "乙市友城", "country": "乙国", "congress": w.county.pk})
    partner = Partner.objects.get(congress=w.county)
    resp = client.post(url(Partner), {"action": "delete_selected", "_selected_action": [partner.pk], "post": "yes"})
    assert resp.status_code == 302 and not Partner.objects.filter(pk=partner.pk).exists()

    events = list(AuditEvent.objects.filter(chain=w.county.pk).order_by("seq")[start:])
    assert AuditEvent.objects.exclude(chain=w.county.pk).count() == other_chains  # nothing in another chain
    assert all(e.actor_id == w.county_admin.pk and e.note == "管理后台" for e in events), events
    # every entry of Django's admin log has its audit record
    for entry in LogEntry.objects.filter(user=w.county_admin):
        assert any(e.object_type == entry.content_type.model_class()._meta.label_lower
                   and e.object_id == entry.object_id for e in events), entry
    by = {(e.object_type, e.action): e for e in events}
    renamed = by[("core.organization", "update")]
    assert renamed.changes["before"]["name"] == "乙市调研组" and renamed.changes["after"]["name"] == "乙市专题调研组"
    if inline is not None:
        assert ("core.position", "create") in by
    station = by[("deputies.station", "update")]
    assert station.changes["before"]["deputies"] == [] and len(station.changes["after"]["deputies"]) == 2
    token = by[("core.apitoken", "update")]
    assert token.changes["after"] == {"name": "乙市水务系统（停用）", "revoked": True}
    assert ("deputies.partner", "create") in by and ("deputies.partner", "delete") in by
    assert w.county_token.key_hash not in str([e.changes for e in events])
    assert audit.verify() == []


def test_every_registered_admin_is_congress_scoped():
    """Each ModelAdmin on the site — renda's and the other apps' (wrapped, superuser only) — uses the base."""
    from renda.core.admin import CongressScopedMixin

    for model, ma in admin.site._registry.items():
        assert isinstance(ma, CongressScopedMixin), model._meta.label
        if model._meta.app_label not in RENDA_APPS:
            assert ma.superuser_only, model._meta.label


def test_a_user_added_by_the_congress_administrator_is_its_congress_and_audited(world):
    w, client = world, world.client
    resp = add(client, User, {"username": "yishi_clerk", "usable_password": "true", "password1": "Yishi-pw-2026x",
                              "password2": "Yishi-pw-2026x"})
    assert resp.status_code == 302, resp.context["adminform"].form.errors if resp.context else resp
    user = User.objects.get(username="yishi_clerk")
    assert user.congress_id == w.county.pk and not user.is_superuser
    created = AuditEvent.objects.get(chain=w.county.pk, object_type="core.user", object_id=str(user.pk),
                                     action="create")
    assert "password" not in created.changes["after"] and created.changes["after"]["congress"] == w.county.pk
    # a superuser of 乙市 is out of reach too: not listed, not opened, not changed
    assert w.county_root not in client.get(url(User)).context["cl"].queryset
    assert client.get(url(User, f"{w.county_root.pk}/change/")).status_code == 302
    assert client.get(url(User, f"{w.county_root.pk}/password/")).status_code == 404
