"""The step and page forms that once asked for a date as plain text now use the shared date picker
(renda.core.forms.DATE_INPUT): the value is written as the picker expects it, and what it posts parses."""

import datetime as dt

import pytest
from django.utils import translation

from renda.assembly import forms as assembly_forms
from renda.core.forms import DATE_INPUT
from renda.lawbook.workflow import ReportForm
from renda.legislation.workflow import PromulgateForm
from renda.participation.workflow import RouteForm

DAY = dt.date(2026, 12, 7)

FIELDS = [
    (assembly_forms.DecideForm, "decided_on"),
    (assembly_forms.DecideForm, "planned_date"),
    (assembly_forms.SessionCreateForm, "planned_date"),
    (assembly_forms.SittingForm, "date"),
    (assembly_forms.MilestoneForm, "date"),
    (ReportForm, "reported_on"),
    (RouteForm, "due"),
    (PromulgateForm, "effective_on"),
]


@pytest.mark.parametrize(("form_class", "name"), FIELDS)
def test_the_date_is_asked_with_the_picker_and_its_value_parses(form_class, name):
    with translation.override("zh-hans"):  # the locale's own format (2026/12/07) is one a date picker rejects
        html = str(form_class(initial={name: DAY})[name])
        assert 'type="date"' in html and 'value="2026-12-07"' in html
        field = form_class().fields[name]
        assert field.clean("2026-12-07") == DAY


def test_promulgation_marks_its_two_fields_for_the_browser_but_leaves_them_to_the_rule():
    form = PromulgateForm(data={"on": "2026-08-28"})
    assert 'required' in str(form["effective_on"]) and 'required' in str(form["announcement_number"])
    assert form.is_valid(), form.errors  # left empty, the guard of rule LEG-PROMULGATE refuses (naming the rule)
    assert "required" not in DATE_INPUT.attrs  # the shared widget is not marked
