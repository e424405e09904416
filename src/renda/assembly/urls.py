from django.urls import path

from renda.assembly import views
from renda.assembly.livelihood import public_views
from renda.core import kit

app_name = "assembly"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.session, name="session"),
    path("<int:pk>/sittings/add/", views.sitting_add, name="sitting_add"),
    path("<int:pk>/elections/add/", views.election_add, name="election_add"),
    path("<int:pk>/lvote/open/", views.lvote_open, name="lvote_open"),
    path("<int:pk>/act/<str:action>/", kit.transition_view("assembly.session"), name="session_act"),
    path("sittings/<int:pk>/vote/", views.sitting_vote, name="sitting_vote"),
    path("elections/<int:pk>/", views.election, name="election"),
    path("elections/<int:pk>/next/", views.election_next, name="election_next"),
    path("lvotes/<int:pk>/", views.lvote, name="lvote"),
    path("lvotes/<int:pk>/next/", views.lvote_next, name="lvote_next"),
    path("projects/add/", views.project_add, name="project_add"),
    path("projects/<int:pk>/", views.project, name="project"),
    path("projects/<int:pk>/milestones/", views.milestone_add, name="milestone_add"),
    path("projects/<int:pk>/opinions/", views.opinion_add, name="opinion_add"),
    path("projects/<int:pk>/rate/", views.project_rate, name="project_rate"),
    path("public/<slug:code>/", public_views.index, name="public_index"),
    path("public/<slug:code>/projects/<int:pk>/", public_views.project, name="public_project"),
    path("public/<slug:code>/propose/", public_views.propose, name="public_propose"),
]
