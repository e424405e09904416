"""Forms of the legislation pages (labels in Chinese; every choice limited to the user's congress)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from renda.core import rules
from renda.core.forms import DATE_INPUT, DATETIME_INPUT
from renda.core.models import Organization, Person, Position
from renda.lawbook.models import IN_FORCE_STATES, Regulation, RegulationKind
from renda.legislation.models import (
    AmendmentForm,
    BillKind,
    CommentSource,
    ConsultationKind,
    DecisionOutcome,
    PlanProject,
    ProjectKind,
    ProposerKind,
    ReadingsGround,
    Stage,
)
from renda.workplan.models import Category, WorkPlanItem

TEXTAREA = forms.Textarea(attrs={"rows": 4})
BIG_TEXTAREA = forms.Textarea(attrs={"rows": 18, "class": "statute-input"})


def _area_choices(congress_id: int) -> list[tuple[str, str]]:
    areas = rules.param(congress_id, "LEG-SCOPE", "areas")
    return [(a, a) for a in areas] + [("其他", "其他（超出所列事项，须记录依据）")]


class ScopeMixin:
    """立法事项: one of the listed areas, or "其他" with a free name, an override and its justification."""

    def clean_scope(self, cleaned):
        area = cleaned.get("subject_area") or ""
        other = (cleaned.get("other_area") or "").strip()
        if area == "其他":
            if not other:
                self.add_error("other_area", "请填写立法事项。")
            cleaned["subject_area"] = other
            cleaned["scope_override"] = True
        else:
            cleaned["scope_override"] = False
        return cleaned


class BillCreateForm(ScopeMixin, forms.Form):
    title = forms.CharField(label="法规名称（不含“草案”）", max_length=200)
    kind = forms.ChoiceField(label="类别", choices=BillKind.choices)
    regulations = forms.ModelMultipleChoiceField(
        label="所修改或者废止的法规", queryset=None, required=False, widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text="修改或者废止法规时必选：本级现行有效的地方性法规；一并修改几件法规（打包修改）的，可以多选。")
    amendment_form = forms.ChoiceField(label="修改方式（修改法规时）", choices=AmendmentForm.choices,
                                       initial=AmendmentForm.DECISION, required=False,
                                       help_text="修正：草案文本为修改决定（“一、将第五条修改为……”）；修订：草案文本为修订后的全文。")
    proposer_kind = forms.ChoiceField(label="提案人", choices=ProposerKind.choices)
    proposer_org = forms.ModelChoiceField(label="提案机关", queryset=Organization.objects.none(), required=False)
    proposers = forms.ModelMultipleChoiceField(label="联名提出的常委会组成人员", queryset=Person.objects.none(),
                                               required=False, widget=forms.CheckboxSelectMultiple)
    submitted_on = forms.DateField(label="提出日期", widget=DATE_INPUT)
    subject_area = forms.ChoiceField(label="立法事项")
    other_area = forms.CharField(label="其他立法事项", max_length=40, required=False)
    scope_justification = forms.CharField(label="超出所列事项的法律依据和理由", required=False, widget=TEXTAREA)
    lead_committee = forms.ModelChoiceField(label="有关的专门委员会", queryset=Organization.objects.none(),
                                            required=False)
    concerned_units = forms.ModelMultipleChoiceField(label="有关单位（起草部门）", queryset=Organization.objects.none(),
                                                     required=False, widget=forms.SelectMultiple(attrs={"size": 6}))
    project = forms.ModelChoiceField(label="立法计划项目", queryset=None, required=False)
    draft_text = forms.CharField(label="法规草案文本", widget=BIG_TEXTAREA,
                                 help_text="整段粘贴：第一行为标题，章节写作“第一章 总则”，条文写作“第一条 ……”。")
    explanation = forms.CharField(label="起草说明", widget=forms.Textarea(attrs={"rows": 8}))
    current_text = forms.CharField(label="现行文本（修改法规时必填）", required=False, widget=BIG_TEXTAREA)

    def __init__(self, *args, congress, **kwargs):
        super().__init__(*args, **kwargs)
        orgs = Organization.objects.filter(congress=congress, active=True)
        self.fields["proposer_org"].queryset = orgs.filter(kind__in=[
            Organization.Kind.CHAIRS_COUNCIL, Organization.Kind.GOVERNMENT, Organization.Kind.SPECIAL_COMMITTEE])
        self.fields["lead_committee"].queryset = orgs.filter(kind=Organization.Kind.SPECIAL_COMMITTEE)
        self.fields["concerned_units"].queryset = orgs.filter(
            kind__in=[*Organization.ORGAN_KINDS, Organization.Kind.GOV_DEPARTMENT]).order_by("kind", "order")
        self.fields["proposers"].queryset = Position.standing_committee_people(congress.pk)
        self.fields["subject_area"].choices = _area_choices(congress.pk)
        self.fields["project"].queryset = PlanProject.objects.filter(congress=congress).select_related("plan") \
            .order_by("-plan__year", "number")
        self.fields["submitted_on"].initial = timezone.localdate()
        self.fields["regulations"].queryset = regulations_in_force(congress.pk)

    def clean(self):
        cleaned = self.clean_scope(super().clean())
        cleaned["amendment_form"] = cleaned.get("amendment_form") or AmendmentForm.DECISION
        return cleaned


def regulations_in_force(congress_id: int):
    """The congress's own local regulations in force: what a 修改/废止 bill may name."""
    return Regulation.objects.filter(congress_id=congress_id, kind=RegulationKind.LOCAL,
                                     status__in=IN_FORCE_STATES).order_by("title", "id")


