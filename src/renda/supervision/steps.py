"""What the workflow steps of supervision ask for (`Transition.form`), shared by its processes.

Every step also carries the note (renda.core.kit adds it). Choices that belong to one congress (a committee, a
filed document) are `ScopedChoiceField`s: the form takes any id, the step looks it up within the object's congress,
and the page fills the options from `choices(obj)` (supervision's `{% scoped_workflow_actions %}`).
"""

from __future__ import annotations

from django import forms

from renda.core import rules
from renda.core.workflow import step_date, step_date_field
from renda.supervision.deadlines import text


def on_field() -> forms.DateField:
    return step_date_field("日期（不填为今天）", help_text="")


def text_field(label: str, *, required: bool = True, max_length: int = 20000, rows: int = 3) -> forms.CharField:
    return forms.CharField(label=label, required=required, max_length=max_length,
                           widget=forms.Textarea(attrs={"rows": rows}))


class ScopedChoiceField(forms.TypedChoiceField):
    """An id among the object's congress's records: `choices(obj)` fills the options on the page; any positive id
    validates here and the step resolves it within the congress (so nothing of another congress is offered or
    told apart from a missing record)."""

    def __init__(self, *, choices_for, **kwargs):
        super().__init__(coerce=int, empty_value=None, choices=[("", "—")], **kwargs)
        self.choices_for = choices_for

    def valid_value(self, value) -> bool:
        return str(value).isdigit() and 0 < int(value) < 2**63


class DateForm(forms.Form):
    on = on_field()


def text_form(name: str, label: str, *, required: bool = True, max_length: int = 20000, dated: bool = True,
              upload: bool = False) -> type[forms.Form]:
    """A step that asks for one text (+ the date, + an optional file)."""
    fields: dict = {name: text_field(label, required=required, max_length=max_length, rows=4)}
    if upload:
        fields["file"] = forms.FileField(label="上传文件（PDF、Word、图片）", required=False)
    if dated:
        fields["on"] = on_field()
    return type(f"{name.title()}StepForm", (forms.Form,), fields)


def document_form(label: str) -> type[forms.Form]:
    """A text sent by the organ: typed in or uploaded (the guard wants one of the two)."""
    return text_form("text", label, required=False, max_length=100000, upload=True)


def uploads(data: dict) -> dict:
    """The step's form calls its file `file`; the services call it `upload`."""
    data = dict(data)
    if "file" in data:
        data["upload"] = data.pop("file")
    return data


# ---- the guards and effects many steps share (`Transition.guards`, `Transition.effect`) ---------------------
def requires_text(rule: str, message: str, field: str = "text"):
    """A guard: the step's `field` must be filled in, else a refusal under `rule` saying `message`."""

    def guard(obj, **data) -> None:
        if not (data.get(field) or "").strip():
            raise rules.violation(rule, message)

    return guard


def recorded(text_field: str, date_field: str, name: str = "text"):
    """An effect: the step's text (`name`) into `text_field`, its date into `date_field`."""

    def effect(obj, **ctx) -> None:
        setattr(obj, text_field, text(ctx, name))
        setattr(obj, date_field, step_date(ctx))

    return effect
