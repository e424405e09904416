"""Forms of the 撤职案 pages: querysets limited to the user's congress, Chinese labels."""

from __future__ import annotations

from django import forms

from renda.core.forms import DATE_INPUT
from renda.core.models import Person
from renda.supervision.forms import organs
from renda.supervision.removal.models import DefenceMode, RemovalPost, RemovalProposer


class RemovalForm(forms.Form):
    title = forms.CharField(label="案由", max_length=200)
    target_name = forms.CharField(label="撤职对象（姓名）", max_length=40)
    target_post = forms.CharField(label="现任职务", max_length=120)
    post_kind = forms.ChoiceField(label="职务类别（监督法第六十条所列）", choices=RemovalPost.choices)
    target_organ = forms.ModelChoiceField(label="所在机关", queryset=Person.objects.none())
    proposer_kind = forms.ChoiceField(label="提案人", choices=RemovalProposer.choices)
    proposer_organ = forms.ModelChoiceField(label="提出撤职案的机关（由机关提出的）", required=False,
                                            queryset=Person.objects.none())
    reasons = forms.CharField(label="撤职理由", max_length=20000, widget=forms.Textarea(attrs={"rows": 4}))
    materials = forms.CharField(label="有关材料（名称和要点）", max_length=20000,
                                widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, congress_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_organ"].queryset = organs(congress_id)
        self.fields["proposer_organ"].queryset = organs(congress_id)


class DefenceForm(forms.Form):
    mode = forms.ChoiceField(label="申辩方式", choices=DefenceMode.choices)
    text = forms.CharField(label="申辩意见", required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 3}))
    printed = forms.BooleanField(label="书面申辩意见已由主任会议决定印发常委会会议", required=False)
    on = forms.DateField(label="日期（不填为今天）", required=False, widget=DATE_INPUT)
