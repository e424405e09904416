from django.urls import path

from renda.core import kit
from renda.proposals import views
from renda.proposals.report import views as report

app_name = "proposals"
urlpatterns = [
    path("", views.index, name="index"),
    path("public/<slug:code>/", views.public, name="public"),
    path("public/<slug:code>/handling-reports/", report.public, name="public_handling_reports"),
    path("handling-reports/", report.index, name="handling_reports"),
    path("handling-reports/new/", report.create, name="handling_report_create"),
    path("handling-reports/<int:pk>/", report.detail, name="handling_report"),
    path("handling-reports/<int:pk>/edit/", report.edit, name="handling_report_edit"),
    path("handling-reports/<int:pk>/do/<slug:action>/", kit.transition_view("proposals.handlingreport"),
         name="handling_report_transition"),
    path("commitments/", views.commitments, name="commitments"),
    path("commitments/<int:pk>/", views.commitment, name="commitment"),
    path("commitments/<int:pk>/done/", kit.transition_view("proposals.commitment"), {"action": "done"},
         name="commitment_done"),
    path("commitments/<int:pk>/carry/", kit.transition_view("proposals.commitment"), {"action": "carry"},
         name="commitment_carry"),
    path("new/", views.create, name="create"),
    path("<int:pk>/confirm/", views.confirm, name="confirm"),
    path("import/", views.import_xlsx, name="import"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/do/<slug:action>/", kit.transition_view("proposals.proposal"), name="transition"),
    path("export/summary.xlsx", views.export_summary, name="export_summary"),
    path("export/report.docx", views.export_report, name="export_report"),
    path("export/letter/<int:unit_id>.docx", views.export_letter, name="export_letter"),
    path("escalation/", views.escalation, name="escalation"),
    path("<int:pk>/assign/", views.assign, name="assign"),
    path("<int:pk>/extend/", views.extend, name="extend"),
    path("<int:pk>/rate/", views.rate, name="rate"),
    path("<int:pk>/rehandle/", views.rehandle, name="rehandle"),
    path("<int:pk>/merge/", views.merge, name="merge"),
    path("<int:pk>/unmerge/", views.unmerge, name="unmerge"),
    path("<int:pk>/progress/", views.progress, name="progress"),
    path("assignments/<int:pk>/return/", views.assignment_return, name="assignment_return"),
    path("assignments/<int:pk>/opinion/", views.assignment_opinion, name="assignment_opinion"),
    path("assignments/<int:pk>/reply/", views.assignment_reply, name="assignment_reply"),
]
