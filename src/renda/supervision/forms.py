"""Forms of the supervision pages: querysets limited to the user's congress, Chinese labels and errors."""

from __future__ import annotations

from django import forms

from renda.core.forms import DATE_INPUT
from renda.core.models import Congress, Organization, Person, Position
from renda.deputies.models import Deputy
from renda.meetings.models import Meeting
from renda.supervision.models import (
    FilerKind,
    InquiryForm,
    Inspection,
    InvestigatorRole,
    ProposerKind,
    Report,
    ReportKind,
    RequesterKind,
    TeamCapacity,
    TeamRole,
)
from renda.workplan.models import WorkPlanItem


def organs(congress_id):
    return Organization.objects.filter(congress_id=congress_id, kind__in=Organization.ORGAN_KINDS,
                                       active=True).order_by("order", "id")


def bodies(congress_id):
    return Organization.objects.filter(congress_id=congress_id, kind__in=Organization.CONGRESS_BODY_KINDS,
                                       active=True).order_by("order", "id")


def handling_units(congress_id):
    return Organization.objects.filter(congress_id=congress_id, is_handling_unit=True, active=True) \
        .order_by("kind", "order", "id")


def departments(congress_id):
    return Organization.objects.filter(congress_id=congress_id, kind=Organization.Kind.GOV_DEPARTMENT,
                                       active=True).order_by("order", "id")


def sc_people(congress_id):
    return Position.standing_committee_people(congress_id)


def workplan_items(congress_id, categories):
    return WorkPlanItem.objects.filter(congress_id=congress_id, category__in=categories,
                                       plan__current_version__gt=0).select_related("plan").order_by("-plan__year",
                                                                                                    "number")


