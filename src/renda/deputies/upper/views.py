"""Pages: the provincial deputies elected by this congress with their recall, resignation and by-election cases."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from renda.core import history, kit
from renda.core.models import Person
from renda.deputies.upper import permissions as perms
from renda.deputies.upper import selectors, services
from renda.deputies.upper.models import UpperDeputy, UpperDeputyCase
from renda.deputies.web import form_page, visible

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class UpperCaseForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=UpperDeputyCase.Kind.choices)
    deputy = forms.ModelChoiceField(label="代表（罢免、辞职）", queryset=UpperDeputy.objects.none(), required=False)
    proposer = forms.ChoiceField(label="提出（罢免案）", choices=UpperDeputyCase.Proposer.choices, required=False)
    cosigners = forms.IntegerField(label="联名的组成人员人数", required=False, min_value=0, max_value=1000)
    candidate = forms.ModelChoiceField(label="补选候选人", queryset=Person.objects.none(), required=False)
    seats = forms.IntegerField(label="应选名额（补选）", required=False, min_value=1, max_value=100)
    candidates_count = forms.IntegerField(label="候选人数（补选）", required=False, min_value=1, max_value=100)
    received_on = forms.DateField(label="提出日期", required=False, widget=DATE, help_text="不填为今天。")
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


@login_required
def detail(request, pk: int):
    user = request.user
    case = selectors.case_for(user, pk)
    return render(request, "deputies/upper/detail.html", {"case": case, "history": history.for_user(user, case)})


@login_required
def create(request):
    user = request.user
    kit.ensure(perms.can_manage(user), "由常委会办公厅登记。")
    form = UpperCaseForm(request.POST or None, congress=user.congress)
    return form_page(request, form, save=lambda d: services.case_create(
        actor=user, kind=d["kind"], reason=d["reason"], proposer=d.get("proposer") or "", deputy=d.get("deputy"),
        candidate=d.get("candidate"), cosigners=d.get("cosigners"), seats=d.get("seats"),
        candidates_count=d.get("candidates_count"), received_on=d.get("received_on")),
        title="登记罢免案、辞职或者补选", back=("deputies:uppers",), to="deputies:upper_case",
        done=lambda c: f"已登记：{c}")
