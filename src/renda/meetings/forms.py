from __future__ import annotations

from django import forms
from django.db.models import Q

from renda.core.forms import DATE_INPUT, DATETIME_INPUT
from renda.core.models import Organization, Person, Position
from renda.meetings.models import (
    AgendaKind,
    Appointment,
    Decision,
    DecisionKind,
    Meeting,
    MeetingKind,
    Nomination,
    NominationKind,
    Nominator,
    OathCeremony,
    StatementMode,
    VoteMethod,
)

TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def leadership(congress_id: int):
    """Who may preside: the director and the vice-chairs now serving."""
    return Position.standing_committee_people(congress_id, roles=(Position.Role.DIRECTOR, Position.Role.VICE_CHAIR))


class MeetingForm(forms.ModelForm):
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Meeting
        fields = ["kind", "body", "date", "end_date", "start_time", "place", "presider", "is_ad_hoc", "notes"]
        widgets = {"date": DATE_INPUT, "end_date": DATE_INPUT, "start_time": TIME, "notes": forms.Textarea(attrs={"rows": 2})}
        labels = {"body": "专门委员会（专门委员会会议必选）", "presider": "主持人（默认主任）"}

    def __init__(self, *args, congress_id: int, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = Organization.objects.filter(
            congress_id=congress_id, kind=Organization.Kind.SPECIAL_COMMITTEE, active=True)
        self.fields["body"].required = False
        self.fields["presider"].queryset = leadership(congress_id)
        self.fields["presider"].required = False
        if editing:
            del self.fields["kind"]
            del self.fields["body"]
            self.fields["lock_version"].initial = self.instance.lock_version

    def data_for_service(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "lock_version"}


class ItemForm(forms.Form):
    ready = forms.ChoiceField(label="从已就绪的事项中选择", required=False)
    title = forms.CharField(label="议题名称（不选上项时填写）", max_length=200, required=False)
    kind = forms.ChoiceField(label="类别", choices=AgendaKind.choices, initial=AgendaKind.OTHER)
    description = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                  max_length=4000)
    link = forms.CharField(label="链接（可选）", required=False, max_length=300)
    proposer = forms.CharField(label="提请人（机关）", required=False, max_length=120)
    requires_vote = forms.BooleanField(label="须表决", required=False, initial=True)
    note = forms.CharField(label="调整议程的理由（议程决定后须填写）", required=False, max_length=500)

    def __init__(self, *args, ready_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ready"].choices = [("", "—（自行填写议题）—"), *ready_choices]

    def clean(self):
        data = super().clean()
        if not data.get("ready") and not (data.get("title") or "").strip():
            raise forms.ValidationError("请选择已就绪的事项，或填写议题名称。")
        return data


class ArrangeForm(forms.Form):
    lock_version = forms.IntegerField(widget=forms.HiddenInput)
    slot_start = forms.DateTimeField(label="开始时间", required=False,
                                     widget=DATETIME_INPUT,
                                     input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    slot_minutes = forms.IntegerField(label="时长（分钟）", required=False, min_value=5, max_value=600)
    documents = forms.CharField(label="文件目录（每行一个）", required=False, widget=forms.Textarea(attrs={"rows": 4}),
                                max_length=4000)
    description = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                  max_length=4000)


class TransitionForm(forms.Form):
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)
    chairs_meeting = forms.IntegerField(label="决定议程的主任会议", required=False, min_value=1)
    doc_number = forms.CharField(label="公告编号", required=False, max_length=40)


class VoteOpenForm(forms.Form):
    part = forms.CharField(label="单独表决的条款（整体表决不填）", required=False, max_length=120)
    method = forms.ChoiceField(label="表决方式", choices=VoteMethod.choices, initial=VoteMethod.ELECTRONIC)


class CsvForm(forms.Form):
    file = forms.FileField(label="表决系统导出的 CSV 文件")


