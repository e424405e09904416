"""The input widgets every form of the platform shares, so that a date or a time is asked for the same way everywhere.

Django copies a widget into each field that uses it, so one instance here serves every form.
"""

from __future__ import annotations

from django import forms

# The browser's date picker; the value is written as the picker expects it (2026-12-07), whatever the locale.
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

# The browser's date-and-time picker (2026-12-07T09:30).
DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
