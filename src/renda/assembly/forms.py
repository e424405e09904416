"""The forms of the session's steps and pages (Chinese labels)."""

from __future__ import annotations

from django import forms

from renda.assembly.models import AssemblySession, OfficeKind, ProjectSource, SessionStatus, SittingKind
from renda.core.forms import DATE_INPUT
from renda.core.models import Organization, Person


class DecideForm(forms.Form):
    decided_on = forms.DateField(label="常委会决定日期", widget=DATE_INPUT)
    decided_by = forms.CharField(label="决定的会议", max_length=120, initial="常委会第X次会议")
    planned_date = forms.DateField(label="开幕日期", widget=DATE_INPUT)


class _DeputyChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class PrepareForm(forms.Form):
    present = forms.IntegerField(label="出席预备会议的代表人数", min_value=0, max_value=100000)
    secretary_general = _DeputyChoice(label="大会秘书长", queryset=Person.objects.none())

    def __init__(self, *args, obj=None, **kwargs):
        super().__init__(*args, **kwargs)
        if obj is not None:
            self.fields["secretary_general"].queryset = Person.objects.filter(
                congress_id=obj.congress_id, deputyships__term_id=obj.session.term_id).order_by("id")


class OpenForm(forms.Form):
    present = forms.IntegerField(label="出席开幕会的代表人数", min_value=0, max_value=100000)


class SessionCreateForm(forms.Form):
    planned_date = forms.DateField(label="计划开幕日期", widget=DATE_INPUT)
    planned_days = forms.IntegerField(label="会期（日）", min_value=1, max_value=30, initial=4)
    draft_agenda = forms.CharField(label="议程草案（每行一项）", widget=forms.Textarea, max_length=5000)


class SittingForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=SittingKind.choices)
    delegation = forms.IntegerField(label="代表团（代表团会议）", required=False, widget=forms.HiddenInput)
    date = forms.DateField(label="日期", widget=DATE_INPUT)
    place = forms.CharField(label="地点", max_length=120, required=False)
    materials = forms.CharField(label="会议材料（每行一份）", widget=forms.Textarea, required=False, max_length=5000)
    present = forms.IntegerField(label="实到人数", min_value=0, max_value=100000, required=False)


class SittingVoteForm(forms.Form):
    subject = forms.CharField(label="表决事项", max_length=200)
    yes = forms.IntegerField(label="赞成", min_value=0, max_value=100000)
    no = forms.IntegerField(label="反对", min_value=0, max_value=100000)
    abstain = forms.IntegerField(label="弃权", min_value=0, max_value=100000)


class ElectionForm(forms.Form):
    office = forms.CharField(label="选举职务", max_length=80)
    office_kind = forms.ChoiceField(label="职务类别", choices=OfficeKind.choices)
    places = forms.IntegerField(label="应选名额", min_value=1, max_value=200)
    candidates = forms.CharField(label="候选人（每行一名，按姓氏笔画排列）", widget=forms.Textarea, max_length=5000)

    def clean_candidates(self):
        names = [n.strip() for n in self.cleaned_data["candidates"].splitlines() if n.strip()]
        if not names:
            raise forms.ValidationError("请填写候选人。")
        if len(set(names)) != len(names):
            raise forms.ValidationError("候选人姓名重复。")
        if any(len(n) > 40 for n in names):
            raise forms.ValidationError("候选人姓名过长。")
        return names


class ShortlistForm(forms.Form):
    cost_wan = forms.IntegerField(label="估算投资（万元）", min_value=0, max_value=10_000_000)
    fiscal_note = forms.CharField(label="财政承受能力说明", max_length=2000, widget=forms.Textarea)
    lead_unit = forms.ModelChoiceField(label="牵头单位", queryset=Organization.objects.none())
    session = forms.ModelChoiceField(label="提请票决的大会会议", queryset=None)

    def __init__(self, *args, obj=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = AssemblySession.objects.none()
        if obj is not None:
            self.fields["lead_unit"].queryset = Organization.objects.filter(
                congress_id=obj.congress_id, is_handling_unit=True, active=True)
            self.fields["session"].queryset = AssemblySession.objects.filter(
                congress_id=obj.congress_id).exclude(status=SessionStatus.CLOSED)


class ProjectForm(forms.Form):
    title = forms.CharField(label="项目名称", max_length=120)
    summary = forms.CharField(label="项目内容", max_length=3000, widget=forms.Textarea)
    source = forms.ChoiceField(label="来源", choices=[c for c in ProjectSource.choices if c[0] != "public"])
    proposer = forms.CharField(label="提出者", max_length=120)
    year = forms.IntegerField(label="实施年度", min_value=2000, max_value=2100)


class PublicProjectForm(forms.Form):
    title = forms.CharField(label="项目名称", max_length=60)
    summary = forms.CharField(label="项目内容和理由", max_length=1500, widget=forms.Textarea)
    place = forms.CharField(label="涉及区域（区县、街道）", max_length=60, required=False)


class OpinionForm(forms.Form):
    delegation = forms.IntegerField(label="代表团", min_value=1)
    text = forms.CharField(label="审议意见", max_length=2000, widget=forms.Textarea)


class MilestoneForm(forms.Form):
    date = forms.DateField(label="日期", widget=DATE_INPUT)
    title = forms.CharField(label="进展", max_length=200)
    pct = forms.IntegerField(label="完成进度（%）", min_value=0, max_value=100)
