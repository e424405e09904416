import os

from django.contrib import admin
from django.urls import include, path

from renda.api import api
from renda.deputies import pwa

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("workplan/", include("renda.workplan.urls")),
    path("meetings/", include("renda.meetings.urls")),
    path("voting/", include("renda.voting.urls")),
    path("assembly/", include("renda.assembly.urls")),
    path("proposals/", include("renda.proposals.urls")),
    path("legislation/", include("renda.legislation.urls")),
    path("supervision/", include("renda.supervision.urls")),
    path("budget/", include("renda.budget.urls")),
    path("participation/", include("renda.participation.urls")),
    path("deputies/", include("renda.deputies.urls")),
    path("lawbook/", include("renda.lawbook.urls")),
    path("public/<slug:code>/laws/", include("renda.lawbook.public_urls")),
    path("public/", include("renda.portal.urls")),
    path("account/", include("renda.accounts.urls")),
    # the deputy's platform as an installable app (scope "/": the worker itself caches only the deputy's own pages)
    path("sw.js", pwa.service_worker, name="service_worker"),
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("", include("renda.core.urls")),
]

if os.environ.get("RENDA_BENCH_FLOOR") == "1":  # bench/bench_opinions.py only: the minimal-write floor, never in production
    from renda.core.views import bench_floor_write

    urlpatterns.insert(0, path("bench/floor-write/", bench_floor_write))

handler400 = "renda.core.views.bad_request"
handler403 = "renda.core.views.permission_denied"
handler404 = "renda.core.views.page_not_found"
handler500 = "renda.core.views.server_error"
