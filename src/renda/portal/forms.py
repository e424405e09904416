"""Forms of the portal (validation and Chinese errors; the writes are in services.py)."""

from __future__ import annotations

from django import forms

from renda.portal.models import NewsArticle


class NewsForm(forms.ModelForm):
    lock_version = forms.CharField(widget=forms.HiddenInput, required=False)  # checked by the service

    class Meta:
        model = NewsArticle
        fields = ["title", "category", "summary", "body", "source"]
        widgets = {"body": forms.Textarea(attrs={"rows": 16}), "summary": forms.Textarea(attrs={"rows": 2})}
        error_messages = {
            "title": {"required": "请填写标题。", "max_length": "标题不得超过 120 个字。"},
            "category": {"required": "请选择栏目。", "invalid_choice": "请选择有效的栏目。"},
            "body": {"required": "请填写正文。"},
            "summary": {"max_length": "摘要不得超过 300 个字。"},
        }


class CommentForm(forms.Form):
    """A reader's comment on a provision of a draft ('' = the draft as a whole)."""

    eid = forms.ChoiceField(label="针对的条款", required=False,
                            error_messages={"invalid_choice": "所选条款不在该草案中，请重新选择。"})
    text = forms.CharField(label="意见内容", widget=forms.Textarea(attrs={"rows": 6}),
                           error_messages={"required": "请填写意见内容。"})
    name = forms.CharField(label="姓名或单位（选填）", max_length=50, required=False,
                           error_messages={"max_length": "姓名或单位不得超过 50 个字。"})
    contact = forms.CharField(label="联系方式（选填，加密保存，仅供工作人员联系您）", max_length=100, required=False,
                              error_messages={"max_length": "联系方式不得超过 100 个字。"})

    def __init__(self, *args, choices: list[tuple[str, str]], max_chars: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["eid"].choices = [("", "对草案整体提出意见"), *choices]
        self.max_chars = max_chars
        self.fields["text"].widget.attrs["maxlength"] = str(max_chars)
        self.fields["text"].help_text = f"不超过 {max_chars} 字。"

    def clean_text(self):
        text = (self.cleaned_data.get("text") or "").strip()
        if not text:
            raise forms.ValidationError("请填写意见内容。")
        if len(text) > self.max_chars:
            raise forms.ValidationError(f"意见内容不得超过 {self.max_chars} 字（现有 {len(text)} 字）。")
        if "\ufffd" in text or "\x00" in text:
            raise forms.ValidationError("意见内容含有无法识别的字符，请检查文字编码后重新填写。")
        return text
