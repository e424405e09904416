"""Pages: the deadlines and filings after appointments, one of them, and registering the new government's election.
The 登记办结 step is the kit's (`meetings:duty_transition`)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render

from renda.core import history, kit
from renda.core.forms import DATE_INPUT
from renda.meetings.appointment_duties import permissions as perms
from renda.meetings.appointment_duties import selectors, services


class NewGovernmentForm(forms.Form):
    elected_on = forms.DateField(label="新一届人民政府领导人员选举产生日期", widget=DATE_INPUT)


@login_required
def index(request):
    user = request.user
    if perms.duty_filter(user) is None:
        raise Http404("没有找到该页面。")
    return render(request, "meetings/duties/index.html", {
        "duties": selectors.duties_for(user).order_by("status", "due_on", "id")[:300],
        "can_manage": perms.can_manage(user)})


@login_required
def detail(request, pk: int):
    user = request.user
    duty = selectors.duty_for(user, pk)
    return render(request, "meetings/duties/detail.html", {"duty": duty, "history": history.for_user(user, duty)})


@login_required
def new_government(request):
    user = request.user
    kit.ensure(perms.can_manage(user), "任免事项由办公厅登记。")
    form = NewGovernmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            duty = services.open_new_government(actor=user, elected_on=form.cleaned_data["elected_on"])
        except ValidationError as exc:
            kit.add_validation_errors(form, exc)
        else:
            messages.success(request, f"已登记：{duty}")
            return redirect("meetings:duty", pk=duty.pk)
    return render(request, "meetings/duties/form.html", {"form": form})
