"""Report pages: the list, the record, the detail page and what is added before the meeting (research, key figures,
the preliminary review). Steps go through the kit (renda.core.kit); the cycle after the meeting is cycle/views.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from renda.core.errors import ConflictError, RuleViolation
from renda.core.locking import posted_version
from renda.core.roles import Role
from renda.supervision import forms
from renda.supervision import permissions as perms
from renda.supervision.cycle.services import compile_opinions
from renda.supervision.listing import ListFilters
from renda.supervision.models import FINANCIAL_KINDS, ReportKind, ReportStatus
from renda.supervision.reports import selectors, services
from renda.supervision.web import detail, form_page, list_ctx, side_post, without_version

PRE_MEETING = (ReportStatus.PLANNED, ReportStatus.DRAFT_SUBMITTED, ReportStatus.COMMENTED,
               ReportStatus.REVISED_SUBMITTED, ReportStatus.DISTRIBUTED)


def _page(report) -> str:
    return reverse("supervision:report", args=[report.pk])


@login_required
def report_list(request):
    f = ListFilters.from_querydict(request.GET, kinds=[*ReportKind.values, "financial"], statuses=ReportStatus.values)
    page = selectors.report_page(request.user, f, request.GET.get("page") or 1)
    return render(request, "supervision/report_list.html", list_ctx(
        request, f, page, kinds=ReportKind.choices, statuses=ReportStatus.choices,
        can_create=perms.can_create_report(request.user)))


@login_required
def report_create(request):
    user = request.user
    if not perms.can_create_report(user):
        raise PermissionDenied("只有办公厅或委员会工作人员可以登记监督报告。")
    initial = {"lead_body": user.organization_id} if user.role == Role.COMMITTEE else {}
    form = forms.ReportForm(request.POST or None, congress_id=user.congress_id, initial=initial)

    def save(data):
        report = services.report_create(actor=user, **without_version(data)[0])
        return _page(report), f"已登记：{report.title}"

    return form_page(request, form, save, title="登记监督报告", back=reverse("supervision:reports"))


@login_required
def report_edit(request, pk: int):
    report = selectors.report_for(request.user, pk)
    if not perms.can_manage_report(request.user, report):
        raise PermissionDenied("您没有修改该报告的权限。")
    form = forms.ReportForm(request.POST or None, instance=report, congress_id=report.congress_id)

    def save(data):
        data, seen = without_version(data)
        services.report_update(actor=request.user, report=report, lock_version=seen, **data)
        return _page(report), "已保存。"

    return form_page(request, form, save, title=f"修改：{report.title}", back=_page(report))


@login_required
def report_detail(request, pk: int):
    user = request.user
    report = selectors.report_for(user, pk)
    manage = perms.can_manage_report(user, report)
    ctx = detail(
        user, report, report=report, manage=manage, is_financial=report.kind in FINANCIAL_KINDS,
        remark_form=forms.RemarkForm(congress_id=report.congress_id) if manage else None,
        rect_form=forms.RectificationForm(congress_id=report.congress_id)
        if manage and report.kind == ReportKind.AUDIT_WORK else None,
        prelim_form=forms.PrelimForm(congress_id=report.congress_id) if manage else None,
        is_office=perms.is_office(user, report), pre_meeting=report.status in PRE_MEETING,
        **selectors.report_detail(report, user),
    )
    if ctx["figures"]:
        ctx["chart_data"] = selectors.figure_series(report)
    ctx["meeting_link"] = _meeting_link(user, report)
    from renda.core import rules
    from renda.supervision.resolutions.selectors import resolutions_for

    ctx["resolutions"] = list(resolutions_for(user).filter(report=report).order_by("due", "id"))
    ctx["resolution_rule"] = rules.get("SUP-RESOLUTION-REPORT")
    from renda.supervision.models import DocumentStage
    from renda.supervision.reports import answers

    handling = [d for d in ctx.get("documents", []) if d.stage == DocumentStage.HANDLING]
    ctx["handling_answers"] = answers.check(report.opinions, handling[-1].text if handling else None)
    ctx["opinions_draft"] = ""  # the template's `default:` needs it even once opinions exist
    if report.status == ReportStatus.DELIBERATED and not report.opinions:
        ctx["opinions_draft"] = compile_opinions(ctx["remarks"])
    return render(request, "supervision/report_detail.html", ctx)


def _meeting_link(user, report) -> bool:
    """The meeting is linked only for a viewer who may open it (a reporting unit often may not)."""
    if not report.meeting_id:
        return False
    from renda.meetings import permissions as meeting_perms
    from renda.meetings.models import Meeting

    q = meeting_perms.meeting_filter(user)
    return q is not None and Meeting.objects.filter(q, pk=report.meeting_id).exists()


@login_required
@require_POST
def report_research(request, pk: int):
    report = selectors.report_for(request.user, pk)
    return side_post(request, forms.ResearchForm(request.POST),
                     lambda **d: services.report_add_research(actor=request.user, report=report, **d),
                     "已登记调研。", _page(report), "请填写调研日期和调研发现。")


@login_required
@require_POST
def report_prelim(request, pk: int):
    report = selectors.report_for(request.user, pk)
    return side_post(request, forms.PrelimForm(request.POST, congress_id=report.congress_id),
                     lambda **d: services.prelim_create(actor=request.user, report=report,
                                                        **{**d, "invited_deputies": list(d.get("invited_deputies") or [])}),
                     "已登记初步审查意见。", _page(report), "请选择审查机构并填写初步审查意见。")


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
