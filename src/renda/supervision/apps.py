from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "renda.supervision"
    label = "supervision"
    verbose_name = "监督"

    def ready(self) -> None:
        _register_search()
        from renda.core.attachments import register_owner
        from renda.core.registry import register_area, register_calendar_source, register_home_panel
        from renda.core.roles import Role
        from renda.core.seeding import register_seed
        from renda.demo.registry import register_demo
        from renda.supervision import selectors
        from renda.supervision.demo import load as load_demo
        from renda.supervision.seed import generate

        register_area("supervision", url_name="supervision:index", roles=set(Role.values))
        register_home_panel(selectors.home_panel, order=30)
        register_calendar_source("supervision", selectors.calendar_events)
        register_owner("supervision.reportdocument", _document_owner)
        register_owner("supervision.fieldvisit", _visit_owner)
        register_owner("supervision.rectificationitem", selectors.rectification_for)
        register_owner("supervision.normativedocument", selectors.filing_for)
        register_seed("supervision", generate, order=30)
        register_demo("supervision", load_demo, order=30)
        _register_agenda_type()
        _register_workflows()


def _register_workflows() -> None:
    """Every supervision object that moves through a workflow, on the kit (renda.core.kit): its steps' buttons,
    the one page endpoint (…/do/<action>/) and /api/v1/workflow/supervision.<object>/…."""
    from django.urls import reverse

    from renda.core import kit
    from renda.supervision import models, selectors, services
    from renda.supervision import workflow as wf
    from renda.supervision.steps import uploads

    def perform(service, param: str):
        def run(*, actor, obj, action: str, **data):
            return service(actor=actor, action=action, **{param: obj}, **uploads(data))

        return run

    def page(url_name: str, attr: str = "pk"):
        return lambda obj: reverse(url_name, args=[getattr(obj, attr)])

    for key, model, workflow, loader, url, service, param in (
        ("report", models.Report, wf.REPORT_WORKFLOW, selectors.report_for, page("supervision:report"),
         services.report_transition, "report"),
        ("prelim", models.PreliminaryReview, wf.PRELIM_WORKFLOW, selectors.prelim_for,
         page("supervision:report", "report_id"), services.prelim_transition, "prelim"),
        ("inspection", models.Inspection, wf.INSPECTION_WORKFLOW, selectors.inspection_for,
         page("supervision:inspection"), services.inspection_transition, "inspection"),
        ("rectification", models.RectificationItem, wf.RECT_WORKFLOW, selectors.rectification_for,
         page("supervision:rectification"), services.rectification_transition, "item"),
        ("inquiry", models.Inquiry, wf.INQUIRY_WORKFLOW, selectors.inquiry_for, page("supervision:inquiry"),
         services.inquiry_transition, "inquiry"),
        ("interpellation", models.Interpellation, wf.INTERP_WORKFLOW, selectors.interpellation_for,
         page("supervision:interpellation"), services.interpellation_step, "obj"),
        ("investigation", models.Investigation, wf.INVESTIGATION_WORKFLOW, selectors.investigation_for,
         page("supervision:investigation"), services.investigation_transition, "investigation"),
        ("filing", models.NormativeDocument, wf.FILING_WORKFLOW, selectors.filing_for, page("supervision:filing"),
         services.filing_transition, "document"),
        ("request", models.ReviewRequest, wf.REQUEST_WORKFLOW, selectors.request_for, page("supervision:request"),
         services.request_step, "obj"),
    ):
        kit.register(kit.WorkflowObject(key=f"supervision.{key}", model=model, workflow=workflow, loader=loader,
                                        url=url, perform=perform(service, param)))

    # 撤职案, reports on carrying out a resolution and the year's statutory reports: also on the 待办 inbox.
    from renda.supervision.annual import selectors as annual_sel
    from renda.supervision.annual import services as annual_svc
    from renda.supervision.annual.workflow import ANNUAL_WORKFLOW
    from renda.supervision.removal import selectors as removal_sel
    from renda.supervision.removal import services as removal_svc
    from renda.supervision.removal.workflow import REMOVAL_WORKFLOW
    from renda.supervision.resolutions import selectors as resolution_sel
    from renda.supervision.resolutions import services as resolution_svc
    from renda.supervision.resolutions.workflow import RESOLUTION_WORKFLOW

    kit.register(kit.WorkflowObject(
        key="supervision.removal", model=models.RemovalCase, workflow=REMOVAL_WORKFLOW, loader=removal_sel.removal_for,
        url=page("supervision:removal"), perform=perform(removal_svc.removal_transition, "case"),
        queryset=removal_sel.removals_for, due=lambda c: c.meeting_date, label="撤职案"))
    kit.register(kit.WorkflowObject(
        key="supervision.resolution", model=models.ResolutionExecution, workflow=RESOLUTION_WORKFLOW,
        loader=resolution_sel.resolution_for, url=page("supervision:report", "report_id"),
        perform=perform(resolution_svc.resolution_transition, "resolution"),
        queryset=resolution_sel.resolutions_for, due=lambda r: r.due, label="执行决议情况报告"))
    kit.register(kit.WorkflowObject(
        key="supervision.annual", model=models.AnnualDuty, workflow=ANNUAL_WORKFLOW, loader=annual_sel.duty_for,
        url=lambda d: reverse("supervision:annual", args=[d.year]),
        perform=perform(annual_svc.annual_transition, "duty"),
        queryset=annual_sel.duties_for, due=lambda d: d.due, label="年度法定报告"))


