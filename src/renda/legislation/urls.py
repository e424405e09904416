from django.urls import path, re_path

from renda.legislation import views

app_name = "legislation"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.bill_create, name="bill_create"),
    path("<int:pk>/", views.bill_detail, name="bill"),
    path("<int:pk>/edit/", views.bill_edit, name="bill_edit"),
    path("<int:pk>/do/<slug:action>/", views.bill_transition, name="bill_transition"),
    path("<int:pk>/readings/new/", views.reading_create, name="reading_create"),
    path("<int:pk>/readings/decision/", views.readings_decision, name="readings_decision"),
    path("<int:pk>/waive-publication/", views.waive_publication, name="waive_publication"),
    path("<int:pk>/versions/new/", views.version_create, name="version_create"),
    path("<int:pk>/compare/", views.compare, name="compare"),
    re_path(r"^(?P<pk>[0-9]+)/compare\.docx$", views.compare_docx, name="compare_docx"),
    path("<int:pk>/periods/new/", views.period_create, name="period_create"),
    path("<int:pk>/comments/new/", views.comment_create, name="comment_create"),
    re_path(r"^(?P<pk>[0-9]+)/comments\.xlsx$", views.comments_export, name="comments_export"),
    path("<int:pk>/consultations/new/", views.consultation_create, name="consultation_create"),
    path("<int:pk>/vote/", views.vote_create, name="vote_create"),
    path("<int:pk>/separate-vote/", views.separate_vote_create, name="separate_vote_create"),
    path("versions/<int:pk>/", views.version_detail, name="version"),
    path("versions/<int:pk>/edit/", views.version_edit, name="version_edit"),
    path("versions/<int:pk>/attach/", views.version_attach, name="version_attach"),
    path("versions/<int:pk>/comments/", views.comments, name="comments"),
    path("periods/<int:pk>/do/<slug:action>/", views.period_transition, name="period_transition"),
    path("consultations/<int:pk>/", views.consultation_detail, name="consultation"),
    path("consultations/<int:pk>/do/<slug:action>/", views.consultation_transition, name="consultation_transition"),
    path("consultations/<int:pk>/attach/", views.consultation_attach, name="consultation_attach"),
    path("contact-points/", views.contact_points, name="contact_points"),
    path("plans/", views.plan_index, name="plans"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("plans/<int:pk>/do/<slug:action>/", views.plan_transition, name="plan_transition"),
    path("plans/<int:pk>/projects/new/", views.project_create, name="project_create"),
    path("projects/<int:pk>/edit/", views.project_edit, name="project_edit"),
]
