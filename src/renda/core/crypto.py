"""Field-level encryption of personal data (ID numbers, phone numbers, citizens' contacts) at rest, for every app,
and the commercial-cryptography primitives (SM3 hash, HMAC-SM3, SM4) the rest of renda uses.

Value format
    `<scheme>$<kid>$<base64url(blob)>` — the scheme names the cipher that wrote it, the key id names the key.
    Values written before key ids existed (`aesgcm1$<base64url>`) stay readable: they are decrypted with the
    legacy key (RENDA_FIELD_KEY, or derived from SECRET_KEY) and, failing that, with every key of the ring.

Ciphers
    `sm4hm1` (default): SM4-CTR + HMAC-SM3, encrypt-then-MAC. Per master key, two sub-keys are derived with
    HMAC-SM3 (a 128-bit SM4 key and a 256-bit MAC key). Per value: a random 128-bit initial counter block N,
    C = SM4-CTR(K_enc, N, P), T = HMAC-SM3(K_mac, "sm4hm1" || len(aad) as 8 bytes || aad || N || C);
    the blob is N || C || T. Decryption checks T first (constant-time compare) and only then decrypts.
    The associated data is the field ("app.model.field"), so a ciphertext copied into another column does not
    decrypt. CTR with a random 128-bit counter block is IND-CPA under SM4 as a PRP; HMAC-SM3 over the whole
    ciphertext makes the composition IND-CCA (encrypt-then-MAC, Bellare–Namprempre 2000).
    `aesgcm1`: AES-256-GCM (`cryptography`), the earlier default; kept to read old rows and selectable.
    `register_cipher(obj)` adds one (`scheme`, `encrypt(plaintext, aad, *, key)`, `decrypt(blob, aad, *, key)`,
    `key` is the 32-byte master key of the value's key id); RENDA_FIELD_CIPHER picks the cipher for new values.

Keys
    RENDA_FIELD_KEYS="k2:<secret>,k1:<secret>" — several keys, the first is current (new values);
    every listed key still decrypts. Without it the ring is one key "k0" = RENDA_FIELD_KEY (or, in development,
    derived from SECRET_KEY). Each secret is any string, hashed to 32 bytes. `renda keys rotate` re-encrypts
    every EncryptedTextField under the current key; after that the old key can be removed.

Digests
    Equality lookups use a keyed digest (`digest()`, HMAC-SHA256), never the ciphertext. Its key does NOT rotate
    with the field keys: RENDA_DIGEST_KEY, or the legacy key (RENDA_FIELD_KEY / SECRET_KEY) as before. A digest
    column holds no plaintext and is not decryptable; rotating its key would need every plaintext at once and
    buys little, so `keys rotate` leaves digests as they are (docs/SECURITY.md, "Cryptography").

SM primitives
    From OpenSSL through the `cryptography` package when it offers SM3/SM4 (fast), otherwise from gmssl (pure
    Python). RENDA_SM_BACKEND=openssl|gmssl forces one. tests/security/test_crypto_sm.py checks both against the
    GB/T 32905 and GB/T 32907 examples and against each other.

The plaintext never reaches the audit trail or an export: services record "已修改" for these fields.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import os
import re
from typing import Protocol

from django.apps import apps
from django.conf import settings
from django.db import models

SEPARATOR = "$"
KID_RE = re.compile(r"^[A-Za-z0-9_-]{1,16}$")
DEFAULT_CIPHER = "sm4hm1"


# ---------------------------------------------------------------------------------------------------------------
# SM3 / HMAC-SM3 / SM4 primitives
# ---------------------------------------------------------------------------------------------------------------


class _OpenSSLBackend:
    name = "openssl"

    def __init__(self) -> None:
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives import hmac as c_hmac
        from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

        self._hashes, self._hmac = hashes, c_hmac
        self._Cipher, self._algorithms, self._modes = Cipher, algorithms, modes
        # Probe: raises UnsupportedAlgorithm on an OpenSSL built without SM3/SM4.
        self.sm3(b"abc")
        self.sm4_ecb_encrypt(bytes(16), bytes(16))

    def sm3(self, data: bytes) -> bytes:
        h = self._hashes.Hash(self._hashes.SM3())
        h.update(data)
        return h.finalize()

    def hmac_sm3(self, key: bytes, data: bytes) -> bytes:
        h = self._hmac.HMAC(key, self._hashes.SM3())
        h.update(data)
        return h.finalize()

    def sm4_ecb_encrypt(self, key: bytes, data: bytes) -> bytes:
        enc = self._Cipher(self._algorithms.SM4(key), self._modes.ECB()).encryptor()
        return enc.update(data) + enc.finalize()

    def sm4_ctr(self, key: bytes, counter_block: bytes, data: bytes) -> bytes:
        enc = self._Cipher(self._algorithms.SM4(key), self._modes.CTR(counter_block)).encryptor()
        return enc.update(data) + enc.finalize()


class _GmsslBackend:
    """gmssl 3.2.2, pure Python: correct but slow (see bench/bench_crypto.py)."""

    name = "gmssl"

    def __init__(self) -> None:
        from gmssl import sm3, sm4

        self._sm3, self._sm4 = sm3, sm4

    def sm3(self, data: bytes) -> bytes:
        return bytes.fromhex(self._sm3.sm3_hash(list(data)))

    def hmac_sm3(self, key: bytes, data: bytes) -> bytes:
        block = 64
        if len(key) > block:
            key = self.sm3(key)
        key = key.ljust(block, b"\0")
        inner = self.sm3(bytes(b ^ 0x36 for b in key) + data)
        return self.sm3(bytes(b ^ 0x5C for b in key) + inner)

    def sm4_ecb_encrypt(self, key: bytes, data: bytes) -> bytes:
        if len(data) % 16:
            raise ValueError("SM4-ECB needs whole 16-byte blocks")
        c = self._sm4.CryptSM4()  # PKCS#7 padding: one extra block, dropped below
        c.set_key(key, self._sm4.SM4_ENCRYPT)
        return bytes(c.crypt_ecb(data))[: len(data)]  # drop gmssl's PKCS#7 padding block

    def sm4_ctr(self, key: bytes, counter_block: bytes, data: bytes) -> bytes:
        if not data:
            return b""
        n = (len(data) + 15) // 16
        start = int.from_bytes(counter_block, "big")
        counters = b"".join(((start + i) % (1 << 128)).to_bytes(16, "big") for i in range(n))
        stream = self.sm4_ecb_encrypt(key, counters)
        return bytes(a ^ b for a, b in zip(data, stream, strict=False))


@functools.lru_cache(maxsize=4)
def _backend_for(name: str):
    if name == "gmssl":
        return _GmsslBackend()
    if name == "openssl":
        return _OpenSSLBackend()
    try:
        return _OpenSSLBackend()
    except Exception:  # OpenSSL without SM3/SM4: fall back to pure Python
        return _GmsslBackend()


def sm_backend(name: str | None = None):
    """The SM3/SM4 implementation in use (RENDA_SM_BACKEND=openssl|gmssl, default: OpenSSL when it has them)."""
    return _backend_for(name or os.environ.get("RENDA_SM_BACKEND", "") or "auto")


def sm3(data: bytes) -> bytes:
    return sm_backend().sm3(data)


def sm3_hex(data: bytes) -> str:
    return sm3(data).hex()


def hmac_sm3(key: bytes, data: bytes) -> bytes:
    return sm_backend().hmac_sm3(key, data)


def sm4_ecb_encrypt(key: bytes, data: bytes) -> bytes:
    return sm_backend().sm4_ecb_encrypt(key, data)


def sm4_ctr(key: bytes, counter_block: bytes, data: bytes) -> bytes:
    return sm_backend().sm4_ctr(key, counter_block, data)


# ---------------------------------------------------------------------------------------------------------------
# Keys
# ---------------------------------------------------------------------------------------------------------------


class KeyConfigError(Exception):
    pass


def _legacy_raw() -> str:
    return os.environ.get("RENDA_FIELD_KEY") or f"renda-field:{settings.SECRET_KEY}"


@functools.lru_cache(maxsize=16)
def _ring_from(spec: str, legacy_raw: str) -> tuple[tuple[str, bytes], ...]:
    if not spec.strip():
        return (("k0", hashlib.sha256(legacy_raw.encode()).digest()),)
    ring: list[tuple[str, bytes]] = []
    for part in spec.split(","):
        part = part.strip()
        if not part:
            continue
        kid, sep, secret = part.partition(":")
        if not sep or not KID_RE.match(kid) or not secret:
            raise KeyConfigError(
                "RENDA_FIELD_KEYS must be 'kid:secret,kid:secret' (kid: letters, digits, '-' or '_', up to 16)"
            )
        if any(k == kid for k, _ in ring):
            raise KeyConfigError(f"RENDA_FIELD_KEYS names key id {kid!r} twice")
        ring.append((kid, hashlib.sha256(secret.encode()).digest()))
    if not ring:
        raise KeyConfigError("RENDA_FIELD_KEYS is set but names no key")
    return tuple(ring)


def key_ring() -> tuple[tuple[str, bytes], ...]:
    """(kid, 32-byte master key) pairs; the first is current."""
    spec = os.environ.get("RENDA_FIELD_KEYS") or getattr(settings, "RENDA_FIELD_KEYS", "") or ""
    return _ring_from(spec, _legacy_raw())


def current_key() -> tuple[str, bytes]:
    return key_ring()[0]


def _legacy_master_key() -> bytes:
    return hashlib.sha256(_legacy_raw().encode()).digest()


def _master_key() -> bytes:  # kept for callers of the single-key API
    return current_key()[1]


@functools.lru_cache(maxsize=64)
def _derive(master: bytes, label: str) -> bytes:
    return hmac.new(master, label.encode(), hashlib.sha256).digest()


@functools.lru_cache(maxsize=64)
def _derive_sm3(master: bytes, label: str) -> bytes:
    return hmac_sm3(master, label.encode())


# ---------------------------------------------------------------------------------------------------------------
# Ciphers
# ---------------------------------------------------------------------------------------------------------------


class FieldCipher(Protocol):
    scheme: str

    def encrypt(self, plaintext: bytes, aad: bytes, *, key: bytes) -> bytes: ...

    def decrypt(self, blob: bytes, aad: bytes, *, key: bytes) -> bytes: ...


class AesGcmCipher:
    """AES-256-GCM with a random 96-bit nonce per value."""

    scheme = "aesgcm1"

    def _aead(self, key: bytes):
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        return AESGCM(_derive(key, "aes-256-gcm"))

    def encrypt(self, plaintext: bytes, aad: bytes, *, key: bytes) -> bytes:
        nonce = os.urandom(12)
        return nonce + self._aead(key).encrypt(nonce, plaintext, aad)

    def decrypt(self, blob: bytes, aad: bytes, *, key: bytes) -> bytes:
        return self._aead(key).decrypt(blob[:12], blob[12:], aad)


class Sm4CtrHmacSm3Cipher:
    """SM4-CTR + HMAC-SM3, encrypt-then-MAC (see the module docstring)."""

    scheme = "sm4hm1"
    NONCE = 16
    TAG = 32

    def _keys(self, key: bytes) -> tuple[bytes, bytes]:
        return _derive_sm3(key, "sm4hm1:enc")[:16], _derive_sm3(key, "sm4hm1:mac")

    def _tag(self, mac_key: bytes, aad: bytes, nonce: bytes, ct: bytes) -> bytes:
        return hmac_sm3(mac_key, b"sm4hm1" + len(aad).to_bytes(8, "big") + aad + nonce + ct)

    def encrypt(self, plaintext: bytes, aad: bytes, *, key: bytes) -> bytes:
        enc_key, mac_key = self._keys(key)
        nonce = os.urandom(self.NONCE)
        ct = sm4_ctr(enc_key, nonce, plaintext)
        return nonce + ct + self._tag(mac_key, aad, nonce, ct)

    def decrypt(self, blob: bytes, aad: bytes, *, key: bytes) -> bytes:
        if len(blob) < self.NONCE + self.TAG:
            raise ValueError("ciphertext too short")
        enc_key, mac_key = self._keys(key)
        nonce, ct, tag = blob[: self.NONCE], blob[self.NONCE : -self.TAG], blob[-self.TAG :]
        if not hmac.compare_digest(tag, self._tag(mac_key, aad, nonce, ct)):
            raise ValueError("authentication tag mismatch")
        return sm4_ctr(enc_key, nonce, ct)


CIPHERS: dict[str, FieldCipher] = {}


def register_cipher(cipher: FieldCipher) -> None:
    CIPHERS[cipher.scheme] = cipher


register_cipher(AesGcmCipher())
register_cipher(Sm4CtrHmacSm3Cipher())


def current_scheme() -> str:
    return os.environ.get("RENDA_FIELD_CIPHER") or getattr(settings, "RENDA_FIELD_CIPHER", "") or DEFAULT_CIPHER


def current_cipher() -> FieldCipher:
    scheme = current_scheme()
    try:
        return CIPHERS[scheme]
    except KeyError:
        raise LookupError(f"unknown field cipher {scheme!r}; register it with register_cipher()") from None


class DecryptionError(Exception):
    pass


def parse_token(token: str) -> tuple[str, str | None, str]:
    """(scheme, kid or None for a value written before key ids, base64 payload); ValueError if not a token."""
    scheme, sep, rest = (token or "").partition(SEPARATOR)
    if not sep or scheme not in CIPHERS:
        raise ValueError("not an encrypted value")
    kid, sep2, payload = rest.partition(SEPARATOR)
    if sep2:
        if not KID_RE.match(kid):
            raise ValueError("malformed key id")
        return scheme, kid, payload
    return scheme, None, rest


def encrypt(value: str, *, context: str) -> str:
    cipher = current_cipher()
    kid, key = current_key()
    blob = cipher.encrypt(value.encode(), context.encode(), key=key)
    return f"{cipher.scheme}{SEPARATOR}{kid}{SEPARATOR}{base64.urlsafe_b64encode(blob).decode()}"


def decrypt(token: str, *, context: str) -> str:
    try:
        scheme, kid, payload = parse_token(token)
        blob = base64.urlsafe_b64decode(payload.encode())
    except Exception as exc:
        raise DecryptionError("not an encrypted value") from exc
    ring = key_ring()
    if kid is None:  # written before key ids: the legacy key first, then every key of the ring
        candidates = [_legacy_master_key(), *(k for _, k in ring)]
    else:
        candidates = [k for i, k in ring if i == kid]
        if not candidates:
            raise DecryptionError(f"key id {kid!r} is not configured (RENDA_FIELD_KEYS)")
    cipher = CIPHERS[scheme]
    for key in dict.fromkeys(candidates):
        try:
            return cipher.decrypt(blob, context.encode(), key=key).decode()
        except Exception:  # wrong key, tampered value, value moved to another field  # noqa: S112
            continue
    raise DecryptionError("the value cannot be decrypted with the configured key")


def is_encrypted(value: str) -> bool:
    try:
        parse_token(value)
    except ValueError:
        return False
    return True


def is_current(token: str) -> bool:
    """Written by the current cipher under the current key (nothing for `keys rotate` to do)."""
    try:
        scheme, kid, _ = parse_token(token)
    except ValueError:
        return False
    return scheme == current_scheme() and kid == current_key()[0]


def _digest_key(context: str) -> bytes:
    raw = os.environ.get("RENDA_DIGEST_KEY")
    master = hashlib.sha256(raw.encode()).digest() if raw else _legacy_master_key()
    return _derive(master, f"digest:{context}")


def digest(value: str, *, context: str) -> str:
    """A keyed, deterministic digest for equality checks (e.g. the same ID number registered twice)."""
    if not value:
        return ""
    return hmac.new(_digest_key(context), value.encode(), hashlib.sha256).hexdigest()


class Undecryptable(str):
    """What a model attribute holds when its value cannot be decrypted (wrong or missing key): shows
    "（无法解密）" and, saved back as it is, writes the original ciphertext again instead of the placeholder."""

    token: str

    def __new__(cls, token: str):
        obj = super().__new__(cls, "（无法解密）")
        obj.token = token
        return obj


class EncryptedTextField(models.TextField):
    """A text column holding only ciphertext; the model attribute is the plaintext.

    Not searchable (randomised encryption): look values up through a digest column instead. List pages that do
    not show the value should `.defer()` it: every loaded value is decrypted.
    """

    def contribute_to_class(self, cls, name, private_only=False):
        super().contribute_to_class(cls, name, private_only=private_only)
        self.context = f"{cls._meta.label_lower}.{name}"

    def from_db_value(self, value, expression, connection):
        if not value:
            return ""
        try:
            return decrypt(value, context=self.context)
        except DecryptionError:
            return Undecryptable(value)

    def get_prep_value(self, value):
        if isinstance(value, Undecryptable):  # saved back unchanged: keep the ciphertext, never the placeholder
            return value.token
        value = super().get_prep_value(value)
        if not value:
            return ""
        if is_encrypted(value):  # already a token (e.g. copied rows)
            return value
        return encrypt(value, context=self.context)


def encrypted_fields():
    """(model, field) for every EncryptedTextField column of every concrete, managed model."""
    out = []
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed or meta.swapped:
            continue
        for field in meta.local_concrete_fields:
            if isinstance(field, EncryptedTextField):
                out.append((model, field))
    return out
