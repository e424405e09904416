"""The portal's navigation for every public page, whichever app renders it (社情民意, 建议办理公开, …)."""

from __future__ import annotations

from renda.portal.public_views import links_for_code


def portal(request) -> dict:
    """`links` for portal/base.html on any public page addressed by a congress code (a view's own wins)."""
    match = getattr(request, "resolver_match", None)
    code = match.kwargs.get("code") if match is not None else None
    if not code or not isinstance(code, str):
        return {}
    return {"links": links_for_code(code)}
