"""Every cookie the platform sets itself goes through `set_cookie` here, with the production flags.

Django's own cookies (session, CSRF) take their flags from settings (`SESSION_COOKIE_SECURE`,
`CSRF_COOKIE_SECURE`, HttpOnly, SameSite). A cookie a view sets by hand — the citizen's receipt (`po_receipt`) of
社情民意 — used to miss `Secure`, so it would travel over plain http. `set_cookie` always sets HttpOnly and
SameSite=Lax, and Secure exactly when the session cookie is Secure (`RENDA_SECURE_COOKIES`, on by default in
production: DEBUG and TESTING off). With `salt` the value is signed (`HttpResponse.set_signed_cookie`).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse


def secure() -> bool:
    return bool(settings.SESSION_COOKIE_SECURE)


def set_cookie(response: HttpResponse, key: str, value: str, *, max_age: int | None = None, path: str = "/",
               salt: str | None = None) -> HttpResponse:
    flags = {"max_age": max_age, "path": path, "secure": secure(), "httponly": True, "samesite": "Lax"}
    if salt is not None:
        response.set_signed_cookie(key, value, salt=salt, **flags)
    else:
        response.set_cookie(key, value, **flags)
    return response


def delete_cookie(response: HttpResponse, key: str, *, path: str = "/") -> HttpResponse:
    response.delete_cookie(key, path=path, samesite="Lax")
    return response
