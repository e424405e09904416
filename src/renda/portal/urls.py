from django.urls import path, re_path

from renda.core import kit
from renda.portal import public_views, views

app_name = "portal"
urlpatterns = [
    # the news desk (staff, signed in) — before the congress pages so "manage" is never taken for a code
    path("manage/news/", views.news_admin, name="news_admin"),
    path("manage/news/new/", views.news_create, name="news_create"),
    path("manage/news/<int:pk>/", views.news_admin_detail, name="news_admin_detail"),
    path("manage/news/<int:pk>/edit/", views.news_edit, name="news_edit"),
    path("manage/news/<int:pk>/delete/", views.news_delete, name="news_delete"),
    path("manage/news/<int:pk>/do/<slug:action>/", kit.transition_view("portal.news"), name="news_transition"),
    # the public portal
    path("", public_views.index, name="index"),
    path("<slug:code>/", public_views.home, name="home"),
    path("<slug:code>/news/", public_views.news_list, name="news"),
    path("<slug:code>/news/<int:pk>/", public_views.news_detail, name="news_detail"),
    path("<slug:code>/regulations/", public_views.regulations, name="regulations"),
    path("<slug:code>/regulations/<int:pk>/", public_views.regulation, name="regulation"),
    path("<slug:code>/regulations/<int:pk>/compare/", public_views.regulation_compare, name="regulation_compare"),
    path("<slug:code>/drafts/", public_views.drafts, name="drafts"),
    path("<slug:code>/drafts/<int:pk>/", public_views.draft, name="draft"),
    path("<slug:code>/drafts/<int:pk>/thanks/", public_views.draft_thanks, name="draft_thanks"),
    path("<slug:code>/deputies/", public_views.deputies, name="deputies"),
    path("<slug:code>/stations/", public_views.stations, name="stations"),
    path("<slug:code>/data/", public_views.data_index, name="data"),
    re_path(r"^(?P<code>[-a-zA-Z0-9_]+)/data/(?P<key>[a-z-]+)\.(?P<fmt>json|csv)$", public_views.data_file,
            name="data_file"),
]
