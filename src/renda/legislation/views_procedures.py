"""Small forms on the bill's page for 立法法 第三十条、第三十一条、第三十八条 (renda.legislation.procedures)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from renda.core import kit
from renda.core.errors import ConflictError, RuleViolation
from renda.legislation import procedures, selectors
from renda.legislation.procedures import DATE


class DistributionForm(forms.Form):
    meeting_date = forms.DateField(label="常委会会议日期", widget=DATE)
    text_sent_on = forms.DateField(label="法规草案发给组成人员的日期", required=False, widget=DATE)
    text_exception = forms.CharField(label="特殊情况说明（未能七日前发送的）", required=False, max_length=2000)


class NotListedForm(forms.Form):
    how = forms.ChoiceField(label="处理", choices=procedures.NOT_LISTED_CHOICES[1:])
    on = forms.DateField(label="日期（不填为今天）", required=False, widget=DATE)


class DisagreementForm(forms.Form):
    disagreement = forms.CharField(label="专门委员会之间意见不一致的重要问题", max_length=5000,
                                   widget=forms.Textarea(attrs={"rows": 3}))
    reported_on = forms.DateField(label="向主任会议报告的日期（尚未报告的不填）", required=False, widget=DATE)


def _post(request, pk: int, form_class, call, done: str):
    bill = selectors.bill_for(request.user, pk)
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, f"提交的内容不完整或不正确（{kit.form_errors_text(form)}）")
    else:
        try:
            call(bill, **form.cleaned_data)
        except (RuleViolation, ConflictError) as exc:
            messages.error(request, exc.message)
        except ValidationError as exc:
            messages.error(request, kit.validation_text(exc))
        else:
            messages.success(request, done)
    return redirect(reverse("legislation:bill", args=[bill.pk]))


@login_required
@require_POST
def distribution(request, pk: int):
    return _post(request, pk, DistributionForm,
                 lambda bill, **d: procedures.bill_record_distribution(actor=request.user, bill=bill, **d),
                 "已登记法规草案发给组成人员的情况。")


@login_required
@require_POST
def not_listed(request, pk: int):
    return _post(request, pk, NotListedForm,
                 lambda bill, **d: procedures.bill_explain_not_listed(actor=request.user, bill=bill, **d),
                 "已登记。")


@login_required
@require_POST
def disagreement(request, pk: int):
    return _post(request, pk, DisagreementForm,
                 lambda bill, **d: procedures.bill_record_disagreement(actor=request.user, bill=bill, **d),
                 "已登记专门委员会之间的意见分歧。")
