"""The shared input widgets (renda.core.forms): the browser's pickers, with values written as the pickers expect."""

import datetime as dt

from django import forms
from django.utils import translation

from renda.core import workflow
from renda.core.forms import DATE_INPUT, DATETIME_INPUT


class _Form(forms.Form):
    day = forms.DateField(widget=DATE_INPUT)
    at = forms.DateTimeField(widget=DATETIME_INPUT, required=False)


def test_date_input_is_the_date_picker_in_iso_form_whatever_the_locale():
    with translation.override("zh-hans"):  # its own date format is 2026/12/07, which a date picker rejects
        html = str(_Form(initial={"day": dt.date(2026, 12, 7)})["day"])
    assert 'type="date"' in html
    assert 'value="2026-12-07"' in html


def test_datetime_input_is_the_datetime_picker_to_the_minute():
    html = str(_Form(initial={"at": dt.datetime(2026, 12, 7, 9, 30, 15)})["at"])
    assert 'type="datetime-local"' in html
    assert 'value="2026-12-07T09:30"' in html


def test_each_field_gets_its_own_copy_and_core_workflow_still_offers_it():
    assert workflow.DATE_INPUT is DATE_INPUT
    assert _Form().fields["day"].widget is not DATE_INPUT
