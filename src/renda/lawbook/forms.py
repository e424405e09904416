"""Forms of the law book (Chinese labels and messages)."""

from __future__ import annotations

from django import forms

from renda.core import public
from renda.core.forms import DATE_INPUT
from renda.lawbook.models import CleanupDecision, EventKind, FindingStatus, Regulation, RegulationKind, Topic
from renda.statutes.reader import StatuteReadError, decode, docx_text

DATE_ERR = {"invalid": "请按 年-月-日 填写日期。", "required": "请填写日期。"}
MAX_UPLOAD = 5 * 1024 * 1024
MAX_TEXT = 400_000


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=RegulationKind.choices, initial=RegulationKind.LOCAL)
    title = forms.CharField(label="名称（不填则取文本标题）", max_length=200, required=False)
    number = forms.CharField(label="文号（公告号）", max_length=80, required=False)
    enacted_on = forms.DateField(label="通过日期", required=False, error_messages=DATE_ERR,
                                 widget=DATE_INPUT)
    effective_from = forms.DateField(label="施行日期", error_messages=DATE_ERR,
                                     widget=DATE_INPUT)
    text = forms.CharField(label="文本", required=False, max_length=MAX_TEXT,
                           widget=forms.Textarea(attrs={"rows": 10}))
    upload = forms.FileField(label="或者上传文件（.txt、.md、.docx）", required=False)

    def clean(self):
        data = super().clean()
        upload = data.get("upload")
        if upload is not None:
            if upload.size > MAX_UPLOAD:
                raise forms.ValidationError("上传的文件过大（不超过 5 MB）。")
            raw = upload.read()
            if raw[:5] == b"%PDF-":
                raise forms.ValidationError("不支持 PDF 文件，请上传文本或者 .docx 文件。")
            try:
                data["text"] = docx_text(raw, name=upload.name) if raw[:4] == b"PK\x03\x04" else decode(raw, name=upload.name)
            except StatuteReadError as exc:
                raise forms.ValidationError(str(exc).split("：")[0] + "。") from None
        if not (data.get("text") or "").strip():
            raise forms.ValidationError("请粘贴法规文本或者上传文件。")
        return data


class AmendForm(forms.Form):
    kind = forms.ChoiceField(label="事件", choices=[(EventKind.AMENDED, "修正"), (EventKind.REVISED, "修订"),
                                                   (EventKind.REPEALED, "废止")])
    date = forms.DateField(label="通过（决定）日期", error_messages=DATE_ERR, widget=DATE_INPUT)
    effective_on = forms.DateField(label="施行（废止）日期", error_messages=DATE_ERR,
                                   widget=DATE_INPUT)
    ref = forms.CharField(label="决定名称或者公告号", max_length=200, required=False)
    decision = forms.CharField(label="修改决定（按决定修改现行文本）", required=False, max_length=MAX_TEXT,
                               widget=forms.Textarea(attrs={"rows": 5}))
    text = forms.CharField(label="或者修改后的全文", required=False, max_length=MAX_TEXT,
                           widget=forms.Textarea(attrs={"rows": 5}))


class PackageForm(forms.Form):
    title = forms.CharField(label="决定名称", max_length=200)
    decided_on = forms.DateField(label="通过日期", error_messages=DATE_ERR, widget=DATE_INPUT)
    effective_on = forms.DateField(label="施行日期", error_messages=DATE_ERR,
                                   widget=DATE_INPUT)
    text = forms.CharField(label="决定文本（按“一、《××条例》”分部分）", max_length=MAX_TEXT,
                           widget=forms.Textarea(attrs={"rows": 12}))


class CampaignForm(forms.Form):
    title = forms.CharField(label="名称", max_length=200)
    year = forms.IntegerField(label="年度", min_value=1900, max_value=2199,
                              error_messages={"invalid": "请填写年份。", "min_value": "年份超出范围。",
                                              "max_value": "年份超出范围。"})
    reason = forms.CharField(label="清理的原因和范围", required=False, max_length=4000,
                             widget=forms.Textarea(attrs={"rows": 3}))
    regulations = forms.ModelMultipleChoiceField(label="清理范围内的法规", queryset=Regulation.objects.none(),
                                                 widget=forms.CheckboxSelectMultiple,
                                                 error_messages={"required": "请至少选择一件法规。",
                                                                 "invalid_choice": "所选法规不在本法规库中。",
                                                                 "invalid_pk_value": "所选法规不在本法规库中。"})

    def __init__(self, *args, regulations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if regulations is not None:
            self.fields["regulations"].queryset = regulations


class ItemDecisionForm(forms.Form):
    decision = forms.ChoiceField(label="清理意见", choices=CleanupDecision.choices,
                                 error_messages={"required": "请选择清理意见。", "invalid_choice": "请选择清理意见。"})
    reason = forms.CharField(label="理由", max_length=4000, widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": "请说明理由。"})
    proposed_text = forms.CharField(label="建议修改后的文本（可不填）", required=False, max_length=MAX_TEXT,
                                    widget=forms.Textarea(attrs={"rows": 4}))


class FindingDecisionForm(forms.Form):
    status = forms.ChoiceField(label="处理", choices=[(FindingStatus.ACCEPTED, "采纳"),
                                                     (FindingStatus.DISMISSED, "不采纳")],
                               error_messages={"required": "请选择采纳或者不采纳。", "invalid_choice": "请选择采纳或者不采纳。"})
    note = forms.CharField(label="处理说明", required=False, max_length=2000)


class SubscribeForm(forms.Form):
    email = forms.EmailField(label="电子邮箱", max_length=254,
                             error_messages={"required": "请填写电子邮箱。", "invalid": "请填写有效的电子邮箱地址。"})
    topic = forms.ChoiceField(label="订阅内容", choices=[c for c in Topic.choices if c[0] != Topic.BILL],
                              error_messages={"required": "请选择订阅内容。", "invalid_choice": "请选择订阅内容。"})
    website = forms.CharField(required=False, label="请勿填写", widget=forms.TextInput(attrs={
        "class": "hp", "tabindex": "-1", "autocomplete": "off"}))
    submission_token = forms.CharField(widget=forms.HiddenInput, required=False)

    HONEYPOT = public.HONEYPOT_FIELD
