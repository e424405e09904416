from django.urls import path, re_path

from renda.core import kit
from renda.meetings import views

app_name = "meetings"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.meeting_create, name="meeting_create"),
    path("<int:pk>/", views.meeting_detail, name="meeting"),
    path("<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("<int:pk>/do/<slug:action>/", kit.transition_view("meetings.meeting"), name="meeting_transition"),
    path("<int:pk>/notices/", views.notices_send, name="notices_send"),
    path("<int:pk>/items/new/", views.item_add, name="item_add"),
    path("<int:pk>/attendance/", views.attendance, name="attendance"),
    path("<int:pk>/attendance/<int:person_id>/<slug:action>/", views.attendance_action, name="attendance_action"),
    path("<int:pk>/attendance/nonvoting/", views.nonvoting_add, name="nonvoting_add"),
    re_path(r"^(?P<pk>[0-9]+)/export/(?P<kind>[a-z-]+)\.docx$", views.meeting_export, name="export"),
    path("items/<int:pk>/", views.item_detail, name="item"),
    path("items/<int:pk>/arrange/", views.item_arrange, name="item_arrange"),
    re_path(r"^items/(?P<pk>[0-9]+)/move/(?P<direction>up|down)/$", views.item_move, name="item_move"),
    path("items/<int:pk>/do/<slug:action>/", kit.transition_view("meetings.agendaitem"), name="item_transition"),
    path("items/<int:pk>/attach/", views.item_attach, name="item_attach"),
    path("items/<int:pk>/votes/new/", views.vote_open, name="vote_open"),
    path("votes/<int:pk>/", views.vote_detail, name="vote"),
    path("votes/<int:pk>/ballots/", views.vote_ballots, name="vote_ballots"),
    path("votes/<int:pk>/import/", views.vote_import, name="vote_import"),
    path("votes/<int:pk>/do/<slug:action>/", kit.transition_view("meetings.vote"), name="vote_transition"),
    path("appointments/", views.nominations, name="nominations"),
    path("appointments/new/", views.nomination_create, name="nomination_create"),
    path("appointments/oath/", views.oath_create, name="oath_create"),
    path("appointments/<int:pk>/", views.nomination_detail, name="nomination"),
    path("appointments/<int:pk>/do/<slug:action>/", kit.transition_view("meetings.nomination"), name="nomination_transition"),
    path("appointments/<int:pk>/attach/", views.nomination_attach, name="nomination_attach"),
    path("appointments/<int:pk>/letter.docx", views.nomination_letter, name="nomination_letter"),
    path("decisions/", views.decisions, name="decisions"),
    path("decisions/new/", views.decision_form, name="decision_create"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision"),
    path("decisions/<int:pk>/edit/", views.decision_form, name="decision_edit"),
    path("decisions/<int:pk>/do/<slug:action>/", kit.transition_view("meetings.decision"), name="decision_transition"),
    path("decisions/<int:pk>/export.docx", views.decision_export, name="decision_export"),
    path("statistics/", views.statistics, name="statistics"),
]
