from __future__ import annotations

from django import forms
from django.utils import timezone


class PlanForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    title = forms.CharField(label="标题", max_length=200)
    content = forms.CharField(label="计划内容", widget=forms.Textarea(attrs={"rows": 14}), max_length=50000)
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        if plan is None:
            self.fields["year"].initial = timezone.localdate().year + 1
        else:
            del self.fields["year"]
            self.fields["title"].initial = plan.title
            self.fields["content"].initial = plan.content
            self.fields["lock_version"].initial = plan.lock_version
