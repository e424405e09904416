"""Field-level encryption of personal data (ID numbers, phone numbers, citizens' contacts) at rest, for every app.

A value is stored as `<scheme>$<base64url(nonce || ciphertext || tag)>`; the scheme names the cipher
that wrote it, so ciphers can be added (SM4-GCM comes with the production-readiness issue) and old
rows stay readable: `register_cipher(SM4Cipher())` and set RENDA_FIELD_CIPHER=sm4gcm1.

The default cipher is AES-256-GCM from the `cryptography` package. The key comes from RENDA_FIELD_KEY
(any string; hashed to 32 bytes) or, in development, is derived from SECRET_KEY. Each value is bound to
its field (associated data "app.model.field"), so a ciphertext copied into another column does not
decrypt. Equality lookups use a separate keyed digest (`digest()`), never the ciphertext.

The plaintext never reaches the audit trail or an export: services record "已修改" for these fields.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from typing import Protocol

from django.conf import settings
from django.db import models

SEPARATOR = "$"


class FieldCipher(Protocol):
    scheme: str

    def encrypt(self, plaintext: bytes, aad: bytes) -> bytes: ...

    def decrypt(self, blob: bytes, aad: bytes) -> bytes: ...


def _master_key() -> bytes:
    raw = os.environ.get("RENDA_FIELD_KEY") or f"renda-field:{settings.SECRET_KEY}"
    return hashlib.sha256(raw.encode()).digest()


def _subkey(label: str) -> bytes:
    return hmac.new(_master_key(), label.encode(), hashlib.sha256).digest()


class AesGcmCipher:
    """AES-256-GCM with a random 96-bit nonce per value."""

    scheme = "aesgcm1"

    def _aead(self):
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        return AESGCM(_subkey("aes-256-gcm"))

    def encrypt(self, plaintext: bytes, aad: bytes) -> bytes:
        nonce = os.urandom(12)
        return nonce + self._aead().encrypt(nonce, plaintext, aad)

    def decrypt(self, blob: bytes, aad: bytes) -> bytes:
        return self._aead().decrypt(blob[:12], blob[12:], aad)


CIPHERS: dict[str, FieldCipher] = {}


def register_cipher(cipher: FieldCipher) -> None:
    CIPHERS[cipher.scheme] = cipher


register_cipher(AesGcmCipher())


def current_cipher() -> FieldCipher:
    scheme = os.environ.get("RENDA_FIELD_CIPHER") or getattr(settings, "RENDA_FIELD_CIPHER", "") or "aesgcm1"
    try:
        return CIPHERS[scheme]
    except KeyError:
        raise LookupError(f"unknown field cipher {scheme!r}; register it with register_cipher()") from None


class DecryptionError(Exception):
    pass


def encrypt(value: str, *, context: str) -> str:
    cipher = current_cipher()
    blob = cipher.encrypt(value.encode(), context.encode())
    return f"{cipher.scheme}{SEPARATOR}{base64.urlsafe_b64encode(blob).decode()}"


def decrypt(token: str, *, context: str) -> str:
    scheme, sep, payload = token.partition(SEPARATOR)
    if not sep or scheme not in CIPHERS:
        raise DecryptionError("not an encrypted value")
    try:
        return CIPHERS[scheme].decrypt(base64.urlsafe_b64decode(payload.encode()), context.encode()).decode()
    except Exception as exc:  # wrong key, tampered value, value moved to another field
        raise DecryptionError("the value cannot be decrypted with the configured key") from exc


def is_encrypted(value: str) -> bool:
    scheme, sep, _ = (value or "").partition(SEPARATOR)
    return bool(sep) and scheme in CIPHERS


def digest(value: str, *, context: str) -> str:
    """A keyed, deterministic digest for equality checks (e.g. the same ID number registered twice)."""
    if not value:
        return ""
    return hmac.new(_subkey(f"digest:{context}"), value.encode(), hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):
    """A text column holding only ciphertext; the model attribute is the plaintext.

    Not searchable (randomised encryption): look values up through a digest column instead.
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
            return "（无法解密）"

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if not value:
            return ""
        if is_encrypted(value):  # already a token (e.g. copied rows)
            return value
        return encrypt(value, context=self.context)
