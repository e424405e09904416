"""API tokens for external systems: shown once, stored as a SHA-256 hash."""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from renda.core import audit
from renda.core.models import ApiToken, User

PREFIX = "rnd_"


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def token_create(*, actor, user: User, name: str) -> tuple[ApiToken, str]:
    key = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, key_hash=_hash(key), prefix=key[len(PREFIX):][:8])
    audit.record(actor=actor, action="token_create", obj=user, congress_id=user.congress_id,
                 after={"token": token.name, "prefix": token.prefix})
    return token, key


def user_for_key(key: str) -> User | None:
    if not key or not key.startswith(PREFIX):
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=_hash(key), revoked=False).first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
