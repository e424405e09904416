from __future__ import annotations

from django import forms

from renda.core.forms import DATE_INPUT
from renda.deputies.immunity.models import ImmunityCase
from renda.deputies.models import Deputy


class CaseForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=ImmunityCase.Kind.choices)
    deputy = forms.ModelChoiceField(label="代表", queryset=Deputy.objects.none())
    organ_kind = forms.ChoiceField(label="提请（报告）机关类别", choices=ImmunityCase.OrganKind.choices)
    organ = forms.CharField(label="提请（报告）机关", max_length=120)
    received_on = forms.DateField(label="收到日期", required=False, widget=DATE_INPUT, help_text="不填为今天。")
    detained_on = forms.DateField(label="拘留日期", required=False, widget=DATE_INPUT, help_text="现行犯被拘留的报告必填。")
    facts = forms.CharField(label="案由和主要事实", widget=forms.Textarea(attrs={"rows": 5}), max_length=8000)

    def __init__(self, *args, congress=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deputy"].queryset = (
            Deputy.objects.filter(congress=congress, status__in=Deputy.ACTIVE_STATES).select_related("person")
            .order_by("delegation__order", "id")
        )
