"""What 监督 offers the platform: its menu area, its home panel, its calendar, the owners of its attachments, its
workflows on the kit, its search sources, its agenda types, its seed data and its demo data. Registered once every app's
models are loaded (renda.core.appconfig.ModuleConfig calls register())."""

from __future__ import annotations

from renda.core import kit, wiring
from renda.core.roles import Role
from renda.meetings.agenda import AgendaType, register_agenda_type
from renda.supervision import models, selectors, services
from renda.supervision import workflow as wf
from renda.supervision.annual import selectors as annual_sel
from renda.supervision.annual import services as annual_svc
from renda.supervision.annual.workflow import ANNUAL_WORKFLOW
from renda.supervision.demo import load as load_demo
from renda.supervision.listing import owned_by
from renda.supervision.removal import selectors as removal_sel
from renda.supervision.removal import services as removal_svc
from renda.supervision.removal.workflow import REMOVAL_WORKFLOW
from renda.supervision.resolutions import selectors as resolution_sel
from renda.supervision.resolutions import services as resolution_svc
from renda.supervision.resolutions.workflow import RESOLUTION_WORKFLOW
from renda.supervision.seed import generate
from renda.supervision.steps import uploads


def register() -> None:
    _register_search()
    wiring.area("supervision", url_name="supervision:index", roles=set(Role.values))
    wiring.home_panel(selectors.home_panel, order=30)
    wiring.calendar_source("supervision", selectors.calendar_events)
    wiring.owner("supervision.reportdocument", _document_owner)
    wiring.owner("supervision.fieldvisit", _visit_owner)
    wiring.owner("supervision.rectificationitem", selectors.rectification_for)
    wiring.owner("supervision.normativedocument", selectors.filing_for)
    wiring.seed("supervision", generate, order=30)
    wiring.demo("supervision", load_demo, order=30)
    _register_agenda_type()
    _register_workflows()


def _register_workflows() -> None:
    """Every supervision object that moves through a workflow, on the kit (renda.core.kit): its steps' buttons,
    the one page endpoint (…/do/<action>/) and /api/v1/workflow/supervision.<object>/…."""
    def perform(service, param: str):
        def run(*, actor, obj, action: str, **data):
            return service(actor=actor, action=action, **{param: obj}, **uploads(data))

        return run

    # key, model, workflow, loader, the page's URL name and the attribute it takes, the service step and its param
    for key, model, workflow, loader, page, attr, service, param in (
        ("report", models.Report, wf.REPORT_WORKFLOW, selectors.report_for, "supervision:report", "pk",
         services.report_transition, "report"),
        ("prelim", models.PreliminaryReview, wf.PRELIM_WORKFLOW, selectors.prelim_for, "supervision:report",
         "report_id", services.prelim_transition, "prelim"),
        ("inspection", models.Inspection, wf.INSPECTION_WORKFLOW, selectors.inspection_for, "supervision:inspection",
         "pk", services.inspection_transition, "inspection"),
        ("rectification", models.RectificationItem, wf.RECT_WORKFLOW, selectors.rectification_for,
         "supervision:rectification", "pk", services.rectification_transition, "item"),
        ("inquiry", models.Inquiry, wf.INQUIRY_WORKFLOW, selectors.inquiry_for, "supervision:inquiry", "pk",
         services.inquiry_transition, "inquiry"),
        ("interpellation", models.Interpellation, wf.INTERP_WORKFLOW, selectors.interpellation_for,
         "supervision:interpellation", "pk", services.interpellation_step, "obj"),
        ("investigation", models.Investigation, wf.INVESTIGATION_WORKFLOW, selectors.investigation_for,
         "supervision:investigation", "pk", services.investigation_transition, "investigation"),
        ("filing", models.NormativeDocument, wf.FILING_WORKFLOW, selectors.filing_for, "supervision:filing", "pk",
         services.filing_transition, "document"),
        ("request", models.ReviewRequest, wf.REQUEST_WORKFLOW, selectors.request_for, "supervision:request", "pk",
         services.request_step, "obj"),
    ):
        wiring.workflow_object(f"supervision.{key}", model, workflow, loader, page=page, page_attr=attr,
                               perform=perform(service, param))

    # 撤职案, reports on carrying out a resolution and the year's statutory reports: also on the 待办 inbox.
    wiring.workflow_object(
        "supervision.removal", models.RemovalCase, REMOVAL_WORKFLOW, removal_sel.removal_for,
        page="supervision:removal", perform=perform(removal_svc.removal_transition, "case"),
        queryset=removal_sel.removals_for, due=lambda c: c.meeting_date, label="撤职案")
    wiring.workflow_object(
        "supervision.resolution", models.ResolutionExecution, RESOLUTION_WORKFLOW, resolution_sel.resolution_for,
        page="supervision:report", page_attr="report_id",
        perform=perform(resolution_svc.resolution_transition, "resolution"),
        queryset=resolution_sel.resolutions_for, due=lambda r: r.due, label="执行决议情况报告")
    wiring.workflow_object(
        "supervision.annual", models.AnnualDuty, ANNUAL_WORKFLOW, annual_sel.duty_for,
        page="supervision:annual", page_attr="year", perform=perform(annual_svc.annual_transition, "duty"),
        queryset=annual_sel.duties_for, due=lambda d: d.due, label="年度法定报告")


