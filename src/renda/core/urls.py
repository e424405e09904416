from django.contrib.auth import views as auth_views
from django.urls import path

from renda.core import health, kit, views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("coming/<slug:key>/", views.coming, name="coming"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("rules/", views.rule_list, name="rules"),
    path("inbox/", views.inbox_page, name="inbox"),
    path("inbox/badge/", views.inbox_badge, name="inbox_badge"),
    path("search/", views.search_page, name="search"),
    path("act/<str:key>/<int:pk>/<slug:action>/", kit.transition, name="workflow_transition"),
    path("healthz", views.health, name="health"),
    # browsers ask for /favicon.ico on every page: answer with the platform's icon, not a 404
    path("favicon.ico", views.favicon, name="favicon"),
    path("readyz", health.readyz, name="ready"),
]
