"""The pages' side of the cycle: remarks, opinions, follow-up and the rating, one view each for every object (the
URL's `kind`)."""

from __future__ import annotations

from renda.supervision import forms
from renda.supervision.cycle import services
from renda.supervision.inquiries.selectors import inquiry_for
from renda.supervision.inspections.selectors import inspection_for
from renda.supervision.reports.selectors import report_for
from renda.supervision.web import Kind, side_view

# kind (the URL's) -> the visibility-aware loader and the object's page
OBJECTS = {
    "report": Kind("supervision:report", report_for),
    "inspection": Kind("supervision:inspection", inspection_for),
    "inquiry": Kind("supervision:inquiry", inquiry_for),
}


def _label(obj) -> str:
    return services.cycle_of(obj).opinions_label


remark = side_view(OBJECTS, forms.RemarkForm, services.add_remark, name="obj", scoped=True, done="已登记审议发言。",
                   invalid="请选择发言的组成人员并填写发言要点。")
opinions = side_view(OBJECTS, forms.OpinionsForm, services.set_opinions, name="obj",
                     done=lambda obj: f"已保存{_label(obj)}。", invalid=lambda obj: f"请填写{_label(obj)}。")
follow_up = side_view(OBJECTS, forms.FollowUpForm, services.add_follow_up, name="obj", done="已登记跟踪监督。",
                      invalid="请填写跟踪监督情况。")
rate = side_view(OBJECTS, forms.RatingForm, services.rate, name="report",
                 prepare=lambda report, data: {**data, "invalid": data.get("invalid") or 0},
                 done="已登记满意度测评结果。", invalid="票数须为非负整数。")
