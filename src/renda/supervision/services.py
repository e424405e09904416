"""All writes of supervision. Views, the API, the demo and commands call these, never the ORM directly.

Every function is keyword-only and atomic, validates with full_clean, refuses references into another
congress, and writes the audit trail (transitions through Workflow.apply, which audits them). Each part keeps its
own (reports/, inspections/, inquiries/, investigations/, filings/, and cycle/ for the steps after the meeting);
this module offers them all under one name: `from renda.supervision import services as svc; svc.<name>`.
"""

from __future__ import annotations

from renda.supervision.cycle.services import (
    add_follow_up,
    add_remark,
    compile_opinions,
    inquiry_add_follow_up,
    inquiry_set_opinions,
    inspection_add_remark,
    inspection_set_opinions,
    rating_result,
    report_add_follow_up,
    report_add_remark,
    report_rate,
    report_set_opinions,
    set_opinions,
)
from renda.supervision.deadlines import report_deadline
from renda.supervision.filings.services import (
    filing_register,
    filing_transition,
    new_tracking_code,
    normalize_tracking_code,
    request_step,
    request_transition,
    review_request_submit,
)
from renda.supervision.inquiries.services import (
    inquiry_add_question,
    inquiry_create,
    inquiry_transition,
    interpellation_create,
    interpellation_rate,
    interpellation_sign,
    interpellation_step,
    interpellation_transition,
)
from renda.supervision.inspections.services import (
    inspection_create,
    inspection_transition,
    inspection_update,
    problem_add,
    questionnaire_add,
    rectification_attach,
    rectification_create,
    rectification_transition,
    team_add,
    visit_add,
    visit_attach,
)
from renda.supervision.investigations.services import (
    investigation_add_member,
    investigation_propose,
    investigation_transition,
)
from renda.supervision.reports.services import (
    figures_save,
    prelim_create,
    prelim_transition,
    report_add_research,
    report_create,
    report_transition,
    report_update,
)

__all__ = [
    "add_follow_up", "add_remark", "compile_opinions", "figures_save", "filing_register", "filing_transition",
    "inquiry_add_follow_up", "inquiry_add_question", "inquiry_create", "inquiry_set_opinions", "inquiry_transition",
    "inspection_add_remark", "inspection_create", "inspection_set_opinions", "inspection_transition",
    "inspection_update", "interpellation_create", "interpellation_rate", "interpellation_sign", "interpellation_step",
    "interpellation_transition", "investigation_add_member", "investigation_propose", "investigation_transition",
    "new_tracking_code", "normalize_tracking_code", "prelim_create", "prelim_transition", "problem_add",
    "questionnaire_add", "rating_result", "rectification_attach", "rectification_create", "rectification_transition",
    "report_add_follow_up", "report_add_remark", "report_add_research", "report_create", "report_deadline",
    "report_rate", "report_set_opinions", "report_transition", "report_update", "request_step", "request_transition",
    "review_request_submit", "set_opinions", "team_add", "visit_add", "visit_attach",
]
