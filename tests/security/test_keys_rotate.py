"""`renda keys rotate`: every EncryptedTextField re-encrypted under the current key, nothing lost or changed,
resumable, digests still match."""

import base64

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from renda.core import audit, crypto
from renda.core.management.commands import keys as keys_cmd
from renda.core.models import AuditEvent
from renda.deputies.models import Deputy

pytestmark = pytest.mark.django_db

OLD = "k1:the-first-secret"
NEW = "k2:the-second-secret"


def raw(pk):
    with connection.cursor() as cur:
        cur.execute("SELECT id_number, phone FROM deputies_deputy WHERE id = %s", [pk])
        return cur.fetchone()


@pytest.fixture
def people(cast, monkeypatch):
    """Deputies with ID numbers and phones under key k1 (some AES, some SM4, some written before key ids)."""
    monkeypatch.setenv("RENDA_FIELD_KEYS", OLD)
    deputies = list(Deputy.objects.filter(congress__in=[cast.congress, cast.other.congress]).order_by("pk"))
    expected = {}
    for i, d in enumerate(deputies):
        id_number = f"1101011990030{i:04d}X"[:18]
        phone = f"138{i:08d}" if i % 3 else ""
        if i % 4 == 1:
            monkeypatch.setenv("RENDA_FIELD_CIPHER", "aesgcm1")
        Deputy.objects.filter(pk=d.pk).update(
            id_number=id_number, phone=phone, id_digest=crypto.digest(id_number, context="deputies.deputy.id_number")
        )
        monkeypatch.delenv("RENDA_FIELD_CIPHER", raising=False)
        expected[d.pk] = (id_number, phone)
    # one value in the format of the first release (no key id, AES-GCM under RENDA_FIELD_KEY)
    monkeypatch.setenv("RENDA_FIELD_KEY", "the-first-secret")
    blob = crypto.AesGcmCipher().encrypt(b"13900000000", b"deputies.deputy.phone", key=crypto._legacy_master_key())
    with connection.cursor() as cur:
        cur.execute(
            "UPDATE deputies_deputy SET phone = %s WHERE id = %s",
            ["aesgcm1$" + base64.urlsafe_b64encode(blob).decode(), deputies[0].pk],
        )
    expected[deputies[0].pk] = (expected[deputies[0].pk][0], "13900000000")
    assert len(deputies) >= 25
    return expected


def plaintexts():
    return {d.pk: (d.id_number, d.phone) for d in Deputy.objects.all()}


def test_rotation_reencrypts_everything_without_loss(people, monkeypatch, capsys):
    before_raw = {pk: raw(pk) for pk in people}
    assert plaintexts() == people
    monkeypatch.setenv("RENDA_FIELD_KEYS", f"{NEW},{OLD}")
    call_command("keys", "rotate", "--batch-size", "7")
    out = capsys.readouterr().out
    assert "当前密钥：k2（sm4hm1）" in out and "无法解密 0" in out
    assert "deputies.deputy.id_number" in out and "deputies.deputy.phone" in out
    for pk in people:
        id_raw, phone_raw = raw(pk)
        assert id_raw.startswith("sm4hm1$k2$") and id_raw != before_raw[pk][0]
        assert phone_raw == "" or phone_raw.startswith("sm4hm1$k2$")
    # the old key can now be removed: everything still reads, values unchanged
    monkeypatch.setenv("RENDA_FIELD_KEYS", NEW)
    monkeypatch.delenv("RENDA_FIELD_KEY")
    assert plaintexts() == people
    # the digest columns keep working (their key does not rotate)
    for pk, (id_number, _) in people.items():
        assert Deputy.objects.get(pk=pk).id_digest == crypto.digest(id_number, context="deputies.deputy.id_number")
    # the run is in the audit trail, without any plaintext
    rec = AuditEvent.objects.filter(action="keys_rotate").get()
    assert "重新加密" in rec.note and all(v[0] not in rec.note for v in people.values())
    assert audit.verify() == []


def test_a_second_run_has_nothing_to_do(people, monkeypatch):
    monkeypatch.setenv("RENDA_FIELD_KEYS", f"{NEW},{OLD}")
    first = keys_cmd.rotate(batch_size=50)
    assert first["totals"]["rotated"] > 0
    snapshot = {pk: raw(pk) for pk in people}
    second = keys_cmd.rotate(batch_size=50)
    assert second["totals"]["rotated"] == 0 and second["totals"]["current"] == first["totals"]["rotated"]
    assert {pk: raw(pk) for pk in people} == snapshot


def test_an_interrupted_run_resumes(people, monkeypatch):
    monkeypatch.setenv("RENDA_FIELD_KEYS", f"{NEW},{OLD}")
    real_encrypt, calls = crypto.encrypt, {"n": 0}

    def dying_encrypt(value, *, context):
        calls["n"] += 1
        if calls["n"] == 12:  # inside the second batch of 10
            raise KeyboardInterrupt("killed")
        return real_encrypt(value, context=context)

    monkeypatch.setattr(crypto, "encrypt", dying_encrypt)
    with pytest.raises(KeyboardInterrupt):
        keys_cmd.rotate(batch_size=10)
    monkeypatch.setattr(crypto, "encrypt", real_encrypt)
    ids = [raw(pk)[0] for pk in sorted(people)]
    done = sum(v.startswith("sm4hm1$k2$") for v in ids)
    assert done == 10  # the first batch committed, the second rolled back whole
    assert plaintexts() == people  # nothing lost in between
    result = keys_cmd.rotate(batch_size=10)
    assert result["totals"]["failed"] == 0
    assert all(raw(pk)[0].startswith("sm4hm1$k2$") for pk in people)
    assert plaintexts() == people


def test_values_no_key_can_read_are_reported_and_left_alone(people, monkeypatch):
    monkeypatch.setenv("RENDA_FIELD_KEYS", NEW)  # the old key forgotten
    monkeypatch.delenv("RENDA_FIELD_KEY")
    before = {pk: raw(pk) for pk in people}
    with pytest.raises(CommandError, match="无法用已配置的密钥解密"):
        call_command("keys", "rotate")
    assert {pk: raw(pk) for pk in people} == before


def test_dry_run_writes_nothing_and_status_counts(people, monkeypatch, capsys):
    monkeypatch.setenv("RENDA_FIELD_KEYS", f"{NEW},{OLD}")
    before = {pk: raw(pk) for pk in people}
    call_command("keys", "rotate", "--dry-run")
    assert "将重新加密" in capsys.readouterr().out
    assert {pk: raw(pk) for pk in people} == before
    call_command("keys", "status")
    out = capsys.readouterr().out
    assert "sm4hm1/k1" in out and "aesgcm1/k1" in out and "aesgcm1/（无密钥编号）" in out


def test_a_bad_key_configuration_is_a_chinese_error(db, monkeypatch):
    monkeypatch.setenv("RENDA_FIELD_KEYS", "no-colon-here")
    with pytest.raises(CommandError, match="密钥配置错误"):
        call_command("keys", "rotate")
