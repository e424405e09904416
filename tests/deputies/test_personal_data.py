"""Personal data (ID number, phone) is ciphertext in the database, never in exports, lists or the audit
trail, and readable only by the deputies' working committee (and the deputy themself)."""

import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from tests.conftest import login
from tests.deputies.conftest import ID_NUMBER, PHONE

from renda.core import crypto
from renda.core.errors import RuleViolation
from renda.core.models import AuditEvent
from renda.deputies import services
from renda.deputies.models import Deputy

pytestmark = pytest.mark.django_db


def raw_columns(deputy_id):
    with connection.cursor() as cur:
        cur.execute("SELECT id_number, phone, id_digest FROM deputies_deputy WHERE id = %s", [deputy_id])
        return cur.fetchone()


def test_the_database_holds_only_ciphertext(dep_world):
    c = dep_world
    id_raw, phone_raw, digest = raw_columns(c.me.pk)
    assert ID_NUMBER not in id_raw and PHONE not in phone_raw
    scheme = crypto.current_scheme()  # SM4 (sm4hm1) unless RENDA_FIELD_CIPHER says otherwise
    assert id_raw.startswith(f"{scheme}$") and phone_raw.startswith(f"{scheme}$")
    assert ID_NUMBER[6:14] not in id_raw  # not even the birth date
    assert digest and ID_NUMBER not in digest
    # the model attribute is the plaintext
    me = Deputy.objects.get(pk=c.me.pk)
    assert (me.id_number, me.phone) == (ID_NUMBER, PHONE)
    # the same value encrypts differently every time (random nonce)
    assert crypto.encrypt(PHONE, context="x") != crypto.encrypt(PHONE, context="x")


def test_a_ciphertext_moved_to_another_column_does_not_decrypt(dep_world):
    c = dep_world
    id_raw, _, _ = raw_columns(c.me.pk)
    with connection.cursor() as cur:
        cur.execute("UPDATE deputies_deputy SET phone = %s WHERE id = %s", [id_raw, c.me.pk])
    assert Deputy.objects.get(pk=c.me.pk).phone == "（无法解密）"
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(id_raw, context="deputies.deputy.phone")


def test_a_different_key_cannot_read_the_data(dep_world, monkeypatch):
    c = dep_world
    monkeypatch.setenv("RENDA_FIELD_KEY", "another-key")
    assert Deputy.objects.get(pk=c.me.pk).id_number == "（无法解密）"


def test_the_cipher_is_pluggable(dep_world, monkeypatch):
    class Reversed:  # a stand-in for SM4: any registered cipher is picked by its scheme
        scheme = "test-rev"

        def encrypt(self, plaintext, aad, *, key):
            return plaintext[::-1]

        def decrypt(self, blob, aad, *, key):
            return blob[::-1]

    crypto.register_cipher(Reversed())
    try:
        monkeypatch.setenv("RENDA_FIELD_CIPHER", "test-rev")
        c = dep_world
        services.deputy_update(actor=c.dbw, deputy=c.peer, phone="13700001111")
        assert raw_columns(c.peer.pk)[1].startswith("test-rev$")
        assert Deputy.objects.get(pk=c.peer.pk).phone == "13700001111"
        assert Deputy.objects.get(pk=c.me.pk).phone == PHONE  # rows of the default cipher still read
    finally:
        crypto.CIPHERS.pop("test-rev", None)


def test_the_audit_trail_never_holds_the_plaintext(dep_world):
    c = dep_world
    for ev in AuditEvent.objects.filter(object_type="deputies.deputy"):
        text = str(ev.changes)
        assert ID_NUMBER not in text and PHONE not in text
    ev = AuditEvent.objects.filter(object_type="deputies.deputy", object_id=str(c.me.pk)).order_by("-seq").first()
    assert ev.changes["after"]["id_number"] == "已修改"