class ReportForm(forms.ModelForm):
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Report
        fields = ["kind", "title", "organ", "reporting_unit", "lead_body", "workplan_item", "meeting",
                  "meeting_title", "meeting_date", "rectification_of"]
        widgets = {"meeting_date": DATE_INPUT}

    def __init__(self, *args, congress_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organ"].queryset = organs(congress_id)
        self.fields["reporting_unit"].queryset = departments(congress_id)
        self.fields["lead_body"].queryset = bodies(congress_id)
        self.fields["workplan_item"].queryset = workplan_items(congress_id, ["special_report", "budget"])
        self.fields["rectification_of"].queryset = Report.objects.filter(congress_id=congress_id,
                                                                         kind=ReportKind.AUDIT_WORK)
        self.fields["meeting"].queryset = Meeting.objects.filter(congress_id=congress_id, kind="standing") \
            .order_by("-date")
        self.fields["meeting"].required = False
        if self.instance.pk:
            self.fields["lock_version"].initial = self.instance.lock_version

    def data_for_service(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "lock_version"}


class ResearchForm(forms.Form):
    date = forms.DateField(label="日期", widget=DATE_INPUT)
    place = forms.CharField(label="地点", required=False, max_length=200)
    participants = forms.CharField(label="参加人员", required=False, max_length=300)
    findings = forms.CharField(label="调研发现", max_length=20000, widget=forms.Textarea(attrs={"rows": 3}))


class RemarkForm(forms.Form):
    person = forms.ModelChoiceField(label="发言的组成人员", queryset=Person.objects.none())
    text = forms.CharField(label="发言要点", max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    date = forms.DateField(label="日期", required=False, widget=DATE_INPUT)

    def __init__(self, *args, congress_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = sc_people(congress_id)


class OpinionsForm(forms.Form):
    opinions = forms.CharField(label="审议意见", max_length=20000, widget=forms.Textarea(attrs={"rows": 8}))
    # The version of the record the editor read: a save over a newer version is refused (optimistic locking).
    lock_version = forms.IntegerField(label="版本", min_value=0, max_value=2_147_483_647, widget=forms.HiddenInput)


class RatingForm(forms.Form):
    satisfied = forms.IntegerField(label="满意", min_value=0, max_value=1000)
    basically_satisfied = forms.IntegerField(label="基本满意", min_value=0, max_value=1000)
    unsatisfied = forms.IntegerField(label="不满意", min_value=0, max_value=1000)
    invalid = forms.IntegerField(label="无效票", min_value=0, max_value=1000, required=False)
    rated_on = forms.DateField(label="测评日期", required=False, widget=DATE_INPUT)


class FollowUpForm(forms.Form):
    text = forms.CharField(label="跟踪监督情况", max_length=10000, widget=forms.Textarea(attrs={"rows": 3}))
    date = forms.DateField(label="日期", required=False, widget=DATE_INPUT)


class PrelimForm(forms.Form):
    body = forms.ModelChoiceField(label="审查机构", queryset=Organization.objects.none())
    opinion = forms.CharField(label="初步审查意见", max_length=20000, widget=forms.Textarea(attrs={"rows": 4}))
    invited_deputies = forms.ModelMultipleChoiceField(
        label="邀请参加的人大代表（预算法第二十二条第五款）", required=False, queryset=Person.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 6}))

    def __init__(self, *args, congress_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies(congress_id)
        self.fields["invited_deputies"].queryset = Person.objects.filter(
            congress_id=congress_id, pk__in=Deputy.objects.filter(congress_id=congress_id).values("person_id")
        ).order_by("id")


class RectificationForm(forms.Form):
    title = forms.CharField(label="整改事项", max_length=200)
    requirement = forms.CharField(label="整改要求", required=False, max_length=5000,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    owner_unit = forms.ModelChoiceField(label="责任单位", queryset=Organization.objects.none())
    deadline = forms.DateField(label="整改时限", widget=DATE_INPUT)
    problem = forms.IntegerField(label="对应问题序号", required=False, widget=forms.HiddenInput)

    def __init__(self, *args, congress_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_unit"].queryset = handling_units(congress_id)


class InspectionForm(forms.ModelForm):
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Inspection
        fields = ["title", "law_title", "scope", "lead_body", "organ", "workplan_item", "start_date", "end_date",
                  "places", "meeting_title", "meeting_date"]
        widgets = {"start_date": DATE_INPUT, "end_date": DATE_INPUT, "meeting_date": DATE_INPUT,
                   "scope": forms.Textarea(attrs={"rows": 3}), "places": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, congress_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_body"].queryset = bodies(congress_id)
        self.fields["organ"].queryset = organs(congress_id)
        self.fields["workplan_item"].queryset = workplan_items(congress_id, ["enforcement"])
        if self.instance.pk:
            self.fields["lock_version"].initial = self.instance.lock_version

    def data_for_service(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "lock_version"}


class InspectionReportForm(forms.Form):
    evaluation = forms.CharField(label="实施情况评价", max_length=50000, widget=forms.Textarea(attrs={"rows": 5}))
    suggestions = forms.CharField(label="改进执法工作的建议", max_length=50000,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    law_amendments = forms.CharField(label="修改完善法律法规的建议", max_length=50000,
                                     widget=forms.Textarea(attrs={"rows": 3}))
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class TeamForm(forms.Form):
    person = forms.ModelChoiceField(label="人员", queryset=Person.objects.none())
    capacity = forms.ChoiceField(label="身份", choices=TeamCapacity.choices)
    role = forms.ChoiceField(label="分工", choices=TeamRole.choices, initial=TeamRole.MEMBER)

    def __init__(self, *args, congress_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(congress_id=congress_id).order_by("id")


class VisitForm(forms.Form):
    date = forms.DateField(label="日期", widget=DATE_INPUT)
    place = forms.CharField(label="地点", max_length=200)
    units = forms.CharField(label="检查的单位", required=False, max_length=300)
    findings = forms.CharField(label="发现的问题和情况", max_length=20000, widget=forms.Textarea(attrs={"rows": 3}))
    file = forms.FileField(label="证据（照片、文件）", required=False)


class QuestionnaireForm(forms.Form):
    title = forms.CharField(label="问卷", max_length=200)
    issued = forms.IntegerField(label="发放份数", min_value=0, max_value=10_000_000)
    returned = forms.IntegerField(label="回收份数", min_value=0, max_value=10_000_000)
    valid = forms.IntegerField(label="有效份数", min_value=0, max_value=10_000_000)
    summary = forms.CharField(label="主要结果", required=False, max_length=10000,
                              widget=forms.Textarea(attrs={"rows": 2}))


class ProblemForm(forms.Form):
    text = forms.CharField(label="问题", max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))


class InquiryCreateForm(forms.Form):
    title = forms.CharField(label="名称", max_length=200)
    topic = forms.CharField(label="询问主题", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))
    lead_body = forms.ModelChoiceField(label="负责的委员会", queryset=Organization.objects.none())
    organ = forms.ModelChoiceField(label="应询机关", queryset=Organization.objects.none())
    form = forms.ChoiceField(label="形式", choices=InquiryForm.choices)
    workplan_item = forms.ModelChoiceField(label="工作要点事项", required=False, queryset=Organization.objects.none())
    meeting_title = forms.CharField(label="会议", required=False, max_length=120)
    meeting_date = forms.DateField(label="举行日期", required=False, widget=DATE_INPUT)

    def __init__(self, *args, congress_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_body"].queryset = bodies(congress_id)
        self.fields["organ"].queryset = organs(congress_id)
        self.fields["workplan_item"].queryset = workplan_items(congress_id, ["inquiry"])


class QuestionForm(forms.Form):
    asker = forms.ModelChoiceField(label="询问人", queryset=Person.objects.none())
    question = forms.CharField(label="询问", max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))
    answerer_name = forms.CharField(label="应询人", max_length=40)
    answerer_title = forms.CharField(label="应询人职务", max_length=120)
    answerer_org = forms.ModelChoiceField(label="应询单位", required=False, queryset=Organization.objects.none())
    answer = forms.CharField(label="回答", max_length=10000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, congress_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["asker"].queryset = sc_people(congress_id)
        self.fields["answerer_org"].queryset = handling_units(congress_id)


class InterpellationForm(forms.Form):
    title = forms.CharField(label="案由", max_length=200)
    target = forms.ModelChoiceField(label="质询对象", queryset=Organization.objects.none())
    questions = forms.CharField(label="质询的问题", max_length=10000, widget=forms.Textarea(attrs={"rows": 3}))
    content = forms.CharField(label="质询的内容", max_length=20000, widget=forms.Textarea(attrs={"rows": 5}))
    meeting_title = forms.CharField(label="提出时的常委会会议", required=False, max_length=120)
    meeting_date = forms.DateField(label="会议开始日期", widget=DATE_INPUT)
    meeting_end_date = forms.DateField(label="会议结束日期", required=False, widget=DATE_INPUT)

    def __init__(self, *args, congress_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = Organization.objects.filter(
            congress_id=congress_id, kind__in=[*Organization.ORGAN_KINDS, Organization.Kind.GOV_DEPARTMENT],
            active=True).order_by("kind", "order", "id")


class SignForm(forms.Form):
    """联名: a member of the standing committee signing a 质询案 or a 撤职案."""

    person = forms.ModelChoiceField(label="联名的组成人员", required=False, queryset=Person.objects.none())

    def __init__(self, *args, congress_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = sc_people(congress_id)


class RateForm(forms.Form):
    person = forms.ModelChoiceField(label="提案人", required=False, queryset=Person.objects.none())
    satisfied = forms.TypedChoiceField(label="对答复", choices=[("1", "满意"), ("0", "不满意")],
                                       coerce=lambda v: v == "1")

    def __init__(self, *args, congress_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = sc_people(congress_id)


class InvestigationForm(forms.Form):
    title = forms.CharField(label="调查事项", max_length=200)
    matter = forms.CharField(label="需要调查的问题和理由", max_length=20000, widget=forms.Textarea(attrs={"rows": 4}))
    proposer_kind = forms.ChoiceField(label="提议人", choices=ProposerKind.choices)
    proposers = forms.ModelMultipleChoiceField(label="联名的组成人员", required=False, queryset=Person.objects.none(),
                                               widget=forms.SelectMultiple(attrs={"size": 8}))
    proposed_on = forms.DateField(label="提议日期", required=False, widget=DATE_INPUT)

    def __init__(self, *args, congress_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposers"].queryset = sc_people(congress_id)


class InvestigatorForm(forms.Form):
    role = forms.ChoiceField(label="职务", choices=InvestigatorRole.choices)
    person = forms.ModelChoiceField(label="人员（组成人员或代表）", required=False, queryset=Person.objects.none())
    name = forms.CharField(label="专家姓名", required=False, max_length=40)

    def __init__(self, *args, congress_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(congress_id=congress_id).order_by("id")


class FilingForm(forms.Form):
    filer_kind = forms.ChoiceField(label="制定机关类别", choices=FilerKind.choices)
    filer_org = forms.ModelChoiceField(label="制定机关（一府一委两院）", required=False,
                                       queryset=Organization.objects.none())
    filer_congress = forms.ModelChoiceField(label="下一级人大", required=False, queryset=Congress.objects.none())
    title = forms.CharField(label="文件名称", max_length=200)
    doc_number = forms.CharField(label="文号", required=False, max_length=60)
    issued_on = forms.DateField(label="公布（印发）日期", widget=DATE_INPUT)
    filed_on = forms.DateField(label="报送备案日期", required=False, widget=DATE_INPUT)
    text = forms.CharField(label="正文", required=False, max_length=200000, widget=forms.Textarea(attrs={"rows": 6}))
    file = forms.FileField(label="文件（PDF、Word）", required=False)

    def __init__(self, *args, congress_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["filer_org"].queryset = organs(congress_id)
        self.fields["filer_congress"].queryset = Congress.objects.filter(parent_id=congress_id).order_by("id")


class PublicReviewForm(forms.Form):
    """The portal form: anonymous, size-limited, Chinese errors."""

    requester_kind = forms.ChoiceField(label="提出人类别", choices=RequesterKind.choices,
                                       initial=RequesterKind.CITIZEN)
    requester_name = forms.CharField(label="姓名或单位名称", max_length=60)
    contact = forms.CharField(label="联系方式（电话或电子邮箱）", max_length=100)
    document_title = forms.CharField(label="建议审查的文件名称", max_length=200)
    document_number = forms.CharField(label="文号（如知道）", required=False, max_length=60)
    issuer = forms.CharField(label="制定机关（如知道）", required=False, max_length=100)
    reasons = forms.CharField(label="审查建议的理由", min_length=10, max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 8}),
                              error_messages={"min_length": "请具体说明认为该文件存在的问题（不少于 10 个字）。",
                                              "max_length": "不得超过 5000 个字。"})
    website = forms.CharField(label="请勿填写此项", required=False, max_length=100)  # a honeypot for robots

    error_css_class = "has-error"


class TrackForm(forms.Form):
    code = forms.CharField(label="查询码", max_length=30)


class RequestRegisterForm(PublicReviewForm):
    source = forms.ChoiceField(label="来源", choices=[("letter", "来信"), ("internal", "登记录入")])
    received_on = forms.DateField(label="收到日期", required=False, widget=DATE_INPUT)
