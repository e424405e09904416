from django.urls import path, re_path

from renda.core import kit
from renda.supervision import public_views, views
from renda.supervision.annual import views as annual
from renda.supervision.cycle import views as cycle
from renda.supervision.filings import views as filings
from renda.supervision.inquiries import views as inquiries
from renda.supervision.inspections import views as inspections
from renda.supervision.investigations import views as investigations
from renda.supervision.removal import views as removal
from renda.supervision.reports import views as reports

# Every workflow step (…/do/<action>/) is the kit's one endpoint, under the module's own URL names.
step = kit.transition_view

app_name = "supervision"
urlpatterns = [
    path("", views.index, name="index"),
    # reports (专项工作报告 and financial reports)
    path("reports/", reports.report_list, name="reports"),
    path("reports/new/", reports.report_create, name="report_create"),
    path("reports/<int:pk>/", reports.report_detail, name="report"),
    path("reports/<int:pk>/edit/", reports.report_edit, name="report_edit"),
    path("reports/<int:pk>/do/<slug:action>/", step("supervision.report"), name="report_transition"),
    path("reports/<int:pk>/research/", reports.report_research, name="report_research"),
    path("reports/<int:pk>/remarks/", cycle.remark, {"kind": "report"}, name="report_remark"),
    path("reports/<int:pk>/opinions/", cycle.opinions, {"kind": "report"}, name="report_opinions"),
    path("reports/<int:pk>/rating/", cycle.rate, {"kind": "report"}, name="report_rate"),
    path("reports/<int:pk>/follow-up/", cycle.follow_up, {"kind": "report"}, name="report_follow_up"),
    path("reports/<int:pk>/figures/", reports.report_figures, name="report_figures"),
    path("reports/<int:pk>/prelim/", reports.report_prelim, name="report_prelim"),
    path("reports/<int:pk>/rectifications/", inspections.rectification_add, {"source": "report"},
         name="report_rectification"),
    path("prelims/<int:pk>/do/<slug:action>/", step("supervision.prelim"), name="prelim_transition"),
    # enforcement inspections
    path("inspections/", inspections.inspection_list, name="inspections"),
    path("inspections/new/", inspections.inspection_create, name="inspection_create"),
    path("inspections/<int:pk>/", inspections.inspection_detail, name="inspection"),
    path("inspections/<int:pk>/edit/", inspections.inspection_edit, name="inspection_edit"),
    path("inspections/<int:pk>/do/<slug:action>/", step("supervision.inspection"), name="inspection_transition"),
    path("inspections/<int:pk>/team/", inspections.inspection_post, {"part": "team"}, name="inspection_team"),
    path("inspections/<int:pk>/visits/", inspections.inspection_post, {"part": "visit"}, name="inspection_visit"),
    path("inspections/<int:pk>/questionnaires/", inspections.inspection_post, {"part": "questionnaire"},
         name="inspection_questionnaire"),
    path("inspections/<int:pk>/problems/", inspections.inspection_post, {"part": "problem"},
         name="inspection_problem"),
    path("inspections/<int:pk>/report/", inspections.inspection_post, {"part": "report"}, name="inspection_report"),
    path("inspections/<int:pk>/remarks/", cycle.remark, {"kind": "inspection"}, name="inspection_remark"),
    path("inspections/<int:pk>/opinions/", cycle.opinions, {"kind": "inspection"}, name="inspection_opinions"),
    path("inspections/<int:pk>/rectifications/", inspections.rectification_add, {"source": "inspection"},
         name="inspection_rectification"),
    path("visits/<int:pk>/attach/", inspections.visit_attach, name="visit_attach"),
    # rectification items
    path("rectifications/", inspections.rect_list, name="rectifications"),
    path("rectifications/<int:pk>/", inspections.rect_detail, name="rectification"),
    path("rectifications/<int:pk>/do/<slug:action>/", step("supervision.rectification"), name="rect_transition"),
    path("rectifications/<int:pk>/attach/", inspections.rect_attach, name="rect_attach"),
    # special inquiries
    path("inquiries/", inquiries.inquiry_list, name="inquiries"),
    path("inquiries/new/", inquiries.inquiry_create, name="inquiry_create"),
    path("inquiries/<int:pk>/", inquiries.inquiry_detail, name="inquiry"),
    path("inquiries/<int:pk>/do/<slug:action>/", step("supervision.inquiry"), name="inquiry_transition"),
    path("inquiries/<int:pk>/questions/", inquiries.inquiry_question, name="inquiry_question"),
    path("inquiries/<int:pk>/opinions/", cycle.opinions, {"kind": "inquiry"}, name="inquiry_opinions"),
    path("inquiries/<int:pk>/follow-up/", cycle.follow_up, {"kind": "inquiry"}, name="inquiry_follow_up"),
    # interpellations
    path("interpellations/", inquiries.interpellation_list, name="interpellations"),
    path("interpellations/new/", inquiries.interpellation_create, name="interpellation_create"),
    path("interpellations/<int:pk>/", inquiries.interpellation_detail, name="interpellation"),
    path("interpellations/<int:pk>/sign/", inquiries.interpellation_sign, name="interpellation_sign"),
    path("interpellations/<int:pk>/rate/", inquiries.interpellation_rate, name="interpellation_rate"),
    path("interpellations/<int:pk>/do/<slug:action>/", step("supervision.interpellation"),
         name="interpellation_transition"),
    # special-question investigations
    path("investigations/", investigations.investigation_list, name="investigations"),
    path("investigations/new/", investigations.investigation_create, name="investigation_create"),
    path("investigations/<int:pk>/", investigations.investigation_detail, name="investigation"),
    path("investigations/<int:pk>/members/", investigations.investigation_member, name="investigation_member"),
    path("investigations/<int:pk>/do/<slug:action>/", step("supervision.investigation"),
         name="investigation_transition"),
    # filing review
    path("filings/", filings.filing_list, name="filings"),
    path("filings/new/", filings.filing_create, name="filing_create"),
    path("filings/<int:pk>/", filings.filing_detail, name="filing"),
    path("filings/<int:pk>/do/<slug:action>/", step("supervision.filing"), name="filing_transition"),
    path("filings/annual/<int:year>/", filings.filing_annual, name="filing_annual"),
    re_path(r"^filings/annual/(?P<year>[0-9]{4})\.docx$", filings.filing_annual_docx, name="filing_annual_docx"),
    path("requests/", filings.request_list, name="requests"),
    path("requests/new/", filings.request_create, name="request_create"),
    path("requests/<int:pk>/", filings.request_detail, name="request"),
    path("requests/<int:pk>/do/<slug:action>/", step("supervision.request"), name="request_transition"),
    # 撤职案 (监督法 第八章)
    path("removals/", removal.removal_list, name="removals"),
    path("removals/new/", removal.removal_create, name="removal_create"),
    path("removals/<int:pk>/", removal.removal_detail, name="removal"),
    path("removals/<int:pk>/sign/", removal.removal_sign, name="removal_sign"),
    path("removals/<int:pk>/defence/", removal.removal_defence, name="removal_defence"),
    path("removals/<int:pk>/do/<slug:action>/", step("supervision.removal"), name="removal_transition"),
    # reports on carrying out a resolution, the year's statutory reports
    path("resolutions/<int:pk>/do/<slug:action>/", step("supervision.resolution"), name="resolution_transition"),
    path("annual/", annual.annual_index, name="annual_index"),
    path("annual/<int:year>/", annual.annual, name="annual"),
    path("annual/<int:year>/ensure/", annual.annual_ensure, name="annual_ensure"),
    path("annual/duties/<int:pk>/do/<slug:action>/", step("supervision.annual"), name="annual_transition"),
    # the portal (no sign-in)
    path("public/<slug:code>/", public_views.public_index, name="public_index"),
    path("public/<slug:code>/reports/<int:pk>/", public_views.public_report, name="public_report"),
    path("public/<slug:code>/inspections/<int:pk>/", public_views.public_inspection, name="public_inspection"),
    path("public/<slug:code>/review/", public_views.public_review, name="public_review"),
    path("public/<slug:code>/review/done/", public_views.public_review_done, name="public_review_done"),
    path("public/<slug:code>/review/track/", public_views.public_track, name="public_track"),
]
