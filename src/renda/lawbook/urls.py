from django.urls import path

from renda.core import kit
from renda.lawbook import views

app_name = "lawbook"
urlpatterns = [
    path("", views.index, name="index"),
    path("import/", views.import_regulation, name="import"),
    path("regulations/<int:pk>/", views.regulation, name="regulation"),
    path("regulations/<int:pk>/compare/", views.compare, name="compare"),
    path("regulations/<int:pk>/amend/", views.amend, name="amend"),
    path("packages/", views.packages, name="packages"),
    path("packages/<int:pk>/", views.package, name="package"),
    path("packages/<int:pk>/apply/", views.package_apply, name="package_apply"),
    path("cleanup/", views.campaigns, name="campaigns"),
    path("cleanup/<int:pk>/", views.campaign, name="campaign"),
    path("cleanup/<int:pk>/do/<slug:action>/", kit.transition_view("lawbook.campaign"), name="campaign_transition"),
    path("cleanup/<int:pk>/report.docx", views.campaign_report, name="campaign_report"),
    path("cleanup/items/<int:pk>/assign/", views.item_assign, name="item_assign"),
    path("cleanup/items/<int:pk>/decide/", views.item_decide, name="item_decide"),
    path("review/filing/<int:pk>/", views.review_filing, name="review_filing"),
    path("review/findings/<int:pk>/decide/", views.finding_decide, name="finding_decide"),
]
