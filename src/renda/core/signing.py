"""SM2 signatures (GB/T 32918.2, with SM3) for documents published by the platform.

The key pair comes from RENDA_SIGNING_KEY_FILE (a text file written by `renda keys sm2-generate`: the private
key as 64 hex digits, the public key, the signer's name). In development and tests without that variable a key
is generated once into <RENDA_VAR_DIR>/sm2-signing.key; a production start without it cannot sign.

Detached signature (FILE.sig, JSON, UTF-8):
    {"format": "renda-sm2-sig-1", "algorithm": "SM2-SM3", "userid": "1234567812345678", "signer": "…",
     "file": "name.docx", "size": 12345, "sm3": "<hex SM3 of the file>", "signed_at": "2026-…+08:00",
     "public_key": "04<x><y>", "signature": "<r||s, 128 hex>"}
The SM2 signature is over the canonical JSON of every field except "signature" and "public_key" (sorted keys,
no spaces), with Z = SM3(ENTL || userid || a || b || xG || yG || xA || yA) as GB/T 32918.2 §5.5 prescribes
(e = SM3(Z || M)). The file is bound through its SM3 digest, and signer, name and time cannot be altered.
Verification recomputes the digest, checks the signature with the public key in the .sig, and requires that key
to be one the platform trusts (its own, or one listed in RENDA_SIGNING_TRUSTED_KEYS: files or hex keys,
separated by commas), so a signature made with any other key is 无效.

Downloads: every .docx/.xlsx download answered as an attachment can be fetched signed: `?signed=1` returns a
zip of the file and FILE.sig, `?signed=sig` only FILE.sig (SignedDownloadMiddleware). `renda verify FILE
[--sig FILE.sig]` checks a file, or a zip from `?signed=1`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import re
import secrets
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone

from renda.core import audit, crypto
from renda.core.http import content_disposition

FORMAT = "renda-sm2-sig-1"
ALGORITHM = "SM2-SM3"
USER_ID = b"1234567812345678"  # the default distinguishing identifier of GB/T 35276 / GM/T 0009

# GB/T 32918.5 recommended curve parameters (sm2p256v1)
P = int("FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF", 16)
A = int("FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC", 16)
B = int("28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93", 16)
N = int("FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123", 16)
GX = int("32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7", 16)
GY = int("BC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0", 16)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SIGNABLE_TYPES = {DOCX, XLSX}
HEX64 = re.compile(r"^[0-9a-fA-F]{64}$")
HEX128 = re.compile(r"^(04)?[0-9a-fA-F]{128}$")


class SigningError(Exception):
    """A Chinese message for the user: no key configured, a malformed key file or signature file."""


@dataclass(frozen=True)
class KeyPair:
    private: int | None  # None: a public key only
    public: str  # 128 hex digits, x || y
    signer: str = ""

    @property
    def public_hex(self) -> str:
        return "04" + self.public


def _cryptsm2(key: KeyPair):
    from gmssl import sm2

    private = f"{key.private:064x}" if key.private is not None else ""
    c = sm2.CryptSM2(private_key=private, public_key="")
    # Set after construction: gmssl's constructor does `public_key.lstrip("04")`, which strips every leading 0 and 4
    # character — it broke one key in about 250 (those whose x coordinate begins with 0 or 4).
    c.public_key = key.public
    return c


def _on_curve(x: int, y: int) -> bool:
    return 0 <= x < P and 0 <= y < P and (y * y - (x * x * x + A * x + B)) % P == 0


def public_key_of(private: int) -> str:
    from gmssl import sm2

    c = sm2.CryptSM2(private_key=f"{private:064x}", public_key="")
    return c._kg(private, c.ecc_table["g"]).lower()


def parse_public_key(text: str) -> str:
    text = text.strip().lower()
    if not HEX128.match(text):
        raise SigningError("公钥格式不正确（应为 128 位或以 04 开头的 130 位十六进制数）")
    text = text[2:] if len(text) == 130 else text
    if not _on_curve(int(text[:64], 16), int(text[64:], 16)):
        raise SigningError("公钥不在 SM2 曲线上")
    return text


def generate_keypair(signer: str = "") -> KeyPair:
    d = secrets.randbelow(N - 2) + 1  # 1 <= d <= n-2 (GB/T 32918.1 §6.1)
    return KeyPair(private=d, public=public_key_of(d), signer=signer)


def dump_keypair(key: KeyPair) -> str:
    return (
        "# renda SM2 签名密钥（GB/T 32918）——私钥，妥善保管，权限 0600\n"
        f"signer: {key.signer}\n"
        f"private: {key.private:064x}\n"
        f"public: {key.public_hex}\n"
    )


def load_keypair(path: str | os.PathLike) -> KeyPair:
    """A file from `keys sm2-generate` ("private: …", "public: …", "signer: …"), or a bare 64-hex private key,
    or a public key only ("public: …" or 128/130 hex digits)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SigningError(f"无法读取签名密钥文件：{path}") from exc
    fields: dict[str, str] = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, value = line.partition(":")
        if sep:
            fields[name.strip().lower()] = value.strip()
        elif HEX64.match(line):
            fields["private"] = line
        elif HEX128.match(line):
            fields["public"] = line
        else:
            raise SigningError(f"签名密钥文件格式不正确：{path}")
    private = None
    if "private" in fields:
        if not HEX64.match(fields["private"]):
            raise SigningError(f"签名密钥文件中的私钥格式不正确：{path}")
        private = int(fields["private"], 16)
        if not 1 <= private <= N - 2:
            raise SigningError(f"签名密钥文件中的私钥超出范围：{path}")
    if private is not None:
        public = public_key_of(private)
        if "public" in fields and parse_public_key(fields["public"]) != public:
            raise SigningError(f"签名密钥文件中的公钥与私钥不匹配：{path}")
    elif "public" in fields:
        public = parse_public_key(fields["public"])
    else:
        raise SigningError(f"签名密钥文件中没有密钥：{path}")
    return KeyPair(private=private, public=public, signer=fields.get("signer", ""))


