"""SM3 / SM4 known answers (GB/T 32905, GB/T 32907), the SM4 field cipher, key ids, and the SM3 audit chain."""

import base64
import os

import pytest
from django.db import connection

from renda.core import audit, crypto
from renda.core.models import AuditEvent, AuditHead

BACKENDS = ["openssl", "gmssl"]

SM4_KEY = bytes.fromhex("0123456789abcdeffedcba9876543210")


@pytest.fixture(params=BACKENDS)
def backend(request, monkeypatch):
    monkeypatch.setenv("RENDA_SM_BACKEND", request.param)
    crypto._derive_sm3.cache_clear()
    yield crypto.sm_backend()
    crypto._derive_sm3.cache_clear()


# ---- known answers -----------------------------------------------------------------------------------------


def test_sm4_known_answer_gbt32907_appendix_a(backend):
    assert crypto.sm4_ecb_encrypt(SM4_KEY, SM4_KEY).hex() == "681edf34d206965e86b3e94f536e4246"


def test_sm3_known_answers_gbt32905_appendix_a(backend):
    assert crypto.sm3_hex(b"abc") == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    assert crypto.sm3_hex(b"abcd" * 16) == "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"


def test_the_backend_is_the_one_asked_for(backend):
    assert backend.name == os.environ["RENDA_SM_BACKEND"]


def test_hmac_sm3_is_rfc2104_over_sm3(backend):
    # HMAC by its definition, from the SM3 known-answer-checked hash, for short and long (> block) keys
    for key in (b"k", b"x" * 64, b"y" * 100):
        k = crypto.sm3(key) if len(key) > 64 else key
        k = k.ljust(64, b"\0")
        inner = crypto.sm3(bytes(b ^ 0x36 for b in k) + b"message")
        expect = crypto.sm3(bytes(b ^ 0x5C for b in k) + inner)
        assert crypto.hmac_sm3(key, b"message") == expect


def test_sm4_ctr_is_ecb_of_the_counter_xor_plaintext(backend):
    # counter block near 2**128 - 1 to check the big-endian increment and its wrap-around
    start = (1 << 128) - 2
    iv = start.to_bytes(16, "big")
    data = bytes(range(50))
    counters = b"".join(((start + i) % (1 << 128)).to_bytes(16, "big") for i in range(4))
    stream = crypto.sm4_ecb_encrypt(SM4_KEY, counters)
    assert crypto.sm4_ctr(SM4_KEY, iv, data) == bytes(a ^ b for a, b in zip(data, stream, strict=False))
    assert crypto.sm4_ctr(SM4_KEY, iv, b"") == b""


def test_the_two_backends_agree():
    ossl, gm = crypto.sm_backend("openssl"), crypto.sm_backend("gmssl")
    for n in (0, 1, 15, 16, 17, 64, 65, 300):
        data, key, iv = os.urandom(n), os.urandom(16), os.urandom(16)
        assert ossl.sm3(data) == gm.sm3(data)
        assert ossl.hmac_sm3(key, data) == gm.hmac_sm3(key, data)
        assert ossl.sm4_ctr(key, iv, data) == gm.sm4_ctr(key, iv, data)


# ---- the field cipher ----------------------------------------------------------------------------------------


def test_new_values_are_sm4_under_a_key_id(settings):
    token = crypto.encrypt("13800001111", context="t.m.phone")
    scheme, kid, payload = crypto.parse_token(token)
    assert (scheme, kid) == ("sm4hm1", "k0")
    assert "13800001111" not in token
    blob = base64.urlsafe_b64decode(payload)
    assert len(blob) == 16 + len("13800001111") + 32  # nonce || ciphertext || HMAC-SM3 tag
    assert crypto.decrypt(token, context="t.m.phone") == "13800001111"
    assert crypto.encrypt("同一个值", context="c") != crypto.encrypt("同一个值", context="c")  # random nonce


