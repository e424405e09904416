"""The authentication backend: Django's ModelBackend behind the lock-out check.

It works with and without a request (`client.login()` passes none: then only the user name is checked).
A locked user name or address is refused before the password is looked at, with the same outcome whether
the user exists or not; Django then sends `user_login_failed`, which the accounts signals count and audit.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from renda.accounts import selectors
from renda.core.public import client_ip


class LockoutModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        ip = client_ip(request) if request is not None else ""
        if ip == "unknown":
            ip = ""
        if username is not None and selectors.locked_until(username=username, ip=ip):
            if request is not None:
                request.renda_locked = True
            raise PermissionDenied("locked")
        return super().authenticate(request, username=username, password=password, **kwargs)
