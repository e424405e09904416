from django.urls import path, re_path

from renda.core import kit
from renda.workplan import views

app_name = "workplan"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.plan_create, name="plan_create"),
    path("<int:pk>/", views.plan_detail, name="plan"),
    path("<int:pk>/do/<slug:action>/", kit.transition_view("workplan.plan"), name="plan_transition"),
    path("<int:pk>/items/new/", views.item_create, name="item_create"),
    path("<int:pk>/dashboard/", views.dashboard, name="dashboard"),
    path("<int:pk>/versions/", views.versions, name="versions"),
    re_path(r"^(?P<pk>[0-9]+)/export\.(?P<fmt>xlsx|docx)$", views.export, name="export"),
    path("items/<int:pk>/", views.item_detail, name="item"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("items/<int:pk>/do/<slug:action>/", kit.transition_view("workplan.item"), name="item_transition"),
    path("items/<int:pk>/progress/", views.item_progress, name="item_progress"),
    path("items/<int:pk>/attach/", views.item_attach, name="item_attach"),
]