def test_a_value_written_by_one_backend_reads_with_the_other(monkeypatch):
    monkeypatch.setenv("RENDA_SM_BACKEND", "gmssl")
    token = crypto.encrypt("广东省XX市某街道 1 号", context="t.m.addr")
    monkeypatch.setenv("RENDA_SM_BACKEND", "openssl")
    assert crypto.decrypt(token, context="t.m.addr") == "广东省XX市某街道 1 号"
    token2 = crypto.encrypt("110101199003077777", context="t.m.id")
    monkeypatch.setenv("RENDA_SM_BACKEND", "gmssl")
    assert crypto.decrypt(token2, context="t.m.id") == "110101199003077777"


@pytest.mark.parametrize("position", [0, 5, 16, 20, -1, -20])
def test_any_changed_byte_is_refused(position):
    token = crypto.encrypt("13800001111", context="t.m.phone")
    scheme, kid, payload = crypto.parse_token(token)
    blob = bytearray(base64.urlsafe_b64decode(payload))
    blob[position] ^= 0x01
    forged = f"{scheme}${kid}${base64.urlsafe_b64encode(bytes(blob)).decode()}"
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(forged, context="t.m.phone")


def test_truncated_moved_or_foreign_values_are_refused():
    token = crypto.encrypt("13800001111", context="t.m.phone")
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(token, context="t.m.other")  # bound to its column
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(token[:30], context="t.m.phone")
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt("sm4hm1$k9$AAAA", context="t.m.phone")  # key id not configured
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt("plain text", context="t.m.phone")


def test_values_written_before_key_ids_stay_readable(monkeypatch):
    monkeypatch.setenv("RENDA_FIELD_KEY", "the-old-key")
    legacy_key = crypto._legacy_master_key()
    blob = crypto.AesGcmCipher().encrypt(b"13800001111", b"t.m.phone", key=legacy_key)
    legacy = "aesgcm1$" + base64.urlsafe_b64encode(blob).decode()  # the format of the first release
    assert crypto.decrypt(legacy, context="t.m.phone") == "13800001111"
    # after moving to a key ring, still readable while the old secret is in the ring
    monkeypatch.delenv("RENDA_FIELD_KEY")
    monkeypatch.setenv("RENDA_FIELD_KEYS", "k2:new-secret,k0:the-old-key")
    assert crypto.decrypt(legacy, context="t.m.phone") == "13800001111"
    assert crypto.parse_token(crypto.encrypt("x", context="c"))[1] == "k2"


def test_aes_stays_selectable_and_readable(monkeypatch):
    monkeypatch.setenv("RENDA_FIELD_CIPHER", "aesgcm1")
    token = crypto.encrypt("13800001111", context="t.m.phone")
    assert token.startswith("aesgcm1$k0$")
    monkeypatch.delenv("RENDA_FIELD_CIPHER")
    assert crypto.current_scheme() == "sm4hm1"
    assert crypto.decrypt(token, context="t.m.phone") == "13800001111"


def test_bad_key_ring_configuration_is_explained(monkeypatch):
    for spec in ("nocolon", "k1:a,k1:b", "bad id!:x", " , "):
        monkeypatch.setenv("RENDA_FIELD_KEYS", spec)
        with pytest.raises(crypto.KeyConfigError):
            crypto.key_ring()


@pytest.mark.django_db
def test_an_undecryptable_value_saved_back_keeps_its_ciphertext(cast, monkeypatch):
    from renda.deputies.models import Deputy

    dep = Deputy.objects.filter(congress=cast.congress).first()
    Deputy.objects.filter(pk=dep.pk).update(phone="13800001111")
    with connection.cursor() as cur:
        cur.execute("SELECT phone FROM deputies_deputy WHERE id = %s", [dep.pk])
        (token,) = cur.fetchone()
    monkeypatch.setenv("RENDA_FIELD_KEY", "a-key-that-is-not-the-one")
    dep = Deputy.objects.get(pk=dep.pk)
    assert dep.phone == "（无法解密）"
    dep.save()
    with connection.cursor() as cur:
        cur.execute("SELECT phone FROM deputies_deputy WHERE id = %s", [dep.pk])
        assert cur.fetchone()[0] == token
    monkeypatch.delenv("RENDA_FIELD_KEY")
    assert Deputy.objects.get(pk=dep.pk).phone == "13800001111"


