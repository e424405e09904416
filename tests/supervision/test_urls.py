"""The supervision URLs are generated from a small table (supervision/urls.py `record`): every name keeps its path."""

import pytest
from django.urls import resolve, reverse

PAGES = {
    "reports": "reports/", "report_create": "reports/new/", "report": "reports/7/", "report_edit": "reports/7/edit/",
    "report_research": "reports/7/research/", "report_remark": "reports/7/remarks/",
    "report_opinions": "reports/7/opinions/", "report_rate": "reports/7/rating/",
    "report_follow_up": "reports/7/follow-up/", "report_figures": "reports/7/figures/",
    "report_prelim": "reports/7/prelim/", "report_rectification": "reports/7/rectifications/",
    "inspections": "inspections/", "inspection_create": "inspections/new/", "inspection": "inspections/7/",
    "inspection_edit": "inspections/7/edit/", "inspection_team": "inspections/7/team/",
    "inspection_visit": "inspections/7/visits/", "inspection_questionnaire": "inspections/7/questionnaires/",
    "inspection_problem": "inspections/7/problems/", "inspection_report": "inspections/7/report/",
    "inspection_remark": "inspections/7/remarks/", "inspection_opinions": "inspections/7/opinions/",
    "inspection_rectification": "inspections/7/rectifications/",
    "inquiries": "inquiries/", "inquiry_create": "inquiries/new/", "inquiry": "inquiries/7/",
    "inquiry_question": "inquiries/7/questions/", "inquiry_opinions": "inquiries/7/opinions/",
    "inquiry_follow_up": "inquiries/7/follow-up/",
    "interpellations": "interpellations/", "interpellation_create": "interpellations/new/",
    "interpellation": "interpellations/7/", "interpellation_sign": "interpellations/7/sign/",
    "interpellation_rate": "interpellations/7/rate/",
    "investigations": "investigations/", "investigation_create": "investigations/new/",
    "investigation": "investigations/7/", "investigation_member": "investigations/7/members/",
    "filings": "filings/", "filing_create": "filings/new/", "filing": "filings/7/",
    "requests": "requests/", "request_create": "requests/new/", "request": "requests/7/",
    "removals": "removals/", "removal_create": "removals/new/", "removal": "removals/7/",
    "removal_sign": "removals/7/sign/", "removal_defence": "removals/7/defence/",
}
STEPS = {"report": "reports", "inspection": "inspections", "inquiry": "inquiries", "interpellation": "interpellations",
         "investigation": "investigations", "filing": "filings", "request": "requests", "removal": "removals"}
CYCLE_KINDS = {"report_remark": "report", "report_opinions": "report", "report_rate": "report",
               "report_follow_up": "report", "inspection_remark": "inspection", "inspection_opinions": "inspection",
               "inquiry_opinions": "inquiry", "inquiry_follow_up": "inquiry"}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_each_page_keeps_its_path(name):
    args = [7] if "7/" in PAGES[name] else []
    assert reverse(f"supervision:{name}", args=args) == f"/supervision/{PAGES[name]}"


@pytest.mark.parametrize("name", sorted(STEPS))
def test_each_step_endpoint_keeps_its_path(name):
    url = reverse(f"supervision:{name}_transition", args=[7, "submit"])
    assert url == f"/supervision/{STEPS[name]}/7/do/submit/"


@pytest.mark.parametrize("name", sorted(CYCLE_KINDS))
def test_the_cycle_forms_know_their_kind(name):
    match = resolve(reverse(f"supervision:{name}", args=[7]))
    assert match.kwargs == {"pk": 7, "kind": CYCLE_KINDS[name]}