def _default_key_path() -> Path | None:
    path = os.environ.get("RENDA_SIGNING_KEY_FILE") or getattr(settings, "RENDA_SIGNING_KEY_FILE", "")
    if path:
        return Path(path)
    if settings.DEBUG or getattr(settings, "TESTING", False):
        return Path(os.environ.get("RENDA_VAR_DIR") or settings.PROJECT_DIR / "var") / "sm2-signing.key"
    return None


def signing_key() -> KeyPair:
    """The platform's signing key pair (generated on first use in development/tests only)."""
    path = _default_key_path()
    if path is None:
        raise SigningError("未配置签名密钥（RENDA_SIGNING_KEY_FILE），无法生成签名文件，请联系系统管理员。")
    explicit = bool(os.environ.get("RENDA_SIGNING_KEY_FILE") or getattr(settings, "RENDA_SIGNING_KEY_FILE", ""))
    if not path.exists() and not explicit:
        path.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileExistsError):  # another process generated it first
            write_keypair(path, generate_keypair(signer=default_signer()))
    key = load_keypair(path)
    if key.private is None:
        raise SigningError(f"签名密钥文件只有公钥，不能签名：{path}")
    return key


def write_keypair(path: Path, key: KeyPair) -> None:
    """Mode 0600, complete or absent (written aside, then linked into place); never overwrites."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(dump_keypair(key))
            f.flush()
            os.fsync(f.fileno())
        os.link(tmp, path)  # FileExistsError if someone was first
    finally:
        tmp.unlink(missing_ok=True)


def default_signer() -> str:
    return os.environ.get("RENDA_SIGNING_SIGNER") or getattr(settings, "RENDA_SIGNING_SIGNER", "") or "人大履职平台"


def trusted_public_keys() -> set[str]:
    keys: set[str] = set()
    with contextlib.suppress(SigningError):
        keys.add(signing_key().public)
    extra = os.environ.get("RENDA_SIGNING_TRUSTED_KEYS") or getattr(settings, "RENDA_SIGNING_TRUSTED_KEYS", "")
    for item in (extra or "").split(","):
        item = item.strip()
        if not item:
            continue
        keys.add(parse_public_key(item) if HEX128.match(item) else load_keypair(item).public)
    return keys


# ---- SM2 with SM3 (GB/T 32918.2) --------------------------------------------------------------------------


def _z(public: str) -> bytes:
    entl = (len(USER_ID) * 8).to_bytes(2, "big")
    parts = [entl, USER_ID] + [v.to_bytes(32, "big") for v in (A, B, GX, GY)] + [bytes.fromhex(public)]
    return crypto.sm3(b"".join(parts))


def message_digest(public: str, message: bytes) -> bytes:
    """e = SM3(Z_A || M)."""
    return crypto.sm3(_z(public) + message)


def sm2_sign(key: KeyPair, message: bytes) -> str:
    if key.private is None:
        raise SigningError("没有私钥，不能签名")
    e = message_digest(key.public, message)
    c = _cryptsm2(key)
    while True:
        k = secrets.randbelow(N - 1) + 1
        sig = c.sign(e, f"{k:064x}")
        if sig:
            return sig


def sm2_verify(public: str, message: bytes, signature: str) -> bool:
    if not re.fullmatch(r"[0-9a-fA-F]{128}", signature or ""):
        return False
    r, s = int(signature[:64], 16), int(signature[64:], 16)
    if not (1 <= r < N and 1 <= s < N):
        return False
    try:
        return bool(_cryptsm2(KeyPair(private=None, public=public)).verify(signature, message_digest(public, message)))
    except Exception:
        return False


# ---- detached signatures -------------------------------------------------------------------------------------


def _signed_part(sig: dict) -> bytes:
    body = {k: v for k, v in sig.items() if k not in {"signature", "public_key"}}
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def sign_bytes(data: bytes, *, filename: str = "", key: KeyPair | None = None, signed_at=None) -> dict:
    """A detached signature (dict; `json.dumps` it into FILE.sig)."""
    key = key or signing_key()
    signed_at = signed_at or timezone.localtime()
    sig = {
        "format": FORMAT,
        "algorithm": ALGORITHM,
        "userid": USER_ID.decode(),
        "signer": key.signer or default_signer(),
        "file": filename,
        "size": len(data),
        "sm3": crypto.sm3_hex(data),
        "signed_at": signed_at.isoformat(timespec="seconds") if isinstance(signed_at, dt.datetime) else signed_at,
    }
    sig["public_key"] = key.public_hex
    sig["signature"] = sm2_sign(key, _signed_part(sig))
    return sig


def dumps_signature(sig: dict) -> bytes:
    return (json.dumps(sig, ensure_ascii=False, indent=2) + "\n").encode()


@dataclass
class Verdict:
    valid: bool
    reason: str
    signature: dict | None = None

    def __bool__(self) -> bool:
        return self.valid


def _signature_refusal(public: str, record: dict, trusted: set[str] | None, broken: str) -> Verdict | None:
    """Why `record`'s SM2 signature by `public` is refused (`broken`, or an untrusted key); None when it holds."""
    if not sm2_verify(public, _signed_part(record), str(record.get("signature", ""))):
        return Verdict(False, broken, record)
    if public not in (trusted_public_keys() if trusted is None else trusted):
        return Verdict(False, "签名公钥不是本平台信任的签名公钥", record)
    return None


