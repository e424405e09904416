import re

from django import forms

from renda.core.forms import DATE_INPUT
from renda.core.models import Organization, Position
from renda.workplan.models import POWER_OF_CATEGORY, Category, PriorityTag, WorkPlanItem
from renda.workplan.services import ITEM_FIELDS


class ItemForm(forms.ModelForm):
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = WorkPlanItem
        fields = [*ITEM_FIELDS, "priorities"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "due_date": DATE_INPUT,
            "planned_month": forms.Select(choices=[("", "—")] + [(m, f"{m}月") for m in range(1, 13)]),
            "priorities": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, congress, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vice_chair"].queryset = Position.standing_committee_people(
            getattr(congress, "pk", congress), roles=(Position.Role.DIRECTOR, Position.Role.VICE_CHAIR))
        self.fields["lead_body"].queryset = Organization.objects.filter(
            congress=congress, kind__in=Organization.CONGRESS_BODY_KINDS, active=True
        )
        self.fields["counterpart"].queryset = Organization.objects.filter(
            congress=congress, active=True
        ).filter(kind__in=[*Organization.ORGAN_KINDS, Organization.Kind.GOV_DEPARTMENT]).order_by("kind", "order")
        self.fields["priorities"].queryset = PriorityTag.objects.filter(congress=congress)
        self.fields["vice_chair"].required = True
        self.fields["lead_body"].required = True
        if self.instance.pk:
            self.fields["lock_version"].initial = self.instance.lock_version

    def item_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k not in ("priorities", "lock_version")}
        return data


class ProgressForm(forms.Form):
    text = forms.CharField(label="进展情况", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    date = forms.DateField(label="日期", required=False, widget=DATE_INPUT)


class TransitionForm(forms.Form):
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)
    result = forms.CharField(label="完成情况", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                             max_length=4000)
    doc_number = forms.CharField(label="发文字号", required=False, max_length=40)


class PlanCreateForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    title = forms.CharField(label="标题", required=False, max_length=120)


# ---- prefilling a new item from a supervision topic hint (GET parameters: validated, never trusted) -----------
SUPERVISION_CATEGORIES = tuple(c.value for c, power in POWER_OF_CATEGORY.items() if power == "监督")
PREFILL_DESCRIPTION_CHARS = 1000
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufffd]")
# The kind of supervision a hint's text names, in the order tried; anything else becomes a 专题调研.
_KIND_WORDS = (("执法检查", Category.ENFORCEMENT), ("专题询问", Category.INQUIRY),
               ("专项工作报告", Category.SPECIAL_REPORT))


def supervision_category(text: str) -> str:
    """The supervision category a hint's text suggests (专项工作报告 / 执法检查 / 专题询问), else 专题调研."""
    return next((c.value for word, c in _KIND_WORDS if word in (text or "")), Category.RESEARCH.value)


def _clean_text(value, limit: int, *, multiline: bool = False) -> str:
    value = _CONTROL.sub("", str(value or ""))
    if multiline:
        value = "\n".join(" ".join(line.split()) for line in value.replace("\r", "").split("\n")).strip()
    else:
        value = " ".join(value.split())
    return value[:limit]


def item_prefill(params) -> dict:
    """Initial values of a new item from a query string (the 「列入工作要点」 button of a topic hint).

    Only `title`, `category` and `description` are read. Texts lose control characters and are cut to the
    field's length (the form escapes them when rendering); the category must be a supervision category.
    Nothing here is saved: the user still submits the form, which validates everything again.
    """
    initial: dict = {}
    title = _clean_text(params.get("title"), WorkPlanItem._meta.get_field("title").max_length)
    if title:
        initial["title"] = title
    description = _clean_text(params.get("description"), PREFILL_DESCRIPTION_CHARS, multiline=True)
    if description:
        initial["description"] = description
    if params.get("category") in SUPERVISION_CATEGORIES:
        initial["category"] = params["category"]
    return initial