class BillEditForm(forms.Form):
    lock_version = forms.CharField(widget=forms.HiddenInput, required=False)  # checked by the service
    lead_committee = forms.ModelChoiceField(label="有关的专门委员会", queryset=Organization.objects.none(),
                                            required=False)
    concerned_units = forms.ModelMultipleChoiceField(label="有关单位（起草部门）", queryset=Organization.objects.none(),
                                                     required=False, widget=forms.SelectMultiple(attrs={"size": 6}))
    needs_argumentation = forms.BooleanField(label="问题专业性较强，须召开论证会（立法法第三十九条第二款）",
                                             required=False)
    needs_hearing = forms.BooleanField(label="存在重大意见分歧或者涉及利益关系重大调整，须召开听证会（第三十九条第三款）",
                                       required=False)
    regulations = forms.ModelMultipleChoiceField(label="所修改或者废止的法规", queryset=None, required=False,
                                                 widget=forms.SelectMultiple(attrs={"size": 8}))

    def __init__(self, *args, congress, bill=None, **kwargs):
        super().__init__(*args, **kwargs)
        if bill is None or bill.kind == BillKind.ENACT:
            del self.fields["regulations"]
        else:
            self.fields["regulations"].queryset = regulations_in_force(congress.pk)
        orgs = Organization.objects.filter(congress=congress, active=True)
        self.fields["lead_committee"].queryset = orgs.filter(kind=Organization.Kind.SPECIAL_COMMITTEE)
        self.fields["concerned_units"].queryset = orgs.filter(
            kind__in=[*Organization.ORGAN_KINDS, Organization.Kind.GOV_DEPARTMENT]).order_by("kind", "order")


class VersionForm(forms.Form):
    stage = forms.ChoiceField(label="阶段", choices=[c for c in Stage.choices if c[0] != Stage.PROMULGATED])
    text = forms.CharField(label="文本", widget=BIG_TEXTAREA)
    explanation_title = forms.CharField(label="说明标题", max_length=200, required=False)
    explanation = forms.CharField(label="说明（修改情况的汇报、审议结果的报告）", widget=forms.Textarea(attrs={"rows": 8}))


class VersionEditForm(forms.Form):
    lock_version = forms.CharField(widget=forms.HiddenInput, required=False)  # checked by the service
    text = forms.CharField(label="文本", widget=BIG_TEXTAREA)
    explanation_title = forms.CharField(label="说明标题", max_length=200, required=False)
    explanation = forms.CharField(label="说明", widget=forms.Textarea(attrs={"rows": 8}))


