"""Pages: the provincial deputies elected by this congress with their recall, resignation and by-election cases."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from renda.core.models import Person
from renda.core.workflow import step_date_field
from renda.deputies.upper import permissions as perms
from renda.deputies.upper import selectors, services
from renda.deputies.upper.models import UpperDeputy, UpperDeputyCase
from renda.deputies.web import create_page, detail_view, visible


class UpperCaseForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=UpperDeputyCase.Kind.choices)
    deputy = forms.ModelChoiceField(label="代表（罢免、辞职）", queryset=UpperDeputy.objects.none(), required=False)
    proposer = forms.ChoiceField(label="提出（罢免案）", choices=UpperDeputyCase.Proposer.choices, required=False)
    cosigners = forms.IntegerField(label="联名的组成人员人数", required=False, min_value=0, max_value=1000)
    candidate = forms.ModelChoiceField(label="补选候选人", queryset=Person.objects.none(), required=False)
    seats = forms.IntegerField(label="应选名额（补选）", required=False, min_value=1, max_value=100)
    candidates_count = forms.IntegerField(label="候选人数（补选）", required=False, min_value=1, max_value=100)
    received_on = step_date_field("提出日期")
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 4}), max_length=8000)

    def __init__(self, *args, congress=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deputy"].queryset = UpperDeputy.objects.filter(
            congress=congress, status=UpperDeputy.Status.SERVING).select_related("person")
        self.fields["candidate"].queryset = Person.objects.filter(congress=congress).order_by("name")


@login_required
def index(request):
    user = request.user
    visible(perms.upper_filter(user))
    return render(request, "deputies/upper/index.html", {
        "uppers": selectors.uppers_for(user).order_by("status", "id"),
        "cases": selectors.cases_for(user).order_by("-received_on", "-id")[:100],
        "can_manage": perms.can_manage(user), "sees_cases": perms.case_filter(user) is not None})


detail = detail_view("detail", selectors.case_for, "deputies/upper/detail.html", "case", history=True)


create = create_page("create", lambda request: UpperCaseForm(request.POST or None, congress=request.user.congress),
                     services.case_create, may=perms.can_manage, refused="由常委会办公厅登记。",
                     title="登记罢免案、辞职或者补选", back="deputies:uppers", to="deputies:upper_case",
                     done=lambda c: f"已登记：{c}")
