"""The chair's forms: open a vote, record a show of hands or paper count."""

from __future__ import annotations

from django import forms

from renda.voting.models import Kind, Method, Threshold


class OpenForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=Kind.choices, initial=Kind.VOTE)
    threshold = forms.ChoiceField(label="通过所需票数", choices=Threshold.choices, initial=Threshold.MAJORITY)
    secret = forms.BooleanField(label="无记名投票（选举、任免、撤职等）", required=False)
    minutes = forms.IntegerField(label="表决时长（分钟）", min_value=1, max_value=120, initial=5)


class FallbackForm(forms.Form):
    method = forms.ChoiceField(label="表决方式", choices=[(Method.HANDS, Method.HANDS.label),
                                                       (Method.PAPER, Method.PAPER.label)])
    kind = forms.ChoiceField(label="类别", choices=Kind.choices, initial=Kind.VOTE)
    threshold = forms.ChoiceField(label="通过所需票数", choices=Threshold.choices, initial=Threshold.MAJORITY)
    secret = forms.BooleanField(label="无记名（书面票）", required=False)
    yes = forms.IntegerField(label="赞成", min_value=0, max_value=10000, required=False)
    no = forms.IntegerField(label="反对", min_value=0, max_value=10000, required=False)
    abstain = forms.IntegerField(label="弃权", min_value=0, max_value=10000, required=False)
    satisfied = forms.IntegerField(label="满意（测评）", min_value=0, max_value=10000, required=False)
    basic = forms.IntegerField(label="基本满意（测评）", min_value=0, max_value=10000, required=False)
    unsatisfied = forms.IntegerField(label="不满意（测评）", min_value=0, max_value=10000, required=False)
    note = forms.CharField(label="原因（必填，如表决器故障）", max_length=300)

    FIGURES = ("yes", "no", "abstain", "satisfied", "basic", "unsatisfied")

    def figures(self) -> dict[str, int]:
        return {f: self.cleaned_data.get(f) or 0 for f in self.FIGURES}


class VerifyForm(forms.Form):
    code = forms.CharField(label="回执码", max_length=40)


class NoteForm(forms.Form):
    position = forms.CharField(label="位置（可选，如第3页）", max_length=40, required=False)
    text = forms.CharField(label="批注（仅您本人可见）", max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