def _document_owner(user, pk: int):
    """A report's text is visible exactly when its report is."""
    return owned_by(models.ReportDocument, user, pk, "没有找到该文件。", selectors.report_for, "report_id")


def _visit_owner(user, pk: int):
    """A field visit's evidence is visible exactly when its inspection is."""
    return owned_by(models.FieldVisit, user, pk, "没有找到该检查记录。", selectors.inspection_for, "inspection_id")


def _register_agenda_type() -> None:
    """Reports and inspection reports go on standing-committee agendas (meetings module), without a vote."""
    register_agenda_type(AgendaType(
        object_type="supervision.report",
        label="监督报告",
        kind="report",
        lookup=wiring.congress_row(models.Report),
        title=lambda r: f"听取和审议{r.title}",
        url=kit.page("supervision:report"),
        ready=wiring.congress_rows(models.Report, status__in=(models.ReportStatus.REVISED_SUBMITTED,
                                                              models.ReportStatus.DISTRIBUTED)),
        documents=lambda r: [r.title, "有关专门委员会（工作机构）的调研报告"],
        concerned_org=lambda r: r.organ_id,
        requires_vote=False,
        warnings=lambda r: [("专项工作报告未在会议举行的七日前发给组成人员", "SUP-REPORT-DISTRIBUTE")]
        if r.distribute_late else [],
    ))
    register_agenda_type(AgendaType(
        object_type="supervision.inspection",
        label="执法检查报告",
        kind="report",
        lookup=wiring.congress_row(models.Inspection),
        title=lambda i: f"审议执法检查组关于检查{i.law_title}实施情况的报告",
        url=kit.page("supervision:inspection"),
        ready=wiring.congress_rows(models.Inspection, status=models.InspectionStatus.REPORTED),
        documents=lambda i: ["执法检查报告", "问题清单"],
        concerned_org=lambda i: i.organ_id,
        requires_vote=False,
    ))


def _register_search() -> None:
    """What this module offers to the global search (renda.core.search)."""
    wiring.search_source(
        "supervision.report", "监督报告", models.Report, page="supervision:report", title=lambda r: r.title,
        text=lambda r: f"{r.opinions} {r.committee_comments}", year=lambda r: r.year, visible=selectors.reports_for)
    wiring.search_source(
        "supervision.inspection", "执法检查", models.Inspection, page="supervision:inspection", title=lambda i: i.title,
        text=lambda i: f"{i.law_title} {i.scope} {i.places}", year=lambda i: i.year,
        visible=selectors.inspections_for)
