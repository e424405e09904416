"""Forms of the public-opinion channel (validation and Chinese errors; the writes are in services.py)."""

from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator

from renda.core.public import HONEYPOT_FIELD, TOKEN_FIELD

phone_validator = RegexValidator(r"^[0-9+\-() ]{5,30}$", "电话号码只能包含数字、空格和 + - ( )。")


class OpinionForm(forms.Form):
    category = forms.ModelChoiceField(label="类别", queryset=None, empty_label="请选择类别",
                                      error_messages={"required": "请选择类别。",
                                                      "invalid_choice": "请选择有效的类别。"})
    place = forms.CharField(label="地点（区县、街道）", max_length=80,
                            error_messages={"required": "请填写地点。", "max_length": "地点不得超过 80 个字。"})
    text = forms.CharField(label="意见内容", widget=forms.Textarea(attrs={"rows": 8}),
                           error_messages={"required": "请填写意见内容。"})
    name = forms.CharField(label="姓名（选填）", max_length=40, required=False,
                           error_messages={"max_length": "姓名不得超过 40 个字。"})
    phone = forms.CharField(label="联系电话（选填）", max_length=30, required=False, validators=[phone_validator])
    email = forms.EmailField(label="电子邮箱（选填，用于接收查询码和答复）", required=False,
                             error_messages={"invalid": "请填写有效的电子邮箱地址。"})

    def __init__(self, *args, categories=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories


FORM_FIELDS = ("category", "place", "text", "name", "phone", "email", HONEYPOT_FIELD, TOKEN_FIELD)
