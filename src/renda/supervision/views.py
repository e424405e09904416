"""Supervision pages for signed-in users. Thin: selectors to read, services to write, permissions to ask."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from renda.core import attachments, params
from renda.core.errors import ConflictError, RuleViolation
from renda.core.models import Congress, Organization
from renda.core.registry import topic_hints
from renda.core.roles import Role
from renda.supervision import exports, forms, selectors, services
from renda.supervision import permissions as perms
from renda.supervision.models import (
    FINANCIAL_KINDS,
    FilingStatus,
    InquiryStatus,
    InspectionStatus,
    InterpStatus,
    InvestigationStatus,
    NormativeDocument,
    RectStatus,
    ReportKind,
    ReportStatus,
    RequestStatus,
)
from renda.supervision.workflow import (
    FILING_WORKFLOW,
    INQUIRY_WORKFLOW,
    INSPECTION_WORKFLOW,
    INTERP_WORKFLOW,
    INVESTIGATION_WORKFLOW,
    PRELIM_WORKFLOW,
    RECT_WORKFLOW,
    REPORT_WORKFLOW,
    REQUEST_WORKFLOW,
)

# The extra fields each step's form carries (the rest is "说明").
ACTION_FIELDS = {
    "submit_draft": {"text", "file", "on"},
    "submit_revised": {"text", "file", "on"},
    "submit_handling": {"text", "file", "on"},
    "comment": {"comments"},
    "distribute": {"on"},
    "deliberate": {"on"},
    "send_opinions": {"on", "resolution"},
    "publish": {"on"},
    "report": {"text", "on"},
    "verify": {"on"},
    "hold": {"on"},
    "decide": {"answer_mode", "on"},
    "answer": {"text", "answerer", "on"},
    "submit": {"on"},
    "handle": {"handling", "on"},
    "establish": {"on"},
    "start_review": {"basis", "on"},
    "pass": {"opinion", "on"},
    "find_problem": {"opinion", "grounds", "on"},
    "request_correction": {"on"},
    "record_corrected": {"result", "on"},
    "accept": {"document"},
    "decline": {"reply"},
    "transfer": {"transferred_to", "reply"},
    "conclude": {"reply"},
}
TEXT_LABELS = {
    "submit_draft": "报告正文（或上传文件）", "submit_revised": "修改后的报告正文（或上传文件）",
    "submit_handling": "研究处理情况报告", "report": "整改情况", "answer": "答复内容",
}


def _actions(workflow, user, obj) -> list[dict]:
    return [{"t": t, "fields": ACTION_FIELDS.get(t.action, set()), "text_label": TEXT_LABELS.get(t.action, "正文")}
            for t in workflow.allowed_actions(user, obj)]


def _error_text(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "；".join(f"{m}" for msgs in exc.message_dict.values() for m in msgs)
    return "；".join(exc.messages)


def _form_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _run(request, fn, success: str) -> bool:
    """Call a service; refusals and bad input become a Chinese message, never a 500."""
    try:
        fn()
    except RuleViolation as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    except ConflictError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
        return True
    return False


def _note_data(request) -> dict:
    form = forms.NoteForm(request.POST)
    form.is_valid()
    data = dict(form.cleaned_data)
    if form.errors:
        bad = "、".join(form.fields[f].label for f in form.errors if f in form.fields)
        raise ValidationError(f"提交的内容不正确：{bad}")
    return data


def _year(request) -> int:
    raw = request.GET.get("year") or ""
    if raw.isdigit() and 1990 <= int(raw) <= 2100:
        return int(raw)
    return timezone.localdate().year


def _history(user, obj):
    return selectors.history(obj) if user.role in perms.INTERNAL_ROLES else None


def _organ_choices(user):
    return Organization.objects.filter(congress_id=user.congress_id, kind__in=Organization.ORGAN_KINDS) \
        .order_by("order", "id")


def _list_ctx(request, f, page, **extra):
    return {"filters": f, "page": page, "organs": _organ_choices(request.user), "querystring": f.querystring(),
            "today": timezone.localdate(), "years": range(timezone.localdate().year + 1, 2018, -1), **extra}


# ---- the dashboard --------------------------------------------------------------------------------------

def _posted_version(request) -> int | None:
    """The lock_version a form was read at: absent (an old client) means no check; garbage never matches."""
    raw = request.POST.get("lock_version", "")
    if raw == "":
        return None
    return int(raw) if raw.isdigit() and len(raw) < 10 else -1

@login_required
def index(request):
    user = request.user
    year = _year(request)
    if user.role == Role.UNIT:
        return render(request, "supervision/unit_index.html", {
            "reports": selectors.reports_for(user).order_by("-year", "meeting_date")[:50],
            "rects": selectors.rect_for_user(user).order_by("status", "deadline")[:100],
            "interps": selectors.interpellations_for(user).order_by("-id")[:50],
            "inquiries": selectors.inquiries_for(user).order_by("-id")[:50],
            "filings": selectors.filings_for(user).order_by("-filed_on")[:50],
            "today": timezone.localdate(),
        })
    pic = selectors.picture(user, year) if perms.can_view_picture(user) else None
    return render(request, "supervision/index.html", {
        "year": year, "picture": pic, "chart_data": selectors.picture_chart(pic) if pic else None,
        "years": range(timezone.localdate().year + 1, 2018, -1),
        "can_create": perms.can_create_report(user),
        # candidate supervision topics other modules offer (core.registry; staff and leadership only)
        "topic_hints": topic_hints(user, year),
    })


# ---- reports --------------------------------------------------------------------------------------------
@login_required
def report_list(request):
    f = selectors.ListFilters.from_querydict(request.GET, kinds=[*ReportKind.values, "financial"],
                                             statuses=ReportStatus.values)
    page = selectors.report_page(request.user, f, request.GET.get("page") or 1)
    return render(request, "supervision/report_list.html", _list_ctx(
        request, f, page, kinds=ReportKind.choices, statuses=ReportStatus.choices,
        can_create=perms.can_create_report(request.user)))


@login_required
def report_create(request):
    user = request.user
    if not perms.can_create_report(user):
        raise PermissionDenied("只有办公厅或委员会工作人员可以登记监督报告。")
    initial = {}
    if user.role == Role.COMMITTEE:
        initial["lead_body"] = user.organization_id
    form = forms.ReportForm(request.POST or None, congress_id=user.congress_id, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_create(actor=user, **form.data_for_service())
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, f"已登记：{report.title}")
            return redirect("supervision:report", pk=report.pk)
    return render(request, "supervision/form.html", {"form": form, "title": "登记监督报告",
                                                     "back": reverse("supervision:reports")})


@login_required
def report_edit(request, pk: int):
    report = selectors.report_for(request.user, pk)
    if not perms.can_manage_report(request.user, report):
        raise PermissionDenied("您没有修改该报告的权限。")
    form = forms.ReportForm(request.POST or None, instance=report, congress_id=report.congress_id)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_update(actor=request.user, report=report,
                                   lock_version=form.cleaned_data.get("lock_version") or 0,
                                   **form.data_for_service())
        except (ValidationError, RuleViolation, ConflictError) as exc:
            if isinstance(exc, ValidationError):
                _form_errors(form, exc)
            else:
                form.add_error(None, exc.message)
        else:
            messages.success(request, "已保存。")
            return redirect("supervision:report", pk=report.pk)
    return render(request, "supervision/form.html", {"form": form, "title": f"修改：{report.title}",
                                                     "back": reverse("supervision:report", args=[report.pk])})


@login_required
def report_detail(request, pk: int):
    user = request.user
    report = selectors.report_for(user, pk)
    manage = perms.can_manage_report(user, report)
    ctx = {
        "report": report, "today": timezone.localdate(), "manage": manage,
        "actions": _actions(REPORT_WORKFLOW, user, report),
        "history": _history(user, report),
        "is_financial": report.kind in FINANCIAL_KINDS,
        "remark_form": forms.RemarkForm(congress_id=report.congress_id) if manage else None,
        "rect_form": forms.RectificationForm(congress_id=report.congress_id)
        if manage and report.kind == ReportKind.AUDIT_WORK else None,
        "prelim_form": forms.PrelimForm(congress_id=report.congress_id) if manage else None,
        "is_office": perms.is_office(user, report),
        "pre_meeting": report.status in (ReportStatus.PLANNED, ReportStatus.DRAFT_SUBMITTED, ReportStatus.COMMENTED,
                                         ReportStatus.REVISED_SUBMITTED, ReportStatus.DISTRIBUTED),
        **selectors.report_detail(report, request.user),
    }
    ctx["prelim_actions"] = {p.pk: _actions(PRELIM_WORKFLOW, user, p) for p in ctx["prelims"]}
    if ctx["figures"]:
        ctx["chart_data"] = selectors.figure_series(report)
    ctx["opinions_draft"] = ""  # the template's `default:` needs it even once opinions exist
    if report.status == ReportStatus.DELIBERATED and not report.opinions:
        ctx["opinions_draft"] = services.compile_opinions(ctx["remarks"])
    return render(request, "supervision/report_detail.html", ctx)


@login_required
@require_POST
def report_transition(request, pk: int, action: str):
    report = selectors.report_for(request.user, pk)
    t = REPORT_WORKFLOW.transition(action)

    def go():
        data = _note_data(request)
        services.report_transition(
            actor=request.user, report=report, action=action, note=data["note"], on=data["on"], text=data["text"],
            comments=data["comments"], upload=request.FILES.get("file"),
            resolution=data["resolution"], resolution_due=data["resolution_due"],
        )

    _run(request, go, f"已{t.label}。")
    return redirect("supervision:report", pk=report.pk)


@login_required
@require_POST
def report_research(request, pk: int):
    report = selectors.report_for(request.user, pk)
    form = forms.ResearchForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写调研日期和调研发现。")
    else:
        _run(request, lambda: services.report_add_research(actor=request.user, report=report, **form.cleaned_data),
             "已登记调研。")
    return redirect("supervision:report", pk=report.pk)


@login_required
@require_POST
def report_remark(request, pk: int):
    report = selectors.report_for(request.user, pk)
    form = forms.RemarkForm(request.POST, congress_id=report.congress_id)
    if not form.is_valid():
        messages.error(request, "请选择发言的组成人员并填写发言要点。")
    else:
        _run(request, lambda: services.report_add_remark(actor=request.user, report=report, **form.cleaned_data),
             "已登记审议发言。")
    return redirect("supervision:report", pk=report.pk)


@login_required
@require_POST
def report_opinions(request, pk: int):
    report = selectors.report_for(request.user, pk)
    form = forms.OpinionsForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写审议意见。")
    else:
        _run(request, lambda: services.report_set_opinions(actor=request.user, report=report,
                                                           opinions=form.cleaned_data["opinions"],
                                                           lock_version=form.cleaned_data["lock_version"]),
             "已保存审议意见。")
    return redirect("supervision:report", pk=report.pk)


@login_required
@require_POST
def report_rate(request, pk: int):
    report = selectors.report_for(request.user, pk)
    form = forms.RatingForm(request.POST)
    if not form.is_valid():
        messages.error(request, "票数须为非负整数。")
    else:
        data = form.cleaned_data
        _run(request, lambda: services.report_rate(
            actor=request.user, report=report, satisfied=data["satisfied"],
            basically_satisfied=data["basically_satisfied"], unsatisfied=data["unsatisfied"],
            invalid=data.get("invalid") or 0, rated_on=data.get("rated_on")), "已登记满意度测评结果。")
    return redirect("supervision:report", pk=report.pk)


@login_required
@require_POST
def report_follow_up(request, pk: int):
    report = selectors.report_for(request.user, pk)
    form = forms.FollowUpForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写跟踪监督情况。")
    else:
        _run(request, lambda: services.report_add_follow_up(actor=request.user, report=report, **form.cleaned_data),
             "已登记跟踪监督。")
    return redirect("supervision:report", pk=report.pk)


@login_required
@require_POST
def report_prelim(request, pk: int):
    report = selectors.report_for(request.user, pk)
    form = forms.PrelimForm(request.POST, congress_id=report.congress_id)
    if not form.is_valid():
        messages.error(request, "请选择审查机构并填写初步审查意见。")
    else:
        _run(request, lambda: services.prelim_create(actor=request.user, report=report, **form.cleaned_data),
             "已登记初步审查意见。")
    return redirect("supervision:report", pk=report.pk)


@login_required
@require_POST
def prelim_transition(request, pk: int, action: str):
    from renda.supervision.models import PreliminaryReview

    prelim = PreliminaryReview.objects.filter(pk=pk, congress_id=request.user.congress_id).first()
    if prelim is None:
        from django.http import Http404

        raise Http404("没有找到该初步审查意见。")
    report = selectors.report_for(request.user, prelim.report_id)
    t = PRELIM_WORKFLOW.transition(action)

    def go():
        data = _note_data(request)
        services.prelim_transition(actor=request.user, prelim=prelim, action=action, note=data["note"],
                                   handling=data["handling"], on=data["on"])

    _run(request, go, f"已{t.label}。")
    return redirect("supervision:report", pk=report.pk)


FIGURE_ROWS = 12


@login_required
def report_figures(request, pk: int):
    report = selectors.report_for(request.user, pk)
    if not perms.can_manage_report(request.user, report) or report.kind not in FINANCIAL_KINDS:
        raise PermissionDenied("您没有录入该报告关键数据的权限。")
    existing = list(report.figures.order_by("order", "indicator", "year"))
    errors: list[str] = []
    lock_version = report.lock_version
    if request.method == "POST":
        rows = []
        for i in range(FIGURE_ROWS):
            rows.append({k: request.POST.get(f"r{i}-{k}", "") for k in
                         ("indicator", "year", "budget", "adjusted", "actual", "unit")})
        try:
            services.figures_save(actor=request.user, report=report, rows=rows, lock_version=_posted_version(request))
        except ValidationError as exc:
            errors = exc.messages
        except RuleViolation as exc:
            errors = [exc.message]
        except ConflictError as exc:
            errors = [exc.message]
        else:
            messages.success(request, "已保存关键数据。")
            return redirect("supervision:report", pk=report.pk)
        form_rows = rows
    else:
        form_rows = [{"indicator": f.indicator, "year": f.year, "budget": f.budget if f.budget is not None else "",
                      "adjusted": f.adjusted if f.adjusted is not None else "",
                      "actual": f.actual if f.actual is not None else "", "unit": f.unit} for f in existing]
    while len(form_rows) < FIGURE_ROWS:
        form_rows.append({"indicator": "", "year": report.year if report.year else "", "budget": "",
                          "adjusted": "", "actual": "", "unit": "亿元"})
    return render(request, "supervision/figures.html", {"report": report, "rows": list(enumerate(form_rows)),
                                                        "errors": errors,
                                                        "lock_version": request.POST.get("lock_version", lock_version)})


@login_required
@require_POST
def report_rectification(request, pk: int):
    report = selectors.report_for(request.user, pk)
    form = forms.RectificationForm(request.POST, congress_id=report.congress_id)
    if not form.is_valid():
        messages.error(request, "请填写整改事项、责任单位和整改时限。")
    else:
        data = {k: v for k, v in form.cleaned_data.items() if k != "problem"}
        _run(request, lambda: services.rectification_create(actor=request.user, report=report, **data),
             "已列入整改清单。")
    return redirect("supervision:report", pk=report.pk)


# ---- inspections ----------------------------------------------------------------------------------------
@login_required
def inspection_list(request):
    f = selectors.ListFilters.from_querydict(request.GET, statuses=InspectionStatus.values)
    page = selectors.inspection_page(request.user, f, request.GET.get("page") or 1)
    return render(request, "supervision/inspection_list.html", _list_ctx(
        request, f, page, statuses=InspectionStatus.choices, can_create=perms.can_create_inspection(request.user)))


@login_required
def inspection_create(request):
    user = request.user
    if not perms.can_create_inspection(user):
        raise PermissionDenied("只有办公厅或委员会工作人员可以组织执法检查。")
    parent = None
    if request.GET.get("parent", "").isdigit():
        parent = selectors.inspection_for(user, int(request.GET["parent"]))
    initial = {"organ": parent.organ_id, "lead_body": parent.lead_body_id, "law_title": parent.law_title,
               "title": f"{parent.law_title}执法检查跟踪检查"} if parent else {}
    if user.role == Role.COMMITTEE:
        initial["lead_body"] = user.organization_id
    form = forms.InspectionForm(request.POST or None, congress_id=user.congress_id, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            insp = services.inspection_create(actor=user, parent=parent, **form.data_for_service())
        except ValidationError as exc:
            _form_errors(form, exc)
        except RuleViolation as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已建立：{insp.title}")
            return redirect("supervision:inspection", pk=insp.pk)
    title = "组织跟踪检查" if parent else "组织执法检查"
    return render(request, "supervision/form.html", {"form": form, "title": title,
                                                     "back": reverse("supervision:inspections")})


@login_required
def inspection_detail(request, pk: int):
    user = request.user
    insp = selectors.inspection_for(user, pk)
    manage = perms.can_manage_inspection(user, insp)
    cid = insp.congress_id
    ctx = {
        "insp": insp, "today": timezone.localdate(), "manage": manage,
        "actions": _actions(INSPECTION_WORKFLOW, user, insp), "history": _history(user, insp),
        "team_form": forms.TeamForm(congress_id=cid) if manage else None,
        "visit_form": forms.VisitForm() if manage else None,
        "q_form": forms.QuestionnaireForm() if manage else None,
        "problem_form": forms.ProblemForm() if manage else None,
        "report_form": forms.InspectionReportForm(initial={"evaluation": insp.evaluation,
                                                           "suggestions": insp.suggestions,
                                                           "law_amendments": insp.law_amendments,
                                                           "lock_version": insp.lock_version}) if manage else None,
        "remark_form": forms.RemarkForm(congress_id=cid) if manage else None,
        "rect_form": forms.RectificationForm(congress_id=cid) if manage else None,
        **selectors.inspection_detail(insp, request.user),
    }
    ctx["opinions_draft"] = ""  # the template's `default:` needs it even once opinions exist
    if insp.status == InspectionStatus.DELIBERATED and not insp.opinions:
        ctx["opinions_draft"] = services.compile_opinions(ctx["remarks"])
    return render(request, "supervision/inspection_detail.html", ctx)


@login_required
def inspection_edit(request, pk: int):
    insp = selectors.inspection_for(request.user, pk)
    if not perms.can_manage_inspection(request.user, insp):
        raise PermissionDenied("您没有修改该执法检查的权限。")
    form = forms.InspectionForm(request.POST or None, instance=insp, congress_id=insp.congress_id)
    if request.method == "POST" and form.is_valid():
        try:
            services.inspection_update(actor=request.user, inspection=insp,
                                       lock_version=form.cleaned_data.get("lock_version") or 0,
                                       **form.data_for_service())
        except ValidationError as exc:
            _form_errors(form, exc)
        except (RuleViolation, ConflictError) as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "已保存。")
            return redirect("supervision:inspection", pk=insp.pk)
    return render(request, "supervision/form.html", {"form": form, "title": f"修改：{insp.title}",
                                                     "back": reverse("supervision:inspection", args=[insp.pk])})


@login_required
@require_POST
def inspection_transition(request, pk: int, action: str):
    insp = selectors.inspection_for(request.user, pk)
    t = INSPECTION_WORKFLOW.transition(action)

    def go():
        data = _note_data(request)
        services.inspection_transition(actor=request.user, inspection=insp, action=action, note=data["note"],
                                       on=data["on"], text=data["text"])

    _run(request, go, f"已{t.label}。")
    return redirect("supervision:inspection", pk=insp.pk)


def _inspection_post(request, pk, form_class, service, success, needs_congress=False):
    insp = selectors.inspection_for(request.user, pk)
    form = form_class(request.POST, congress_id=insp.congress_id) if needs_congress else form_class(request.POST)
    if not form.is_valid():
        problems = "；".join(f"{form.fields[k].label if k in form.fields else ''}：{'，'.join(v)}"
                            for k, v in form.errors.items())
        messages.error(request, f"提交的内容不完整或不正确（{problems}）")
    else:
        _run(request, lambda: service(actor=request.user, inspection=insp, **form.cleaned_data), success)
    return redirect("supervision:inspection", pk=insp.pk)


@login_required
@require_POST
def inspection_team(request, pk: int):
    return _inspection_post(request, pk, forms.TeamForm, services.team_add, "已加入检查组。", needs_congress=True)


@login_required
@require_POST
def inspection_visit(request, pk: int):
    insp = selectors.inspection_for(request.user, pk)
    form = forms.VisitForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请填写实地检查的日期、地点和发现的情况。")
    else:
        data = dict(form.cleaned_data)
        upload = data.pop("file")
        _run(request, lambda: services.visit_add(actor=request.user, inspection=insp, upload=upload, **data),
             "已登记实地检查。")
    return redirect("supervision:inspection", pk=insp.pk)


@login_required
@require_POST
def visit_attach(request, pk: int):
    from renda.supervision.models import FieldVisit

    visit = FieldVisit.objects.filter(pk=pk, congress_id=request.user.congress_id).first()
    if visit is None:
        from django.http import Http404

        raise Http404("没有找到该实地检查。")
    insp = selectors.inspection_for(request.user, visit.inspection_id)
    _run(request, lambda: services.visit_attach(actor=request.user, visit=visit, upload=request.FILES.get("file")),
         "已上传证据。")
    return redirect("supervision:inspection", pk=insp.pk)


@login_required
@require_POST
def inspection_questionnaire(request, pk: int):
    return _inspection_post(request, pk, forms.QuestionnaireForm, services.questionnaire_add, "已登记问卷调查。")


@login_required
@require_POST
def inspection_problem(request, pk: int):
    return _inspection_post(request, pk, forms.ProblemForm, services.problem_add, "已列入问题清单。")


@login_required
@require_POST
def inspection_report(request, pk: int):
    insp = selectors.inspection_for(request.user, pk)
    form = forms.InspectionReportForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请完整填写执法检查报告的各部分（监督法第三十六条第二款）。")
    else:
        data = dict(form.cleaned_data)
        lock = data.pop("lock_version") or 0
        _run(request, lambda: services.inspection_update(actor=request.user, inspection=insp, lock_version=lock,
                                                         **data), "已保存执法检查报告。")
    return redirect("supervision:inspection", pk=insp.pk)


@login_required
@require_POST
def inspection_remark(request, pk: int):
    return _inspection_post(request, pk, forms.RemarkForm, services.inspection_add_remark, "已登记审议发言。",
                            needs_congress=True)


@login_required
@require_POST
def inspection_opinions(request, pk: int):
    return _inspection_post(request, pk, forms.OpinionsForm, services.inspection_set_opinions, "已保存审议意见。")


@login_required
@require_POST
def inspection_rectification(request, pk: int):
    insp = selectors.inspection_for(request.user, pk)
    form = forms.RectificationForm(request.POST, congress_id=insp.congress_id)
    if not form.is_valid():
        messages.error(request, "请填写整改事项、责任单位和整改时限。")
    else:
        data = dict(form.cleaned_data)
        number = data.pop("problem")
        problem = insp.problems.filter(number=number).first() if number else None
        _run(request, lambda: services.rectification_create(actor=request.user, inspection=insp, problem=problem,
                                                            **data), "已列入整改清单。")
    return redirect("supervision:inspection", pk=insp.pk)


# ---- rectification items --------------------------------------------------------------------------------
@login_required
def rect_list(request):
    f = selectors.ListFilters.from_querydict(request.GET, statuses=RectStatus.values)
    page = selectors.rect_page(request.user, f, request.GET.get("page") or 1)
    return render(request, "supervision/rect_list.html", _list_ctx(request, f, page, statuses=RectStatus.choices))


@login_required
def rect_detail(request, pk: int):
    user = request.user
    item = selectors.rectification_for(user, pk)
    return render(request, "supervision/rect_detail.html", {
        "item": item, "today": timezone.localdate(), "actions": _actions(RECT_WORKFLOW, user, item),
        "history": _history(user, item), "attachments": attachments.for_object(item),
        "can_attach": perms.can_work_rect(user, item),
    })


@login_required
@require_POST
def rect_transition(request, pk: int, action: str):
    item = selectors.rectification_for(request.user, pk)
    t = RECT_WORKFLOW.transition(action)

    def go():
        data = _note_data(request)
        services.rectification_transition(actor=request.user, item=item, action=action, note=data["note"],
                                          on=data["on"], text=data["text"])

    _run(request, go, f"已{t.label}。")
    return redirect("supervision:rectification", pk=item.pk)


@login_required
@require_POST
def rect_attach(request, pk: int):
    item = selectors.rectification_for(request.user, pk)
    _run(request, lambda: services.rectification_attach(actor=request.user, item=item,
                                                        upload=request.FILES.get("file")), "已上传材料。")
    return redirect("supervision:rectification", pk=item.pk)


# ---- inquiries ------------------------------------------------------------------------------------------
@login_required
def inquiry_list(request):
    f = selectors.ListFilters.from_querydict(request.GET, statuses=InquiryStatus.values)
    page = selectors.inquiry_page(request.user, f, request.GET.get("page") or 1)
    return render(request, "supervision/inquiry_list.html", _list_ctx(
        request, f, page, statuses=InquiryStatus.choices, can_create=perms.can_create_report(request.user)))


@login_required
def inquiry_create(request):
    user = request.user
    if not perms.can_create_report(user):
        raise PermissionDenied("只有办公厅或委员会工作人员可以组织专题询问。")
    form = forms.InquiryCreateForm(request.POST or None, congress_id=user.congress_id,
                                   initial={"lead_body": user.organization_id} if user.role == Role.COMMITTEE else {})
    if request.method == "POST" and form.is_valid():
        try:
            inq = services.inquiry_create(actor=user, **form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, f"已建立：{inq.title}")
            return redirect("supervision:inquiry", pk=inq.pk)
    return render(request, "supervision/form.html", {"form": form, "title": "组织专题询问",
                                                     "back": reverse("supervision:inquiries")})


@login_required
def inquiry_detail(request, pk: int):
    user = request.user
    inq = selectors.inquiry_for(user, pk)
    manage = perms.can_manage_inquiry(user, inq)
    return render(request, "supervision/inquiry_detail.html", {
        "inq": inq, "today": timezone.localdate(), "manage": manage,
        "actions": _actions(INQUIRY_WORKFLOW, user, inq), "history": _history(user, inq),
        "questions": list(inq.questions.select_related("asker", "answerer_org").order_by("number")),
        "follow_ups": list(inq.follow_ups.order_by("date", "id")),
        "question_form": forms.QuestionForm(congress_id=inq.congress_id) if manage else None,
    })


@login_required
@require_POST
def inquiry_transition(request, pk: int, action: str):
    inq = selectors.inquiry_for(request.user, pk)
    t = INQUIRY_WORKFLOW.transition(action)

    def go():
        data = _note_data(request)
        services.inquiry_transition(actor=request.user, inquiry=inq, action=action, note=data["note"],
                                    on=data["on"], text=data["text"])

    _run(request, go, f"已{t.label}。")
    return redirect("supervision:inquiry", pk=inq.pk)


@login_required
@require_POST
def inquiry_question(request, pk: int):
    inq = selectors.inquiry_for(request.user, pk)
    form = forms.QuestionForm(request.POST, congress_id=inq.congress_id)
    if not form.is_valid():
        messages.error(request, "请完整填写询问人、询问、应询人及其职务和回答。")
    else:
        _run(request, lambda: services.inquiry_add_question(actor=request.user, inquiry=inq, **form.cleaned_data),
             "已记录询问和回答。")
    return redirect("supervision:inquiry", pk=inq.pk)


@login_required
@require_POST
def inquiry_opinions(request, pk: int):
    inq = selectors.inquiry_for(request.user, pk)
    form = forms.OpinionsForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写询问意见。")
    else:
        _run(request, lambda: services.inquiry_set_opinions(actor=request.user, inquiry=inq,
                                                            opinions=form.cleaned_data["opinions"],
                                                            lock_version=form.cleaned_data["lock_version"]),
             "已保存询问意见。")
    return redirect("supervision:inquiry", pk=inq.pk)


@login_required
@require_POST
def inquiry_follow_up(request, pk: int):
    inq = selectors.inquiry_for(request.user, pk)
    form = forms.FollowUpForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写跟踪监督情况。")
    else:
        _run(request, lambda: services.inquiry_add_follow_up(actor=request.user, inquiry=inq, **form.cleaned_data),
             "已登记跟踪监督。")
    return redirect("supervision:inquiry", pk=inq.pk)


# ---- interpellations ------------------------------------------------------------------------------------
@login_required
def interpellation_list(request):
    f = selectors.ListFilters.from_querydict(request.GET, statuses=InterpStatus.values)
    page = selectors.interpellation_page(request.user, f, request.GET.get("page") or 1)
    return render(request, "supervision/interp_list.html", _list_ctx(
        request, f, page, statuses=InterpStatus.choices,
        can_create=perms.can_create_interpellation(request.user)))


@login_required
def interpellation_create(request):
    user = request.user
    if not perms.can_create_interpellation(user):
        raise PermissionDenied("只有常委会组成人员或办公厅可以起草质询案。")
    form = forms.InterpellationForm(request.POST or None, congress_id=user.congress_id)
    if request.method == "POST" and form.is_valid():
        try:
            interp = services.interpellation_create(actor=user, **form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, f"已起草质询案：{interp.title}")
            return redirect("supervision:interpellation", pk=interp.pk)
    return render(request, "supervision/form.html", {"form": form, "title": "起草质询案",
                                                     "back": reverse("supervision:interpellations")})


@login_required
def interpellation_detail(request, pk: int):
    from renda.supervision.workflow import signer_threshold

    user = request.user
    interp = selectors.interpellation_for(user, pk)
    detail = selectors.interpellation_detail(interp)
    cid = interp.congress_id
    return render(request, "supervision/interp_detail.html", {
        "interp": interp, "today": timezone.localdate(), **detail,
        "actions": _actions(INTERP_WORKFLOW, user, interp), "history": _history(user, interp),
        "threshold": signer_threshold(cid),
        "can_sign": interp.status == InterpStatus.DRAFTING and perms.can_sign_interpellation(user, interp),
        "can_rate": interp.status == InterpStatus.ANSWERED and (perms.is_office(user, interp)
                                                                or perms.is_signer(user, interp)),
        "sign_form": forms.SignForm(congress_id=cid), "rate_form": forms.RateForm(congress_id=cid),
        "committees": Organization.objects.filter(congress_id=cid, kind=Organization.Kind.SPECIAL_COMMITTEE),
        "is_office": perms.is_office(user, interp),
    })


@login_required
@require_POST
def interpellation_sign(request, pk: int):
    interp = selectors.interpellation_for(request.user, pk)
    form = forms.SignForm(request.POST, congress_id=interp.congress_id)
    form.is_valid()
    person = form.cleaned_data.get("person")
    _run(request, lambda: services.interpellation_sign(actor=request.user, interpellation=interp, person=person,
                                                       on=interp.meeting_date), "已联名。")
    return redirect("supervision:interpellation", pk=interp.pk)


@login_required
@require_POST
def interpellation_rate(request, pk: int):
    interp = selectors.interpellation_for(request.user, pk)
    form = forms.RateForm(request.POST, congress_id=interp.congress_id)
    if not form.is_valid():
        messages.error(request, "请选择满意或不满意。")
    else:
        _run(request, lambda: services.interpellation_rate(
            actor=request.user, interpellation=interp, person=form.cleaned_data.get("person"),
            satisfied=form.cleaned_data["satisfied"]), "已记录对答复的意见。")
    return redirect("supervision:interpellation", pk=interp.pk)


@login_required
@require_POST
def interpellation_transition(request, pk: int, action: str):
    interp = selectors.interpellation_for(request.user, pk)
    t = INTERP_WORKFLOW.transition(action)

    def go():
        data = _note_data(request)
        committee = None
        raw = request.POST.get("committee") or ""
        if raw.isdigit():
            committee = Organization.objects.filter(pk=int(raw), congress_id=interp.congress_id).first()
        services.interpellation_transition(
            actor=request.user, interpellation=interp, action=action, note=data["note"], on=data["on"],
            answer_mode=data["answer_mode"], committee=committee, text=data["text"],
            answerer_name=data["answerer_name"], answerer_title=data["answerer_title"], is_head=data["is_head"])

    _run(request, go, f"已{t.label}。")
    return redirect("supervision:interpellation", pk=interp.pk)


# ---- investigations -------------------------------------------------------------------------------------
@login_required
def investigation_list(request):
    qs = selectors.investigations_for(request.user).order_by("-proposed_on", "-id")
    page = selectors._page(qs, request.GET.get("page") or 1)
    return render(request, "supervision/investigation_list.html", {
        "page": page, "can_create": perms.can_propose_investigation(request.user)})


@login_required
def investigation_create(request):
    user = request.user
    if not perms.can_propose_investigation(user):
        raise PermissionDenied("您没有提议组织特定问题调查委员会的权限。")
    form = forms.InvestigationForm(request.POST or None, congress_id=user.congress_id)
    if request.method == "POST" and form.is_valid():
        try:
            inv = services.investigation_propose(actor=user, **{**form.cleaned_data,
                                                                "proposers": list(form.cleaned_data["proposers"])})
        except ValidationError as exc:
            _form_errors(form, exc)
        except RuleViolation as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已登记提议：{inv.title}")
            return redirect("supervision:investigation", pk=inv.pk)
    return render(request, "supervision/form.html", {"form": form, "title": "提议组织特定问题调查委员会",
                                                     "back": reverse("supervision:investigations")})


@login_required
def investigation_detail(request, pk: int):
    user = request.user
    inv = selectors.investigation_for(user, pk)
    return render(request, "supervision/investigation_detail.html", {
        "inv": inv, "actions": _actions(INVESTIGATION_WORKFLOW, user, inv), "history": _history(user, inv),
        "proposers": list(inv.proposers.select_related("person")),
        "members": list(inv.members.select_related("person").order_by("role", "id")),
        "member_form": forms.InvestigatorForm(congress_id=inv.congress_id)
        if perms.is_office_or_leader(user, inv) and inv.status == InvestigationStatus.PROPOSED else None,
    })


@login_required
@require_POST
def investigation_member(request, pk: int):
    inv = selectors.investigation_for(request.user, pk)
    form = forms.InvestigatorForm(request.POST, congress_id=inv.congress_id)
    if not form.is_valid():
        messages.error(request, "请选择职务和人员。")
    else:
        _run(request, lambda: services.investigation_add_member(actor=request.user, investigation=inv,
                                                                **form.cleaned_data), "已提名。")
    return redirect("supervision:investigation", pk=inv.pk)


@login_required
@require_POST
def investigation_transition(request, pk: int, action: str):
    inv = selectors.investigation_for(request.user, pk)
    t = INVESTIGATION_WORKFLOW.transition(action)

    def go():
        data = _note_data(request)
        services.investigation_transition(actor=request.user, investigation=inv, action=action, note=data["note"],
                                          on=data["on"], text=data["text"])

    _run(request, go, f"已{t.label}。")
    return redirect("supervision:investigation", pk=inv.pk)


# ---- filing review --------------------------------------------------------------------------------------
@login_required
def filing_list(request):
    f = selectors.ListFilters.from_querydict(request.GET, statuses=FilingStatus.values)
    page = selectors.filing_page(request.user, f, request.GET.get("page") or 1)
    return render(request, "supervision/filing_list.html", _list_ctx(
        request, f, page, statuses=FilingStatus.choices, can_create=perms.can_register_filing(request.user),
        can_requests=perms.request_filter(request.user) is not None))


@login_required
def filing_create(request):
    user = request.user
    if not perms.can_register_filing(user):
        raise PermissionDenied("您没有报送备案的权限。")
    form = forms.FilingForm(request.POST or None, request.FILES or None, congress_id=user.congress_id)
    if user.role == Role.UNIT:
        for name in ("filer_org", "filer_congress"):
            form.fields.pop(name)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("file")
        try:
            doc = services.filing_register(actor=user, upload=upload, **data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, f"已报送备案：{doc.title}" + ("（逾期报送）" if doc.filing_late else ""))
            return redirect("supervision:filing", pk=doc.pk)
    return render(request, "supervision/form.html", {"form": form, "title": "报送备案", "multipart": True,
                                                     "back": reverse("supervision:filings")})


@login_required
def filing_detail(request, pk: int):
    user = request.user
    doc = selectors.filing_for(user, pk)
    return render(request, "supervision/filing_detail.html", {
        "doc": doc, "actions": _actions(FILING_WORKFLOW, user, doc), "history": _history(user, doc),
        "attachments": attachments.for_object(doc),
        "requests": list(selectors.requests_for(user).filter(document=doc)),
    })


@login_required
@require_POST
def filing_transition(request, pk: int, action: str):
    doc = selectors.filing_for(request.user, pk)
    t = FILING_WORKFLOW.transition(action)

    def go():
        data = _note_data(request)
        services.filing_transition(actor=request.user, document=doc, action=action, note=data["note"],
                                   on=data["on"], basis=data["basis"], opinion=data["opinion"],
                                   grounds=data["grounds"], result=data["result"])

    _run(request, go, f"已{t.label}。")
    return redirect("supervision:filing", pk=doc.pk)


@login_required
def filing_annual(request, year: int):
    if not perms.is_internal(request.user):
        raise PermissionDenied("年度备案审查工作情况报告由办公厅和有关委员会编制。")
    year = params.year_param(year)  # a year out of range: a Chinese 400, not a 500
    stats = selectors.annual_filing_stats(request.user.congress_id, year)
    return render(request, "supervision/filing_annual.html", {"stats": stats, "year": year})


@login_required
def filing_annual_docx(request, year: int):
    if not perms.is_internal(request.user):
        raise PermissionDenied("年度备案审查工作情况报告由办公厅和有关委员会编制。")
    year = params.year_param(year)
    congress = Congress.objects.get(pk=request.user.congress_id)
    data = exports.filing_annual_docx(congress, selectors.annual_filing_stats(congress.pk, year))
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    response["Content-Disposition"] = f'attachment; filename="filing-review-{year}.docx"'
    return response


# ---- review requests ------------------------------------------------------------------------------------
@login_required
def request_list(request):
    if perms.request_filter(request.user) is None:
        raise PermissionDenied("审查建议含有提出人的个人信息，仅供办公厅和有关委员会处理。")
    f = selectors.ListFilters.from_querydict(request.GET, statuses=RequestStatus.values)
    page = selectors.request_page(request.user, f, request.GET.get("page") or 1)
    return render(request, "supervision/request_list.html", _list_ctx(
        request, f, page, statuses=RequestStatus.choices))


@login_required
def request_create(request):
    user = request.user
    if perms.request_filter(user) is None or user.role not in (Role.OFFICE, Role.COMMITTEE):
        raise PermissionDenied("您没有登记审查建议的权限。")
    form = forms.RequestRegisterForm(request.POST or None)
    form.fields.pop("website")
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            req = services.review_request_submit(actor=user, congress=Congress.objects.get(pk=user.congress_id),
                                                 **data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, f"已登记，查询码 {req.tracking_code}")
            return redirect("supervision:request", pk=req.pk)
    return render(request, "supervision/form.html", {"form": form, "title": "登记审查建议",
                                                     "back": reverse("supervision:requests")})


@login_required
def request_detail(request, pk: int):
    user = request.user
    req = selectors.request_for(user, pk)
    return render(request, "supervision/request_detail.html", {
        "req": req, "actions": _actions(REQUEST_WORKFLOW, user, req), "history": _history(user, req),
        "documents": NormativeDocument.objects.filter(congress_id=req.congress_id).order_by("-filed_on")[:200],
    })


@login_required
@require_POST
def request_transition(request, pk: int, action: str):
    req = selectors.request_for(request.user, pk)
    t = REQUEST_WORKFLOW.transition(action)

    def go():
        data = _note_data(request)
        document = None
        raw = request.POST.get("document") or ""
        if raw.isdigit():
            document = NormativeDocument.objects.filter(pk=int(raw), congress_id=req.congress_id).first()
        services.request_transition(actor=request.user, request=req, action=action, note=data["note"],
                                    on=data["on"], document=document, reply=data["reply"],
                                    transferred_to=data["transferred_to"])

    _run(request, go, f"已{t.label}。")
    return redirect("supervision:request", pk=req.pk)