class ReadingForm(forms.Form):
    held_on = forms.DateField(label="审议日期", widget=DATE_INPUT)
    meeting = forms.CharField(label="会议", max_length=100, help_text="如：市第十二届人大常委会第三次会议")
    summary = forms.CharField(label="分组审议意见摘要", required=False, widget=TEXTAREA)


class ReadingsDecisionForm(forms.Form):
    readings = forms.TypedChoiceField(label="审议次数", coerce=int, choices=[(3, "三次"), (2, "两次"), (1, "一次")])
    ground = forms.ChoiceField(label="情形（立法法第三十三条）", required=False,
                               choices=[("", "—"), *ReadingsGround.choices])
    reason = forms.CharField(label="主任会议决定的理由", required=False, widget=TEXTAREA)
    on = forms.DateField(label="决定日期", widget=DATE_INPUT, required=False)
    # The bill's lock_version when the form was read, checked by the service (renda.core.locking): a stale, missing
    # or garbled one is a conflict (409 with the message), never a hidden field error nobody would see.
    lock_version = forms.CharField(widget=forms.HiddenInput, required=False)


class WaiverForm(forms.Form):
    reason = forms.CharField(label="主任会议决定不公布的理由", widget=TEXTAREA)


class PeriodForm(forms.Form):
    opens_on = forms.DateField(label="开始日期", widget=DATE_INPUT)
    closes_on = forms.DateField(label="截止日期", widget=DATE_INPUT)
    channels = forms.CharField(label="公布渠道", max_length=200, required=False,
                               initial="市人大常委会网站、中国人大网、XX日报")

    def clean(self):
        cleaned = super().clean()
        a, b = cleaned.get("opens_on"), cleaned.get("closes_on")
        if a and b and b <= a:
            self.add_error("closes_on", "截止日期须晚于开始日期。")
        return cleaned


