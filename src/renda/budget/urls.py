from django.urls import path

from renda.budget import views
from renda.core import kit

app_name = "budget"

urlpatterns = [
    path("", views.index, name="index"),
    path("execution/", views.execution, name="execution"),
    path("alerts/", views.alerts, name="alerts"),
    path("topics/", views.topics, name="topics"),
    path("import/", views.import_page, name="import"),
    path("import/<int:pk>/", views.batch, name="batch"),
    path("queries/", views.queries, name="queries"),
    path("queries/new/", views.query_new, name="query_new"),
    path("queries/<int:pk>/", views.query, name="query"),
    path("queries/<int:pk>/act/<str:action>/", kit.transition_view("budget.query"), name="query_act"),
    path("deputy/", views.deputy, name="deputy"),
    path("questions/", views.questions, name="questions"),
    path("questions/new/", views.question_new, name="question_new"),
    path("questions/<int:pk>/", views.question, name="question"),
    path("questions/<int:pk>/act/<str:action>/", kit.transition_view("budget.question"), name="question_act"),
    path("review/", views.review, name="review"),
    path("reports/brief.docx", views.report_docx, {"kind": "brief"}, name="report_brief"),
    path("reports/review.docx", views.report_docx, {"kind": "review"}, name="report_review"),
]
