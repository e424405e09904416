from django.urls import path

from renda.core import kit
from renda.deputies import views
from renda.deputies.annual import views as annual
from renda.deputies.exchanges import views as exchanges
from renda.deputies.immunity import views as immunity
from renda.deputies.liaison import views as liaison
from renda.deputies.schedule import views as schedule
from renda.deputies.training import views as training
from renda.deputies.upper import views as upper

app_name = "deputies"
# A step of a workflow (…/do/<action>/) is the kit's one endpoint (renda.core.kit), under this module's names.
steps = {key: kit.transition_view(f"deputies.{key}") for key in ("change", "activity", "issue", "course", "visit")}
urlpatterns = [
    # the registry (代表工作)
    path("", views.index, name="index"),
    path("registry/", views.registry, name="registry"),
    path("registry/export.xlsx", views.registry_export, name="registry_export"),
    path("composition/export.xlsx", views.composition_export, name="composition_export"),
    path("<int:pk>/", views.deputy_detail, name="deputy"),
    path("<int:pk>/edit/", views.deputy_edit, name="deputy_edit"),
    path("<int:pk>/record/", views.deputy_record, name="deputy_record"),
    path("<int:pk>/record/report.docx", views.deputy_report, name="deputy_report"),
    path("changes/", views.changes, name="changes"),
    path("changes/new/", views.change_create, name="change_create"),
    path("changes/<int:pk>/", views.change_detail, name="change"),
    path("changes/<int:pk>/do/<slug:action>/", steps["change"], name="change_transition"),
    # the deputies' platform (代表履职平台)
    path("me/", views.me, name="me"),
    path("me/report.docx", views.me_report, name="me_report"),
    # liaison with the people (联系群众)
    path("liaison/stations/", liaison.stations, name="stations"),
    path("liaison/stations/new/", liaison.station_create, name="station_create"),
    path("liaison/stations/<int:pk>/", liaison.station_detail, name="station"),
    path("liaison/stations/<int:pk>/edit/", liaison.station_edit, name="station_edit"),
    path("liaison/activities/", liaison.activities, name="activities"),
    path("liaison/activities/new/", liaison.activity_create, name="activity_create"),
    path("liaison/activities/<int:pk>/", liaison.activity_detail, name="activity"),
    path("liaison/activities/<int:pk>/edit/", liaison.activity_edit, name="activity_edit"),
    path("liaison/activities/<int:pk>/do/<slug:action>/", steps["activity"], name="activity_transition"),
    path("liaison/activities/<int:pk>/issues/", liaison.activity_issue, name="activity_issue"),
    path("liaison/activities/<int:pk>/attach/", liaison.activity_attach, name="activity_attach"),
    path("liaison/issues/", liaison.issues, name="issues"),
    path("liaison/issues/<int:pk>/", liaison.issue_detail, name="issue"),
    path("liaison/issues/<int:pk>/do/<slug:action>/", steps["issue"], name="issue_transition"),
    path("liaison/contacts/", liaison.contacts, name="contacts"),
    path("liaison/contacts/new/", liaison.contact_create, name="contact_create"),
    path("liaison/contacts/<int:pk>/", liaison.contact_detail, name="contact"),
    path("liaison/contacts/<int:pk>/issues/", liaison.contact_issue, name="contact_issue"),
    # self-building (自身建设)
    path("training/", training.index, name="training"),
    path("training/new/", training.course_create, name="course_create"),
    path("training/<int:pk>/", training.course_detail, name="course"),
    path("training/<int:pk>/edit/", training.course_edit, name="course_edit"),
    path("training/<int:pk>/do/<slug:action>/", steps["course"], name="course_transition"),
    path("training/<int:pk>/enroll/", training.course_enroll, name="course_enroll"),
    path("training/<int:pk>/attendance/", training.course_attendance, name="course_attendance"),
    path("training/<int:pk>/attach/", training.course_attach, name="course_attach"),
    path("training/materials/new/", training.material_create, name="material_create"),
    path("training/materials/<int:pk>/", training.material_detail, name="material"),
    path("training/materials/<int:pk>/attach/", training.material_attach, name="material_attach"),
    # external exchanges (对外交流)
    path("exchanges/", exchanges.index, name="exchanges"),
    path("exchanges/partners/new/", exchanges.partner_create, name="partner_create"),
    path("exchanges/partners/<int:pk>/", exchanges.partner_detail, name="partner"),
    path("exchanges/visits/new/", exchanges.visit_create, name="visit_create"),
    path("exchanges/visits/<int:pk>/", exchanges.visit_detail, name="visit"),
    path("exchanges/visits/<int:pk>/edit/", exchanges.visit_edit, name="visit_edit"),
    path("exchanges/visits/<int:pk>/do/<slug:action>/", steps["visit"], name="visit_transition"),
    path("exchanges/visits/<int:pk>/meetings/", exchanges.visit_meeting, name="visit_meeting"),
    path("exchanges/visits/<int:pk>/agreements/", exchanges.visit_agreement, name="visit_agreement"),
    # permission to arrest or try a deputy, detention reports (许可; confidential)
    path("immunity/", immunity.index, name="immunity"),
    path("immunity/new/", immunity.create, name="immunity_create"),
    path("immunity/<int:pk>/", immunity.detail, name="immunity_case"),
    path("immunity/<int:pk>/do/<slug:action>/", kit.transition_view("deputies.immunity"), name="immunity_transition"),
    # the annual deputy-work plan (年度代表工作计划) and its public page
    path("work-plans/", annual.index, name="workplans"),
    path("work-plans/new/", annual.create, name="workplan_create"),
    path("work-plans/<int:pk>/", annual.detail, name="workplan"),
    path("work-plans/<int:pk>/edit/", annual.edit, name="workplan_edit"),
    path("work-plans/<int:pk>/do/<slug:action>/", kit.transition_view("deputies.workplan"), name="workplan_transition"),
    path("public/<slug:code>/work-plans/", annual.public, name="public_workplans"),
    # provincial deputies elected by this congress: recall, resignation, by-election between sessions
    path("upper/", upper.index, name="uppers"),
    path("upper/new/", upper.create, name="upper_case_create"),
    path("upper/<int:pk>/", upper.detail, name="upper_case"),
    path("upper/<int:pk>/do/<slug:action>/", kit.transition_view("deputies.uppercase"), name="upper_case_transition"),
    # the one calendar (统筹日程)
    path("calendar/", schedule.calendar, name="calendar"),
    path("calendar/export.ics", schedule.calendar_ics, name="calendar_ics"),
]
