"""SM2 signatures of published documents: sign → verify, a changed byte or another key → 无效;
the signed download (?signed=1 / ?signed=sig) and `renda verify`."""

import io
import json
import zipfile
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.urls import reverse

from renda.core import signing
from renda.core.documents import OfficialDocument


@pytest.fixture
def keyfile(tmp_path, monkeypatch):
    path = tmp_path / "sm2.key"
    call_command("keys", "sm2-generate", str(path), "--signer", "甲市人大常委会办公厅")
    monkeypatch.setenv("RENDA_SIGNING_KEY_FILE", str(path))
    return path


@pytest.fixture
def document():
    od = OfficialDocument(title="关于公布2026年度监督工作计划的通知", issuer="甲市人大常委会", doc_number="甲人常发〔2026〕1号")
    od.paragraph("现将本年度监督工作计划予以公布。")
    return od.to_bytes()


def run_verify(*args):
    try:
        call_command("verify", *args)
    except SystemExit as exc:
        return exc.code
    return 0


def test_key_generation_writes_a_private_file(keyfile, capsys):
    assert keyfile.stat().st_mode & 0o777 == 0o600
    key = signing.load_keypair(keyfile)
    assert key.private and key.signer == "甲市人大常委会办公厅"
    assert signing._on_curve(int(key.public[:64], 16), int(key.public[64:], 16))
    with pytest.raises(Exception, match="文件已存在"):
        call_command("keys", "sm2-generate", str(keyfile))


def test_sign_then_verify(keyfile, document):
    sig = signing.sign_bytes(document, filename="notice.docx")
    assert sig["algorithm"] == "SM2-SM3" and sig["userid"] == "1234567812345678"
    assert sig["signer"] == "甲市人大常委会办公厅" and sig["size"] == len(document)
    assert sig["public_key"] == "04" + signing.signing_key().public
    verdict = signing.verify_bytes(document, signing.dumps_signature(sig))
    assert verdict.valid, verdict.reason


