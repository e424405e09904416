"""Kept so migrations that name `renda.deputies.crypto.EncryptedTextField` still import; the cipher lives in
`renda.core.crypto`."""

from renda.core.crypto import EncryptedTextField  # noqa: F401
