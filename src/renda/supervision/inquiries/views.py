"""Special inquiry and interpellation pages (the shapes: supervision/web.py). Steps go through the kit
(renda.core.kit); an inquiry's opinions and follow-up are cycle/views.py."""

from __future__ import annotations

from renda.supervision import forms
from renda.supervision import permissions as perms
from renda.supervision.inquiries import selectors, services
from renda.supervision.inquiries.workflow import signer_threshold
from renda.supervision.models import InquiryStatus, InterpStatus
from renda.supervision.web import (
    Kind,
    create_view,
    detail_view,
    lead_body_initial,
    list_view,
    scoped_form,
    side_view,
)

INQUIRY = Kind("supervision:inquiry", selectors.inquiry_for)
INTERPELLATION = Kind("supervision:interpellation", selectors.interpellation_for)


# ---- special inquiries ----------------------------------------------------------------------------------
def _inquiry_ctx(user, inq) -> dict:
    manage = perms.can_manage_inquiry(user, inq)
    return {"manage": manage,
            "questions": list(inq.questions.select_related("asker", "answerer_org").order_by("number")),
            "follow_ups": list(inq.follow_ups.order_by("date", "id")),
            "question_form": forms.QuestionForm(congress_id=inq.congress_id) if manage else None}


inquiry_list = list_view("supervision/inquiry_list.html", selectors.inquiry_page, InquiryStatus,
                         can_create=perms.can_create_report)
inquiry_create = create_view(
    INQUIRY, allowed=perms.can_create_report, denied="只有办公厅或委员会工作人员可以组织专题询问。",
    form=scoped_form(forms.InquiryCreateForm, lead_body_initial), create=services.inquiry_create,
    done="已建立：{title}", title="组织专题询问", back="supervision:inquiries")
inquiry_detail = detail_view(INQUIRY, "supervision/inquiry_detail.html", "inq", _inquiry_ctx)
inquiry_question = side_view(
    INQUIRY, forms.QuestionForm, services.inquiry_add_question, name="inquiry", scoped=True,
    done="已记录询问和回答。", invalid="请完整填写询问人、询问、应询人及其职务和回答。")


# ---- interpellations ------------------------------------------------------------------------------------
def _interp_ctx(user, interp) -> dict:
    cid = interp.congress_id
    office = perms.is_office(user, interp)
    return {**selectors.interpellation_detail(interp), "threshold": signer_threshold(cid), "is_office": office,
            "can_sign": interp.status == InterpStatus.DRAFTING and perms.can_sign_interpellation(user, interp),
            "can_rate": interp.status == InterpStatus.ANSWERED and (office or perms.is_signer(user, interp)),
            "sign_form": forms.SignForm(congress_id=cid), "rate_form": forms.RateForm(congress_id=cid)}


interpellation_list = list_view("supervision/interp_list.html", selectors.interpellation_page, InterpStatus,
                                can_create=perms.can_create_interpellation)
interpellation_create = create_view(
    INTERPELLATION, allowed=perms.can_create_interpellation, denied="只有常委会组成人员或办公厅可以起草质询案。",
    form=scoped_form(forms.InterpellationForm), create=services.interpellation_create,
    done="已起草质询案：{title}", title="起草质询案", back="supervision:interpellations")
interpellation_detail = detail_view(INTERPELLATION, "supervision/interp_detail.html", "interp", _interp_ctx)
interpellation_sign = side_view(
    INTERPELLATION, forms.SignForm, services.interpellation_sign, name="interpellation", scoped=True,
    done="已联名。", prepare=lambda interp, data: {"on": interp.meeting_date, **data})
interpellation_rate = side_view(
    INTERPELLATION, forms.RateForm, services.interpellation_rate, name="interpellation", scoped=True,
    done="已记录对答复的意见。", invalid="请选择满意或不满意。")