def _document_owner(user, pk: int):
    """A report's text is visible exactly when its report is."""
    from renda.supervision import selectors
    from renda.supervision.listing import owned_by
    from renda.supervision.models import ReportDocument

    return owned_by(ReportDocument, user, pk, "没有找到该文件。", selectors.report_for, "report_id")


def _visit_owner(user, pk: int):
    """A field visit's evidence is visible exactly when its inspection is."""
    from renda.supervision import selectors
    from renda.supervision.listing import owned_by
    from renda.supervision.models import FieldVisit

    return owned_by(FieldVisit, user, pk, "没有找到该检查记录。", selectors.inspection_for, "inspection_id")


def _register_agenda_type() -> None:
    """Reports and inspection reports go on standing-committee agendas (meetings module), without a vote."""
    from django.urls import reverse

    from renda.meetings.agenda import AgendaType, register_agenda_type
    from renda.supervision.models import Inspection, InspectionStatus, Report, ReportStatus

    register_agenda_type(AgendaType(
        object_type="supervision.report",
        label="监督报告",
        kind="report",
        lookup=lambda congress_id, pk: Report.objects.filter(congress_id=congress_id, pk=pk).first(),
        title=lambda r: f"听取和审议{r.title}",
        url=lambda r: reverse("supervision:report", args=[r.pk]),
        ready=lambda congress_id: Report.objects.filter(
            congress_id=congress_id, status__in=(ReportStatus.REVISED_SUBMITTED, ReportStatus.DISTRIBUTED)),
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
        lookup=lambda congress_id, pk: Inspection.objects.filter(congress_id=congress_id, pk=pk).first(),
        title=lambda i: f"审议执法检查组关于检查{i.law_title}实施情况的报告",
        url=lambda i: reverse("supervision:inspection", args=[i.pk]),
        ready=lambda congress_id: Inspection.objects.filter(congress_id=congress_id,
                                                            status=InspectionStatus.REPORTED),
        documents=lambda i: ["执法检查报告", "问题清单"],
        concerned_org=lambda i: i.organ_id,
        requires_vote=False,
    ))


def _register_search() -> None:
    """What this module offers to the global search (renda.core.search)."""
    from django.urls import reverse as _reverse

    from renda.core import search as _search
    from renda.supervision import selectors as _sel
    from renda.supervision.models import Inspection as _Inspection
    from renda.supervision.models import Report as _Report

    _search.register(_search.Source(
        kind="supervision.report", label="监督报告", model=_Report, title=lambda r: r.title,
        text=lambda r: f"{r.opinions} {r.committee_comments}", year=lambda r: r.year,
        url=lambda r: _reverse("supervision:report", args=[r.pk]), visible=_sel.reports_for))
    _search.register(_search.Source(
        kind="supervision.inspection", label="执法检查", model=_Inspection, title=lambda i: i.title,
        text=lambda i: f"{i.law_title} {i.scope} {i.places}", year=lambda i: i.year,
        url=lambda i: _reverse("supervision:inspection", args=[i.pk]), visible=_sel.inspections_for))
