"""Report pages: the list, the record, the detail page and what is added before the meeting (research, key figures,
the preliminary review). Steps go through the kit (renda.core.kit); the cycle after the meeting is cycle/views.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render

from renda.core import rules
from renda.core.errors import ConflictError, RuleViolation
from renda.core.locking import posted_version
from renda.meetings import permissions as meeting_perms
from renda.meetings.models import Meeting
from renda.supervision import forms
from renda.supervision import permissions as perms
from renda.supervision.models import FINANCIAL_KINDS, DocumentStage, ReportKind, ReportStatus
from renda.supervision.reports import answers, selectors, services
from renda.supervision.resolutions.selectors import resolutions_for
from renda.supervision.web import (
    Kind,
    create_view,
    detail_view,
    edit_view,
    forms_if,
    lead_body_initial,
    list_view,
    opinions_draft,
    scoped_form,
    side_view,
    without_version,
)

PRE_MEETING = (ReportStatus.PLANNED, ReportStatus.DRAFT_SUBMITTED, ReportStatus.COMMENTED,
               ReportStatus.REVISED_SUBMITTED, ReportStatus.DISTRIBUTED)


REPORT = Kind("supervision:report", selectors.report_for)
_page = REPORT.page

report_list = list_view("supervision/report_list.html", selectors.report_page, ReportStatus,
                        kinds=ReportKind.choices, kind_values=[*ReportKind.values, "financial"],
                        can_create=perms.can_create_report)
report_create = create_view(
    REPORT, allowed=perms.can_create_report, denied="只有办公厅或委员会工作人员可以登记监督报告。",
    form=scoped_form(forms.ReportForm, lead_body_initial), create=services.report_create,
    prepare=lambda data: without_version(data)[0], done="已登记：{title}", title="登记监督报告",
    back="supervision:reports")
report_edit = edit_view(REPORT, allowed=perms.can_manage_report, denied="您没有修改该报告的权限。",
                        form_class=forms.ReportForm, update=services.report_update, name="report")


def _report_ctx(user, report) -> dict:
    manage = perms.can_manage_report(user, report)
    cid = report.congress_id
    ctx = {"manage": manage, "is_financial": report.kind in FINANCIAL_KINDS, **forms_if(
        manage, remark_form=forms.RemarkForm(congress_id=cid), prelim_form=forms.PrelimForm(congress_id=cid),
        rect_form=forms.RectificationForm(congress_id=cid) if report.kind == ReportKind.AUDIT_WORK else None),
        "is_office": perms.is_office(user, report), "pre_meeting": report.status in PRE_MEETING,
        **selectors.report_detail(report, user)}
    if ctx["figures"]:
        ctx["chart_data"] = selectors.figure_series(report)
    handling = [d for d in ctx.get("documents", []) if d.stage == DocumentStage.HANDLING]
    return {**ctx, "meeting_link": _meeting_link(user, report),
            "resolutions": list(resolutions_for(user).filter(report=report).order_by("due", "id")),
            "resolution_rule": rules.get("SUP-RESOLUTION-REPORT"),
            "handling_answers": answers.check(report.opinions, handling[-1].text if handling else None),
            "opinions_draft": opinions_draft(report, ctx["remarks"], ReportStatus.DELIBERATED)}


report_detail = detail_view(REPORT, "supervision/report_detail.html", "report", _report_ctx)


def _meeting_link(user, report) -> bool:
    """The meeting is linked only for a viewer who may open it (a reporting unit often may not)."""
    if not report.meeting_id:
        return False
    q = meeting_perms.meeting_filter(user)
    return q is not None and Meeting.objects.filter(q, pk=report.meeting_id).exists()


report_research = side_view(REPORT, forms.ResearchForm, services.report_add_research, name="report",
                            done="已登记调研。", invalid="请填写调研日期和调研发现。")
report_prelim = side_view(
    REPORT, forms.PrelimForm, services.prelim_create, name="report", scoped=True,
    prepare=lambda report, data: {**data, "invited_deputies": list(data.get("invited_deputies") or [])},
    done="已登记初步审查意见。", invalid="请选择审查机构并填写初步审查意见。")


FIGURE_ROWS = 12
FIGURE_COLUMNS = ("indicator", "year", "budget", "adjusted", "actual", "unit")


def _blank(value) -> object:
    return value if value is not None else ""


@login_required
def report_figures(request, pk: int):
    report = selectors.report_for(request.user, pk)
    if not perms.can_manage_report(request.user, report) or report.kind not in FINANCIAL_KINDS:
        raise PermissionDenied("您没有录入该报告关键数据的权限。")
    errors: list[str] = []
    if request.method == "POST":
        rows = [{k: request.POST.get(f"r{i}-{k}", "") for k in FIGURE_COLUMNS} for i in range(FIGURE_ROWS)]
        try:
            services.figures_save(actor=request.user, report=report, rows=rows,
                                  lock_version=posted_version(request))
        except ValidationError as exc:
            errors = exc.messages
        except (RuleViolation, ConflictError) as exc:
            errors = [exc.message]
        else:
            messages.success(request, "已保存关键数据。")
            return redirect(_page(report))
        form_rows = rows
    else:
        form_rows = [{k: _blank(getattr(f, k)) for k in FIGURE_COLUMNS}
                     for f in report.figures.order_by("order", "indicator", "year")]
    while len(form_rows) < FIGURE_ROWS:
        form_rows.append({"indicator": "", "year": report.year or "", "budget": "", "adjusted": "", "actual": "",
                          "unit": "亿元"})
    return render(request, "supervision/figures.html", {
        "report": report, "rows": list(enumerate(form_rows)), "errors": errors,
        "lock_version": request.POST.get("lock_version", report.lock_version)})