def test_exports_and_lists_never_include_it(dep_world):
    c = dep_world
    for user in (c.dbw, c.clerk, c.leader):
        client = login(user)
        resp = client.get(reverse("deputies:registry_export"), {"status": "all"})
        wb = openpyxl.load_workbook(io.BytesIO(resp.content))
        cells = " ".join(str(v) for row in wb.active.iter_rows(values_only=True) for v in row if v is not None)
        assert c.me.person.name in cells
        assert ID_NUMBER not in cells and PHONE not in cells and "身份" not in cells
        listing = client.get("/api/v1/deputies/registry", {"status": "all"}).content.decode()
        assert ID_NUMBER not in listing and PHONE not in listing
        page = client.get(reverse("deputies:registry"), {"q": c.me.person.name}).content.decode()
        assert ID_NUMBER not in page and PHONE not in page
        docx = client.get(reverse("deputies:deputy_report", args=[c.me.pk])).content
        assert ID_NUMBER.encode() not in docx


@pytest.mark.parametrize("role,visible", [
    ("dbw", True), ("deputy", True),  # the working committee; the deputy their own
    ("clerk", False), ("leader", False), ("committee", False), ("member", False), ("admin", False),
])
def test_only_the_working_committee_sees_personal_data(dep_world, role, visible):
    c = dep_world
    client = login(getattr(c, role))
    html = client.get(reverse("deputies:deputy", args=[c.me.pk])).content.decode()
    api = client.get(f"/api/v1/deputies/registry/{c.me.pk}/private")
    assert (ID_NUMBER in html) is visible and (PHONE in html) is visible
    if visible:
        assert api.status_code == 200 and api.json()["id_number"] == ID_NUMBER
    else:
        assert api.status_code == 403 and ID_NUMBER not in api.content.decode()
    # nobody but the committee sees another deputy's data, the deputy included
    other = client.get(f"/api/v1/deputies/registry/{c.peer.pk}/private")
    assert other.status_code == (200 if role == "dbw" else 403)


@pytest.mark.parametrize("role", ["unit_user", "other_unit_user", "outsider_clerk", "other_dbw"])
def test_units_and_other_congresses_see_nothing_of_deputies(dep_world, role):
    c = dep_world
    client = login(getattr(c, role))
    assert client.get(reverse("deputies:deputy", args=[c.me.pk])).status_code == 404
    assert client.get(f"/api/v1/deputies/registry/{c.me.pk}").status_code == 404
    assert client.get(f"/api/v1/deputies/registry/{c.me.pk}/private").status_code == 404
    if role in ("unit_user", "other_unit_user"):
        assert client.get(reverse("deputies:registry")).status_code == 404
        assert client.get("/api/v1/deputies/registry").status_code == 404
        assert client.get(reverse("deputies:registry_export")).status_code == 404


def test_the_other_congress_committee_cannot_edit_or_read_our_deputies(dep_world):
    c = dep_world
    client = login(c.other_dbw)
    resp = client.patch(f"/api/v1/deputies/registry/{c.me.pk}", data={"lock_version": 0, "phone": "13000000000"},
                        content_type="application/json")
    assert resp.status_code == 404
    assert Deputy.objects.get(pk=c.me.pk).phone == PHONE


def test_bad_personal_data_is_refused_in_chinese(dep_world):
    c = dep_world
    with pytest.raises(ValidationError) as exc:
        services.deputy_update(actor=c.dbw, deputy=c.peer, id_number="110105194912310039")
    assert "校验码" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        services.deputy_update(actor=c.dbw, deputy=c.peer, phone="12345")
    assert "联系电话" in str(exc.value)
    with pytest.raises(RuleViolation) as rv:  # the same citizen cannot be two deputies of one term
        services.deputy_update(actor=c.dbw, deputy=c.peer, id_number=ID_NUMBER.lower())
    assert rv.value.rule.id == "DEP-REGISTRY"
    resp = login(c.dbw).post(reverse("deputies:deputy_edit", args=[c.peer.pk]), {"id_number": "123", "lock_version": 0})
    assert resp.status_code == 200 and "公民身份号码应为18位" in resp.content.decode()


def test_the_admin_does_not_show_personal_data(dep_world):
    c = dep_world
    client = login(c.admin)
    html = client.get(f"/admin/deputies/deputy/{c.me.pk}/change/").content.decode()
    assert ID_NUMBER not in html and PHONE not in html and "aesgcm1" not in html