def test_every_encrypted_column_is_discovered():
    found = {f"{m._meta.label_lower}.{f.name}" for m, f in crypto.encrypted_fields()}
    assert {"deputies.deputy.id_number", "deputies.deputy.phone"} <= found


# ---- the audit chain: HMAC-SM3, mixed with older HMAC-SHA256 records ----------------------------------------


def _append(n, note):
    return [audit.record(actor=None, action="test", congress_id=777, note=f"{note} {i}") for i in range(n)]


@pytest.mark.django_db
def test_new_audit_records_are_hmac_sm3():
    [ev] = _append(1, "sm3")
    assert ev.hash.startswith("sm3:") and len(ev.hash) <= 64
    tag = base64.urlsafe_b64decode(ev.hash[4:] + "=")
    assert tag == crypto.hmac_sm3(audit._key(), audit._content(ev))
    assert audit.verify() == []


@pytest.fixture
def mixed_chain(db, monkeypatch):
    monkeypatch.setenv("RENDA_AUDIT_HASH", "sha256")
    old = _append(4, "旧")
    monkeypatch.delenv("RENDA_AUDIT_HASH")
    new = _append(4, "新")
    assert all(len(e.hash) == 64 and ":" not in e.hash for e in old)
    assert all(e.hash.startswith("sm3:") for e in new)
    assert new[0].prev_hash == old[-1].hash
    return old + new


def test_a_mixed_chain_verifies(mixed_chain):
    assert audit.verify() == []


@pytest.mark.parametrize("index", [1, 5])  # one SHA-256 record, one SM3 record
def test_an_edit_is_found_in_either_part(mixed_chain, index):
    ev = mixed_chain[index]
    AuditEvent.objects.filter(pk=ev.pk).update(note="被人改过")
    [finding] = audit.verify()
    assert (finding.seq, finding.kind) == (ev.seq, "edited")


@pytest.mark.parametrize("index", [2, 4, 6])
def test_a_deletion_is_found_in_either_part(mixed_chain, index):
    ev = mixed_chain[index]
    AuditEvent.objects.filter(pk=ev.pk).delete()
    [finding] = audit.verify()
    assert (finding.seq, finding.kind) == (ev.seq, "deleted")


def test_an_insertion_after_the_head_is_found(mixed_chain):
    last = mixed_chain[-1]
    forged = AuditEvent.objects.get(pk=last.pk)
    forged.pk, forged.seq, forged.prev_hash, forged.note, forged.hash = None, last.seq + 1, last.hash, "伪造", "sm3:x"
    forged.save()
    [finding] = audit.verify()
    assert (finding.seq, finding.kind) == (forged.seq, "inserted")


def test_a_downgrade_to_sha256_after_sm3_is_refused(mixed_chain):
    # Someone holding the key rewrites an SM3 record as a (valid) HMAC-SHA256 one: the chain may never go back.
    ev = AuditEvent.objects.get(pk=mixed_chain[-1].pk)
    ev.hash = audit.compute_hash(ev, "sha256")
    ev.save()
    AuditHead.objects.filter(chain=777).update(hash=ev.hash)
    [finding] = audit.verify()
    assert (finding.seq, finding.kind) == (ev.seq, "edited")


def test_an_unknown_audit_algorithm_is_refused(db, monkeypatch):
    monkeypatch.setenv("RENDA_AUDIT_HASH", "md5")
    with pytest.raises(ValueError):
        _append(1, "x")
