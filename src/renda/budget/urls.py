from django.urls import path

from renda.budget import views
from renda.core import kit

app_name = "budget"

urlpatterns = [
    path("", views.index, name="index"),
    path("execution/", views.execution, name="execution"),
    path("alerts/", views.alerts, name="alerts"),
    path("import/", views.import_page, name="import"),
    path("import/<int:pk>/", views.batch, name="batch"),
    path("queries/", views.queries, name="queries"),
    path("queries/new/", views.query_new, name="query_new"),
    path("queries/<int:pk>/", views.query, name="query"),
    path("queries/<int:pk>/act/<str:action>/", kit.transition_view("budget.query"), name="query_act"),
]
