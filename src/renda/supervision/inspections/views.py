"""Enforcement inspection pages (the team, field visits, questionnaires, problems, the report) and the
rectification list. Steps go through the kit (renda.core.kit); the cycle after the meeting is cycle/views.py."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from renda.core import attachments
from renda.core.roles import Role
from renda.supervision import forms
from renda.supervision import permissions as perms
from renda.supervision.cycle.services import compile_opinions
from renda.supervision.inspections import selectors, services
from renda.supervision.listing import ListFilters
from renda.supervision.models import FieldVisit, InspectionStatus, RectStatus
from renda.supervision.reports.selectors import report_for
from renda.supervision.web import detail, form_page, list_ctx, run, side_post, without_version


def _page(insp) -> str:
    return reverse("supervision:inspection", args=[insp.pk])


@login_required
def inspection_list(request):
    f = ListFilters.from_querydict(request.GET, statuses=InspectionStatus.values)
    page = selectors.inspection_page(request.user, f, request.GET.get("page") or 1)
    return render(request, "supervision/inspection_list.html", list_ctx(
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

    def save(data):
        insp = services.inspection_create(actor=user, parent=parent, **without_version(data)[0])
        return _page(insp), f"已建立：{insp.title}"

    return form_page(request, form, save, title="组织跟踪检查" if parent else "组织执法检查",
                     back=reverse("supervision:inspections"))


@login_required
def inspection_detail(request, pk: int):
    user = request.user
    insp = selectors.inspection_for(user, pk)
    manage = perms.can_manage_inspection(user, insp)
    cid = insp.congress_id
    report_initial = {"evaluation": insp.evaluation, "suggestions": insp.suggestions,
                      "law_amendments": insp.law_amendments, "lock_version": insp.lock_version}
    ctx = detail(
        user, insp, insp=insp, manage=manage,
        team_form=forms.TeamForm(congress_id=cid) if manage else None,
        visit_form=forms.VisitForm() if manage else None,
        q_form=forms.QuestionnaireForm() if manage else None,
        problem_form=forms.ProblemForm() if manage else None,
        report_form=forms.InspectionReportForm(initial=report_initial) if manage else None,
        remark_form=forms.RemarkForm(congress_id=cid) if manage else None,
        rect_form=forms.RectificationForm(congress_id=cid) if manage else None,
        **selectors.inspection_detail(insp, user),
    )
    ctx["opinions_draft"] = ""  # the template's `default:` needs it even once opinions exist
    if insp.status == InspectionStatus.DELIBERATED and not insp.opinions:
        ctx["opinions_draft"] = compile_opinions(ctx["remarks"])
    return render(request, "supervision/inspection_detail.html", ctx)


@login_required
def inspection_edit(request, pk: int):
    insp = selectors.inspection_for(request.user, pk)
    if not perms.can_manage_inspection(request.user, insp):
        raise PermissionDenied("您没有修改该执法检查的权限。")
    form = forms.InspectionForm(request.POST or None, instance=insp, congress_id=insp.congress_id)

    def save(data):
        data, seen = without_version(data)
        services.inspection_update(actor=request.user, inspection=insp, lock_version=seen, **data)
        return _page(insp), "已保存。"

    return form_page(request, form, save, title=f"修改：{insp.title}", back=_page(insp))


# The small forms of the inspection page: URL name -> (form, service, needs the congress, done, invalid input).
SIDE_FORMS = {
    "team": (forms.TeamForm, services.team_add, True, "已加入检查组。", ""),
    "visit": (forms.VisitForm, services.visit_add, False, "已登记实地检查。", "请填写实地检查的日期、地点和发现的情况。"),
    "questionnaire": (forms.QuestionnaireForm, services.questionnaire_add, False, "已登记问卷调查。", ""),
    "problem": (forms.ProblemForm, services.problem_add, False, "已列入问题清单。", ""),
    "report": (forms.InspectionReportForm, services.inspection_update, False, "已保存执法检查报告。",
               "请完整填写执法检查报告的各部分（监督法第三十六条第二款）。"),
}


@login_required
@require_POST
def inspection_post(request, pk: int, part: str):
    insp = selectors.inspection_for(request.user, pk)
    form_class, service, scoped, done, invalid = SIDE_FORMS[part]
    kwargs = {"congress_id": insp.congress_id} if scoped else {}
    form = form_class(request.POST, request.FILES, **kwargs)

    def call(file=None, **data):
        extra = {"upload": file} if part == "visit" else {}
        return service(actor=request.user, inspection=insp, **data, **extra)

    return side_post(request, form, call, done, _page(insp), invalid)


@login_required
@require_POST
def visit_attach(request, pk: int):
    visit = FieldVisit.objects.filter(pk=pk, congress_id=request.user.congress_id).first()
    if visit is None:
        raise Http404("没有找到该实地检查。")
    insp = selectors.inspection_for(request.user, visit.inspection_id)
    run(request, lambda: services.visit_attach(actor=request.user, visit=visit, upload=request.FILES.get("file")),
        "已上传证据。")
    return redirect(_page(insp))


# ---- rectification items --------------------------------------------------------------------------------
@login_required
@require_POST
def rectification_add(request, pk: int, source: str):
    """Put an item on the rectification list of an inspection or of an audit work report."""
    if source == "inspection":
        obj = selectors.inspection_for(request.user, pk)
        back = _page(obj)
    else:
        obj = report_for(request.user, pk)
        back = reverse("supervision:report", args=[obj.pk])
    form = forms.RectificationForm(request.POST, congress_id=obj.congress_id)

    def call(problem=None, **data):
        found = obj.problems.filter(number=problem).first() if problem and source == "inspection" else None
        return services.rectification_create(actor=request.user, problem=found, **{source: obj}, **data)

    return side_post(request, form, call, "已列入整改清单。", back, "请填写整改事项、责任单位和整改时限。")


@login_required
def rect_list(request):
    f = ListFilters.from_querydict(request.GET, statuses=RectStatus.values)
    page = selectors.rect_page(request.user, f, request.GET.get("page") or 1)
    return render(request, "supervision/rect_list.html", list_ctx(request, f, page, statuses=RectStatus.choices))


@login_required
def rect_detail(request, pk: int):
    user = request.user
    item = selectors.rectification_for(user, pk)
    return render(request, "supervision/rect_detail.html", detail(
        user, item, item=item, attachments=attachments.for_object(item), can_attach=perms.can_work_rect(user, item)))


@login_required
@require_POST
def rect_attach(request, pk: int):
    item = selectors.rectification_for(request.user, pk)
    run(request, lambda: services.rectification_attach(actor=request.user, item=item,
                                                       upload=request.FILES.get("file")), "已上传材料。")
    return redirect("supervision:rectification", pk=item.pk)