class CommentForm(forms.Form):
    source = forms.ChoiceField(label="意见来源", choices=CommentSource.choices, initial=CommentSource.CONTACT_POINT)
    contact_point = forms.ModelChoiceField(label="基层立法联系点", queryset=None, required=False)
    eid = forms.ChoiceField(label="针对的条款", required=False)
    text = forms.CharField(label="意见内容", widget=forms.Textarea(attrs={"rows": 5}), max_length=5000)
    name = forms.CharField(label="提出人（姓名或者单位，可不填）", max_length=100, required=False)
    contact = forms.CharField(label="联系方式（仅工作人员可见，可不填）", max_length=100, required=False)
    submitted_on = forms.DateField(label="提出日期", widget=DATE_INPUT, required=False)

    def __init__(self, *args, contact_points, provisions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_point"].queryset = contact_points
        self.fields["eid"].choices = [("", "总体意见（不针对具体条款）")] + [
            (p.eid, ("　" * p.level) + p.label) for p in provisions
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("source") == CommentSource.CONTACT_POINT and not cleaned.get("contact_point"):
            self.add_error("contact_point", "请选择基层立法联系点。")
        return cleaned

    def submitted_at(self) -> dt.datetime | None:
        day = self.cleaned_data.get("submitted_on")
        if not day:
            return None
        now = timezone.localtime()
        if day == now.date():
            return now
        return timezone.make_aware(dt.datetime.combine(day, dt.time(12, 0)))


class ContactPointForm(forms.Form):
    name = forms.CharField(label="名称", max_length=100)
    location = forms.CharField(label="所在地", max_length=100, required=False)


class ConsultationForm(forms.Form):
    kind = forms.ChoiceField(label="形式", choices=ConsultationKind.choices)
    title = forms.CharField(label="名称", max_length=200)
    starts_at = forms.DateTimeField(label="时间", widget=DATETIME_INPUT,
                                    input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    place = forms.CharField(label="地点", max_length=200, required=False)
    organizer = forms.ModelChoiceField(label="组织单位", queryset=Organization.objects.none(), required=False)
    topics = forms.CharField(label="议题（论证、听证或者评估事项）", widget=TEXTAREA)
    participants = forms.CharField(label="参加人员（每行一人：姓名，单位或者身份）", required=False, widget=TEXTAREA)

    def __init__(self, *args, congress, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organizer"].queryset = Organization.objects.filter(
            congress=congress, kind__in=Organization.CONGRESS_BODY_KINDS, active=True)


class VoteForm(forms.Form):
    voted_on = forms.DateField(label="表决日期", widget=DATE_INPUT)
    meeting = forms.CharField(label="会议", max_length=100)
    yes = forms.IntegerField(label="赞成", min_value=0, max_value=10000)
    no = forms.IntegerField(label="反对", min_value=0, max_value=10000)
    abstain = forms.IntegerField(label="弃权", min_value=0, max_value=10000)
    note = forms.CharField(label="说明（单独表决未通过时须记录主任会议的决定）", required=False, widget=TEXTAREA)


class SeparateVoteForm(VoteForm):
    eid = forms.ChoiceField(label="单独表决的条款")

    def __init__(self, *args, provisions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["eid"].choices = [(p.eid, p.label) for p in provisions if p.level == 0]
        self.fields["note"].label = "主任会议决定单独表决的理由"


class PlanCreateForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    title = forms.CharField(label="标题", required=False, max_length=120)


class ProjectForm(ScopeMixin, forms.Form):
    lock_version = forms.CharField(widget=forms.HiddenInput, required=False)  # checked by the service
    kind = forms.ChoiceField(label="项目类别", choices=ProjectKind.choices)
    title = forms.CharField(label="项目名称", max_length=200)
    subject_area = forms.ChoiceField(label="立法事项")
    other_area = forms.CharField(label="其他立法事项", max_length=40, required=False)
    scope_justification = forms.CharField(label="超出所列事项的法律依据和理由", required=False, widget=TEXTAREA)
    drafting_unit = forms.ModelChoiceField(label="起草单位", queryset=Organization.objects.none(), required=False)
    lead_body = forms.ModelChoiceField(label="牵头专门委员会（工作机构）", queryset=Organization.objects.none(),
                                       required=False)
    planned_meeting = forms.CharField(label="拟提请审议时间", max_length=60, required=False)
    workplan_item = forms.ModelChoiceField(label="对应工作要点事项", queryset=None, required=False)
    note = forms.CharField(label="说明", required=False, widget=TEXTAREA)

    def __init__(self, *args, congress, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        orgs = Organization.objects.filter(congress=congress, active=True)
        self.fields["drafting_unit"].queryset = orgs.exclude(
            kind__in=[Organization.Kind.STANDING_COMMITTEE, Organization.Kind.PARTY_GROUP]).order_by("kind", "order")
        self.fields["lead_body"].queryset = orgs.filter(kind__in=Organization.CONGRESS_BODY_KINDS)
        self.fields["workplan_item"].queryset = WorkPlanItem.objects.filter(
            congress=congress, category=Category.LEGISLATION, plan__year=year).order_by("number")
        self.fields["subject_area"].choices = _area_choices(congress.pk)

    def clean(self):
        return self.clean_scope(super().clean())

    def project_data(self) -> dict:
        d = self.cleaned_data
        data = {k: d.get(k) or "" for k in ("kind", "title", "subject_area", "scope_justification", "planned_meeting",
                                            "note")}
        data.update(scope_override=bool(d.get("scope_override")), drafting_unit=d.get("drafting_unit"),
                    lead_body=d.get("lead_body"), workplan_item=d.get("workplan_item"))
        return data


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label="采纳情况", choices=DecisionOutcome.choices, widget=forms.RadioSelect)
    main_opinions = forms.CharField(label="主要意见", required=False, max_length=4000,
                                    widget=forms.Textarea(attrs={"rows": 4}),
                                    help_text="概括该条的主要意见（不写提出人的姓名和联系方式）。")
    reasons = forms.CharField(label="理由或者处理情况", max_length=4000, widget=forms.Textarea(attrs={"rows": 4}),
                              help_text="部分采纳、未采纳的，须说明理由。")
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class NoticeForm(forms.Form):
    title = forms.CharField(label="标题", max_length=200)
    body = forms.CharField(label="正文", max_length=50000, widget=forms.Textarea(attrs={"rows": 18}))
    lock_version = forms.CharField(widget=forms.HiddenInput, required=False)  # checked by the service