def verify_bytes(data: bytes, sig: dict | bytes | str, *, trusted: set[str] | None = None) -> Verdict:
    """Check `data` against a detached signature; `trusted`: public keys (128 hex) accepted as signers."""
    if isinstance(sig, bytes | str):
        try:
            sig = json.loads(sig)
        except (ValueError, UnicodeDecodeError):
            return Verdict(False, "签名文件不是有效的 JSON")
    if not isinstance(sig, dict) or sig.get("format") != FORMAT or sig.get("algorithm") != ALGORITHM:
        return Verdict(False, "不是本平台的签名文件（格式或算法不符）")
    if sig.get("userid") != USER_ID.decode():
        return Verdict(False, "签名者标识不符")
    try:
        public = parse_public_key(str(sig.get("public_key", "")))
    except SigningError as exc:
        return Verdict(False, str(exc), sig)
    if sig.get("size") != len(data) or sig.get("sm3") != crypto.sm3_hex(data):
        return Verdict(False, "文件内容与签名不符（SM3 摘要不一致，文件已被改动）", sig)
    refusal = _signature_refusal(public, sig, trusted, "SM2 签名值无效（签名信息被改动或签名损坏）")
    if refusal is not None:
        return refusal
    return Verdict(True, f"签名有效：{sig.get('signer', '')}，签名时间 {sig.get('signed_at', '')}", sig)


