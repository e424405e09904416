from django.urls import path

from renda.participation import public_views, views

app_name = "participation"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/act/<slug:action>/", views.act, name="act"),
    path("categories/", views.categories, name="categories"),
    path("hot/", views.hot, name="hot"),
    path("hot/suggest/", views.suggest_topic, name="suggest_topic"),
    # anonymous pages (linked from the public portal by these names)
    path("public/<slug:code>/submit/", public_views.public_submit, name="public_submit"),
    path("public/<slug:code>/received/", public_views.public_done, name="public_done"),
    path("public/<slug:code>/track/", public_views.public_track, name="public_track"),
]
