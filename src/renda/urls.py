from django.contrib import admin
from django.urls import include, path

from renda.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("workplan/", include("renda.workplan.urls")),
    path("meetings/", include("renda.meetings.urls")),
    path("voting/", include("renda.voting.urls")),
    path("proposals/", include("renda.proposals.urls")),
    path("legislation/", include("renda.legislation.urls")),
    path("supervision/", include("renda.supervision.urls")),
    path("budget/", include("renda.budget.urls")),
    path("participation/", include("renda.participation.urls")),
    path("deputies/", include("renda.deputies.urls")),
    path("public/", include("renda.portal.urls")),
    path("account/", include("renda.accounts.urls")),
    path("", include("renda.core.urls")),
]

handler400 = "renda.core.views.bad_request"
handler403 = "renda.core.views.permission_denied"
handler404 = "renda.core.views.page_not_found"
handler500 = "renda.core.views.server_error"