def signed_bundle(data: bytes, filename: str, *, key: KeyPair | None = None) -> tuple[bytes, dict]:
    """A zip holding the file and FILE.sig."""
    sig = sign_bytes(data, filename=filename, key=key)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(filename, data)
        zf.writestr(f"{filename}.sig", dumps_signature(sig))
    return buf.getvalue(), sig


def read_bundle(data: bytes) -> tuple[str, bytes, bytes]:
    """(name, file bytes, .sig bytes) from a zip made by `signed_bundle`."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = zf.namelist()
            sigs = [n for n in names if n.endswith(".sig")]
            if len(sigs) != 1 or sigs[0][:-4] not in names or len(names) != 2:
                raise SigningError("压缩包不是签名文件包（应只含一个文件及其 .sig 签名）")
            name = sigs[0][:-4]
            return name, zf.read(name), zf.read(sigs[0])
    except zipfile.BadZipFile as exc:
        raise SigningError("不是有效的签名文件包") from exc


def is_bundle(data: bytes) -> bool:
    try:
        read_bundle(data)
    except SigningError:
        return False
    return True


# ---- downloads -------------------------------------------------------------------------------------------------

_FILENAME_RE = re.compile(r"filename\*?=(?:UTF-8'')?\"?([^\";]+)\"?", re.IGNORECASE)


def _download_name(response) -> str:
    disposition = response.get("Content-Disposition", "")
    names = _FILENAME_RE.findall(disposition)
    name = unquote(names[-1]) if names else "document"
    return Path(name).name or "document"


class SignedDownloadMiddleware:
    """`?signed=1` on a .docx/.xlsx download: a zip of the file + FILE.sig; `?signed=sig`: FILE.sig only.

    Acts only on a 200 attachment the view already produced (and so already authorised)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        mode = request.GET.get("signed", "")
        if mode not in {"1", "sig"} or request.method != "GET" or response.status_code != 200:
            return response
        ctype = response.get("Content-Type", "").split(";")[0].strip()
        if ctype not in SIGNABLE_TYPES or getattr(response, "streaming", False):
            return response
        name = _download_name(response)
        try:
            if mode == "sig":
                sig = sign_bytes(response.content, filename=name)
                out = HttpResponse(dumps_signature(sig), content_type="application/json; charset=utf-8")
                out["Content-Disposition"] = content_disposition(f"{name}.sig")
            else:
                bundle, sig = signed_bundle(response.content, name)
                out = HttpResponse(bundle, content_type="application/zip")
                out["Content-Disposition"] = content_disposition(f"{Path(name).stem}-signed.zip")
        except SigningError as exc:
            return HttpResponse(str(exc), status=503, content_type="text/plain; charset=utf-8")
        _audit_signature(request, name, sig)
        return out


def _audit_signature(request, name: str, sig: dict) -> None:
    user = getattr(request, "user", None)
    audit.record(
        actor=user if getattr(user, "is_authenticated", False) else None,
        action="sign",
        congress_id=getattr(user, "congress_id", None),
        note=f"SM2 签名：{name}（SM3 {sig['sm3']}）",
    )


# ---- signed JSON records (audit checkpoints, backup manifests) ---------------------------------------------------


def sign_json(body: dict, *, key: KeyPair | None = None) -> dict:
    """`body` with "public_key" and "signature" added: SM2 over the canonical JSON of every other field (the same
    canonical form as a detached signature). Used for the audit witness's checkpoints and backup manifests."""
    key = key or signing_key()
    record = {k: v for k, v in body.items() if k not in {"signature", "public_key"}}
    record["public_key"] = key.public_hex
    record["signature"] = sm2_sign(key, _signed_part(record))
    return record


def verify_json(record: dict, *, trusted: set[str] | None = None) -> Verdict:
    """Check a record made by `sign_json`: the signature over the other fields, by a key the platform trusts."""
    if not isinstance(record, dict) or "signature" not in record or "public_key" not in record:
        return Verdict(False, "没有签名")
    try:
        public = parse_public_key(str(record.get("public_key", "")))
    except SigningError as exc:
        return Verdict(False, str(exc), record)
    refusal = _signature_refusal(public, record, trusted, "SM2 签名值无效（内容被改动或签名损坏）")
    if refusal is not None:
        return refusal
    return Verdict(True, "签名有效", record)
