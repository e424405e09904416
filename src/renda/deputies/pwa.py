"""The deputy's platform as an installable app (PWA): a web manifest and a service worker.

The worker is registered only on deputies' pages (base.html) and caches only the shell (styles, scripts, an offline
page) and the deputy's own recent pages — the paths in `OWN_PAGES` — network first, so the cache is used only
without a connection. Every other user's pages unregister it and empty its cache, and so do signing out and the
sign-in page (renda/app.js): a shared computer never shows one deputy's pages to the next user.
"""

from __future__ import annotations

import json

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.views.decorators.http import require_GET

CACHE_PREFIX = "renda-deputy-"
CACHE_VERSION = "1"
# The deputy's own pages kept for offline reading (exact paths, no query string) and their own suggestions.
OWN_PAGES = ["/", "/deputies/me/", "/deputies/calendar/", "/inbox/", "/proposals/"]
OWN_PATTERNS = [r"^/proposals/\d+/$"]
MAX_PAGES = 30


@require_GET
def service_worker(request):
    body = render_to_string("deputies/pwa/sw.js", {
        "cache": CACHE_PREFIX + CACHE_VERSION, "prefix": CACHE_PREFIX, "max_pages": MAX_PAGES,
        "own_pages": json.dumps(OWN_PAGES), "own_patterns": json.dumps(OWN_PATTERNS),
        "shell": json.dumps([static("renda/app.css"), static("renda/app.js"), static("vendor/htmx/htmx.min.js"),
                             static("renda/favicon.svg"), static("renda/offline.html")]),
        "offline": json.dumps(static("renda/offline.html")),
    })
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def manifest(request):
    data = {
        "name": "人大代表履职平台", "short_name": "代表履职", "lang": "zh-CN",
        "start_url": "/", "scope": "/", "display": "standalone",
        "background_color": "#ffffff", "theme_color": "#8b0000",
        "icons": [{"src": static("renda/favicon.svg"), "sizes": "any", "type": "image/svg+xml"}],
    }
    response = HttpResponse(json.dumps(data, ensure_ascii=False), content_type="application/manifest+json")
    response["Cache-Control"] = "no-cache"
    return response
