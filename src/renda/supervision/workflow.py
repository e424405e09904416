"""States and transitions of every supervision process (one mechanism: renda.core.workflow), declared by each part:

- reports/workflow.py: a special or financial report, and the preliminary review;
- inspections/workflow.py: an enforcement inspection, and the rectification items;
- inquiries/workflow.py: a special inquiry, and an interpellation;
- investigations/workflow.py: a special-question investigation;
- filings/workflow.py: a filed normative document, and a review request;
- cycle/workflow.py: the steps after the meeting that reports, inspections and inquiries share.

Lateness is never a refusal here: a report that arrives nineteen days before the meeting is accepted
and marked late with its rule (SUP-REPORT-DRAFT), and leadership sees it. Refusals are for steps the
law does not allow: an interpellation with too few signers, a re-answer without a majority of the
proposers, a deliberation without a report, and so on.
"""

from __future__ import annotations

from renda.supervision.deadlines import draft_rule
from renda.supervision.filings.workflow import FILING_WORKFLOW, REQUEST_WORKFLOW
from renda.supervision.inquiries.workflow import INQUIRY_WORKFLOW, INTERP_WORKFLOW, signer_threshold
from renda.supervision.inspections.workflow import INSPECTION_WORKFLOW, RECT_WORKFLOW
from renda.supervision.investigations.workflow import INVESTIGATION_WORKFLOW
from renda.supervision.reports.workflow import PRELIM_WORKFLOW, REPORT_WORKFLOW

WORKFLOWS = {
    "report": REPORT_WORKFLOW,
    "prelim": PRELIM_WORKFLOW,
    "inspection": INSPECTION_WORKFLOW,
    "rectification": RECT_WORKFLOW,
    "inquiry": INQUIRY_WORKFLOW,
    "interpellation": INTERP_WORKFLOW,
    "investigation": INVESTIGATION_WORKFLOW,
    "filing": FILING_WORKFLOW,
    "request": REQUEST_WORKFLOW,
}

__all__ = ["FILING_WORKFLOW", "INQUIRY_WORKFLOW", "INSPECTION_WORKFLOW", "INTERP_WORKFLOW", "INVESTIGATION_WORKFLOW",
           "PRELIM_WORKFLOW", "RECT_WORKFLOW", "REPORT_WORKFLOW", "REQUEST_WORKFLOW", "WORKFLOWS", "draft_rule",
           "signer_threshold"]
