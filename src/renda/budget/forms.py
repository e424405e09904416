from __future__ import annotations

from django import forms

from renda.budget.engine.alerts import RULES
from renda.budget.models import ImportKind
from renda.core import rules
from renda.core.forms import DATE_INPUT
from renda.core.models import Organization

MAX_UPLOAD = 200 * 1024 * 1024


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label="数据类型", choices=ImportKind.choices)
    file = forms.FileField(label="文件（CSV 或 .xlsx，UTF-8 或 GB18030）")

    def clean_file(self):
        f = self.cleaned_data["file"]
        name = (f.name or "").lower()
        if not (name.endswith(".csv") or name.endswith(".xlsx")):
            raise forms.ValidationError("只接受 .csv 或 .xlsx 文件。")
        if f.size > MAX_UPLOAD:
            raise forms.ValidationError("文件超过 200 MB，请分文件导入。")
        return f


class QueryForm(forms.Form):
    title = forms.CharField(label="标题", max_length=200)
    question = forms.CharField(label="询问事项", max_length=8000, widget=forms.Textarea(attrs={"rows": 5}))
    addressee = forms.ModelChoiceField(label="受询单位", queryset=None)
    reply_due = forms.DateField(label="答复期限", widget=DATE_INPUT)
    unit = forms.CharField(label="预算单位编码", required=False, max_length=20)
    alert_kind = forms.CharField(required=False, max_length=30, widget=forms.HiddenInput)
    project_code = forms.CharField(label="项目编码", required=False, max_length=40)
    vouchers = forms.CharField(required=False, max_length=20000, widget=forms.HiddenInput)
    amount = forms.CharField(required=False, max_length=20, widget=forms.HiddenInput)

    def __init__(self, *args, congress_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["addressee"].queryset = Organization.objects.filter(
            congress_id=congress_id, kind__in=(Organization.Kind.GOVERNMENT, Organization.Kind.GOV_DEPARTMENT),
            active=True)


class QuestionForm(forms.Form):
    text = forms.CharField(label="您的问题", max_length=4000, min_length=5, widget=forms.Textarea(attrs={"rows": 4}))
    unit = forms.CharField(label="涉及的预算单位编码（可不填）", required=False, max_length=20)
    project_code = forms.CharField(label="涉及的项目编码（可不填）", required=False, max_length=40)
    alert_kind = forms.ChoiceField(label="涉及的预警类型（可不填）", required=False, choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["alert_kind"].choices = [("", "—")] + [(k, rules.get(r).title) for k, r in RULES.items()]