def test_one_changed_byte_is_invalid(keyfile, document):
    sig = signing.sign_bytes(document, filename="notice.docx")
    for pos in (0, len(document) // 2, len(document) - 1):
        changed = bytearray(document)
        changed[pos] ^= 0x01
        verdict = signing.verify_bytes(bytes(changed), sig)
        assert not verdict.valid and "SM3" in verdict.reason


def test_changed_signature_fields_are_invalid(keyfile, document):
    sig = signing.sign_bytes(document, filename="notice.docx")
    for field, value in (("signer", "别人"), ("signed_at", "2020-01-01T00:00:00+08:00"), ("file", "x.docx")):
        assert not signing.verify_bytes(document, {**sig, field: value}).valid
    r_s = sig["signature"]
    flipped = r_s[:-1] + ("0" if r_s[-1] != "0" else "1")
    assert not signing.verify_bytes(document, {**sig, "signature": flipped}).valid
    assert not signing.verify_bytes(document, b"not json").valid
    assert not signing.verify_bytes(document, {**sig, "signature": "zz"}).valid


def test_another_key_is_invalid(keyfile, document, tmp_path):
    other = signing.generate_keypair(signer="冒充者")
    sig = signing.sign_bytes(document, filename="notice.docx", key=other)
    # mathematically a good signature, but not by a key the platform trusts
    assert signing.sm2_verify(other.public, signing._signed_part(sig), sig["signature"])
    verdict = signing.verify_bytes(document, sig)
    assert not verdict.valid and "信任" in verdict.reason
    # and a signature swapped onto another public key does not verify
    mine = signing.sign_bytes(document, filename="notice.docx")
    assert not signing.verify_bytes(document, {**mine, "public_key": other.public_hex}, trusted={other.public}).valid


def test_interoperates_with_gmssl_sign_with_sm3(keyfile):
    # gmssl's own SM2-with-SM3 (Z with userid 1234567812345678) verifies with ours and the other way round
    from gmssl import sm2

    key = signing.signing_key()
    c = sm2.CryptSM2(private_key=f"{key.private:064x}", public_key=key.public)
    message = "人大常委会公告".encode()
    theirs = c.sign_with_sm3(message, f"{123456789:064x}")
    assert signing.sm2_verify(key.public, message, theirs)
    ours = signing.sm2_sign(key, message)
    assert c.verify_with_sm3(ours, message)


def test_the_verify_command(keyfile, document, tmp_path, capsys):
    f = tmp_path / "notice.docx"
    f.write_bytes(document)
    (tmp_path / "notice.docx.sig").write_bytes(signing.dumps_signature(signing.sign_bytes(document, filename=f.name)))
    assert run_verify(str(f)) == 0
    assert "有效" in capsys.readouterr().out
    f.write_bytes(document[:-1] + bytes([document[-1] ^ 1]))
    assert run_verify(str(f)) == 1
    assert "无效" in capsys.readouterr().out
    assert run_verify(str(tmp_path / "missing.docx")) == 1
    # a bundle (zip of file + .sig)
    bundle, _ = signing.signed_bundle(document, "notice.docx")
    (tmp_path / "b.zip").write_bytes(bundle)
    assert run_verify(str(tmp_path / "b.zip")) == 0
    # an explicit --sig made with another key
    other = signing.generate_keypair()
    (tmp_path / "other.sig").write_bytes(signing.dumps_signature(signing.sign_bytes(document, key=other)))
    (tmp_path / "ok.docx").write_bytes(document)
    assert run_verify(str(tmp_path / "ok.docx"), "--sig", str(tmp_path / "other.sig")) == 1
    assert "信任" in capsys.readouterr().out
    assert run_verify(str(tmp_path / "ok.docx"), "--sig", str(tmp_path / "other.sig"), "--public-key", other.public_hex) == 0


@pytest.mark.django_db
def test_signed_download_of_an_official_document(plan_world, keyfile, client, tmp_path):
    c = plan_world
    client.force_login(c.clerk)
    url = reverse("workplan:export", args=[c.plan.pk, "docx"])
    plain = client.get(url)
    assert plain.status_code == 200
    resp = client.get(url + "?signed=1")
    assert resp.status_code == 200 and resp["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(resp.content)) as zf:
        names = sorted(zf.namelist())
        assert len(names) == 2 and names[1] == names[0] + ".sig"
        data, sig = zf.read(names[0]), json.loads(zf.read(names[1]))
    assert data[:2] == b"PK" and sig["file"] == names[0]
    assert signing.verify_bytes(data, sig).valid
    (tmp_path / "dl.zip").write_bytes(resp.content)
    assert run_verify(str(tmp_path / "dl.zip")) == 0
    # the file name is given as browsers read a Chinese one (RFC 6266 filename*, core.http.content_disposition)
    stem = Path(names[0]).stem
    assert resp["Content-Disposition"].endswith("filename*=UTF-8''" + quote(f"{stem}-signed.zip"))
    only_sig = client.get(url + "?signed=sig")
    assert only_sig["Content-Disposition"].endswith("filename*=UTF-8''" + quote(f"{names[0]}.sig"))
    sig2 = json.loads(only_sig.content)
    # the document is generated anew for each request, so check the .sig against its own digest
    assert sig2["algorithm"] == "SM2-SM3"
    from renda.core.models import AuditEvent

    assert AuditEvent.objects.filter(action="sign", chain=c.congress.pk).count() == 2
    # a user who may not download the document gets no signature either
    client.force_login(c.outsider_clerk)
    assert client.get(url + "?signed=1").status_code == 404


@pytest.mark.django_db
def test_without_a_key_in_production_the_answer_is_chinese(plan_world, client, settings, monkeypatch):
    monkeypatch.delenv("RENDA_SIGNING_KEY_FILE", raising=False)
    settings.RENDA_SIGNING_KEY_FILE = ""
    settings.DEBUG = False
    settings.TESTING = False
    client.force_login(plan_world.clerk)
    resp = client.get(reverse("workplan:export", args=[plan_world.plan.pk, "docx"]) + "?signed=1")
    assert resp.status_code == 503 and "未配置签名密钥" in resp.content.decode()


def test_a_key_whose_public_x_begins_with_04_signs_and_verifies():
    """gmssl's CryptSM2 strips every leading "0"/"4" of a public key that starts with "04" (`lstrip("04")`): one key in
    256 then produced signatures that never verified. renda sets the key after construction."""
    for _ in range(5000):
        key = signing.generate_keypair()
        if key.public.startswith("04"):
            break
    else:  # pragma: no cover - probability (255/256)^5000
        pytest.skip("no key with x beginning 04 drawn")
    message = b"renda"
    assert signing.sm2_verify(key.public, message, signing.sm2_sign(key, message))
