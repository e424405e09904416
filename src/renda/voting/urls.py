from django.urls import path

from renda.voting import views

app_name = "voting"

urlpatterns = [
    path("", views.index, name="index"),
    path("items/<int:item_pk>/open/", views.open_vote, name="open"),
    path("items/<int:item_pk>/fallback/", views.fallback, name="fallback"),
    path("<int:pk>/", views.console, name="console"),
    path("<int:pk>/screen/", views.screen, name="screen"),
    path("<int:pk>/screen/live/", views.screen_live, name="screen_live"),
    path("<int:pk>/ballot/", views.ballot, name="ballot"),
    path("<int:pk>/receipts/", views.receipts, name="receipts"),
    path("materials/", views.materials, name="materials"),
    path("materials/sw.js", views.materials_worker, name="materials_worker"),
    path("materials/<int:pk>/", views.material, name="material"),
    path("materials/<int:pk>/file/", views.material_file, name="material_file"),
    path("materials/notes/<int:pk>/delete/", views.note_delete, name="note_delete"),
]
