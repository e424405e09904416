"""The pages' side of the cycle: remarks, opinions, follow-up and the rating, one view each for every object."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.urls import reverse
from django.views.decorators.http import require_POST

from renda.supervision import forms
from renda.supervision.cycle import services
from renda.supervision.inquiries.selectors import inquiry_for
from renda.supervision.inspections.selectors import inspection_for
from renda.supervision.reports.selectors import report_for
from renda.supervision.web import side_post

# kind (the URL's) -> (the visibility-aware loader, the object's page)
OBJECTS = {
    "report": (report_for, "supervision:report"),
    "inspection": (inspection_for, "supervision:inspection"),
    "inquiry": (inquiry_for, "supervision:inquiry"),
}


def _load(request, kind: str, pk: int):
    loader, url_name = OBJECTS[kind]
    obj = loader(request.user, pk)
    return obj, reverse(url_name, args=[obj.pk])


@login_required
@require_POST
def remark(request, pk: int, kind: str):
    obj, back = _load(request, kind, pk)
    form = forms.RemarkForm(request.POST, congress_id=obj.congress_id)
    return side_post(request, form, lambda **d: services.add_remark(actor=request.user, obj=obj, **d),
                     "已登记审议发言。", back, "请选择发言的组成人员并填写发言要点。")


@login_required
@require_POST
def opinions(request, pk: int, kind: str):
    obj, back = _load(request, kind, pk)
    label = services.cycle_of(obj).opinions_label
    return side_post(request, forms.OpinionsForm(request.POST),
                     lambda **d: services.set_opinions(actor=request.user, obj=obj, **d),
                     f"已保存{label}。", back, f"请填写{label}。")


@login_required
@require_POST
def follow_up(request, pk: int, kind: str):
    obj, back = _load(request, kind, pk)
    return side_post(request, forms.FollowUpForm(request.POST),
                     lambda **d: services.add_follow_up(actor=request.user, obj=obj, **d),
                     "已登记跟踪监督。", back, "请填写跟踪监督情况。")


@login_required
@require_POST
def rate(request, pk: int, kind: str = "report"):
    report, back = _load(request, kind, pk)

    def call(invalid=None, **d):
        return services.rate(actor=request.user, report=report, invalid=invalid or 0, **d)

    return side_post(request, forms.RatingForm(request.POST), call, "已登记满意度测评结果。", back, "票数须为非负整数。")
