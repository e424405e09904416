"""A congress's own administrator (staff, not the installation's superuser) manages only its congress's users in
the admin site and cannot grant superuser rights or move a user to another congress."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from renda.core.models import User
from renda.core.roles import Role
from renda.demo.builders import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def local_admin(cast):
    admin = make_user("local_admin", cast.password, congress=cast.congress, role=Role.ADMIN, display_name="本级管理员")
    admin.user_permissions.add(*Permission.objects.filter(codename__in=["view_user", "change_user", "add_user"]))
    client = Client()
    client.force_login(admin)
    session = client.session
    session["acct_mfa"] = True
    session.save()
    return client


def test_the_user_list_shows_only_the_own_congress(local_admin, cast):
    html = local_admin.get("/admin/core/user/?all=").content.decode()
    assert "outsider_clerk" not in html and ">admin<" not in html  # other congress; the superuser
    assert "clerk" in html
    assert local_admin.get(f"/admin/core/user/{cast.outsider_clerk.pk}/change/").status_code in (302, 404)


def test_superuser_rights_and_congress_cannot_be_changed(local_admin, cast):
    page = local_admin.get(f"/admin/core/user/{cast.clerk.pk}/change/")
    assert page.status_code == 200
    form = page.context["adminform"].form
    assert "is_superuser" not in form.fields and "congress" not in form.fields and "user_permissions" not in form.fields
    orgs = form.fields["organization"].queryset
    assert not orgs.exclude(congress_id=cast.congress.pk).exists()
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list | tuple)}
    data.update({"username": "clerk", "role": Role.OFFICE, "is_superuser": "on", "congress": cast.other.congress.pk,
                 "is_active": "on", "date_joined_0": "2026-01-01", "date_joined_1": "00:00:00"})
    data.pop("password", None)
    local_admin.post(f"/admin/core/user/{cast.clerk.pk}/change/", data)
    cast.clerk.refresh_from_db()
    assert not cast.clerk.is_superuser and cast.clerk.congress_id == cast.congress.pk
    assert not User.objects.filter(congress=cast.other.congress, username="clerk").exists()


def test_an_administrators_own_password_set_in_the_admin_is_audited(local_admin, cast):
    from renda.core.models import AuditEvent

    me = User.objects.get(username="local_admin")
    resp = local_admin.post(f"/admin/core/user/{me.pk}/password/",
                            {"password1": "Another-pw-2026x", "password2": "Another-pw-2026x"})
    assert resp.status_code == 302
    event = AuditEvent.objects.filter(chain=cast.congress.pk, object_type="core.user", object_id=str(me.pk)).last()
    assert event.action == "password_change" and event.actor_id == me.pk
    assert "Another-pw" not in str(event.changes) + event.note
