"""Forms of deputies' work. Querysets are limited to the user's congress; services re-check everything."""

from __future__ import annotations

from django import forms

from renda.core.forms import DATE_INPUT, DATETIME_INPUT
from renda.core.models import Organization, Person, Position
from renda.core.workflow import step_date_field
from renda.deputies.law import resignation_voted_here
from renda.deputies.models import (
    Activity,
    ChangeKind,
    Course,
    Delegation,
    Deputy,
    Education,
    MemberContact,
    Partner,
    Station,
    StudyMaterial,
    Visit,
)

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


class DeputyChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.person.name}（{obj.delegation.name if obj.delegation else ''}）"


class SingleDeputyField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.person.name}（{obj.delegation.name if obj.delegation else ''}）"


def active_deputies(congress):
    return Deputy.objects.filter(congress=congress, status__in=Deputy.ACTIVE_STATES).select_related(
        "person", "delegation").order_by("delegation__order", "id")


def handling_targets(congress):
    return Organization.objects.filter(congress=congress, active=True).filter(
        is_handling_unit=True
    ) | Organization.objects.filter(congress=congress, active=True, kind__in=Organization.CONGRESS_BODY_KINDS)


# ---- registry ------------------------------------------------------------------------------------------
class DeputyForm(forms.Form):
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    delegation = forms.ModelChoiceField(queryset=Delegation.objects.none(), label="代表团", required=False)
    constituency = forms.CharField(label="选区/原选举单位", max_length=80, required=False)
    sector = forms.CharField(label="界别（行业）", max_length=40, required=False)
    occupation = forms.CharField(label="职业", max_length=80, required=False)
    education = forms.ChoiceField(label="学历", choices=[("", "—"), *Education.choices], required=False)
    reelected = forms.BooleanField(label="连任代表", required=False)
    elected_on = forms.DateField(label="当选日期", required=False, widget=DATE_INPUT)
    gender = forms.ChoiceField(label="性别", choices=[("", "—"), *Person.Gender.choices], required=False)
    ethnicity = forms.CharField(label="民族", max_length=20, required=False)
    party = forms.CharField(label="党派", max_length=40, required=False)
    birth_year = forms.IntegerField(label="出生年份", min_value=1900, max_value=2100, required=False)
    id_number = forms.CharField(label="公民身份号码（加密存储）", max_length=18, required=False,
                                widget=forms.TextInput(attrs={"autocomplete": "off"}))
    phone = forms.CharField(label="联系电话（加密存储）", max_length=20, required=False,
                            widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}))

    def __init__(self, *args, deputy: Deputy, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delegation"].queryset = Delegation.objects.filter(term_id=deputy.term_id).order_by("order")
        if not self.is_bound:
            p = deputy.person
            self.initial.update({
                "lock_version": deputy.lock_version, "delegation": deputy.delegation_id,
                "constituency": deputy.constituency, "sector": deputy.sector, "occupation": deputy.occupation,
                "education": deputy.education, "reelected": deputy.reelected, "elected_on": deputy.elected_on,
                "gender": p.gender, "ethnicity": p.ethnicity, "party": p.party, "birth_year": p.birth_year,
                "id_number": deputy.id_number, "phone": deputy.phone,
            })

    def data_for_service(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "lock_version"}


class ChangeForm(forms.Form):
    kind = forms.ChoiceField(label="变动类别", choices=ChangeKind.choices)
    deputy = SingleDeputyField(queryset=Deputy.objects.none(), label="代表（补选以外）", required=False)
    delegation = forms.ModelChoiceField(queryset=Delegation.objects.none(), label="代表团（补选）", required=False)
    person = forms.ModelChoiceField(queryset=Person.objects.none(), label="补选产生的代表（人员）", required=False)
    occurred_on = forms.DateField(label="事由发生日期", widget=DATE_INPUT)
    reason = forms.CharField(label="事由", widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000)
    decision_ref = forms.CharField(label="决议/决定", required=False, max_length=120)
    credentials_reviewed = forms.BooleanField(label="代表资格审查委员会已审查（补选）", required=False)

    def __init__(self, *args, congress, term, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deputy"].queryset = Deputy.objects.filter(term=term).exclude(
            status__in=[Deputy.Status.RESIGNED, Deputy.Status.REMOVED, Deputy.Status.TERMINATED,
                        Deputy.Status.DECEASED]).select_related("person", "delegation").order_by("delegation__order", "id")
        self.fields["delegation"].queryset = Delegation.objects.filter(term=term).order_by("order")
        self.fields["person"].queryset = Person.objects.filter(congress=congress).exclude(
            deputyships__term=term).order_by("-id")


# ---- the steps' forms (renda.core.kit renders and validates them; the note is added by the kit) -------------------
# A field the law requires is checked by the step's rule (its guard names the rule and its basis); a field marked
# `required` in the browser only spares a round trip.
def _needed(widget):
    widget.attrs["required"] = "required"
    return widget


class ChangeReportForm(forms.Form):
    """报告常委会: a by-election's credentials review is confirmed here."""

    credentials_reviewed = forms.BooleanField(label="代表资格审查委员会已审查", required=False)

    def __init__(self, *args, obj=None, **kwargs):
        super().__init__(*args, **kwargs)
        if obj is not None:
            if obj.kind != ChangeKind.BY_ELECTION:
                del self.fields["credentials_reviewed"]
            else:
                self.fields["credentials_reviewed"].initial = obj.credentials_reviewed


class ChangeDecisionForm(forms.Form):
    """常委会确认 / 不予接受: the date it takes effect, the resolution, and — for a resignation this committee votes
    on — the votes in favour."""

    votes_for = forms.IntegerField(label="常委会表决赞成票", required=False, min_value=0, max_value=10000)
    effective_on = forms.DateField(label="生效日期", required=False, widget=DATE_INPUT)
    decision_ref = forms.CharField(label="决议/决定", required=False, max_length=120)

    def __init__(self, *args, obj=None, **kwargs):
        super().__init__(*args, **kwargs)
        if obj is not None:
            if not (obj.kind == ChangeKind.RESIGNATION and resignation_voted_here(obj)):
                del self.fields["votes_for"]
            else:
                _needed(self.fields["votes_for"].widget)
            self.fields["decision_ref"].initial = obj.decision_ref


class AnnounceForm(forms.Form):
    """The 公告 step of a change or an activity: the date it was announced (today when not given)."""

    announced_on = step_date_field("公告日期")


class ActivityHoldForm(forms.Form):
    record = forms.CharField(label="活动记录", required=False, max_length=10000,
                             widget=_needed(forms.Textarea(attrs={"rows": 4})))
    people_received = forms.IntegerField(label="接待群众人次", required=False, min_value=0, max_value=100000)

    def __init__(self, *args, obj=None, **kwargs):
        super().__init__(*args, **kwargs)
        if obj is not None:
            self.fields["record"].initial = obj.record
            self.fields["people_received"].initial = obj.people_received


def deputies_chooser(label: str) -> DeputyChoiceField:
    """A record's chooser of serving deputies (its queryset is set by RecordForm)."""
    return DeputyChoiceField(queryset=Deputy.objects.none(), label=label, required=False,
                             widget=forms.SelectMultiple(attrs={"size": 8}))


class RecordForm(forms.ModelForm):
    """The form of a record kept by its managers (renda.deputies.web.record_pages): the version it read
    (`lock_version`, checked by the service) and, when the record has one, its chooser of serving deputies
    (`deputies_field`), filled with those the record has."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    deputies_field = ""

    def __init__(self, *args, congress, **kwargs):
        super().__init__(*args, **kwargs)
        chosen = self.deputies_field
        if chosen:
            self.fields[chosen].queryset = active_deputies(congress)
        if self.instance.pk:
            self.fields["lock_version"].initial = self.instance.lock_version
            if chosen:
                self.fields[chosen].initial = list(getattr(self.instance, chosen).values_list("pk", flat=True))


# ---- liaison -------------------------------------------------------------------------------------------
class StationForm(RecordForm):
    deputies_field = "deputies"
    deputies = deputies_chooser("进站代表")

    class Meta:
        model = Station
        fields = ["kind", "name", "district", "address", "schedule", "contact_phone", "delegation", "active"]

    def __init__(self, *args, congress, **kwargs):
        super().__init__(*args, congress=congress, **kwargs)
        self.fields["delegation"].queryset = Delegation.objects.filter(congress=congress).order_by("order")


class ActivityForm(RecordForm):
    deputies_field = "participants"
    participants = deputies_chooser("参加代表")

    class Meta:
        model = Activity
        fields = ["kind", "title", "station", "organizer", "lead", "start", "end", "place"]
        widgets = {"start": DATETIME_INPUT, "end": DATETIME_INPUT}

    def __init__(self, *args, congress, **kwargs):
        super().__init__(*args, congress=congress, **kwargs)
        for name in ("start", "end"):
            self.fields[name].input_formats = DATETIME_FORMATS
        self.fields["station"].queryset = Station.objects.filter(congress=congress, active=True)
        self.fields["organizer"].queryset = Organization.objects.filter(
            congress=congress, kind__in=Organization.CONGRESS_BODY_KINDS, active=True)
        self.fields["lead"].queryset = Position.standing_committee_people(congress.pk)


class IssueForm(forms.Form):
    title = forms.CharField(label="事由", max_length=200)
    content = forms.CharField(label="具体内容", widget=forms.Textarea(attrs={"rows": 4}), max_length=10000)
    deputy = SingleDeputyField(queryset=Deputy.objects.none(), label="提出或反映的代表", required=False)
    raised_by = forms.CharField(label="反映人（群众）", max_length=60, required=False)

    def __init__(self, *args, deputies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deputy"].queryset = deputies


class IssueRouteForm(forms.Form):
    routed_to = forms.ModelChoiceField(queryset=Organization.objects.none(), label="交办单位", required=False,
                                       widget=_needed(forms.Select()))

    def __init__(self, *args, obj=None, **kwargs):
        super().__init__(*args, **kwargs)
        if obj is not None:
            self.fields["routed_to"].queryset = handling_targets(obj.congress_id).order_by("kind", "order", "id")


class IssueAnswerForm(forms.Form):
    answer = forms.CharField(label="答复意见", required=False, max_length=10000,
                             widget=_needed(forms.Textarea(attrs={"rows": 3})))


class ContactForm(forms.ModelForm):
    deputies = DeputyChoiceField(queryset=Deputy.objects.none(), label="联系的代表",
                                 widget=forms.SelectMultiple(attrs={"size": 8}))

    class Meta:
        model = MemberContact
        fields = ["member", "date", "mode", "place", "notes"]
        widgets = {"date": DATE_INPUT, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, congress, member_fixed=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = Position.standing_committee_people(congress.pk)
        self.fields["deputies"].queryset = active_deputies(congress)
        if member_fixed is not None:
            self.fields["member"].required = False
            self.fields["member"].disabled = True
            self.fields["member"].initial = member_fixed.pk


# ---- training ------------------------------------------------------------------------------------------
class CourseForm(RecordForm):
    class Meta:
        model = Course
        fields = ["kind", "title", "audience", "organizer", "start", "end", "place", "capacity", "hours", "plan"]
        widgets = {"start": DATETIME_INPUT, "end": DATETIME_INPUT, "plan": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, congress, **kwargs):
        super().__init__(*args, congress=congress, **kwargs)
        for name in ("start", "end"):
            self.fields[name].input_formats = DATETIME_FORMATS
        self.fields["organizer"].queryset = Organization.objects.filter(
            congress=congress, kind__in=Organization.CONGRESS_BODY_KINDS, active=True)


class EnrollForm(forms.Form):
    person = forms.ModelChoiceField(queryset=Person.objects.none(), label="学员", required=False)

    def __init__(self, *args, congress, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(congress=congress).order_by("name")


class MaterialForm(forms.ModelForm):
    class Meta:
        model = StudyMaterial
        fields = ["title", "summary", "audience", "course", "published_on"]
        widgets = {"published_on": DATE_INPUT, "summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, congress, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = Course.objects.filter(congress=congress).order_by("-start")


# ---- exchanges -----------------------------------------------------------------------------------------
class PartnerForm(forms.ModelForm):
    class Meta:
        model = Partner
        fields = ["kind", "name", "country", "established_on", "notes", "active"]
        widgets = {"established_on": DATE_INPUT, "notes": forms.Textarea(attrs={"rows": 3})}


class VisitForm(RecordForm):
    class Meta:
        model = Visit
        fields = ["direction", "partner", "title", "purpose", "start_date", "end_date", "place", "leader",
                  "members", "visitors"]
        widgets = {"start_date": DATE_INPUT, "end_date": DATE_INPUT, "purpose": forms.Textarea(attrs={"rows": 3}),
                   "visitors": forms.Textarea(attrs={"rows": 3}), "members": forms.SelectMultiple(attrs={"size": 8})}

    def __init__(self, *args, congress, **kwargs):
        super().__init__(*args, congress=congress, **kwargs)
        self.fields["partner"].queryset = Partner.objects.filter(congress=congress)
        self.fields["leader"].queryset = Position.standing_committee_people(congress.pk)
        self.fields["members"].queryset = Person.objects.filter(congress=congress).order_by("id")


class VisitApproveForm(forms.Form):
    approval_ref = forms.CharField(label="批准文件", required=False, max_length=120)


class VisitCompleteForm(forms.Form):
    outcomes = forms.CharField(label="交流成果", required=False, max_length=10000,
                               widget=_needed(forms.Textarea(attrs={"rows": 3})))

    def __init__(self, *args, obj=None, **kwargs):
        super().__init__(*args, **kwargs)
        if obj is not None:
            self.fields["outcomes"].initial = obj.outcomes


class MeetingForm(forms.Form):
    date = forms.DateField(label="日期", widget=DATE_INPUT)
    counterpart = forms.CharField(label="会见（会谈）对象", max_length=200)
    topics = forms.CharField(label="内容", required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=4000)


class AgreementForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=[("sister_city", "友好城市协议书"), ("mou", "合作备忘录"),
                                                  ("letter", "意向书")])
    title = forms.CharField(label="名称", max_length=200)
    signed_on = forms.DateField(label="签署日期", widget=DATE_INPUT)
    signatories = forms.CharField(label="签署人", required=False, max_length=200)