class NonvotingForm(forms.Form):
    person = forms.ModelChoiceField(label="已有人员", queryset=Person.objects.none(), required=False)
    name = forms.CharField(label="或填写姓名", required=False, max_length=40)
    role_note = forms.CharField(label="职务（列席身份）", required=False, max_length=120)

    def __init__(self, *args, congress_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        ids = Appointment.objects.filter(congress_id=congress_id, end_date__isnull=True).values("person_id")
        self.fields["person"].queryset = Person.objects.filter(pk__in=ids).order_by("name")

    def clean(self):
        data = super().clean()
        if not data.get("person") and not (data.get("name") or "").strip():
            raise forms.ValidationError("请选择人员或填写姓名。")
        return data


class NominationForm(forms.ModelForm):
    person = forms.ModelChoiceField(label="在册人员（免职、辞职时必选）", queryset=Person.objects.none(), required=False)
    person_name = forms.CharField(label="或新任人员姓名", required=False, max_length=40)

    class Meta:
        model = Nomination
        fields = ["kind", "nominator", "organ", "post_title", "position_role", "reasons", "has_letter", "has_resume",
                  "has_assessment", "received_on"]
        widgets = {"received_on": DATE_INPUT, "reasons": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, congress_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organ"].queryset = Organization.objects.filter(congress_id=congress_id, active=True).exclude(
            kind__in=(Organization.Kind.PARTY_GROUP, Organization.Kind.CHAIRS_COUNCIL)).order_by("kind", "order", "id")
        on_roster = Appointment.objects.filter(congress_id=congress_id, end_date__isnull=True).values("person_id")
        in_post = Position.objects.filter(congress_id=congress_id, end_date__isnull=True).exclude(
            role__in=(Position.Role.STAFF, Position.Role.CONTACT)).values("person_id")
        self.fields["person"].queryset = Person.objects.filter(
            Q(pk__in=on_roster) | Q(pk__in=in_post), congress_id=congress_id).order_by("name")
        self.fields["received_on"].required = False
        self.fields["kind"].choices = NominationKind.choices
        self.fields["nominator"].choices = Nominator.choices


class NominationEditForm(forms.ModelForm):
    lock_version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Nomination
        fields = ["reasons", "has_letter", "has_resume", "has_assessment", "review_opinion", "exam_date",
                  "exam_score", "statement_date", "statement_mode"]
        widgets = {"exam_date": DATE_INPUT, "statement_date": DATE_INPUT, "reasons": forms.Textarea(attrs={"rows": 3}),
                   "review_opinion": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lock_version"].initial = self.instance.lock_version
        self.fields["statement_mode"].choices = [("", "—"), *StatementMode.choices]
        self.fields["exam_score"].widget.attrs.update({"min": 0, "max": 100})


class OathForm(forms.Form):
    date = forms.DateField(label="宣誓日期", widget=DATE_INPUT)
    place = forms.CharField(label="地点", required=False, max_length=120)
    form = forms.ChoiceField(label="形式", choices=OathCeremony.Form.choices, initial=OathCeremony.Form.COLLECTIVE)
    administered_by = forms.ModelChoiceField(label="监誓人", queryset=Person.objects.none())
    nominations = forms.ModelMultipleChoiceField(label="宣誓人员", queryset=Nomination.objects.none(),
                                                 widget=forms.CheckboxSelectMultiple)
    meeting = forms.ModelChoiceField(label="会议", queryset=Meeting.objects.none(), required=False)

    def __init__(self, *args, congress_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["administered_by"].queryset = leadership(congress_id)
        self.fields["nominations"].queryset = Nomination.objects.filter(
            congress_id=congress_id, kind=NominationKind.APPOINT, status="approved").select_related("person")
        self.fields["meeting"].queryset = Meeting.objects.filter(
            congress_id=congress_id, kind=MeetingKind.STANDING).order_by("-date")[:20]


class DecisionForm(forms.ModelForm):
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Decision
        fields = ["kind", "title", "text", "proposer", "drafting_body"]
        widgets = {"text": forms.Textarea(attrs={"rows": 12})}

    def __init__(self, *args, congress_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = DecisionKind.choices
        self.fields["proposer"].queryset = Organization.objects.filter(
            congress_id=congress_id, active=True).filter(
            Q(kind__in=Organization.ORGAN_KINDS) | Q(kind=Organization.Kind.CHAIRS_COUNCIL)
            | Q(kind=Organization.Kind.SPECIAL_COMMITTEE))
        self.fields["drafting_body"].queryset = Organization.objects.filter(
            congress_id=congress_id, kind__in=Organization.CONGRESS_BODY_KINDS, active=True)
        if self.instance.pk:
            self.fields["lock_version"].initial = self.instance.lock_version

    def data_for_service(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "lock_version"}
