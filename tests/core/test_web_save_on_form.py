"""core.web.save_on_form: a service's refusal stays on the form page — a conflict on the form, bad input by field."""

from types import SimpleNamespace

import pytest
from django import forms
from django.core.exceptions import ValidationError

from renda.core import web
from renda.core.errors import ConflictError, RuleViolation


class _Form(forms.Form):
    title = forms.CharField()


def _form():
    form = _Form({"title": "标题"})
    assert form.is_valid()
    return form


def test_saved_gives_the_service_result():
    form = _form()
    assert web.save_on_form(form, lambda: "结果") == (True, "结果")
    assert not form.errors


def test_a_conflict_is_shown_above_the_form():
    form = _form()

    def call():
        raise ConflictError("已被他人修改")

    assert web.save_on_form(form, call) == (False, None)
    assert form.non_field_errors() == ["已被他人修改"]


def test_bad_input_is_shown_on_its_field():
    form = _form()

    def call():
        raise ValidationError({"title": "标题不能重复。"})

    assert web.save_on_form(form, call) == (False, None)
    assert form.errors["title"] == ["标题不能重复。"]


def test_a_rule_refusal_is_not_caught():
    def call():
        raise RuleViolation(SimpleNamespace(id="X", title="规则", statement="不得办理", basis_text="某法"))

    with pytest.raises(RuleViolation):
        web.save_on_form(_form(), call)
