"""Password validators (AUTH_PASSWORD_VALIDATORS): character classes and history. Chinese messages.

`PasswordHistoryValidator.password_changed` is Django's hook called after every saved `set_password`: it
records the new hash, which dates the password (expiry) and feeds the history check.
"""

from __future__ import annotations

import string

from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError

from renda.accounts import conf
from renda.accounts.models import PasswordHistory

CLASSES = (
    ("大写字母", lambda ch: ch in string.ascii_uppercase),
    ("小写字母", lambda ch: ch in string.ascii_lowercase),
    ("数字", lambda ch: ch.isdigit()),
    ("符号", lambda ch: not ch.isalnum()),
)


class CharacterClassesValidator:
    """At least `RENDA_PASSWORD_MIN_CLASSES` of upper case, lower case, digits and symbols; never the user name."""

    def validate(self, password: str, user=None) -> None:
        needed = conf.password_min_classes()
        present = sum(1 for _, test in CLASSES if any(test(ch) for ch in password))
        if present < needed:
            raise ValidationError(
                f"密码必须包含大写字母、小写字母、数字和符号中的至少 {needed} 类字符。", code="password_classes"
            )
        username = (getattr(user, "username", "") or "").lower()
        if len(username) >= 3 and username in password.lower():
            raise ValidationError("密码不能包含用户名。", code="password_contains_username")

    def get_help_text(self) -> str:
        return f"须包含大写字母、小写字母、数字和符号中的至少 {conf.password_min_classes()} 类，且不能包含用户名。"


class PasswordHistoryValidator:
    """Not one of the last `RENDA_PASSWORD_HISTORY` passwords (the current one included)."""

    def validate(self, password: str, user=None) -> None:
        count = conf.password_history()
        if user is None or not getattr(user, "pk", None) or count == 0:
            return
        hashes = list(PasswordHistory.objects.filter(user_id=user.pk).values_list("password", flat=True)[:count])
        if user.password and user.password not in hashes:
            hashes.insert(0, user.password)
        for encoded in hashes[:count]:
            if encoded and check_password(password, encoded):
                raise ValidationError(f"新密码不能与最近 {count} 次使用过的密码相同。", code="password_reused")

    def password_changed(self, password: str, user=None) -> None:
        if user is None or not getattr(user, "pk", None):
            return
        PasswordHistory.objects.create(user_id=user.pk, password=user.password)
        keep = max(conf.password_history(), 1)
        stale = list(PasswordHistory.objects.filter(user_id=user.pk).values_list("pk", flat=True)[keep:])
        if stale:
            PasswordHistory.objects.filter(pk__in=stale).delete()

    def get_help_text(self) -> str:
        return f"不能与最近 {conf.password_history()} 次使用过的密码相同。"
