"""Enforcement inspection pages (the team, field visits, questionnaires, problems, the report) and the
rectification list. Steps go through the kit (renda.core.kit); the cycle after the meeting is cycle/views.py."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from renda.core import attachments
from renda.supervision import forms
from renda.supervision import permissions as perms
from renda.supervision.inspections import selectors, services
from renda.supervision.listing import owned_by
from renda.supervision.models import FieldVisit, InspectionStatus, RectStatus
from renda.supervision.reports.selectors import report_for
from renda.supervision.web import (
    Kind,
    detail_view,
    edit_view,
    form_page,
    forms_if,
    lead_body_initial,
    list_view,
    opinions_draft,
    run,
    side_post,
    without_version,
)

INSPECTION = Kind("supervision:inspection", selectors.inspection_for)
_page = INSPECTION.page

inspection_list = list_view("supervision/inspection_list.html", selectors.inspection_page, InspectionStatus,
                            can_create=perms.can_create_inspection)


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
    initial.update(lead_body_initial(user))
    form = forms.InspectionForm(request.POST or None, congress_id=user.congress_id, initial=initial)

    def save(data):
        insp = services.inspection_create(actor=user, parent=parent, **without_version(data)[0])
        return _page(insp), f"已建立：{insp.title}"

    return form_page(request, form, save, title="组织跟踪检查" if parent else "组织执法检查",
                     back=reverse("supervision:inspections"))


def _inspection_ctx(user, insp) -> dict:
    manage = perms.can_manage_inspection(user, insp)
    cid = insp.congress_id
    report_initial = {"evaluation": insp.evaluation, "suggestions": insp.suggestions,
                      "law_amendments": insp.law_amendments, "lock_version": insp.lock_version}
    parts = selectors.inspection_detail(insp, user)
    return {"manage": manage, **parts, **forms_if(
        manage, team_form=forms.TeamForm(congress_id=cid), visit_form=forms.VisitForm(),
        q_form=forms.QuestionnaireForm(), problem_form=forms.ProblemForm(),
        report_form=forms.InspectionReportForm(initial=report_initial), remark_form=forms.RemarkForm(congress_id=cid),
        rect_form=forms.RectificationForm(congress_id=cid)),
        "opinions_draft": opinions_draft(insp, parts["remarks"], InspectionStatus.DELIBERATED)}


inspection_detail = detail_view(INSPECTION, "supervision/inspection_detail.html", "insp", _inspection_ctx)
inspection_edit = edit_view(INSPECTION, allowed=perms.can_manage_inspection, denied="您没有修改该执法检查的权限。",
                            form_class=forms.InspectionForm, update=services.inspection_update, name="inspection")


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
    visit = owned_by(FieldVisit, request.user, pk, "没有找到该实地检查。", selectors.inspection_for, "inspection_id")
    run(request, lambda: services.visit_attach(actor=request.user, visit=visit, upload=request.FILES.get("file")),
        "已上传证据。")
    return redirect("supervision:inspection", pk=visit.inspection_id)


# ---- rectification items --------------------------------------------------------------------------------
RECT_SOURCES = {"inspection": INSPECTION, "report": Kind("supervision:report", report_for)}


@login_required
@require_POST
def rectification_add(request, pk: int, source: str):
    """Put an item on the rectification list of an inspection or of an audit work report."""
    kind = RECT_SOURCES[source]
    obj = kind.load(request.user, pk)
    back = kind.page(obj)
    form = forms.RectificationForm(request.POST, congress_id=obj.congress_id)

    def call(problem=None, **data):
        found = obj.problems.filter(number=problem).first() if problem and source == "inspection" else None
        return services.rectification_create(actor=request.user, problem=found, **{source: obj}, **data)

    return side_post(request, form, call, "已列入整改清单。", back, "请填写整改事项、责任单位和整改时限。")


RECTIFICATION = Kind("supervision:rectification", selectors.rectification_for)
rect_list = list_view("supervision/rect_list.html", selectors.rect_page, RectStatus)
rect_detail = detail_view(RECTIFICATION, "supervision/rect_detail.html", "item", lambda user, item: {
    "attachments": attachments.for_object(item), "can_attach": perms.can_work_rect(user, item)})


@login_required
@require_POST
def rect_attach(request, pk: int):
    item = selectors.rectification_for(request.user, pk)
    run(request, lambda: services.rectification_attach(actor=request.user, item=item,
                                                       upload=request.FILES.get("file")), "已上传材料。")
    return redirect("supervision:rectification", pk=item.pk)
