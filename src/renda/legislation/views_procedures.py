"""Small forms on the bill's page for 立法法 第三十条、第三十一条、第三十八条 (renda.legislation.procedures)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.urls import reverse
from django.views.decorators.http import require_POST

from renda.core import web
from renda.core.forms import DATE_INPUT
from renda.legislation import procedures, selectors


class DistributionForm(forms.Form):
    meeting_date = forms.DateField(label="常委会会议日期", widget=DATE_INPUT)
    text_sent_on = forms.DateField(label="法规草案发给组成人员的日期", required=False, widget=DATE_INPUT)
    text_exception = forms.CharField(label="特殊情况说明（未能七日前发送的）", required=False, max_length=2000)


class NotListedForm(forms.Form):
    how = forms.ChoiceField(label="处理", choices=procedures.NOT_LISTED_CHOICES[1:])
    on = forms.DateField(label="日期（不填为今天）", required=False, widget=DATE_INPUT)


class DisagreementForm(forms.Form):
    disagreement = forms.CharField(label="专门委员会之间意见不一致的重要问题", max_length=5000,
                                   widget=forms.Textarea(attrs={"rows": 3}))
    reported_on = forms.DateField(label="向主任会议报告的日期（尚未报告的不填）", required=False, widget=DATE_INPUT)


def _recorded(form_class, record, done: str):
    """A small form posted on the bill's page: `record(actor=…, bill=…, **cleaned_data)`, then back to the bill with
    `done`, or the refusal or bad input as a message there (renda.core.web.post_back)."""

    @login_required
    @require_POST
    def view(request, pk: int):
        bill = selectors.bill_for(request.user, pk)
        return web.post_back(request, form_class(request.POST), lambda d: record(actor=request.user, bill=bill, **d),
                             done, reverse("legislation:bill", args=[bill.pk]))

    view.__name__ = view.__qualname__ = record.__name__
    return view


distribution = _recorded(DistributionForm, procedures.bill_record_distribution, "已登记法规草案发给组成人员的情况。")
not_listed = _recorded(NotListedForm, procedures.bill_explain_not_listed, "已登记。")
disagreement = _recorded(DisagreementForm, procedures.bill_record_disagreement, "已登记专门委员会之间的意见分歧。")
