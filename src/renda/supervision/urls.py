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


def record(segment: str, name: str, pages, key: str, *, edit: bool = False, parts=()) -> list:
    """The pages of one kind of record, from its views module `pages`: the list `<segment>/` (URL name `segment`),
    `new/` (`<name>_create`), the record `<pk>/` (`name`), `edit/` (`<name>_edit`), the kit's steps
    (`<name>_transition`, workflow `key`) and `parts`: (sub-path, view, URL name after `<name>_`[, URL kwargs])."""
    at = f"{segment}/<int:pk>/"
    urls = [path(f"{segment}/", getattr(pages, f"{name}_list"), name=segment),
            path(f"{segment}/new/", getattr(pages, f"{name}_create"), name=f"{name}_create"),
            path(at, getattr(pages, f"{name}_detail"), name=name)]
    if edit:
        urls.append(path(f"{at}edit/", getattr(pages, f"{name}_edit"), name=f"{name}_edit"))
    urls.append(path(f"{at}do/<slug:action>/", step(key), name=f"{name}_transition"))
    return urls + [path(f"{at}{sub}/", view, *extra, name=f"{name}_{part}") for sub, view, part, *extra in parts]


def cycle_parts(kind: str, *which: str) -> list[tuple]:
    """The cycle's forms (cycle/views.py) on a record of `kind`."""
    table = {"remarks": (cycle.remark, "remark"), "opinions": (cycle.opinions, "opinions"),
             "rating": (cycle.rate, "rate"), "follow-up": (cycle.follow_up, "follow_up")}
    return [(sub, table[sub][0], table[sub][1], {"kind": kind}) for sub in which]


app_name = "supervision"
urlpatterns = [
    path("", views.index, name="index"),
    # reports (专项工作报告 and financial reports)
    *record("reports", "report", reports, "supervision.report", edit=True, parts=[
        ("research", reports.report_research, "research"),
        *cycle_parts("report", "remarks", "opinions", "rating", "follow-up"),
        ("figures", reports.report_figures, "figures"),
        ("prelim", reports.report_prelim, "prelim"),
        ("rectifications", inspections.rectification_add, "rectification", {"source": "report"})]),
    path("prelims/<int:pk>/do/<slug:action>/", step("supervision.prelim"), name="prelim_transition"),
    # enforcement inspections
    *record("inspections", "inspection", inspections, "supervision.inspection", edit=True, parts=[
        *[(sub, inspections.inspection_post, part, {"part": part}) for sub, part in (
            ("team", "team"), ("visits", "visit"), ("questionnaires", "questionnaire"), ("problems", "problem"),
            ("report", "report"))],
        *cycle_parts("inspection", "remarks", "opinions"),
        ("rectifications", inspections.rectification_add, "rectification", {"source": "inspection"})]),
    path("visits/<int:pk>/attach/", inspections.visit_attach, name="visit_attach"),
    # rectification items
    path("rectifications/", inspections.rect_list, name="rectifications"),
    path("rectifications/<int:pk>/", inspections.rect_detail, name="rectification"),
    path("rectifications/<int:pk>/do/<slug:action>/", step("supervision.rectification"), name="rect_transition"),
    path("rectifications/<int:pk>/attach/", inspections.rect_attach, name="rect_attach"),
    # special inquiries
    *record("inquiries", "inquiry", inquiries, "supervision.inquiry", parts=[
        ("questions", inquiries.inquiry_question, "question"), *cycle_parts("inquiry", "opinions", "follow-up")]),
    # interpellations
    *record("interpellations", "interpellation", inquiries, "supervision.interpellation", parts=[
        ("sign", inquiries.interpellation_sign, "sign"), ("rate", inquiries.interpellation_rate, "rate")]),
    # special-question investigations
    *record("investigations", "investigation", investigations, "supervision.investigation", parts=[
        ("members", investigations.investigation_member, "member")]),
    # filing review
    *record("filings", "filing", filings, "supervision.filing"),
    path("filings/annual/<int:year>/", filings.filing_annual, name="filing_annual"),
    re_path(r"^filings/annual/(?P<year>[0-9]{4})\.docx$", filings.filing_annual_docx, name="filing_annual_docx"),
    *record("requests", "request", filings, "supervision.request"),
    # 撤职案 (监督法 第八章)
    *record("removals", "removal", removal, "supervision.removal", parts=[
        ("sign", removal.removal_sign, "sign"), ("defence", removal.removal_defence, "defence")]),
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
